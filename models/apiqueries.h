#pragma once

#include "models/api.h"
#include "models/deployment.h"
#include "models/lifecycleevent.h"
#include "models/result.h"
#include "models/revision.h"

#include <QSqlDatabase>
#include <optional>

namespace sd::models {

/// APIs with their revisions, deployments and lifecycle history.
class ApiQueries final
{
public:
    explicit ApiQueries(const QSqlDatabase &db);

    QList<Api> apis() const;
    std::optional<Api> api(const QString &id) const;
    std::optional<Api> apiByContext(const QString &context, const QString &version) const;
    Status insertApi(const Api &api) const;
    Status updateApi(const Api &api) const;
    Status deleteApi(const QString &id) const;
    QList<Revision> revisions(const QString &apiId) const;
    std::optional<Revision> revision(const QString &id) const;
    Result<int> takeRevisionNumber(const QString &apiId) const;
    Status insertRevision(const Revision &revision) const;
    Status deleteRevision(const QString &id) const;
    QList<Deployment> deployments(const QString &apiId) const;
    Status upsertDeployment(const Deployment &deployment) const;
    Status deleteDeployment(const QString &apiId, const QString &environment) const;
    QList<LifecycleEvent> lifecycleEvents(const QString &apiId) const;
    Status insertLifecycleEvent(const LifecycleEvent &event) const;

private:
    QSqlDatabase m_db;
};

} // namespace sd::models
