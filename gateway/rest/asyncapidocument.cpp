#include "gateway/rest/asyncapidocument.h"

#include "gateway/rest/jsonmapping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace sd::gateway {

namespace {

using models::Result;
using models::validationError;

const QString securityScheme = QStringLiteral("bearerAuth");

QJsonObject server(const QString &url, const QString &protocol)
{
    return QJsonObject{
        {QStringLiteral("url"), url},
        {QStringLiteral("protocol"), protocol},
        {QStringLiteral("description"), QStringLiteral("StreamDesk gateway (%1)").arg(protocol)},
        {QStringLiteral("security"), QJsonArray{QJsonObject{{securityScheme, QJsonArray{}}}}}};
}

/// The URL of an AsyncAPI server, with {variables} replaced by their defaults and the protocol as the
/// scheme when the URL has none ("localhost:8080" with protocol "http").
Result<QString> serverUrl(const QString &name, const QJsonValue &value)
{
    const auto field = QStringLiteral("servers.%1.url").arg(name);
    if (!value.isObject())
        return validationError(QStringLiteral("servers.%1").arg(name),
                               QStringLiteral("Expected a server object."));
    const auto object = value.toObject();
    auto url = JsonMapping::string(object, QStringLiteral("url"), {}, field);
    if (!url)
        return url.error();
    const auto variables = object.value(QStringLiteral("variables")).toObject();
    for (auto it = variables.begin(); it != variables.end(); ++it) {
        const auto fallback = it.value().toObject().value(QStringLiteral("default"));
        if (fallback.isString())
            url.value().replace(u'{' + it.key() + u'}', fallback.toString());
    }
    if (!url->contains(QStringLiteral("://"))) {
        auto protocol = object.value(QStringLiteral("protocol")).toString().toLower();
        if (protocol != u"https")
            protocol = QStringLiteral("http"); // http, sse or unspecified: SSE runs over plain HTTP
        url = QString(protocol + QStringLiteral("://") + url.value());
    }
    return url;
}

Result<QString> endpointFromServers(const QJsonObject &document, const QString &preferred, bool anyServer)
{
    const auto servers = document.value(QStringLiteral("servers"));
    if (servers.isUndefined())
        return QString();
    if (!servers.isObject())
        return validationError(QStringLiteral("servers"), QStringLiteral("Expected an object of servers."));
    const auto object = servers.toObject();
    if (object.contains(preferred))
        return serverUrl(preferred, object.value(preferred));
    // QJsonObject keeps keys sorted, so "first" is the first server name in alphabetical order.
    if (anyServer && !object.isEmpty())
        return serverUrl(object.begin().key(), object.begin().value());
    return QString();
}

Result<QList<models::Topic>> topicsOf(const QJsonObject &document)
{
    const auto value = document.value(QStringLiteral("channels"));
    if (value.isUndefined())
        return QList<models::Topic>{models::Topic{}};
    if (!value.isObject())
        return validationError(QStringLiteral("channels"), QStringLiteral("Expected an object of channels."));
    const auto channels = value.toObject();
    if (channels.isEmpty())
        return QList<models::Topic>{models::Topic{}};
    QList<models::Topic> topics;
    for (auto it = channels.begin(); it != channels.end(); ++it) {
        if (!it.value().toObject().value(QStringLiteral("subscribe")).isObject())
            return validationError(
                QStringLiteral("channels.%1").arg(it.key()),
                QStringLiteral("An SSE API only sends events to clients: each channel needs a "
                               "subscribe operation."));
        const QString target = it.key().startsWith(u'/') ? it.key() : QString(u'/' + it.key());
        topics.append(models::Topic{target, QStringLiteral("SUBSCRIBE")});
    }
    return topics;
}

} // namespace

QJsonObject AsyncApiDocument::fromApi(const models::Api &api, const QString &host, const GatewayPorts &ports)
{
    QJsonObject info{{QStringLiteral("title"), api.name}, {QStringLiteral("version"), api.version}};
    if (!api.description.isEmpty())
        info.insert(QStringLiteral("description"), api.description);
    QJsonObject servers;
    if (ports.http)
        servers.insert(QStringLiteral("http"),
                       server(JsonMapping::gatewayUrl(QStringLiteral("http"), host, ports.http, api),
                              QStringLiteral("http")));
    if (ports.https)
        servers.insert(QStringLiteral("https"),
                       server(JsonMapping::gatewayUrl(QStringLiteral("https"), host, ports.https, api),
                              QStringLiteral("https")));
    QJsonObject channels;
    for (const auto &topic : api.topics) {
        const QJsonObject message{
            {QStringLiteral("name"), QStringLiteral("event")},
            {QStringLiteral("title"), QStringLiteral("Server-sent event")},
            {QStringLiteral("contentType"), QStringLiteral("text/event-stream")},
            {QStringLiteral("payload"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                         {QStringLiteral("description"),
                          QStringLiteral("The data of one event, as the backend sent it.")}}}};
        channels.insert(
            topic.target,
            QJsonObject{
                {QStringLiteral("subscribe"),
                 QJsonObject{{QStringLiteral("summary"),
                              QStringLiteral("Receive the events of %1 %2.").arg(api.name, topic.target)},
                             {QStringLiteral("message"), message}}}});
    }
    QJsonObject document{
        {QStringLiteral("asyncapi"), QStringLiteral("2.6.0")},
        {QStringLiteral("info"), info},
        {QStringLiteral("defaultContentType"), QStringLiteral("text/event-stream")},
        {QStringLiteral("servers"), servers},
        {QStringLiteral("channels"), channels},
        {QStringLiteral("components"),
         QJsonObject{
             {QStringLiteral("securitySchemes"),
              QJsonObject{{securityScheme,
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                       {QStringLiteral("scheme"), QStringLiteral("bearer")},
                                       {QStringLiteral("description"),
                                        QStringLiteral("An access token from the /oauth2/token endpoint of "
                                                       "the management port.")}}}}}}},
        {QStringLiteral("x-context"), api.context},
        {QStringLiteral("x-policies"), QJsonArray::fromStringList(api.plans)},
    };
    if (!api.productionEndpoint.isEmpty())
        document.insert(QStringLiteral("x-endpoint"), api.productionEndpoint);
    if (!api.sandboxEndpoint.isEmpty())
        document.insert(QStringLiteral("x-sandbox-endpoint"), api.sandboxEndpoint);
    return document;
}

