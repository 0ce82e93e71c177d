#include "ui/publisher/apiplanspage.h"

#include "models/devportalservice.h"
#include "ui/common/messagebox.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr int planNameRole = Qt::UserRole + 1;
constexpr int subscriptionIdRole = Qt::UserRole + 1;
constexpr int statusRole = Qt::UserRole + 2;

} // namespace

ApiPlansPage::ApiPlansPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &,
                           QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_plans(new QListWidget(this))
    , m_save(PageControls::button(tr("&Save"), QStringLiteral("savePlansButton"), tr("Save business plans"),
                                  this))
    , m_cancel(PageControls::button(tr("&Cancel"), QStringLiteral("cancelPlansButton"),
                                    tr("Cancel plan changes"), this))
    , m_plansMessage(new QLabel(this))
    , m_subscriptionsBox(new QGroupBox(tr("Manage Subscriptions"), this))
    , m_subscriptions(new QStandardItemModel(0, 4, this))
    , m_subscriptionsTable(new QTableView(m_subscriptionsBox))
    , m_blockAll(PageControls::button(tr("&Block All"), QStringLiteral("blockAllButton"), tr("Block All"),
                                      m_subscriptionsBox))
    , m_blockProduction(PageControls::button(tr("Block P&roduction Only"),
                                             QStringLiteral("blockProductionButton"),
                                             tr("Block Production Only"), m_subscriptionsBox))
    , m_unblock(PageControls::button(tr("&Unblock"), QStringLiteral("unblockButton"), tr("Unblock"),
                                     m_subscriptionsBox))
    , m_noSubscriptions(new QLabel(tr("No application subscribes to this API yet."), m_subscriptionsBox))
    , m_subscriptionsMessage(new QLabel(m_subscriptionsBox))
{
    setObjectName(QStringLiteral("plansPage"));

    auto *plansBox = new QGroupBox(tr("Business Plans"), this);
    auto *intro = new QLabel(tr("Subscribers pick one of the ticked plans; each limits the events a "
                                "subscription receives. A published API needs at least one plan."),
                             plansBox);
    intro->setWordWrap(true);
    m_plans->setObjectName(QStringLiteral("planList"));
    m_plans->setAccessibleName(tr("Business Plans"));
    m_plans->setSpacing(3);
    m_plansMessage->setObjectName(QStringLiteral("plansMessage"));
    m_plansMessage->setWordWrap(true);
    auto *planButtons = new QHBoxLayout;
    planButtons->addWidget(m_plansMessage, 1);
    planButtons->addWidget(m_cancel);
    planButtons->addWidget(m_save);
    auto *plansLayout = new QVBoxLayout(plansBox);
    plansLayout->addWidget(intro);
    plansLayout->addWidget(m_plans);
    plansLayout->addLayout(planButtons);

    m_subscriptions->setHorizontalHeaderLabels(
        {tr("Application"), tr("Subscriber"), tr("Plan"), tr("Status")});
    m_subscriptionsTable->setObjectName(QStringLiteral("subscriptionsTable"));
    m_subscriptionsTable->setAccessibleName(tr("Subscriptions"));
    m_subscriptionsTable->setModel(m_subscriptions);
    m_subscriptionsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_subscriptionsTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_subscriptionsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_subscriptionsTable->verticalHeader()->hide();
    m_subscriptionsTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_noSubscriptions->setObjectName(QStringLiteral("noSubscriptionsLabel"));
    m_subscriptionsMessage->setObjectName(QStringLiteral("subscriptionsMessage"));
    m_subscriptionsMessage->setWordWrap(true);
    auto *subButtons = new QHBoxLayout;
    subButtons->addWidget(m_blockAll);
    subButtons->addWidget(m_blockProduction);
    subButtons->addWidget(m_unblock);
    subButtons->addStretch();
    auto *subLayout = new QVBoxLayout(m_subscriptionsBox);
    subLayout->addWidget(m_subscriptionsTable);
    subLayout->addWidget(m_noSubscriptions);
    subLayout->addLayout(subButtons);
    subLayout->addWidget(m_subscriptionsMessage);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(plansBox);
    layout->addWidget(m_subscriptionsBox, 1);

    setTabOrder(m_plans, m_cancel);
    setTabOrder(m_cancel, m_save);
    setTabOrder(m_save, m_subscriptionsTable);
    setTabOrder(m_subscriptionsTable, m_blockAll);
    setTabOrder(m_blockAll, m_blockProduction);
    setTabOrder(m_blockProduction, m_unblock);

    connect(m_plans, &QListWidget::itemChanged, this, &ApiPlansPage::updateControls);
    connect(m_save, &QPushButton::clicked, this, &ApiPlansPage::savePlans);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_plansMessage->clear();
        reloadPlans();
    });
    connect(m_subscriptionsTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApiPlansPage::updateControls);
    connect(m_blockAll, &QPushButton::clicked, this,
            [this] { setSelectedStatus(models::SubscriptionStatus::Blocked); });
    connect(m_blockProduction, &QPushButton::clicked, this,
            [this] { setSelectedStatus(models::SubscriptionStatus::ProdOnlyBlocked); });
    connect(m_unblock, &QPushButton::clicked, this,
            [this] { setSelectedStatus(models::SubscriptionStatus::Unblocked); });
    connect(m_publisher, &models::PublisherService::apiChanged, this, [this](const QString &id) {
        // Someone else's change replaces the list unless the user has unsaved ticks of their own.
        if (id == m_apiId && !hasUnsavedChanges())
            reloadPlans();
    });
    connect(m_publisher, &models::PublisherService::subscriptionChanged, this,
            &ApiPlansPage::reloadSubscriptions);
    connect(m_session, &Session::changed, this, [this] {
        reloadPlans();
        reloadSubscriptions();
    });
    reloadPlans();
    reloadSubscriptions();
}

void ApiPlansPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_plansMessage->clear();
    m_subscriptionsMessage->clear();
    reloadPlans();
    reloadSubscriptions();
}

QStringList ApiPlansPage::checkedPlans() const
{
    QStringList plans;
    for (int i = 0; i < m_plans->count(); ++i) {
        if (m_plans->item(i)->checkState() == Qt::Checked)
            plans << m_plans->item(i)->data(planNameRole).toString();
    }
    return plans;
}

bool ApiPlansPage::hasUnsavedChanges() const
{
    auto saved = m_savedPlans;
    auto checked = checkedPlans();
    saved.sort();
    checked.sort();
    return saved != checked;
}

void ApiPlansPage::reloadPlans()
{
    const auto api = m_publisher->api(m_apiId);
    m_savedPlans = api ? api->plans : QStringList{};
    const QSignalBlocker blocker(m_plans);
    m_plans->clear();
    for (const auto &plan : m_publisher->plans()) {
        auto *item = new QListWidgetItem(QStringLiteral("%1 : %2").arg(plan.name, plan.description), m_plans);
        item->setData(planNameRole, plan.name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(m_savedPlans.contains(plan.name) ? Qt::Checked : Qt::Unchecked);
    }
    // Tall enough for every plan and no taller: the subscriptions below get the rest.
    const auto rows = qMax(1, m_plans->count());
    m_plans->setFixedHeight(rows * (m_plans->sizeHintForRow(0) + 2 * m_plans->spacing()) +
                            2 * m_plans->frameWidth() + 4);
    updateControls();
}

void ApiPlansPage::followPortal(const models::DevPortalService *portal)
{
    const auto reload = [this] { reloadSubscriptions(); };
    connect(portal, &models::DevPortalService::subscriptionChanged, this, reload);
    connect(portal, &models::DevPortalService::subscriptionRemoved, this, reload);
    // The table shows the application's name.
    connect(portal, &models::DevPortalService::applicationChanged, this, reload);
}

void ApiPlansPage::reloadSubscriptions()
{
    const auto selectedId = m_subscriptionsTable->currentIndex().siblingAtColumn(0).data(subscriptionIdRole);
    m_subscriptions->setRowCount(0);
    const auto subscribers = m_apiId.isEmpty() ? QList<models::ApiSubscriber>{}
                                               : m_publisher->subscribers(m_session->user(), m_apiId);
    for (const auto &s : subscribers) {
        auto *application = new QStandardItem(s.applicationName);
        application->setData(s.subscription.id, subscriptionIdRole);
        application->setData(static_cast<int>(s.subscription.status), statusRole);
        m_subscriptions->appendRow(
            {application, new QStandardItem(s.subscriber), new QStandardItem(s.subscription.plan),
             new QStandardItem(models::Subscription::statusName(s.subscription.status))});
        if (s.subscription.id == selectedId.toString())
            m_subscriptionsTable->selectRow(m_subscriptions->rowCount() - 1);
    }
    m_noSubscriptions->setVisible(subscribers.isEmpty());
    updateControls();
}

void ApiPlansPage::updateControls()
{
    const bool canEditPlans =
        m_publisher->api(m_apiId).has_value() &&
        (m_session->has(models::Role::Creator) || m_session->has(models::Role::Publisher));
    const bool changed = hasUnsavedChanges();
    m_plans->setEnabled(canEditPlans);
    m_save->setEnabled(canEditPlans && changed);
    m_cancel->setEnabled(changed);

    const bool publisher = m_session->has(models::Role::Publisher);
    m_subscriptionsBox->setVisible(publisher);
    const auto current = m_subscriptionsTable->selectionModel()->selectedRows();
    const bool selected = publisher && !current.isEmpty();
    const auto status =
        selected ? static_cast<models::SubscriptionStatus>(current.first().data(statusRole).toInt())
                 : models::SubscriptionStatus::Unblocked;
    m_blockAll->setEnabled(selected && status != models::SubscriptionStatus::Blocked);
    m_blockProduction->setEnabled(selected && status != models::SubscriptionStatus::ProdOnlyBlocked);
    m_unblock->setEnabled(selected && status != models::SubscriptionStatus::Unblocked);
}

bool ApiPlansPage::savePlans()
{
    const auto result = m_publisher->setPlans(m_session->user(), m_apiId, checkedPlans());
    if (!result) {
        m_plansMessage->setText(ServiceErrorText::describe(result.error()));
        return false;
    }
    reloadPlans();
    m_plansMessage->setText(tr("Business plans saved."));
    return true;
}

bool ApiPlansPage::maybeLeave()
{
    if (!hasUnsavedChanges())
        return true;
    const auto answer = MessageBox::question(
        this, tr("Unsaved business plans"),
        tr("The business plans of this API have changes that are not saved. Save them "
           "before leaving?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save:
        return savePlans();
    case QMessageBox::Discard:
        m_plansMessage->clear();
        reloadPlans();
        return true;
    default:
        return false;
    }
}

void ApiPlansPage::setSelectedStatus(models::SubscriptionStatus status)
{
    const auto rows = m_subscriptionsTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const auto id = rows.first().data(subscriptionIdRole).toString();
    const auto result = m_publisher->setSubscriptionStatus(m_session->user(), id, status);
    m_subscriptionsMessage->setText(
        result ? tr("The subscription is now %1.").arg(models::Subscription::statusName(status))
               : ServiceErrorText::describe(result.error()));
}

} // namespace sd::ui
