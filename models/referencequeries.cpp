#include "models/referencequeries.h"

#include "models/storequery.h"

namespace sd::models {

ReferenceQueries::ReferenceQueries(const QSqlDatabase &db)
    : m_db(db)
{}

QList<BusinessPlan> ReferenceQueries::plans() const
{
    return StoreQuery(m_db, QStringLiteral("SELECT name, description, event_limit, window_seconds FROM plans "
                                           "ORDER BY event_limit < 0, event_limit DESC"))
        .all<BusinessPlan>([](const StoreQuery &q) {
            return BusinessPlan{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
                                q.value(3).toLongLong()};
        });
}

std::optional<BusinessPlan> ReferenceQueries::plan(const QString &name) const
{
    for (const auto &p : plans()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

QList<ApplicationQuota> ReferenceQueries::quotas() const
{
    return StoreQuery(m_db, QStringLiteral("SELECT name, description, requests_per_minute FROM app_quotas "
                                           "ORDER BY requests_per_minute < 0, requests_per_minute"))
        .all<ApplicationQuota>([](const StoreQuery &q) {
            return ApplicationQuota{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
        });
}

std::optional<ApplicationQuota> ReferenceQueries::quota(const QString &name) const
{
    for (const auto &q : quotas()) {
        if (q.name == name)
            return q;
    }
    return std::nullopt;
}

QList<GatewayEnvironment> ReferenceQueries::environments() const
{
    return StoreQuery(m_db,
                      QStringLiteral(
                          "SELECT name, type, display_name, vhost, http_port, https_port FROM environments"))
        .all<GatewayEnvironment>([](const StoreQuery &q) {
            return GatewayEnvironment{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                      q.value(3).toString(), q.value(4).toInt(),    q.value(5).toInt()};
        });
}

std::optional<GatewayEnvironment> ReferenceQueries::environment(const QString &name) const
{
    for (const auto &e : environments()) {
        if (e.name == name)
            return e;
    }
    return std::nullopt;
}

} // namespace sd::models
