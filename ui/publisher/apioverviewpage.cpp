#include "ui/publisher/apioverviewpage.h"

#include "models/publisherservice.h"
#include "ui/common/session.h"

#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

QLabel *selectable(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

ApiOverviewPage::ApiOverviewPage(models::PublisherService *publisher, Session *session,
                                 const ConsoleStatus &status, QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_status(status)
{
    Q_UNUSED(session)
    setObjectName(QStringLiteral("apiOverviewPage"));

    auto *stepper = new QGroupBox(tr("Develop → Deploy → Publish"), this);
    stepper->setObjectName(QStringLiteral("apiStepper"));
    auto *steps = new QFormLayout(stepper);
    m_endpoint =
        addStep(steps, QStringLiteral("Endpoint"), tr("Develop: Endpoint"), QStringLiteral("endpoints"));
    m_plan =
        addStep(steps, QStringLiteral("BusinessPlan"), tr("Develop: Business Plan"), QStringLiteral("plans"));
    m_deploy = addStep(steps, QStringLiteral("Deploy"), tr("Deploy"), QStringLiteral("deployments"));
    m_publish = addStep(steps, QStringLiteral("Publish"), tr("Publish"), QStringLiteral("lifecycle"));

    auto *details = new QGroupBox(tr("Details"), this);
    auto *detailsLayout = new QVBoxLayout(details);
    m_metadata = selectable(QStringLiteral("apiMetadata"), details);
    m_metadata->setTextFormat(Qt::RichText);
    detailsLayout->addWidget(m_metadata);

    auto *gateway = new QGroupBox(tr("Gateway"), this);
    auto *gatewayLayout = new QFormLayout(gateway);
    m_httpUrl = selectable(QStringLiteral("gatewayHttpUrl"), gateway);
    m_httpsUrl = selectable(QStringLiteral("gatewayHttpsUrl"), gateway);
    gatewayLayout->addRow(tr("HTTP URL:"), m_httpUrl);
    gatewayLayout->addRow(tr("HTTPS URL:"), m_httpsUrl);
    m_curl = selectable(QStringLiteral("curlCommand"), gateway);
    m_curl->setWordWrap(false);
    m_curl->setStyleSheet(QStringLiteral("font-family: monospace;"));
    m_copyCurl = new QPushButton(tr("&Copy"), gateway);
    m_copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    m_copyCurl->setAccessibleName(tr("Copy the curl command"));
    m_copied = new QLabel(gateway);
    m_copied->setObjectName(QStringLiteral("curlCopied"));
    auto *curlRow = new QHBoxLayout;
    curlRow->addWidget(m_curl, 1);
    curlRow->addWidget(m_copyCurl);
    curlRow->addWidget(m_copied);
    gatewayLayout->addRow(tr("Try it:"), curlRow);
    m_copied->hide();
    auto *tokenNote =
        new QLabel(tr("Replace &lt;ACCESS_TOKEN&gt; with a token from the Developer Portal."), gateway);
    gatewayLayout->addRow(QString(), tokenNote);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(curlCommand());
        m_copied->setText(tr("Copied."));
        m_copied->show();
    });

    auto *columns = new QHBoxLayout;
    columns->addWidget(stepper, 1);
    columns->addWidget(details, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(gateway);
    layout->addStretch();

    connect(m_publisher, &models::PublisherService::apiChanged, this, [this](const QString &id) {
        if (id == m_apiId)
            reload();
    });
    connect(m_publisher, &models::PublisherService::deploymentsChanged, this, [this](const QString &id) {
        if (id == m_apiId)
            reload();
    });
}

ApiOverviewPage::Step ApiOverviewPage::addStep(QFormLayout *form, const QString &objectName,
                                               const QString &title, const QString &tab)
{
    auto *mark = new QLabel(form->parentWidget());
    mark->setObjectName(QStringLiteral("step%1Mark").arg(objectName));
    auto *link = new QPushButton(form->parentWidget());
    link->setObjectName(QStringLiteral("step%1Link").arg(objectName));
    link->setFlat(true);
    link->setCursor(Qt::PointingHandCursor);
    link->setStyleSheet(
        QStringLiteral("text-align: left; color: palette(link); text-decoration: underline;"));
    connect(link, &QPushButton::clicked, this, [this, tab] { Q_EMIT tabRequested(tab); });
    auto *row = new QHBoxLayout;
    row->addWidget(mark);
    row->addWidget(link, 1);
    form->addRow(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), row);
    return {mark, link};
}

