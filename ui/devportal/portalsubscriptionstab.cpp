#include "ui/devportal/portalsubscriptionstab.h"

#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "ui/common/messagebox.h"
#include "ui/common/messagelabel.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/devportal/portalplans.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

PortalSubscriptionsTab::PortalSubscriptionsTab(const PortalContext &context,
                                               const models::PublisherService *publisher, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_publisher(publisher)
    , m_wizard(PageControls::button(tr("SUBSCRIPTION && KEY GENERATION &WIZARD"),
                                    QStringLiteral("subscriptionWizardButton"),
                                    tr("Subscription & Key Generation Wizard"), this))
    , m_wizardNote(new QLabel(this))
    , m_subscribeBox(new QGroupBox(tr("Subscribe"), this))
    , m_application(new QComboBox(m_subscribeBox))
    , m_plan(new QComboBox(m_subscribeBox))
    , m_subscribe(PageControls::button(tr("Su&bscribe"), QStringLiteral("subscribeButton"), tr("Subscribe"),
                                       m_subscribeBox))
    , m_subscribeNote(new MessageLabel(QStringLiteral("subscribeNote"), MessageLabel::Kind::Warning, this))
    , m_subscriptions(new QStandardItemModel(0, 3, this))
    , m_table(new QTableView(this))
    , m_noSubscriptions(new QLabel(tr("None of your applications subscribes to this API yet."), this))
    , m_prodKeys(
          PageControls::button(tr("P&ROD KEYS"), QStringLiteral("prodKeysButton"), tr("PROD KEYS"), this))
    , m_sandboxKeys(PageControls::button(tr("SA&NDBOX KEYS"), QStringLiteral("sandboxKeysButton"),
                                         tr("SANDBOX KEYS"), this))
    , m_manageApp(
          PageControls::button(tr("&MANAGE APP"), QStringLiteral("manageAppButton"), tr("MANAGE APP"), this))
    , m_unsubscribe(PageControls::button(tr("&UNSUBSCRIBE"), QStringLiteral("unsubscribeButton"),
                                         tr("UNSUBSCRIBE"), this))
    , m_message(new MessageLabel(QStringLiteral("subscriptionsMessage"), MessageLabel::Kind::Note, this))
{
    setObjectName(QStringLiteral("portalSubscriptionsTab"));

    auto font = m_wizard->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    m_wizard->setFont(font);
    m_wizard->setMinimumHeight(m_wizard->sizeHint().height() + 12);
    m_wizardNote->setObjectName(QStringLiteral("wizardNote"));
    m_wizardNote->setWordWrap(true);

    m_subscribeBox->setObjectName(QStringLiteral("subscribeBox"));
    m_application->setObjectName(QStringLiteral("subscribeApplication"));
    m_application->setAccessibleName(tr("Application to subscribe"));
    m_plan->setObjectName(QStringLiteral("subscribePlan"));
    m_plan->setAccessibleName(tr("Business plan"));
    auto *applicationLabel = new QLabel(tr("&Application:"), m_subscribeBox);
    applicationLabel->setBuddy(m_application);
    auto *planLabel = new QLabel(tr("Business &plan:"), m_subscribeBox);
    planLabel->setBuddy(m_plan);
    m_application->setMinimumContentsLength(24);
    m_application->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    auto *subscribeRow = new QHBoxLayout(m_subscribeBox);
    subscribeRow->addWidget(applicationLabel);
    subscribeRow->addWidget(m_application);
    subscribeRow->addSpacing(12);
    subscribeRow->addWidget(planLabel);
    subscribeRow->addWidget(m_plan);
    subscribeRow->addSpacing(12);
    subscribeRow->addWidget(m_subscribe);
    subscribeRow->addStretch();

    m_subscriptions->setHorizontalHeaderLabels({tr("Application"), tr("Business plan"), tr("Status")});
    m_table->setObjectName(QStringLiteral("portalSubscriptionsTable"));
    m_table->setAccessibleName(tr("Subscriptions of your applications"));
    m_table->setModel(m_subscriptions);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *tableLabel = new QLabel(tr("Subscr&iptions of your applications:"), this);
    tableLabel->setBuddy(m_table);
    m_noSubscriptions->setObjectName(QStringLiteral("noPortalSubscriptions"));

    auto *wizardRow = new QHBoxLayout;
    wizardRow->addWidget(m_wizard);
    wizardRow->addWidget(m_wizardNote, 1);
    auto *rowButtons = new QHBoxLayout;
    for (auto *button : {m_prodKeys, m_sandboxKeys, m_manageApp, m_unsubscribe})
        rowButtons->addWidget(button);
    rowButtons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(wizardRow);
    layout->addWidget(m_subscribeBox);
    layout->addWidget(m_subscribeNote);
    layout->addWidget(tableLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_noSubscriptions);
    layout->addLayout(rowButtons);
    layout->addWidget(m_message);
    // Takes the room the table leaves while it is hidden.
    layout->addStretch();

    setTabOrder(m_wizard, m_application);
    setTabOrder(m_application, m_plan);
    setTabOrder(m_plan, m_subscribe);
    setTabOrder(m_subscribe, m_table);
    setTabOrder(m_table, m_prodKeys);
    setTabOrder(m_prodKeys, m_sandboxKeys);
    setTabOrder(m_sandboxKeys, m_manageApp);
    setTabOrder(m_manageApp, m_unsubscribe);

    connect(m_wizard, &QPushButton::clicked, this, [this] {
        if (!m_api.id.isEmpty())
            Q_EMIT subscriptionWizardRequested(m_api.id);
    });
    connect(m_subscribe, &QPushButton::clicked, this, &PortalSubscriptionsTab::subscribe);
    m_prodKeys->setAccessibleDescription(tr("The production keys of the selected application"));
    m_sandboxKeys->setAccessibleDescription(tr("The sandbox keys of the selected application"));
    m_manageApp->setAccessibleDescription(tr("The selected application on the Applications page"));
    m_unsubscribe->setAccessibleDescription(tr("Unsubscribes the selected application from this API"));
    for (auto *button : {m_prodKeys, m_sandboxKeys, m_manageApp}) {
        connect(button, &QPushButton::clicked, this, [this] {
            if (const auto id = selectedApplicationId(); !id.isEmpty())
                Q_EMIT manageApplicationRequested(id);
        });
    }
    connect(m_unsubscribe, &QPushButton::clicked, this, &PortalSubscriptionsTab::unsubscribe);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PortalSubscriptionsTab::updateButtons);

    auto *portal = m_context.portal;
    connect(portal, &models::DevPortalService::subscriptionChanged, this, &PortalSubscriptionsTab::reload);
    connect(portal, &models::DevPortalService::subscriptionRemoved, this, &PortalSubscriptionsTab::reload);
    connect(portal, &models::DevPortalService::applicationChanged, this, &PortalSubscriptionsTab::reload);
    connect(portal, &models::DevPortalService::applicationRemoved, this, &PortalSubscriptionsTab::reload);
    // A publisher blocking or unblocking a subscription.
    connect(m_publisher, &models::PublisherService::subscriptionChanged, this,
            &PortalSubscriptionsTab::reload);
    connect(m_context.session, &Session::changed, this, [this] {
        m_message->showMessage(QString());
        reload();
    });
    reload();
}

