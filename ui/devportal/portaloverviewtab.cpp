#include "ui/devportal/portaloverviewtab.h"

#include "models/publisherservice.h"
#include "ui/devportal/portalplans.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

QLabel *textLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QLineEdit *urlField(const QString &objectName, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setReadOnly(true);
    return field;
}

QString stateMeaning(models::LifecycleState state)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("PortalOverviewTab", text); };
    switch (state) {
    case models::LifecycleState::Published:
        return tr("Open for subscription: subscribe an application, generate its keys and a token.");
    case models::LifecycleState::Prototyped:
        return tr("A prototype: any of your applications' tokens can call it without a subscription.");
    case models::LifecycleState::Deprecated:
        return tr("Takes no new subscriptions; existing subscriptions keep working until it is retired.");
    default:
        return tr("Not offered in the portal.");
    }
}

} // namespace

PortalOverviewTab::PortalOverviewTab(const PortalContext &context, const models::PublisherService *publisher,
                                     QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_publisher(publisher)
{
    setObjectName(QStringLiteral("portalOverviewTab"));

    auto *about = new QGroupBox(tr("About"), this);
    m_description = textLabel(QStringLiteral("portalApiDescription"), about);
    m_state = textLabel(QStringLiteral("portalApiStateText"), about);
    auto *aboutLayout = new QVBoxLayout(about);
    aboutLayout->addWidget(m_description);
    aboutLayout->addWidget(m_state);

    auto *gateway = new QGroupBox(tr("Gateway URLs"), this);
    m_httpUrl = urlField(QStringLiteral("portalHttpUrl"), gateway);
    m_httpsUrl = urlField(QStringLiteral("portalHttpsUrl"), gateway);
    m_deployment = textLabel(QStringLiteral("portalDeploymentText"), gateway);
    auto *gatewayLayout = new QFormLayout(gateway);
    gatewayLayout->addRow(tr("HTTP URL:"), m_httpUrl);
    gatewayLayout->addRow(tr("HTTPS URL:"), m_httpsUrl);
    gatewayLayout->addRow(m_deployment);
    m_httpUrl->setAccessibleName(tr("HTTP URL"));
    m_httpsUrl->setAccessibleName(tr("HTTPS URL"));

    auto *plans = new QGroupBox(tr("Business Plans"), this);
    m_plans = textLabel(QStringLiteral("portalPlansText"), plans);
    m_plans->setTextFormat(Qt::RichText);
    auto *plansLayout = new QVBoxLayout(plans);
    plansLayout->addWidget(m_plans);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addWidget(gateway);
    layout->addWidget(plans);
    layout->addStretch();
}

void PortalOverviewTab::setApi(const models::Api &api)
{
    m_description->setText(api.description.isEmpty() ? tr("The publisher has not described this API yet.")
                                                     : api.description);
    m_state->setText(
        tr("State: %1. %2").arg(models::Lifecycle::stateName(api.state), stateMeaning(api.state)));

    m_httpUrl->setText(m_context.invocationUrl(api, QString()).toString());
    m_httpsUrl->setText(m_context.invocationUrl(api, QString(), true).toString());
    const auto deployments = m_publisher->deployments(api.id);
    if (deployments.isEmpty()) {
        m_deployment->setText(tr("Not deployed on the gateway yet: calls get 404 Not Found until a publisher "
                                 "deploys a revision (Publisher, the API's Deployments tab)."));
    } else {
        QStringList where;
        for (const auto &deployment : deployments)
            where << tr("%1 (vhost %2)").arg(deployment.environment, deployment.vhost);
        const auto path = m_context.suggestedPath(api);
        const auto deployed = tr("Deployed on %1.").arg(where.join(QStringLiteral(", ")));
        m_deployment->setText(path == u"/" ? deployed
                                           : deployed + u' ' +
                                                 tr("The events stream from a resource under these URLs, "
                                                    "for example %1.")
                                                     .arg(path));
    }

    QString rows;
    for (const auto &plan : PortalPlans::ofApi(m_publisher, api))
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(plan.name.toHtmlEscaped(), PortalPlans::limitText(plan).toHtmlEscaped());
    m_plans->setText(rows.isEmpty() ? tr("This API offers no business plan.")
                                    : QStringLiteral("<table cellspacing='6'>%1</table>").arg(rows));
}

} // namespace sd::ui
