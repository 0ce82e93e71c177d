#include "ui/devportal/portalplans.h"

#include "models/publisherservice.h"

#include <QCoreApplication>
#include <QLocale>

namespace sd::ui {

QList<models::BusinessPlan> PortalPlans::ofApi(const models::PublisherService *publisher,
                                               const models::Api &api)
{
    const auto all = publisher->plans();
    QList<models::BusinessPlan> plans;
    for (const auto &name : api.plans) {
        const auto it = std::find_if(all.cbegin(), all.cend(),
                                     [&](const models::BusinessPlan &plan) { return plan.name == name; });
        plans << (it != all.cend() ? *it : models::BusinessPlan{name, {}, -1, 86400});
    }
    return plans;
}

QString PortalPlans::limitText(const models::BusinessPlan &plan)
{
    const auto tr = [](const char *text, int n = -1) {
        return QCoreApplication::translate("PortalPlans", text, nullptr, n);
    };
    if (plan.unlimited())
        return tr("Unlimited events");
    const auto events = QLocale().toString(plan.eventLimit);
    switch (plan.windowSeconds) {
    case 86400:
        return tr("%1 events per day").arg(events);
    case 3600:
        return tr("%1 events per hour").arg(events);
    case 60:
        return tr("%1 events per minute").arg(events);
    default:
        return tr("%1 events per %n seconds", int(plan.windowSeconds)).arg(events);
    }
}

} // namespace sd::ui
