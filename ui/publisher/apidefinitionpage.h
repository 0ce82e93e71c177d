#pragma once

#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sd::ui {

class Session;

/// The API's AsyncAPI definition (as GET /apis/{id}/asyncapi serves it), its export to a file, and the
/// import of a definition file as a new API.
class ApiDefinitionPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiDefinitionPage)

public:
    ApiDefinitionPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                      QWidget *parent = nullptr);

    void setApiId(const QString &apiId);

Q_SIGNALS:
    /// A definition file became a new API (the container may open it).
    void apiImported(const QString &apiId);

private:
    void reload();
    void exportDefinition();
    void importDefinition();

    models::PublisherService *m_publisher;
    Session *m_session;
    ConsoleStatus m_status;
    QString m_apiId;
    QPlainTextEdit *m_text;
    QPushButton *m_export;
    QPushButton *m_import;
    QLabel *m_message;
};

} // namespace sd::ui
