#include "gateway/rest/managementserver.h"

#include "gateway/relay/chunkedresponder.h"
#include "gateway/token/tokenendpoint.h"

#include <QLoggingCategory>
#include <QMetaEnum>
#include <QTimer>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcManagement, "streamdesk.gateway.management")

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "OTHER";
    }
}

void write(ChunkedResponder &client, const HttpReply &reply)
{
    auto headers = reply.headers;
    if (!reply.contentType.isEmpty())
        headers.append({QByteArrayLiteral("Content-Type"), reply.contentType});
    client.respond(static_cast<QHttpServerResponder::StatusCode>(reply.status), headers, reply.body);
}

} // namespace

ManagementServer::ManagementServer(TokenEndpoint *tokens, Handler restApi, QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_restApi(std::move(restApi))
    , m_endpoint(this, ConnectionLimits{.maxRequestBytes = maxBodyBytes + maxHeadBytes})
{}

models::Result<quint16> ManagementServer::listen(const QHostAddress &address, quint16 port,
                                                 const std::optional<QSslConfiguration> &tls)
{
    return m_endpoint.listen(address, port, tls);
}

void ManagementServer::close()
{
    m_endpoint.close();
}

HttpReply ManagementServer::dispatch(const ApiRequest &request) const
{
    if (request.body.size() > maxBodyBytes)
        return HttpReply::error(413, QStringLiteral("Payload Too Large"),
                                QStringLiteral("Request bodies are limited to %1 bytes.").arg(maxBodyBytes));
    if (request.path.startsWith(QStringLiteral("/oauth2/")))
        return m_tokens->handle(request);
    if (request.path.startsWith(QStringLiteral("/api/am/")) && m_restApi)
        return m_restApi(request);
    return HttpReply::error(404, QStringLiteral("Not Found"),
                            QStringLiteral("The requested resource is not available."));
}

void ManagementServer::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    ApiRequest api;
    api.method = methodName(request.method());
    api.url = request.url();
    api.path = request.url().path(QUrl::FullyDecoded);
    api.headers = request.headers();
    api.body = request.body();
    api.remoteAddress = request.remoteAddress().toString();
    const auto reply = dispatch(api);
    qCDebug(lcManagement).noquote() << api.method << api.path << "->" << reply.status;
    auto client = std::make_unique<ChunkedResponder>(std::move(responder));
    if (reply.delayMs <= 0) {
        write(*client, reply);
        return;
    }
    auto *later = client.release();
    later->setParent(this);
    connect(later, &ChunkedResponder::disconnected, later, &QObject::deleteLater);
    QTimer::singleShot(reply.delayMs, later, [later, reply] {
        write(*later, reply);
        later->deleteLater();
    });
}

} // namespace sd::gateway
