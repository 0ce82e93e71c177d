#pragma once

#include "gateway/routing/routetable.h"
#include "gateway/upstream/upstreamrequest.h"
#include "models/keyset.h"

class QHttpServerRequest;

namespace sd::gateway {

/// Maps a client's request on a route to the backend request: the key type's endpoint, the path after the
/// API's context and version, the query, and the headers a backend may see.
class UpstreamMapping final
{
public:
    /// The endpoint serving `keyType` (sandbox falls back to production); empty when there is none.
    static QString endpoint(const Route &route, models::KeyType keyType);
    /// `remainder` is the path after the route, already percent-encoded once (RequestPath::encoded()).
    static UpstreamRequest request(const QString &endpoint, const QByteArray &remainder,
                                   const QHttpServerRequest &request);
};

} // namespace sd::gateway
