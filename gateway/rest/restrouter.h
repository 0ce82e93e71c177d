#pragma once

#include "gateway/rest/restcall.h"

#include <functional>

namespace sd::gateway {

/// Maps (method, path pattern) to handlers. Patterns are '/'-separated segments relative to an API's
/// base path, `{name}` standing for one path parameter ("apis/{apiId}/revisions"). A literal segment
/// wins over a parameter ("apis/change-lifecycle" before "apis/{apiId}").
class RestRouter final
{
    Q_DISABLE_COPY_MOVE(RestRouter)

public:
    using Handler = std::function<HttpReply(const RestCall &)>;

    RestRouter() = default;

    void add(const QByteArray &method, const QString &pattern, Handler handler);
    /// Runs the matching handler with the path parameters set; an unknown path is 404, a known path
    /// with another method 405 with Allow.
    HttpReply route(RestCall call, QStringView path) const;

private:
    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
    };
    /// The path parameters when `route` matches `path`.
    static std::optional<QStringList> match(const Route &route, const QList<QStringView> &path);
    static int literalCount(const Route &route);

    QList<Route> m_routes;
};

} // namespace sd::gateway
