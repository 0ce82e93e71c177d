#include "ui/publisher/publisherworkspace.h"

#include "ui/common/session.h"
#include "ui/publisher/apilistpage.h"
#include "ui/publisher/apipage.h"
#include "ui/publisher/createapipage.h"

#include <QTableView>

namespace sd::ui {

PublisherWorkspace::PublisherWorkspace(models::PublisherService *publisher, Session *session,
                                       const ConsoleStatus &status, QWidget *parent)
    : QStackedWidget(parent)
    , m_session(session)
    , m_list(new ApiListPage(publisher, session, this))
    , m_create(new CreateApiPage(publisher, session, this))
    , m_api(new ApiPage(publisher, session, status, this))
{
    setObjectName(QStringLiteral("publisherWorkspace"));
    addWidget(m_list);
    addWidget(m_create);
    addWidget(m_api);
    connect(m_list, &ApiListPage::createRequested, this, &PublisherWorkspace::showCreate);
    connect(m_list, &ApiListPage::openRequested, this, &PublisherWorkspace::showApi);
    connect(m_create, &CreateApiPage::cancelled, this, &PublisherWorkspace::showList);
    connect(m_create, &CreateApiPage::apiCreated, this, &PublisherWorkspace::showApi);
    connect(m_api, &ApiPage::backRequested, this, &PublisherWorkspace::showList);
    // Another user may not be allowed where the last one was.
    connect(m_session, &Session::changed, this, &PublisherWorkspace::showList);
}

void PublisherWorkspace::showList()
{
    setCurrentWidget(m_list);
    if (auto *table = m_list->findChild<QTableView *>(QStringLiteral("apiTable"));
        table && table->isVisible())
        table->setFocus();
}

void PublisherWorkspace::showCreate()
{
    if (!m_session->has(models::Role::Creator))
        return;
    m_create->reset();
    setCurrentWidget(m_create);
}

void PublisherWorkspace::showApi(const QString &apiId)
{
    m_api->setApiId(apiId);
    setCurrentWidget(m_api);
}

void PublisherWorkspace::followPortal(const models::DevPortalService *portal)
{
    m_api->followPortal(portal);
}

} // namespace sd::ui
