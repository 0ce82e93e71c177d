#pragma once

#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace sd::ui {

class Session;

/// The API's production and sandbox endpoints, checked as they are typed and saved together.
class ApiEndpointsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiEndpointsPage)

public:
    ApiEndpointsPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                     QWidget *parent = nullptr);

    void setApiId(const QString &apiId);

private:
    void reload();
    void validate();
    void save();
    bool hasChanges() const;

    models::PublisherService *m_publisher;
    Session *m_session;
    QString m_apiId;
    QString m_savedProduction;
    QString m_savedSandbox;
    QLineEdit *m_production;
    QLineEdit *m_sandbox;
    QLabel *m_productionError;
    QLabel *m_sandboxError;
    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_message;
};

} // namespace sd::ui
