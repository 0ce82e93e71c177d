#pragma once

#include "models/businessplan.h"

#include <QList>
#include <QString>

namespace sd::models {
class PublisherService;
struct Api;
} // namespace sd::models

namespace sd::ui {

/// The business plans an API offers, with their limits in words, as the portal's pages show them.
class PortalPlans final
{
public:
    PortalPlans() = delete;

    /// The API's plans in its order; a plan name the store does not know keeps its name and no limit.
    static QList<models::BusinessPlan> ofApi(const models::PublisherService *publisher,
                                             const models::Api &api);
    /// "50,000 events per day", "Unlimited events".
    static QString limitText(const models::BusinessPlan &plan);
};

} // namespace sd::ui
