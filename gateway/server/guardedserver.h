#pragma once

#include "gateway/http/connectionguard.h"
#include "gateway/server/acceptloop.h"
#include "gateway/server/connectionadmission.h"
#include "gateway/server/requesttimeouts.h"

#include <QSslServer>
#include <QTcpSocket>
#include <type_traits>

namespace sd::gateway {

/// A QTcpServer or QSslServer whose accepted sockets get a ConnectionGuard before anyone else sees them:
/// Qt HttpServer takes connections through the virtual nextPendingConnection(). AcceptLoop accepts for it,
/// and ConnectionAdmission refuses what is over the caps before a socket is made.
template <class Server> class GuardedServer final : public Server
{
public:
    GuardedServer(const ConnectionLimits &limits, QObject *parent)
        : Server(parent)
        , m_limits(limits)
        , m_timeouts(limits.requestTimeoutMs)
        , m_admission(this, limits, std::is_base_of_v<QSslServer, Server>)
        , m_acceptLoop(new AcceptLoop(this, [this](qintptr descriptor) {
            if (!m_admission.admit(descriptor))
                return;
            this->incomingConnection(descriptor);
            // QTcpServer and QSslServer make the socket as their newest child.
            m_admission.track(descriptor, this->children().constLast());
            Q_EMIT this->newConnection();
        }))
    {}

    /// Call once the server listens.
    void startAcceptLoop() { m_acceptLoop->start(); }
    ConnectionAdmission *admission() { return &m_admission; }

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
    ConnectionAdmission m_admission;
    AcceptLoop *m_acceptLoop;
};

} // namespace sd::gateway
