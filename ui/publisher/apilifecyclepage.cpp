#include "ui/publisher/apilifecyclepage.h"

#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/publisher/lifecyclediagram.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

using models::Lifecycle;

// Where to fix an unmet requirement, by the field the requirement names.
QString remedy(const QString &field)
{
    if (field == u"endpointConfig")
        return QCoreApplication::translate("ApiLifecyclePage", "Set one on the Endpoints tab.");
    if (field == u"policies")
        return QCoreApplication::translate("ApiLifecyclePage", "Tick one on the Business Plans tab.");
    return {};
}

// Labels and check boxes only: none of them is ever the sender of the signal that leads here.
void clearLayout(QLayout *layout)
{
    while (auto *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

} // namespace

ApiLifecyclePage::ApiLifecyclePage(models::PublisherService *publisher, Session *session,
                                   const ConsoleStatus &, QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_state(new QLabel(this))
    , m_diagram(new LifecycleDiagram(this))
    , m_requirementsBox(new QGroupBox(tr("Requirements for next state transition"), this))
    , m_requirements(new QVBoxLayout(m_requirementsBox))
    , m_checklistBox(new QGroupBox(tr("Checklist"), this))
    , m_checklist(new QVBoxLayout(m_checklistBox))
    , m_actions(new QHBoxLayout)
    , m_roleNote(new QLabel(this))
    , m_deployNote(
          new QLabel(tr("The API will not be available for consumption unless it is deployed."), this))
    , m_message(new QLabel(this))
    , m_history(new QStandardItemModel(0, 4, this))
    , m_historyTable(new QTableView(this))
{
    setObjectName(QStringLiteral("lifecyclePage"));
    m_state->setObjectName(QStringLiteral("lifecycleState"));
    auto stateFont = m_state->font();
    stateFont.setBold(true);
    stateFont.setPointSizeF(stateFont.pointSizeF() * 1.2);
    m_state->setFont(stateFont);
    m_roleNote->setObjectName(QStringLiteral("lifecycleRoleNote"));
    m_roleNote->setWordWrap(true);
    m_deployNote->setObjectName(QStringLiteral("lifecycleDeployNote"));
    m_deployNote->setWordWrap(true);
    m_deployNote->setStyleSheet(QStringLiteral("color: #8a5300;"));
    m_message->setObjectName(QStringLiteral("lifecycleMessage"));
    m_message->setWordWrap(true);

    auto *actionsBox = new QGroupBox(tr("Actions"), this);
    auto *actionsLayout = new QVBoxLayout(actionsBox);
    m_actions->addStretch();
    actionsLayout->addLayout(m_actions);
    actionsLayout->addWidget(m_roleNote);
    actionsLayout->addWidget(m_deployNote);
    actionsLayout->addWidget(m_message);

    m_history->setHorizontalHeaderLabels({tr("User"), tr("From"), tr("To"), tr("Time")});
    m_historyTable->setObjectName(QStringLiteral("lifecycleHistory"));
    m_historyTable->setAccessibleName(tr("Lifecycle history"));
    m_historyTable->setModel(m_history);
    m_historyTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_historyTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyTable->verticalHeader()->hide();
    m_historyTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *historyBox = new QGroupBox(tr("History"), this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_historyTable);

    auto *middle = new QHBoxLayout;
    middle->addWidget(m_requirementsBox, 1);
    middle->addWidget(m_checklistBox, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_diagram);
    layout->addLayout(middle);
    layout->addWidget(actionsBox);
    layout->addWidget(historyBox, 1);

    const auto follow = [this](const QString &id) {
        if (id == m_apiId)
            reload();
    };
    connect(m_publisher, &models::PublisherService::apiChanged, this, follow);
    connect(m_publisher, &models::PublisherService::deploymentsChanged, this, follow);
    connect(m_session, &Session::changed, this, &ApiLifecyclePage::reload);
    reload();
}

void ApiLifecyclePage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_message->clear();
    reload();
}

void ApiLifecyclePage::reload()
{
    const auto api = m_publisher->api(m_apiId);
    const auto state = api ? api->state : models::LifecycleState::Created;
    m_state->setText(api ? tr("Current state: %1").arg(Lifecycle::stateName(state)) : QString());
    m_diagram->setState(state);
    m_diagram->setVisible(api.has_value());
    showRequirements(api.value_or(models::Api{}));
    showChecklist(state);
    showActions(api.value_or(models::Api{}));
    showHistory();
}

void ApiLifecyclePage::showRequirements(const models::Api &api)
{
    clearLayout(m_requirements);
    // The requirements of every state the API can move to next, each named once.
    QStringList shown;
    for (const auto &action : Lifecycle::allowedActions(api.state)) {
        for (const auto &need : Lifecycle::requirements(api, Lifecycle::apply(api.state, action).value())) {
            if (shown.contains(need.name))
                continue;
            shown << need.name;
            auto *label = new QLabel(m_requirementsBox);
            label->setObjectName(QStringLiteral("requirement_") + need.field);
            label->setWordWrap(true);
            label->setText(need.met ? tr("\u2714 %1").arg(need.name)
                                    : tr("\u2716 %1: missing. %2").arg(need.name, remedy(need.field)));
            label->setAccessibleName(need.met ? tr("%1: done").arg(need.name)
                                              : tr("%1: missing. %2").arg(need.name, remedy(need.field)));
            label->setStyleSheet(need.met ? QStringLiteral("color: #1b6e2a;")
                                          : QStringLiteral("color: #b3261e;"));
            m_requirements->addWidget(label);
        }
    }
    if (shown.isEmpty())
        m_requirements->addWidget(
            new QLabel(tr("None: the next transitions need nothing more."), m_requirementsBox));
    m_requirements->addStretch();
}

void ApiLifecyclePage::showChecklist(models::LifecycleState state)
{
    const auto items = Lifecycle::checklist(state);
    QStringList current;
    for (const auto *box : std::as_const(m_checkItems))
        current << box->text();
    if (current == items)
        return; // keep what the user ticked
    clearLayout(m_checklist);
    m_checkItems.clear();
    for (qsizetype i = 0; i < items.size(); ++i) {
        auto *box = new QCheckBox(items.at(i), m_checklistBox);
        box->setObjectName(QStringLiteral("checklistItem_%1").arg(i));
        m_checklist->addWidget(box);
        m_checkItems << box;
    }
    if (items.isEmpty())
        m_checklist->addWidget(new QLabel(tr("This state has no checklist items."), m_checklistBox));
    m_checklist->addStretch();
}

void ApiLifecyclePage::showActions(const models::Api &api)
{
    const bool publisher = m_session->has(models::Role::Publisher) && !m_apiId.isEmpty();
    const auto actions = publisher ? Lifecycle::allowedActions(api.state) : QStringList{};
    if (actions != m_shownActions) {
        for (auto *button : std::as_const(m_actionButtons)) {
            m_actions->removeWidget(button);
            button->hide();
            button->deleteLater();
        }
        m_actionButtons.clear();
        for (const auto &action : actions) {
            auto *button = new QPushButton(LifecycleDiagram::actionLabel(action), this);
            button->setObjectName(QStringLiteral("lifecycleAction_") + QString(action).remove(u' '));
            button->setAccessibleName(LifecycleDiagram::actionLabel(action));
            connect(button, &QPushButton::clicked, this, [this, action] { apply(action); });
            m_actions->insertWidget(m_actions->count() - 1, button);
            m_actionButtons << button;
        }
        m_shownActions = actions;
    }
    for (qsizetype i = 0; i < m_actionButtons.size(); ++i) {
        QStringList missing;
        for (const auto &need :
             Lifecycle::requirements(api, Lifecycle::apply(api.state, actions.at(i)).value())) {
            if (!need.met)
                missing << need.missing;
        }
        m_actionButtons.at(i)->setEnabled(missing.isEmpty());
        m_actionButtons.at(i)->setToolTip(missing.join(u' '));
        m_actionButtons.at(i)->setAccessibleDescription(missing.join(u' '));
    }
    for (auto *box : std::as_const(m_checkItems))
        box->setEnabled(publisher);
    m_roleNote->setVisible(!publisher && !m_apiId.isEmpty());
    m_roleNote->setText(
        tr("Lifecycle actions need the publisher role; %1 does not have it.").arg(m_session->user().name));
    bool publishes = api.state == models::LifecycleState::Published;
    for (const auto &action : Lifecycle::allowedActions(api.state))
        publishes =
            publishes || Lifecycle::apply(api.state, action).value() == models::LifecycleState::Published;
    m_deployNote->setVisible(!m_apiId.isEmpty() && publishes && m_publisher->deployments(m_apiId).isEmpty());
}

void ApiLifecyclePage::showHistory()
{
    m_history->setRowCount(0);
    for (const auto &event : m_publisher->lifecycleHistory(m_apiId)) {
        m_history->appendRow(
            {new QStandardItem(event.user), new QStandardItem(Lifecycle::stateName(event.from)),
             new QStandardItem(Lifecycle::stateName(event.to)),
             new QStandardItem(event.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))});
    }
}

void ApiLifecyclePage::apply(const QString &action)
{
    QStringList checked;
    if (action == u"Publish") {
        for (const auto *box : std::as_const(m_checkItems)) {
            if (box->isChecked())
                checked << box->text();
        }
    }
    const auto result = m_publisher->changeLifecycle(m_session->user(), m_apiId, action, checked);
    if (!result) {
        m_message->setText(ServiceErrorText::describe(result.error()));
        return;
    }
    m_message->setText(tr("%1 done: the API is now %2.")
                           .arg(LifecycleDiagram::actionLabel(action), Lifecycle::stateName(result->state)));
}

} // namespace sd::ui
