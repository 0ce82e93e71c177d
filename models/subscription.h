#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace sd::models {

enum class SubscriptionStatus { Unblocked, Blocked, ProdOnlyBlocked, OnHold };

/// An application's subscription to an API under a business plan.
struct Subscription
{
    QString id;
    QString applicationId;
    QString apiId;
    QString plan;
    SubscriptionStatus status = SubscriptionStatus::Unblocked;
    QDateTime createdAt;

    static QString statusName(SubscriptionStatus status);
    static std::optional<SubscriptionStatus> statusFromName(QStringView name);
};

} // namespace sd::models
