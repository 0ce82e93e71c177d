#include "ui/devportal/wizardsubscribepage.h"

#include "models/lifecycle.h"
#include "ui/devportal/subscriptionwizardflow.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

WizardSubscribePage::WizardSubscribePage(const PortalContext &context,
                                         const std::shared_ptr<SubscriptionWizardFlow> &flow, QWidget *parent)
    : WizardStepPage(context, flow, 2, tr("Subscribe"),
                     tr("A subscription lets the application call the API; its business plan sets how many "
                        "events the application may receive. Next subscribes."),
                     parent)
    , m_summary(new QLabel(this))
    , m_plan(new QComboBox(this))
{
    setObjectName(QStringLiteral("wizardSubscribePage"));
    m_summary->setObjectName(QStringLiteral("subscribeSummary"));
    m_summary->setWordWrap(true);
    m_plan->setObjectName(QStringLiteral("businessPlan"));
    for (const auto &plan : flow->api().plans)
        m_plan->addItem(plan, plan);
    auto *form = new QFormLayout;
    form->addRow(tr("Business &plan:"), m_plan);
    m_plan->setAccessibleName(tr("Business plan"));
    body()->addWidget(m_summary);
    body()->addLayout(form);
}

void WizardSubscribePage::initializePage()
{
    const auto &api = flow().api();
    const auto appName = flow().application() ? flow().application()->name : QString();
    const auto existing = flow().subscription();
    m_subscribed = existing.has_value();
    m_closed = !existing && !models::Lifecycle::acceptsSubscriptions(api.state);
    clearFailure();
    showNote(QString());
    if (existing) {
        const int index = m_plan->findData(existing->plan);
        if (index < 0)
            m_plan->addItem(existing->plan, existing->plan);
        m_plan->setCurrentIndex(m_plan->findData(existing->plan));
        m_summary->setText(
            flow().createdHere(existing->id)
                ? tr("\"%1\" is subscribed to %2 %3 with the plan %4. Next goes on to its keys.")
                      .arg(appName, api.name, api.version, existing->plan)
                : tr("\"%1\" is already subscribed to %2 %3 with the plan %4, so there is nothing to "
                     "subscribe. "
                     "Next goes on to its keys.")
                      .arg(appName, api.name, api.version, existing->plan));
        if (existing->status != models::SubscriptionStatus::Unblocked) {
            showWarning(tr("The subscription is %1: the gateway may refuse calls with it until a publisher "
                           "unblocks it on the API's Business Plans page.")
                            .arg(models::Subscription::statusName(existing->status)));
        }
    } else if (m_closed) {
        m_summary->setText(tr("\"%1\" is not subscribed to %2 %3.").arg(appName, api.name, api.version));
        fail(tr("%1 %2 is %3 and takes no new subscriptions. Go Back and pick an application that is "
                "subscribed to it already, or Cancel.")
                 .arg(api.name, api.version, models::Lifecycle::stateName(api.state)));
    } else {
        m_plan->setCurrentIndex(0);
        m_summary->setText(
            tr("Subscribe \"%1\" to %2 %3 under the business plan:").arg(appName, api.name, api.version));
    }
    m_plan->setEnabled(!m_subscribed && !m_closed);
    Q_EMIT completeChanged();
}

QWidget *WizardSubscribePage::initialFocus() const
{
    return m_plan->isEnabled() ? m_plan : nullptr;
}

bool WizardSubscribePage::isReady() const
{
    return m_subscribed || (!m_closed && m_plan->currentIndex() >= 0);
}

bool WizardSubscribePage::start()
{
    if (flow().subscription())
        return true;
    const auto plan = m_plan->currentData().toString();
    auto shared = sharedFlow();
    runStep(
        tr("Subscribing with the plan %1...").arg(plan), [shared, plan] { return shared->subscribe(plan); },
        [this] {
            m_subscribed = true;
            m_plan->setEnabled(false);
            proceed();
        });
    return false;
}

} // namespace sd::ui
