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
    , m_routes(std::make_shared<const Routes>())
{}

void RouteTable::reload(const models::Store &store)
{
    auto routes = std::make_shared<Routes>();
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
        routes->byPath.insert(key(snap.context, snap.version), route);
        routes->byApi.insert(api->id, route);
    }
    m_routes.store(std::move(routes), std::memory_order_release);
}

std::optional<RouteMatch> RouteTable::match(QStringView path) const
{
    if (!path.startsWith(u'/'))
        return std::nullopt;
    const auto routes = m_routes.load(std::memory_order_acquire);
    // Try every split "/<context>/<version>/<rest>" from the shortest context on.
    qsizetype contextEnd = path.indexOf(u'/', 1);
    while (contextEnd > 0) {
        const auto versionEnd = path.indexOf(u'/', contextEnd + 1);
        const auto context = path.first(contextEnd);
        const auto version = versionEnd < 0 ? path.sliced(contextEnd + 1)
                                            : path.sliced(contextEnd + 1, versionEnd - contextEnd - 1);
        const auto it = routes->byPath.constFind(key(context, version));
        if (it != routes->byPath.constEnd())
            return RouteMatch{*it, versionEnd < 0 ? QString() : path.sliced(versionEnd).toString()};
        contextEnd = versionEnd;
    }
    return std::nullopt;
}

std::optional<Route> RouteTable::route(const QString &apiId) const
{
    const auto routes = m_routes.load(std::memory_order_acquire);
    const auto it = routes->byApi.constFind(apiId);
    if (it == routes->byApi.constEnd())
        return std::nullopt;
    return *it;
}

qsizetype RouteTable::size() const
{
    return m_routes.load(std::memory_order_acquire)->byPath.size();
}

} // namespace sd::gateway
