#include "ui/publisher/apipage.h"

#include "models/publisherservice.h"
#include "ui/common/apiheader.h"
#include "ui/publisher/apidefinitionpage.h"
#include "ui/publisher/apideploymentspage.h"
#include "ui/publisher/apiendpointspage.h"
#include "ui/publisher/apilifecyclepage.h"
#include "ui/publisher/apioverviewpage.h"
#include "ui/publisher/apiplanspage.h"
#include "ui/publisher/apitopicspage.h"

#include <QPushButton>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sd::ui {

ApiPage::ApiPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                 QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_header(new ApiHeader(tr("← &APIs"), QStringLiteral("backToApisButton"), tr("Back to the API list"),
                             QStringLiteral("api"), this))
    , m_tabs(new QTabWidget(this))
    , m_overview(new ApiOverviewPage(publisher, session, status))
    , m_plans(new ApiPlansPage(publisher, session, status))
{
    setObjectName(QStringLiteral("apiPage"));
    m_tabs->setObjectName(QStringLiteral("apiTabs"));
    m_tabs->setAccessibleName(tr("API pages"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs, 1);

    addApiTab(QStringLiteral("overview"), tr("&Overview"), m_overview);
    addApiTab(QStringLiteral("topics"), tr("&Topics"), new ApiTopicsPage(publisher, session, status));
    addApiTab(QStringLiteral("endpoints"), tr("&Endpoints"),
              new ApiEndpointsPage(publisher, session, status));
    addApiTab(QStringLiteral("plans"), tr("Business &Plans"), m_plans);
    auto *definition = new ApiDefinitionPage(publisher, session, status);
    addApiTab(QStringLiteral("definition"), tr("AsyncAPI &Definition"), definition);
    addApiTab(QStringLiteral("lifecycle"), tr("&Lifecycle"),
              new ApiLifecyclePage(publisher, session, status));
    addApiTab(QStringLiteral("deployments"), tr("Deplo&yments"),
              new ApiDeploymentsPage(publisher, session, status));
    connect(m_overview, &ApiOverviewPage::tabRequested, this, &ApiPage::showTab);
    connect(definition, &ApiDefinitionPage::apiImported, this, &ApiPage::setApiId);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ApiPage::onTabChanged);
    connect(m_header->backButton(), &QPushButton::clicked, this, [this] {
        if (m_plans->maybeLeave())
            Q_EMIT backRequested();
    });
    connect(m_publisher, &models::PublisherService::apiChanged, this, [this](const QString &id) {
        if (id == m_apiId)
            reloadHeader();
    });
    connect(m_publisher, &models::PublisherService::apiRemoved, this, [this](const QString &id) {
        if (id == m_apiId)
            Q_EMIT backRequested();
    });
}

template <typename Page> void ApiPage::addApiTab(const QString &key, const QString &title, Page *page)
{
    m_tabs->addTab(page, title);
    m_tabByKey.insert(key, page);
    m_setApiId << [page](const QString &id) { page->setApiId(id); };
}

void ApiPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    for (const auto &set : std::as_const(m_setApiId))
        set(apiId);
    m_tabs->setCurrentIndex(0);
    m_currentTab = m_tabs->currentWidget();
    reloadHeader();
}

bool ApiPage::showTab(const QString &key)
{
    auto *page = m_tabByKey.value(key);
    if (!page)
        return false;
    m_tabs->setCurrentWidget(page);
    return true;
}

void ApiPage::followPortal(const models::DevPortalService *portal)
{
    m_plans->followPortal(portal);
}

void ApiPage::onTabChanged()
{
    // Unsaved business plans: the page asks whether to save, discard or stay.
    if (m_currentTab == m_plans && m_tabs->currentWidget() != m_plans && !m_plans->maybeLeave()) {
        const QSignalBlocker blocker(m_tabs);
        m_tabs->setCurrentWidget(m_plans);
        return;
    }
    m_currentTab = m_tabs->currentWidget();
}

void ApiPage::reloadHeader()
{
    const auto api = m_publisher->api(m_apiId);
    if (!api)
        return;
    m_header->setApi(*api);
}

} // namespace sd::ui
