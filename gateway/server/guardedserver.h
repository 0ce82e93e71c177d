#pragma once

#include "gateway/server/acceptloop.h"
#include "gateway/server/connectionguard.h"
#include "gateway/server/requesttimeouts.h"

#include <QTcpSocket>

namespace sd::gateway {

/// A QTcpServer or QSslServer whose accepted sockets get a ConnectionGuard before anyone else sees them:
/// Qt HttpServer takes connections through the virtual nextPendingConnection(). AcceptLoop accepts for it.
template <class Server> class GuardedServer final : public Server
{
public:
    GuardedServer(const ConnectionLimits &limits, QObject *parent)
        : Server(parent)
        , m_limits(limits)
        , m_timeouts(limits.requestTimeoutMs)
        , m_acceptLoop(new AcceptLoop(this, [this](qintptr descriptor) {
            this->incomingConnection(descriptor);
            Q_EMIT this->newConnection();
        }))
    {}

    /// Call once the server listens.
    void startAcceptLoop() { m_acceptLoop->start(); }

    QTcpSocket *nextPendingConnection() override
    {
        auto *socket = Server::nextPendingConnection();
        if (socket)
            m_timeouts.watch(ConnectionGuard::attach(socket, m_limits));
        return socket;
    }

private:
    ConnectionLimits m_limits;
    RequestTimeouts m_timeouts;
    AcceptLoop *m_acceptLoop;
};

} // namespace sd::gateway