void PortalSubscriptionsTab::setApi(const models::Api &api)
{
    if (api.id != m_api.id) {
        m_message->showMessage(QString());
        m_plan->clear(); // another API starts on its own first plan
    }
    m_api = api;
    reload();
}

void PortalSubscriptionsTab::reload()
{
    reloadTable();
    reloadSubscribeBox();
}

void PortalSubscriptionsTab::reloadTable()
{
    const auto selected = m_table->currentIndex().siblingAtColumn(0).data(SubscriptionIdRole).toString();
    m_subscriptions->setRowCount(0);
    const auto &user = m_context.session->user();
    if (!m_api.id.isEmpty()) {
        for (const auto &subscription : m_context.portal->subscriptions(user)) {
            if (subscription.apiId != m_api.id)
                continue;
            const auto application = m_context.portal->application(user, subscription.applicationId);
            auto *name = new QStandardItem(application ? application->name : subscription.applicationId);
            name->setData(subscription.id, SubscriptionIdRole);
            name->setData(subscription.applicationId, ApplicationIdRole);
            m_subscriptions->appendRow(
                {name, new QStandardItem(subscription.plan),
                 new QStandardItem(models::Subscription::statusName(subscription.status))});
            if (subscription.id == selected)
                m_table->selectRow(m_subscriptions->rowCount() - 1);
        }
    }
    if (m_subscriptions->rowCount() > 0 && !m_table->selectionModel()->hasSelection())
        m_table->selectRow(0);
    const bool none = m_subscriptions->rowCount() == 0;
    m_table->setVisible(!none);
    m_noSubscriptions->setVisible(none);
    updateButtons();
}

