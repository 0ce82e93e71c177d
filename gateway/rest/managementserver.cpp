#include "gateway/rest/managementserver.h"

#include "gateway/auth/cryptopool.h"
#include "gateway/relay/chunkedresponder.h"
#include "gateway/rest/restreply.h"
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

ManagementServer::ManagementServer(TokenEndpoint *tokens, Handler restApi, CryptoPool *crypto,
                                   QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_restApi(std::move(restApi))
    , m_crypto(crypto)
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
    auto reply = route(request);
    while (reply.deferred)
        reply = reply.deferred()();
    return reply;
}

HttpReply ManagementServer::route(const ApiRequest &request) const
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
    const auto reply = route(api);
    qCDebug(lcManagement).noquote() << api.method << api.path << "->"
                                    << (reply.deferred ? QStringLiteral("crypto workers")
                                                       : QString::number(reply.status));
    auto *client = new ChunkedResponder(std::move(responder), this);
    // A client that leaves takes its responder along; a result still on its way is then dropped.
    connect(client, &ChunkedResponder::disconnected, client, &QObject::deleteLater);
    complete(client, reply, api);
}

void ManagementServer::complete(ChunkedResponder *client, HttpReply reply, const ApiRequest &request)
{
    if (!reply.deferred) {
        answer(client, reply);
        return;
    }
    if (!m_crypto) {
        complete(client, reply.deferred()(), request);
        return;
    }
    const bool queued = m_crypto->run(client, [this, client, job = std::move(reply.deferred), request] {
        auto finish = job();
        return CryptoPool::Finish(
            [this, client, finish = std::move(finish), request] { complete(client, finish(), request); });
    });
    if (queued)
        return;
    qCInfo(lcManagement).noquote() << "Crypto workers saturated: answering" << request.method << request.path
                                   << "from" << request.remoteAddress << "with 503";
    const auto seconds = m_crypto->retryAfterSeconds();
    answer(client, request.path.startsWith(QStringLiteral("/oauth2/")) ? TokenEndpoint::busy(seconds)
                                                                       : RestReply::busy(seconds));
}

void ManagementServer::answer(ChunkedResponder *client, const HttpReply &reply)
{
    if (reply.delayMs <= 0) {
        write(*client, reply);
        client->deleteLater();
        return;
    }
    QTimer::singleShot(reply.delayMs, client, [client, reply] {
        write(*client, reply);
        client->deleteLater();
    });
}

} // namespace sd::gateway
