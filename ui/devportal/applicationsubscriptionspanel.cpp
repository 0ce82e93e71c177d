#include "ui/devportal/applicationsubscriptionspanel.h"

#include "models/devportalservice.h"
#include "ui/common/messagebox.h"
#include "ui/common/messagelabel.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/devportal/applicationsubscriptionmodel.h"
#include "ui/devportal/usagebardelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr int usageRefreshMs = 2000;

} // namespace

ApplicationSubscriptionsPanel::ApplicationSubscriptionsPanel(const PortalContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_model(new ApplicationSubscriptionModel(context, this))
    , m_table(new QTableView(this))
    , m_unsubscribe(PageControls::button(tr("Unsu&bscribe..."), QStringLiteral("unsubscribeButton"),
                                         tr("Unsubscribe"), this))
    , m_message(new MessageLabel(QStringLiteral("subscriptionsMessage"), MessageLabel::Kind::Note, this))
{
    setObjectName(QStringLiteral("applicationSubscriptions"));
    auto *intro = new QLabel(tr("The APIs this application subscribes to. Today's usage counts the events "
                                "delivered in the business plan's current window."),
                             this);
    intro->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("applicationSubscriptionsTable"));
    m_table->setAccessibleName(tr("Subscriptions of the application"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(ApplicationSubscriptionModel::UsageColumn,
                                      new UsageBarDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setTabKeyNavigation(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_unsubscribe);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    setTabOrder(m_table, m_unsubscribe);

    m_usageTimer.setInterval(usageRefreshMs);
    connect(&m_usageTimer, &QTimer::timeout, m_model, &ApplicationSubscriptionModel::refreshUsage);
    connect(m_unsubscribe, &QPushButton::clicked, this, &ApplicationSubscriptionsPanel::unsubscribe);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApplicationSubscriptionsPanel::updateControls);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ApplicationSubscriptionsPanel::updateControls);
    updateControls();
}

void ApplicationSubscriptionsPanel::setApplication(const QString &applicationId)
{
    m_message->showMessage({});
    m_model->setApplication(applicationId);
}

void ApplicationSubscriptionsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->refreshUsage();
    m_usageTimer.start();
}

void ApplicationSubscriptionsPanel::hideEvent(QHideEvent *event)
{
    m_usageTimer.stop();
    QWidget::hideEvent(event);
}

void ApplicationSubscriptionsPanel::updateControls()
{
    m_unsubscribe->setEnabled(m_table->selectionModel()->hasSelection());
}

void ApplicationSubscriptionsPanel::unsubscribe()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_context.session->isSignedIn())
        return;
    const auto row = rows.first();
    const auto id = row.data(ApplicationSubscriptionModel::SubscriptionIdRole).toString();
    const auto api = row.siblingAtColumn(ApplicationSubscriptionModel::ApiColumn).data().toString();
    const auto answer = MessageBox::question(
        this, tr("Unsubscribe"),
        tr("Unsubscribe from %1? Tokens of this application can no longer open its streams. You can "
           "subscribe again in the Developer Portal.")
            .arg(api));
    if (answer != QMessageBox::Yes)
        return;
    const auto done = m_context.portal->unsubscribe(m_context.session->user(), id);
    m_message->showMessage(done ? MessageLabel::Kind::Success : MessageLabel::Kind::Error,
                           done ? tr("Unsubscribed from %1.").arg(api)
                                : ServiceErrorText::describe(done.error()));
    m_table->setFocus();
}

} // namespace sd::ui
