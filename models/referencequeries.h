#pragma once

#include "models/businessplan.h"
#include "models/gatewayenvironment.h"
#include "models/store.h"

#include <QSqlDatabase>
#include <optional>

namespace sd::models {

/// Plans, application quotas and gateway environments: seeded reference data, read only.
class ReferenceQueries final
{
public:
    explicit ReferenceQueries(const QSqlDatabase &db);

    QList<BusinessPlan> plans() const;
    std::optional<BusinessPlan> plan(const QString &name) const;
    QList<ApplicationQuota> quotas() const;
    std::optional<ApplicationQuota> quota(const QString &name) const;
    QList<GatewayEnvironment> environments() const;
    std::optional<GatewayEnvironment> environment(const QString &name) const;

private:
    QSqlDatabase m_db;
};

} // namespace sd::models
