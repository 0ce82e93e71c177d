#pragma once

#include "models/result.h"
#include "models/subscription.h"

#include <QSqlDatabase>
#include <optional>

namespace sd::models {

/// Subscriptions and the event usage metered against their plans.
class SubscriptionQueries final
{
public:
    explicit SubscriptionQueries(const QSqlDatabase &db);

    QList<Subscription> subscriptions(const QString &apiId, const QString &applicationId) const;
    std::optional<Subscription> subscription(const QString &id) const;
    std::optional<Subscription> subscriptionFor(const QString &applicationId, const QString &apiId) const;
    Status insertSubscription(const Subscription &sub) const;
    Status updateSubscriptionStatus(const QString &id, SubscriptionStatus status) const;
    Status deleteSubscription(const QString &id) const;
    qint64 eventUsage(const QString &subscriptionId, qint64 windowStart) const;
    Status addEventUsage(const QString &subscriptionId, qint64 windowStart, qint64 events) const;

private:
    QSqlDatabase m_db;
};

} // namespace sd::models
