#pragma once

#include "gateway/rest/restservices.h"

#include <QJsonObject>

namespace sd::gateway {

/// AsyncAPI 2.6.0 documents of SSE APIs: export one (a server per gateway URL, a channel per topic with a
/// `subscribe` operation, an HTTP bearer security scheme, and x-context / x-endpoint / x-sandbox-endpoint /
/// x-policies extensions so that a round trip loses nothing) and turn an AsyncAPI 2.x document into an
/// API draft.
class AsyncApiDocument final
{
public:
    /// `host` is the gateway's vhost; a port of 0 leaves its server out.
    static QJsonObject fromApi(const models::Api &api, const QString &host, const GatewayPorts &ports);

    /// name = info.title, version = info.version, description = info.description, context = x-context or
    /// derived from the title, production endpoint = x-endpoint or the server named "production" or the
    /// first server by name, sandbox endpoint = x-sandbox-endpoint or the server named "sandbox",
    /// plans = x-policies, topics = the channels with a subscribe operation. Errors name the document field.
    static models::Result<models::ApiDraft> toDraft(const QJsonObject &document);
    /// toDraft() of a file's contents; text that is not a JSON object (YAML, a truncated file) is an error
    /// that says where the text goes wrong.
    static models::Result<models::ApiDraft> parse(const QByteArray &text);

    /// "/memory-stream" for "Memory Stream": lower case, runs of other characters as '-'.
    static QString contextFromTitle(const QString &title);
    /// Where each draft field came from, for naming the document field in the services' errors.
    static QHash<QString, QString> fieldNames();
};

} // namespace sd::gateway
