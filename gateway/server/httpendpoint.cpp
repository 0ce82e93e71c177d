#include "gateway/server/httpendpoint.h"

#include "gateway/server/guardedserver.h"

#include <QSslServer>
#include <QTcpServer>
#include <functional>

namespace sd::gateway {

HttpEndpoint::HttpEndpoint(RequestHandler *handler, const ConnectionLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
    , m_limits(limits)
{}

models::Result<quint16> HttpEndpoint::listen(const QHostAddress &address, quint16 port,
                                             const std::optional<QSslConfiguration> &tls)
{
    QTcpServer *server = nullptr;
    ConnectionAdmission *admission = nullptr;
    std::function<void()> startAcceptLoop;
    const auto use = [&](auto *guarded) {
        server = guarded;
        admission = guarded->admission();
        startAcceptLoop = [guarded] { guarded->startAcceptLoop(); };
    };
    if (tls) {
        auto *ssl = new GuardedServer<QSslServer>(m_limits, this);
        ssl->setSslConfiguration(*tls);
        ssl->setHandshakeTimeout(m_limits.tlsHandshakeTimeoutMs);
        use(ssl);
    } else {
        use(new GuardedServer<QTcpServer>(m_limits, this));
    }
    // Thousands of clients may connect at once when a gateway starts.
    server->setListenBacklogSize(4096);
    if (!server->listen(address, port)) {
        const auto message =
            QStringLiteral("Cannot listen on %1:%2 (%3): %4")
                .arg(address.toString())
                .arg(port)
                .arg(tls ? QStringLiteral("HTTPS") : QStringLiteral("HTTP"), server->errorString());
        delete server;
        return models::Error{models::Error::Kind::Conflict, message, {}};
    }
    startAcceptLoop();
    bind(server);
    m_server = server;
    m_admission = admission;
    m_port = server->serverPort();
    return m_port;
}

void HttpEndpoint::close()
{
    if (m_server)
        m_server->close();
}

void HttpEndpoint::flush()
{
    const auto sockets = findChildren<QTcpSocket *>();
    for (auto *socket : sockets) {
        if (socket->state() == QAbstractSocket::ConnectedState ||
            socket->state() == QAbstractSocket::ClosingState)
            socket->flush();
    }
}

bool HttpEndpoint::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Every answer ends with Connection: close, so a connection serves one request. Qt 6.4 hands a
    // pipelined second request over later through a queued call, and its answer would be written into the
    // running response: ignore it.
    if (!ConnectionGuard::markAnswered(socket))
        return true;
    m_admission->answered(socket);
    m_handler->handleRequest(request, makeResponder(request, socket));
    return true;
}

void HttpEndpoint::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace sd::gateway
