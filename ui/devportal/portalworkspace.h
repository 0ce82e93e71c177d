#pragma once

#include "ui/devportal/portalcontext.h"

#include <QStackedWidget>

namespace sd::gateway {
struct StreamRequest;
}

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

class PortalApiPage;
class PortalCatalogPage;
class SubscriptionWizard;

/// The Developer Portal area of the console: the API catalog and one API's page, in a stack, and the
/// subscription wizard. Passes on what they ask of the rest of the console (a stream to open, an
/// application to manage).
class PortalWorkspace final : public QStackedWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalWorkspace)

public:
    PortalWorkspace(const PortalContext &context, const models::PublisherService *publisher,
                    QWidget *parent = nullptr);

    PortalCatalogPage *catalogPage() const { return m_catalog; }
    PortalApiPage *apiPage() const { return m_api; }

    void showCatalog();
    /// False (the catalog stays) when the portal does not show the API.
    bool showApi(const QString &apiId);
    /// Opens the Subscription & Key Generation Wizard for the API, window-modal; it deletes itself when
    /// closed, and the API page's subscriptions are read again.
    SubscriptionWizard *openSubscriptionWizard(const QString &apiId);

Q_SIGNALS:
    void openStreamRequested(const sd::gateway::StreamRequest &request);
    void manageApplicationRequested(const QString &applicationId);

private:
    PortalContext m_context;
    PortalCatalogPage *m_catalog;
    PortalApiPage *m_api;
};

} // namespace sd::ui
