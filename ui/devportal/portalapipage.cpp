#include "ui/devportal/portalapipage.h"

#include "gateway/client/streamrequest.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "ui/common/apiheader.h"
#include "ui/devportal/portaloverviewtab.h"
#include "ui/devportal/portalsubscriptionstab.h"
#include "ui/devportal/portaltryouttab.h"
#include "ui/publisher/apidefinitiontext.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sd::ui {

PortalApiPage::PortalApiPage(const PortalContext &context, const models::PublisherService *publisher,
                             QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_publisher(publisher)
    , m_header(new ApiHeader(tr("← &Catalog"), QStringLiteral("backToCatalogButton"),
                             tr("Back to the Catalog"), QStringLiteral("portalApi"), this))
    , m_tabs(new QTabWidget(this))
    , m_overview(new PortalOverviewTab(context, publisher))
    , m_definition(new QPlainTextEdit)
    , m_tryOut(new PortalTryOutTab(context))
    , m_subscriptions(new PortalSubscriptionsTab(context, publisher))
{
    setObjectName(QStringLiteral("portalApiPage"));
    m_tabs->setObjectName(QStringLiteral("portalApiTabs"));
    m_tabs->setAccessibleName(tr("API pages"));

    auto *definitionPage = new QWidget;
    definitionPage->setObjectName(QStringLiteral("portalDefinitionTab"));
    auto *definitionIntro =
        new QLabel(tr("The AsyncAPI 2.6 definition of this API, with the gateway URLs "
                      "clients connect to. Tools such as AsyncAPI Studio read it as it is."),
                   definitionPage);
    definitionIntro->setWordWrap(true);
    m_definition->setObjectName(QStringLiteral("portalDefinitionText"));
    m_definition->setAccessibleName(tr("AsyncAPI definition"));
    m_definition->setReadOnly(true);
    m_definition->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_definition->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Tab leaves the text for the next control instead of being swallowed by it.
    m_definition->setTabChangesFocus(true);
    auto *definitionLayout = new QVBoxLayout(definitionPage);
    definitionLayout->addWidget(definitionIntro);
    definitionLayout->addWidget(m_definition, 1);

    const auto addTab = [this](const QString &key, QWidget *page, const QString &title) {
        m_tabs->addTab(page, title);
        m_tabByKey.insert(key, page);
    };
    addTab(QStringLiteral("overview"), m_overview, tr("&Overview"));
    addTab(QStringLiteral("definition"), definitionPage, tr("&Definition"));
    addTab(QStringLiteral("tryout"), m_tryOut, tr("&Try Out"));
    addTab(QStringLiteral("subscriptions"), m_subscriptions, tr("&Subscriptions"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs, 1);

    connect(m_header->backButton(), &QPushButton::clicked, this, &PortalApiPage::backRequested);
    connect(m_tryOut, &PortalTryOutTab::openStreamRequested, this, &PortalApiPage::openStreamRequested);
    connect(m_tryOut, &PortalTryOutTab::manageApplicationRequested, this,
            &PortalApiPage::manageApplicationRequested);
    connect(m_subscriptions, &PortalSubscriptionsTab::manageApplicationRequested, this,
            &PortalApiPage::manageApplicationRequested);
    connect(m_subscriptions, &PortalSubscriptionsTab::subscriptionWizardRequested, this,
            &PortalApiPage::subscriptionWizardRequested);
    const auto follow = [this](const QString &id) {
        if (!m_api.id.isEmpty() && id == m_api.id)
            reload();
    };
    connect(m_publisher, &models::PublisherService::apiChanged, this, follow);
    connect(m_publisher, &models::PublisherService::apiRemoved, this, follow);
    // The URLs and the definition's servers follow the deployments.
    connect(m_publisher, &models::PublisherService::deploymentsChanged, this, follow);
}

bool PortalApiPage::setApiId(const QString &apiId)
{
    const auto api = m_context.portal->visibleApi(apiId);
    if (!api)
        return false;
    m_api = *api;
    reload();
    m_tabs->setCurrentIndex(0);
    return true;
}

bool PortalApiPage::showTab(const QString &key)
{
    auto *page = m_tabByKey.value(key);
    if (!page)
        return false;
    m_tabs->setCurrentWidget(page);
    return true;
}

void PortalApiPage::refreshSubscriptions()
{
    m_subscriptions->reload();
}

void PortalApiPage::reload()
{
    const auto api = m_context.portal->visibleApi(m_api.id);
    if (!api) {
        // Retired, blocked or demoted: the portal no longer offers it.
        const auto notice = tr("%1 %2 is no longer offered in the Developer Portal: its publisher retired, "
                               "blocked or withdrew it.")
                                .arg(m_api.name, m_api.version);
        m_api = {};
        Q_EMIT withdrawn(notice);
        return;
    }
    m_api = *api;
    m_header->setApi(m_api);
    m_overview->setApi(m_api);
    m_definition->setPlainText(ApiDefinitionText::of(m_publisher, m_api, m_context.status));
    m_tryOut->setApi(m_api);
    m_subscriptions->setApi(m_api);
}

} // namespace sd::ui
