#include "ui/devportal/portalworkspace.h"

#include "gateway/client/streamrequest.h"
#include "ui/common/session.h"
#include "ui/devportal/portalapipage.h"
#include "ui/devportal/portalcatalogpage.h"
#include "ui/devportal/subscriptionwizard.h"

namespace sd::ui {

PortalWorkspace::PortalWorkspace(const PortalContext &context, const models::PublisherService *publisher,
                                 QWidget *parent)
    : QStackedWidget(parent)
    , m_context(context)
    , m_catalog(new PortalCatalogPage(context.portal, publisher, context.session, this))
    , m_api(new PortalApiPage(context, publisher, this))
{
    setObjectName(QStringLiteral("portalWorkspace"));
    addWidget(m_catalog);
    addWidget(m_api);
    connect(m_catalog, &PortalCatalogPage::openRequested, this, &PortalWorkspace::showApi);
    connect(m_api, &PortalApiPage::backRequested, this, &PortalWorkspace::showCatalog);
    connect(m_api, &PortalApiPage::withdrawn, this, [this](const QString &notice) {
        m_catalog->showNotice(notice);
        showCatalog();
    });
    connect(m_api, &PortalApiPage::openStreamRequested, this, &PortalWorkspace::openStreamRequested);
    connect(m_api, &PortalApiPage::manageApplicationRequested, this,
            &PortalWorkspace::manageApplicationRequested);
    connect(m_api, &PortalApiPage::subscriptionWizardRequested, this,
            &PortalWorkspace::openSubscriptionWizard);
    // Another user has other applications and tokens: start again from the catalog.
    connect(m_context.session, &Session::changed, this, &PortalWorkspace::showCatalog);
}

void PortalWorkspace::showCatalog()
{
    setCurrentWidget(m_catalog);
    if (m_catalog->isVisible())
        m_catalog->focusList();
}

bool PortalWorkspace::showApi(const QString &apiId)
{
    if (!m_api->setApiId(apiId))
        return false;
    m_catalog->showNotice(QString());
    setCurrentWidget(m_api);
    return true;
}

SubscriptionWizard *PortalWorkspace::openSubscriptionWizard(const QString &apiId)
{
    auto *wizard = new SubscriptionWizard(m_context, apiId, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &SubscriptionWizard::openStreamRequested, this, &PortalWorkspace::openStreamRequested);
    connect(wizard, &QWizard::finished, this, [this] { m_api->refreshSubscriptions(); });
    wizard->open(); // window-modal
    return wizard;
}

} // namespace sd::ui
