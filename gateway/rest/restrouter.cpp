#include "gateway/rest/restrouter.h"

#include "gateway/rest/restreply.h"

#include <algorithm>

namespace sd::gateway {

namespace {

bool isParameter(const QString &segment)
{
    return segment.startsWith(u'{') && segment.endsWith(u'}');
}

} // namespace

void RestRouter::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append(Route{method, pattern.split(u'/', Qt::SkipEmptyParts), std::move(handler)});
}

std::optional<QStringList> RestRouter::match(const Route &route, const QList<QStringView> &path)
{
    if (route.segments.size() != path.size())
        return std::nullopt;
    QStringList params;
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (isParameter(route.segments[i]))
            params << path[i].toString();
        else if (route.segments[i] != path[i])
            return std::nullopt;
    }
    return params;
}

int RestRouter::literalCount(const Route &route)
{
    return int(std::count_if(route.segments.begin(), route.segments.end(),
                             [](const QString &s) { return !isParameter(s); }));
}

HttpReply RestRouter::route(RestCall call, QStringView path) const
{
    const auto segments = path.split(u'/', Qt::SkipEmptyParts);
    // Only the most specific matching pattern counts, so "apis/change-lifecycle" is never an apiId.
    int best = -1;
    for (const auto &r : m_routes) {
        if (match(r, segments))
            best = std::max(best, literalCount(r));
    }
    if (best < 0)
        return RestReply::notFound();
    QByteArrayList allowed;
    for (const auto &r : m_routes) {
        if (literalCount(r) != best)
            continue;
        auto params = match(r, segments);
        if (!params)
            continue;
        if (r.method == call.request().method) {
            call.setParams(std::move(*params));
            return r.handler(call);
        }
        if (!allowed.contains(r.method))
            allowed << r.method;
    }
    return RestReply::methodNotAllowed(allowed);
}

} // namespace sd::gateway
