#pragma once

#include "ui/devportal/portalcontext.h"

#include <QWidget>

class QLabel;
class QLineEdit;

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

/// An API's Overview in the Developer Portal: description, lifecycle state and what it means for
/// subscribers, the gateway URLs (HTTP and HTTPS) and the business plans with their limits.
class PortalOverviewTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalOverviewTab)

public:
    PortalOverviewTab(const PortalContext &context, const models::PublisherService *publisher,
                      QWidget *parent = nullptr);

    void setApi(const models::Api &api);

private:
    PortalContext m_context;
    const models::PublisherService *m_publisher;
    QLabel *m_description;
    QLabel *m_state;
    QLineEdit *m_httpUrl;
    QLineEdit *m_httpsUrl;
    QLabel *m_deployment;
    QLabel *m_plans;
};

} // namespace sd::ui
