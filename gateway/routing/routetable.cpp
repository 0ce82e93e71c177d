#include "gateway/routing/routetable.h"

namespace sd::gateway {

namespace {

QString key(QStringView context, QStringView version)
{
    return context + u'\n' + version;
}

} // namespace

RouteTable::RouteTable(QString environment)
    : m_environment(std::move(environment))
{}

void RouteTable::reload(const models::Store &store)
{
    QHash<QString, Route> routes;
    for (const auto &deployment : store.deployments()) {
        if (deployment.environment != m_environment)
            continue;
        const auto api = store.api(deployment.apiId);
        const auto revision = store.revision(deployment.revisionId);
        if (!api || !revision)
            continue;
        const auto &snap = revision->snapshot;
        Route route{api->id,
                    revision->id,
                    snap.name,
                    snap.context,
                    snap.version,
                    api->state,
                    snap.productionEndpoint,
                    snap.sandboxEndpoint};
        routes.insert(key(snap.context, snap.version), route);
    }
    QWriteLocker lock(&m_lock);
    m_routes = std::move(routes);
}

std::optional<RouteMatch> RouteTable::match(QStringView path) const
{
    if (!path.startsWith(u'/'))
        return std::nullopt;
    QReadLocker lock(&m_lock);
    // Try every split "/<context>/<version>/<rest>" from the shortest context on.
    qsizetype contextEnd = path.indexOf(u'/', 1);
    while (contextEnd > 0) {
        const auto versionEnd = path.indexOf(u'/', contextEnd + 1);
        const auto context = path.first(contextEnd);
        const auto version = versionEnd < 0 ? path.sliced(contextEnd + 1)
                                            : path.sliced(contextEnd + 1, versionEnd - contextEnd - 1);
        const auto it = m_routes.constFind(key(context, version));
        if (it != m_routes.constEnd())
            return RouteMatch{*it, versionEnd < 0 ? QString() : path.sliced(versionEnd).toString()};
        contextEnd = versionEnd;
    }
    return std::nullopt;
}

std::optional<Route> RouteTable::route(const QString &apiId) const
{
    QReadLocker lock(&m_lock);
    for (const auto &r : m_routes) {
        if (r.apiId == apiId)
            return r;
    }
    return std::nullopt;
}

qsizetype RouteTable::size() const
{
    QReadLocker lock(&m_lock);
    return m_routes.size();
}

} // namespace sd::gateway
