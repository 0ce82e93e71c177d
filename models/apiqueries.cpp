#include "models/apiqueries.h"

#include "models/storecodec.h"
#include "models/storequery.h"
#include "models/storerows.h"

namespace sd::models {

ApiQueries::ApiQueries(const QSqlDatabase &db)
    : m_db(db)
{}

QList<Api> ApiQueries::apis() const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::apiColumns() + u" FROM apis ORDER BY name, version")
        .all<Api>(StoreRows::api);
}

std::optional<Api> ApiQueries::api(const QString &id) const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::apiColumns() + u" FROM apis WHERE id = ?", {id})
        .first<Api>(StoreRows::api);
}

std::optional<Api> ApiQueries::apiByContext(const QString &context, const QString &version) const
{
    return StoreQuery(m_db,
                      u"SELECT " + StoreRows::apiColumns() + u" FROM apis WHERE context = ? AND version = ?",
                      {context, version})
        .first<Api>(StoreRows::api);
}

Status ApiQueries::insertApi(const Api &api) const
{
    return StoreQuery(m_db,
                      u"INSERT INTO apis(" + StoreRows::apiColumns() +
                          u") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {api.id, api.name, api.context, api.version, api.protocol, api.productionEndpoint,
                       api.sandboxEndpoint, StoreCodec::jsonText(StoreCodec::topicsToJson(api.topics)),
                       StoreCodec::jsonText(api.plans), Lifecycle::stateName(api.state), api.owner,
                       StoreCodec::iso(api.createdAt), StoreCodec::iso(api.updatedAt), api.description})
        .status();
}

Status ApiQueries::updateApi(const Api &api) const
{
    return StoreQuery(m_db,
                      QStringLiteral("UPDATE apis SET name = ?, context = ?, version = ?, protocol = ?,"
                                     " production_endpoint = ?, sandbox_endpoint = ?, topics = ?, plans = ?,"
                                     " state = ?, owner = ?, updated_at = ?, description = ? WHERE id = ?"),
                      {api.name, api.context, api.version, api.protocol, api.productionEndpoint,
                       api.sandboxEndpoint, StoreCodec::jsonText(StoreCodec::topicsToJson(api.topics)),
                       StoreCodec::jsonText(api.plans), Lifecycle::stateName(api.state), api.owner,
                       StoreCodec::iso(api.updatedAt), api.description, api.id})
        .affectedOne(QStringLiteral("API"));
}

Status ApiQueries::deleteApi(const QString &id) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM apis WHERE id = ?"), {id})
        .affectedOne(QStringLiteral("API"));
}

QList<Revision> ApiQueries::revisions(const QString &apiId) const
{
    return StoreQuery(m_db,
                      u"SELECT " + StoreRows::revisionColumns() +
                          u" FROM revisions WHERE api_id = ? ORDER BY number",
                      {apiId})
        .all<Revision>(StoreRows::revision);
}

std::optional<Revision> ApiQueries::revision(const QString &id) const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::revisionColumns() + u" FROM revisions WHERE id = ?", {id})
        .first<Revision>(StoreRows::revision);
}

Result<int> ApiQueries::takeRevisionNumber(const QString &apiId) const
{
    const StoreQuery bump(
        m_db, QStringLiteral("UPDATE apis SET revision_counter = revision_counter + 1 WHERE id = ?"),
        {apiId});
    if (auto s = bump.affectedOne(QStringLiteral("API")); !s)
        return s.error();
    StoreQuery read(m_db, QStringLiteral("SELECT revision_counter FROM apis WHERE id = ?"), {apiId});
    if (!read.next())
        return read.status().error();
    return read.value(0).toInt();
}

Status ApiQueries::insertRevision(const Revision &r) const
{
    return StoreQuery(
               m_db, u"INSERT INTO revisions(" + StoreRows::revisionColumns() + u") VALUES(?, ?, ?, ?, ?, ?)",
               {r.id, r.apiId, r.number, r.description, StoreCodec::apiSnapshot(r.snapshot),
                StoreCodec::iso(r.createdAt)})
        .status();
}

Status ApiQueries::deleteRevision(const QString &id) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM revisions WHERE id = ?"), {id})
        .affectedOne(QStringLiteral("Revision"));
}

QList<Deployment> ApiQueries::deployments(const QString &apiId) const
{
    const QString sql = u"SELECT " + StoreRows::deploymentColumns() + u" FROM deployments" +
                        (apiId.isEmpty() ? QString() : QStringLiteral(" WHERE api_id = ?"));
    return StoreQuery(m_db, sql, apiId.isEmpty() ? QVariantList{} : QVariantList{apiId})
        .all<Deployment>(StoreRows::deployment);
}

Status ApiQueries::upsertDeployment(const Deployment &d) const
{
    return StoreQuery(m_db, QStringLiteral("INSERT OR REPLACE INTO deployments VALUES(?, ?, ?, ?, ?, ?)"),
                      {d.apiId, d.revisionId, d.environment, d.vhost, d.displayOnDevportal,
                       StoreCodec::iso(d.deployedAt)})
        .status();
}

Status ApiQueries::deleteDeployment(const QString &apiId, const QString &environment) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM deployments WHERE api_id = ? AND environment = ?"),
                      {apiId, environment})
        .affectedOne(QStringLiteral("Deployment"));
}

QList<LifecycleEvent> ApiQueries::lifecycleEvents(const QString &apiId) const
{
    return StoreQuery(m_db,
                      QStringLiteral("SELECT api_id, user, from_state, to_state, at FROM lifecycle_events"
                                     " WHERE api_id = ? ORDER BY seq"),
                      {apiId})
        .all<LifecycleEvent>([](const StoreQuery &q) {
            return LifecycleEvent{
                q.value(0).toString(), q.value(1).toString(),
                Lifecycle::stateFromName(q.value(2).toString()).value_or(LifecycleState::Created),
                Lifecycle::stateFromName(q.value(3).toString()).value_or(LifecycleState::Created),
                StoreCodec::fromIso(q.value(4))};
        });
}

Status ApiQueries::insertLifecycleEvent(const LifecycleEvent &e) const
{
    return StoreQuery(m_db,
                      QStringLiteral("INSERT INTO lifecycle_events(api_id, user, from_state, to_state, at) "
                                     "VALUES(?, ?, ?, ?, ?)"),
                      {e.apiId, e.user, Lifecycle::stateName(e.from), Lifecycle::stateName(e.to),
                       StoreCodec::iso(e.at)})
        .status();
}

} // namespace sd::models
