#pragma once

#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"

#include <QWidget>

class QCheckBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QVBoxLayout;

namespace sd::ui {

class LifecycleDiagram;
class Session;

/// The API's lifecycle: the state diagram, what the next transition needs, the state's checklist, one
/// button per allowed action (publishers only) and the history of transitions.
class ApiLifecyclePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiLifecyclePage)

public:
    ApiLifecyclePage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                     QWidget *parent = nullptr);

    void setApiId(const QString &apiId);

private:
    void reload();
    void showRequirements(const models::Api &api);
    void showChecklist(models::LifecycleState state);
    void showActions(const models::Api &api);
    void showHistory();
    void apply(const QString &action);

    models::PublisherService *m_publisher;
    Session *m_session;
    QString m_apiId;
    QLabel *m_state;
    LifecycleDiagram *m_diagram;
    QGroupBox *m_requirementsBox;
    QVBoxLayout *m_requirements;
    QGroupBox *m_checklistBox;
    QVBoxLayout *m_checklist;
    QList<QCheckBox *> m_checkItems;
    QHBoxLayout *m_actions;
    QList<QPushButton *> m_actionButtons;
    QStringList m_shownActions;
    QLabel *m_roleNote;
    QLabel *m_deployNote;
    QLabel *m_message;
    QStandardItemModel *m_history;
    QTableView *m_historyTable;
};

} // namespace sd::ui