QString AsyncApiDocument::contextFromTitle(const QString &title)
{
    static const QRegularExpression other(QStringLiteral("[^a-z0-9._~-]+"));
    auto segment = title.toLower().replace(other, QStringLiteral("-"));
    while (segment.startsWith(u'-') || segment.startsWith(u'.') || segment.startsWith(u'_') ||
           segment.startsWith(u'~'))
        segment.remove(0, 1);
    while (segment.endsWith(u'-'))
        segment.chop(1);
    return u'/' + segment;
}

QHash<QString, QString> AsyncApiDocument::fieldNames()
{
    return {{QStringLiteral("name"), QStringLiteral("info.title")},
            {QStringLiteral("version"), QStringLiteral("info.version")},
            {QStringLiteral("description"), QStringLiteral("info.description")},
            {QStringLiteral("context"), QStringLiteral("x-context")},
            {QStringLiteral("productionEndpoint"), QStringLiteral("x-endpoint")},
            {QStringLiteral("sandboxEndpoint"), QStringLiteral("x-sandbox-endpoint")},
            {QStringLiteral("policies"), QStringLiteral("x-policies")},
            {QStringLiteral("operations"), QStringLiteral("channels")}};
}

Result<models::ApiDraft> AsyncApiDocument::toDraft(const QJsonObject &document)
{
    const auto version = document.value(QStringLiteral("asyncapi"));
    if (!version.isString() || !version.toString().startsWith(QStringLiteral("2.")))
        return validationError(
            QStringLiteral("asyncapi"),
            QStringLiteral("Expected an AsyncAPI 2.x document (\"asyncapi\": \"2.6.0\")."));
    if (!document.value(QStringLiteral("info")).isObject())
        return validationError(QStringLiteral("info"), QStringLiteral("The document needs an info object."));
    const auto info = document.value(QStringLiteral("info")).toObject();
    models::ApiDraft draft;
    for (const auto &[key, target] : {std::pair{QStringLiteral("title"), &draft.name},
                                      std::pair{QStringLiteral("version"), &draft.version},
                                      std::pair{QStringLiteral("description"), &draft.description}}) {
        const auto value = JsonMapping::string(info, key, {}, QStringLiteral("info.") + key);
        if (!value)
            return value.error();
        *target = value.value();
    }
    const auto context =
        JsonMapping::string(document, QStringLiteral("x-context"), contextFromTitle(draft.name));
    if (!context)
        return context.error();
    draft.context = context.value();

    auto production = JsonMapping::string(document, QStringLiteral("x-endpoint"), {});
    if (production && production->isEmpty())
        production = endpointFromServers(document, QStringLiteral("production"), true);
    if (!production)
        return production.error();
    draft.productionEndpoint = production.value();
    auto sandbox = JsonMapping::string(document, QStringLiteral("x-sandbox-endpoint"), {});
    if (sandbox && sandbox->isEmpty())
        sandbox = endpointFromServers(document, QStringLiteral("sandbox"), false);
    if (!sandbox)
        return sandbox.error();
    draft.sandboxEndpoint = sandbox.value();

    const auto plans = JsonMapping::stringList(document, QStringLiteral("x-policies"), {});
    if (!plans)
        return plans.error();
    draft.plans = plans.value();
    const auto topics = topicsOf(document);
    if (!topics)
        return topics.error();
    draft.topics = topics.value();
    return draft;
}

Result<models::ApiDraft> AsyncApiDocument::parse(const QByteArray &text)
{
    const auto trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return validationError(QStringLiteral("asyncapi"), QStringLiteral("The file is empty."));
    QJsonParseError error;
    const auto json = QJsonDocument::fromJson(trimmed, &error);
    if (error.error != QJsonParseError::NoError) {
        if (!trimmed.startsWith('{') && !trimmed.startsWith('['))
            return validationError(QStringLiteral("asyncapi"),
                                   QStringLiteral("The file is not JSON. StreamDesk reads AsyncAPI documents "
                                                  "in JSON; convert a YAML document to JSON first."));
        const auto line = trimmed.left(error.offset).count('\n') + 1;
        return validationError(
            QStringLiteral("asyncapi"),
            QStringLiteral("The file is not valid JSON: %1 on line %2.").arg(error.errorString()).arg(line));
    }
    if (!json.isObject())
        return validationError(
            QStringLiteral("asyncapi"),
            QStringLiteral("The file holds a JSON array, not an AsyncAPI document object."));
    return toDraft(json.object());
}

} // namespace sd::gateway