void ApiOverviewPage::setStep(const Step &step, bool done, const QString &doneText, const QString &todoText)
{
    step.mark->setText(done ? QStringLiteral("<span style='color:#1b7f3b; font-size:large'>✔</span>")
                            : QStringLiteral("<span style='color:#b00020; font-size:large'>✘</span>"));
    step.mark->setAccessibleName(done ? tr("done") : tr("to do"));
    step.mark->setProperty("done", done);
    step.link->setText(done ? doneText : todoText);
    step.link->setAccessibleName(step.link->text());
}

void ApiOverviewPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_copied->hide();
    reload();
}

QString ApiOverviewPage::curlCommand() const
{
    return m_curl->text();
}

void ApiOverviewPage::reload()
{
    const auto api = m_publisher->api(m_apiId);
    if (!api)
        return;
    const auto deployments = m_publisher->deployments(m_apiId);
    const bool hasEndpoint = !api->productionEndpoint.isEmpty() || !api->sandboxEndpoint.isEmpty();
    setStep(m_endpoint, hasEndpoint, tr("Endpoint: %1").arg(api->sandboxOrProductionEndpoint()),
            tr("Set an endpoint on the Endpoints tab"));
    setStep(m_plan, !api->plans.isEmpty(), tr("Plans: %1").arg(api->plans.join(QStringLiteral(", "))),
            tr("Select a business plan on the Business Plans tab"));
    setStep(m_deploy, !deployments.isEmpty(), tr("Deployed to the gateway (Deployments tab)"),
            tr("Deploy a revision on the Deployments tab"));
    const bool published = api->state == models::LifecycleState::Published;
    setStep(m_publish, published, tr("Published (Lifecycle tab)"),
            tr("%1: publish it on the Lifecycle tab").arg(models::Lifecycle::stateName(api->state)));

    const QLocale locale;
    const auto row = [](const QString &name, const QString &value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
    };
    m_metadata->setText(
        QStringLiteral("<table cellspacing='4'>") + row(tr("Name"), api->name) +
        row(tr("Version"), api->version) + row(tr("Context"), api->context) +
        row(tr("Protocol"), api->protocol) +
        row(tr("Lifecycle state"), models::Lifecycle::stateName(api->state)) +
        row(tr("Business plans"), api->plans.isEmpty() ? tr("none") : api->plans.join(QStringLiteral(", "))) +
        row(tr("Production endpoint"),
            api->productionEndpoint.isEmpty() ? tr("none") : api->productionEndpoint) +
        row(tr("Sandbox endpoint"),
            api->sandboxEndpoint.isEmpty() ? tr("same as production") : api->sandboxEndpoint) +
        row(tr("Owner"), api->owner) +
        row(tr("Created"), locale.toString(api->createdAt.toLocalTime(), QLocale::ShortFormat)) +
        row(tr("Last updated"), locale.toString(api->updatedAt.toLocalTime(), QLocale::ShortFormat)) +
        QStringLiteral("</table>"));

    const QString path = api->context + u'/' + api->version;
    const QString httpUrl = m_status.gatewayUrl + path;
    m_httpUrl->setText(httpUrl);
    m_httpsUrl->setText(m_status.gatewayTlsUrl.isEmpty() ? tr("HTTPS is off")
                                                         : m_status.gatewayTlsUrl + path);
    m_curl->setText(
        QStringLiteral("curl -N %1/memory -H \"Authorization: Bearer <ACCESS_TOKEN>\"").arg(httpUrl));
    m_curl->setTextFormat(Qt::PlainText);
}

} // namespace sd::ui
