#pragma once

#include "models/api.h"
#include "ui/devportal/portalcontext.h"

#include <QHash>
#include <QWidget>

class QPlainTextEdit;
class QTabWidget;

namespace sd::gateway {
struct StreamRequest;
}

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

class ApiHeader;
class PortalOverviewTab;
class PortalSubscriptionsTab;
class PortalTryOutTab;

/// One API in the Developer Portal: a header (name, version, state) over the tabs Overview, Definition,
/// Try Out and Subscriptions. Follows the Publisher's changes; an API that leaves the portal sends the user
/// back to the catalog.
class PortalApiPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalApiPage)

public:
    PortalApiPage(const PortalContext &context, const models::PublisherService *publisher,
                  QWidget *parent = nullptr);

    /// Shows the API on its Overview tab; false (and nothing changes) when the portal does not show it.
    bool setApiId(const QString &apiId);
    QString apiId() const { return m_api.id; }
    /// Shows the tab registered under `key` ("overview", "definition", "tryout", "subscriptions"); false when
    /// there is none.
    bool showTab(const QString &key);
    /// Reads the subscriptions again (after the wizard ran).
    void refreshSubscriptions();

Q_SIGNALS:
    void backRequested();
    /// The open API left the portal (retired, blocked or demoted); `notice` says so in words.
    void withdrawn(const QString &notice);
    void openStreamRequested(const sd::gateway::StreamRequest &request);
    void manageApplicationRequested(const QString &applicationId);
    void subscriptionWizardRequested(const QString &apiId);

private:
    void reload();

    PortalContext m_context;
    const models::PublisherService *m_publisher;
    models::Api m_api;
    ApiHeader *m_header;
    QTabWidget *m_tabs;
    PortalOverviewTab *m_overview;
    QPlainTextEdit *m_definition;
    PortalTryOutTab *m_tryOut;
    PortalSubscriptionsTab *m_subscriptions;
    QHash<QString, QWidget *> m_tabByKey;
};

} // namespace sd::ui
