#pragma once

#include "ui/common/consolestatus.h"

#include <QHash>
#include <QWidget>
#include <functional>

class QTabWidget;

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::ui {

class ApiHeader;
class ApiOverviewPage;
class ApiPlansPage;
class Session;

/// One API: a header (name, version, state) over its tabs: Overview, Topics, Endpoints, Business Plans,
/// AsyncAPI Definition, Lifecycle and Deployments.
class ApiPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiPage)

public:
    ApiPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
            QWidget *parent = nullptr);

    void setApiId(const QString &apiId);
    QString apiId() const { return m_apiId; }
    /// Shows the tab registered under `key` ("overview", "topics", "endpoints", "plans", "definition",
    /// "lifecycle", "deployments"); false when there is none.
    bool showTab(const QString &key);
    /// The Business Plans tab's subscriptions follow the developer portal's changes.
    void followPortal(const models::DevPortalService *portal);

Q_SIGNALS:
    void backRequested();

private:
    template <typename Page> void addApiTab(const QString &key, const QString &title, Page *page);
    void onTabChanged();
    void reloadHeader();

    models::PublisherService *m_publisher;
    QString m_apiId;
    ApiHeader *m_header;
    QTabWidget *m_tabs;
    ApiOverviewPage *m_overview;
    ApiPlansPage *m_plans;
    QWidget *m_currentTab = nullptr;
    QHash<QString, QWidget *> m_tabByKey;
    QList<std::function<void(const QString &)>> m_setApiId;
};

} // namespace sd::ui
