#pragma once

#include "ui/common/consolestatus.h"

#include <QStackedWidget>

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::ui {

class ApiListPage;
class ApiPage;
class CreateApiPage;
class Session;

/// The Publisher area of the console: the API list, the create page and one API's page, in a stack.
class PublisherWorkspace final : public QStackedWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublisherWorkspace)

public:
    PublisherWorkspace(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                       QWidget *parent = nullptr);

    ApiListPage *listPage() const { return m_list; }
    CreateApiPage *createPage() const { return m_create; }
    ApiPage *apiPage() const { return m_api; }

    void showList();
    void showCreate();
    void showApi(const QString &apiId);
    /// Subscriptions made in the developer portal show up in the open API's Business Plans tab.
    void followPortal(const models::DevPortalService *portal);

private:
    Session *m_session;
    ApiListPage *m_list;
    CreateApiPage *m_create;
    ApiPage *m_api;
};

} // namespace sd::ui