void PortalSubscriptionsTab::reloadSubscribeBox()
{
    const auto &user = m_context.session->user();
    const bool subscriber = m_context.session->has(models::Role::Subscriber);
    const bool open = !m_api.id.isEmpty() && models::Lifecycle::acceptsSubscriptions(m_api.state);

    const auto previousApplication = m_application->currentData().toString();
    const auto previousPlan = m_plan->currentData().toString();
    m_application->clear();
    const auto subscriptions = m_context.portal->subscriptions(user);
    const auto applications = m_context.portal->applications(user);
    for (const auto &application : applications) {
        const bool subscribed =
            std::any_of(subscriptions.cbegin(), subscriptions.cend(), [&](const models::Subscription &s) {
                return s.apiId == m_api.id && s.applicationId == application.id;
            });
        if (!subscribed)
            m_application->addItem(application.name, application.id);
    }
    if (const int index = m_application->findData(previousApplication); index >= 0)
        m_application->setCurrentIndex(index);
    m_plan->clear();
    for (const auto &plan : PortalPlans::ofApi(m_publisher, m_api))
        m_plan->addItem(tr("%1 (%2)").arg(plan.name, PortalPlans::limitText(plan)), plan.name);
    // The API's first plan, as in WSO2, unless the user had picked another one.
    m_plan->setCurrentIndex(qMax(0, m_plan->findData(previousPlan)));

    QString reason;
    if (!m_context.session->isSignedIn() || !subscriber)
        reason =
            tr("Subscribing needs the subscriber role. Sign in as a subscriber, or ask an administrator.");
    else if (!open)
        reason = tr("This API is %1: it takes no new subscriptions. Existing subscriptions keep working.")
                     .arg(models::Lifecycle::stateName(m_api.state));
    const QString wizardReason = reason;
    if (reason.isEmpty() && applications.isEmpty())
        reason =
            tr("You have no application yet. The wizard above creates one and subscribes it; or create one "
               "on the Applications page.");
    else if (reason.isEmpty() && m_application->count() == 0)
        reason =
            tr("Every one of your applications already subscribes to this API. The wizard above can create "
               "another one.");
    else if (reason.isEmpty() && m_plan->count() == 0)
        reason = tr("This API offers no business plan to subscribe with.");

    m_subscribeBox->setEnabled(reason.isEmpty());
    m_subscribeBox->setToolTip(reason);
    // Said once: next to the wizard when both are closed for the same reason.
    m_subscribeNote->showMessage(reason == wizardReason ? QString() : reason);
    m_wizard->setEnabled(wizardReason.isEmpty());
    m_wizard->setToolTip(wizardReason);
    m_wizardNote->setText(
        wizardReason.isEmpty()
            ? tr("Five steps: an application (new or yours), the subscription, its keys, an "
                 "access token, and the token to copy or watch in the Stream Viewer.")
            : wizardReason);
}

void PortalSubscriptionsTab::subscribe()
{
    const auto applicationId = m_application->currentData().toString();
    const auto applicationName = m_application->currentText();
    const auto plan = m_plan->currentData().toString();
    if (applicationId.isEmpty())
        return;
    const auto result = m_context.portal->subscribe(m_context.session->user(), applicationId, m_api.id, plan);
    if (!result) {
        m_message->showMessage(
            MessageLabel::Kind::Error,
            tr("%1 was not subscribed: %2").arg(applicationName, ServiceErrorText::describe(result.error())));
        return;
    }
    m_message->showMessage(MessageLabel::Kind::Success,
                           tr("%1 subscribes to %2 %3 with %4. Next: its keys (PROD KEYS), then a token on "
                              "the Try Out tab.")
                               .arg(applicationName, m_api.name, m_api.version, result->plan));
    for (int row = 0; row < m_subscriptions->rowCount(); ++row) {
        if (m_subscriptions->item(row)->data(SubscriptionIdRole).toString() == result->id)
            m_table->selectRow(row);
    }
}

void PortalSubscriptionsTab::unsubscribe()
{
    const auto current = m_table->currentIndex().siblingAtColumn(0);
    const auto subscriptionId = current.data(SubscriptionIdRole).toString();
    if (subscriptionId.isEmpty())
        return;
    const auto name = current.data().toString();
    const auto answer = MessageBox::question(
        this, tr("Unsubscribe"),
        tr("Unsubscribe %1 from %2 %3? Its tokens can no longer call this API and its open streams to it end "
           "at once. You can subscribe it again later.")
            .arg(name, m_api.name, m_api.version));
    if (answer != QMessageBox::Yes)
        return;
    const auto result = m_context.portal->unsubscribe(m_context.session->user(), subscriptionId);
    if (!result) {
        m_message->showMessage(
            MessageLabel::Kind::Error,
            tr("%1 is still subscribed: %2").arg(name, ServiceErrorText::describe(result.error())));
        return;
    }
    m_message->showMessage(MessageLabel::Kind::Success,
                           tr("%1 no longer subscribes to %2 %3.").arg(name, m_api.name, m_api.version));
    m_table->setFocus();
}

QString PortalSubscriptionsTab::selectedApplicationId() const
{
    return m_table->currentIndex().siblingAtColumn(0).data(ApplicationIdRole).toString();
}

void PortalSubscriptionsTab::updateButtons()
{
    const bool selected = m_table->selectionModel()->hasSelection() && m_table->currentIndex().isValid();
    for (auto *button : {m_prodKeys, m_sandboxKeys, m_manageApp, m_unsubscribe})
        button->setEnabled(selected);
}

} // namespace sd::ui
