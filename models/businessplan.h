#pragma once

#include <QString>

namespace sd::models {

/// A subscription plan of a streaming API: an event-count limit per time window.
struct BusinessPlan
{
    QString name;
    QString description;
    qint64 eventLimit = -1; // -1: unlimited
    qint64 windowSeconds = 86400;

    bool unlimited() const { return eventLimit < 0; }
    /// The plan a new API starts on in the Publisher, as in WSO2.
    static QString defaultForNewApi() { return QStringLiteral("AsyncUnlimited"); }
};

/// An application's per-token quota: connection requests per minute.
struct ApplicationQuota
{
    QString name;
    QString description;
    qint64 requestsPerMinute = -1; // -1: unlimited

    bool unlimited() const { return requestsPerMinute < 0; }
};

} // namespace sd::models
