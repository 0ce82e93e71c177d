#include "gateway/server/upstreammapping.h"

#include "gateway/upstream/upstreamconnection.h"

#include <QHttpServerRequest>

namespace sd::gateway {

QString UpstreamMapping::endpoint(const Route &route, models::KeyType keyType)
{
    if (keyType == models::KeyType::Sandbox && !route.sandboxEndpoint.isEmpty())
        return route.sandboxEndpoint;
    return route.productionEndpoint;
}

UpstreamRequest UpstreamMapping::request(const QString &endpoint, const QByteArray &remainder,
                                         const QHttpServerRequest &request)
{
    UpstreamRequest upstream;
    QUrl url(endpoint);
    auto path = url.path(QUrl::FullyEncoded);
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QString::fromLatin1(remainder), QUrl::TolerantMode);
    if (request.url().hasQuery())
        url.setQuery(request.url().query(QUrl::FullyEncoded), QUrl::TolerantMode);
    upstream.url = url;
    upstream.headers = UpstreamConnection::forwardableHeaders(request.headers());
    // Extend a proxy chain the client already reports rather than send the header twice.
    const auto clientAddress = request.remoteAddress().toString().toLatin1();
    const auto forwarded = std::find_if(upstream.headers.begin(), upstream.headers.end(), [](const auto &h) {
        return h.first.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0;
    });
    if (forwarded != upstream.headers.end())
        forwarded->second += ", " + clientAddress;
    else
        upstream.headers.append({QByteArrayLiteral("X-Forwarded-For"), clientAddress});
    return upstream;
}

} // namespace sd::gateway
