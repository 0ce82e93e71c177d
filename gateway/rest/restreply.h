#pragma once

#include "gateway/http/httpreply.h"
#include "models/result.h"

#include <QHash>
#include <QJsonArray>

namespace sd::gateway {

/// The REST API's one mapping from results to HTTP: error kinds to statuses and the
/// `{"code","message","description"}` body, lists to `{"count","list"}`.
class RestReply final
{
public:
    /// Renames model field names to the JSON names a client sent (e.g. productionEndpoint ->
    /// endpointConfig.production_endpoints.url).
    using FieldNames = QHash<QString, QString>;

    /// Validation 400 (with `field`), Unauthorized 401, Forbidden 403, NotFound 404, Conflict 409, Storage
    /// 500 (a generic description; the storage message, which names files, is logged instead).
    static HttpReply error(const models::Error &error, const FieldNames &fieldNames = {});
    static HttpReply unauthorized(const QString &description);
    static HttpReply notFound();
    /// 503 with Retry-After: the workers that check passwords are saturated.
    static HttpReply busy(int retryAfterSeconds);
    static HttpReply methodNotAllowed(const QByteArrayList &allowed);
    static HttpReply list(const QJsonArray &items);
    static QString reasonPhrase(int status);
};

} // namespace sd::gateway
