#include "gateway/server/httpendpoint.h"

#include "gateway/server/guardedserver.h"

#include <QSslServer>
#include <QTcpServer>
#include <functional>
#include <unistd.h>

namespace sd::gateway {

HttpEndpoint::HttpEndpoint(RequestHandler *handler, const ConnectionLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
    , m_limits(limits)
{}

models::Result<quint16> HttpEndpoint::listen(const QHostAddress &address, quint16 port,
                                             const std::optional<QSslConfiguration> &tls)
{
    auto *listener = new Listener(
        m_limits, tls.has_value(), [this](qintptr descriptor) { take(descriptor); }, this);
    const auto opened = listener->open(address, port);
    if (!opened) {
        delete listener;
        return opened.error();
    }
    serve(listener, tls);
    m_listener = listener;
    m_port = opened.value();
    return m_port;
}

void HttpEndpoint::serve(Listener *listener, const std::optional<QSslConfiguration> &tls)
{
    auto *admission = listener->admission();
    QTcpServer *server = nullptr;
    if (tls) {
        auto *ssl = new GuardedServer<QSslServer>(m_limits, admission, this);
        ssl->setSslConfiguration(*tls);
        ssl->setHandshakeTimeout(m_limits.tlsHandshakeTimeoutMs);
        m_take = [ssl](qintptr descriptor) { return ssl->take(descriptor); };
        server = ssl;
    } else {
        auto *tcp = new GuardedServer<QTcpServer>(m_limits, admission, this);
        m_take = [tcp](qintptr descriptor) { return tcp->take(descriptor); };
        server = tcp;
    }
    // Qt HttpServer warns unless the server it binds listens. This one listens on a duplicate of the
    // listener's socket without ever accepting on it (GuardedServer keeps it paused): connections arrive
    // only through take().
    if (const int copy = ::dup(int(listener->socketDescriptor())); copy >= 0) {
        if (server->setSocketDescriptor(copy))
            server->pauseAccepting();
        else
            ::close(copy);
    }
    bind(server);
    m_admission = admission;
}

QTcpSocket *HttpEndpoint::take(qintptr descriptor)
{
    return m_take(descriptor);
}

void HttpEndpoint::close()
{
    if (m_listener)
        m_listener->close();
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
