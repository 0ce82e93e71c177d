#pragma once

#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace sd::ui {

class Session;

/// The API's topics (an SSE API has `/*`, type SUB, by default); adding and removing saves at once.
class ApiTopicsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiTopicsPage)

public:
    ApiTopicsPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                  QWidget *parent = nullptr);

    void setApiId(const QString &apiId);

private:
    void reload();
    void updateControls();
    void addTopic();
    void removeTopic();
    void save(const QList<models::Topic> &topics);

    models::PublisherService *m_publisher;
    Session *m_session;
    QString m_apiId;
    QList<models::Topic> m_topics;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QLineEdit *m_newTopic;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_message;
};

} // namespace sd::ui
