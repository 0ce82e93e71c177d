#pragma once

#include "gateway/http/connectionguard.h"
#include "gateway/server/connectionadmission.h"
#include "gateway/server/requesttimeouts.h"

#include <QSslServer>
#include <QTcpSocket>
#include <type_traits>

namespace sd::gateway {

/// A QTcpServer or QSslServer that does not listen: it takes descriptors a Listener accepted and admitted
/// (on this thread or another) and makes their sockets on its own thread. Each socket gets a
/// ConnectionGuard before anyone else sees it (Qt HttpServer takes connections through the virtual
/// nextPendingConnection()) and counts in the listener's ConnectionAdmission until answered.
template <class Server> class GuardedServer final : public Server
{
public:
    GuardedServer(const ConnectionLimits &limits, ConnectionAdmission *admission, QObject *parent)
        : Server(parent)
        , m_limits(limits)
        , m_timeouts(limits.requestTimeoutMs)
        , m_admission(admission)
    {}

    /// Makes the socket of an admitted descriptor and announces it as Qt's own accept loop would; null
    /// when Qt could make none.
    QTcpSocket *take(qintptr descriptor)
    {
        this->incomingConnection(descriptor);
        // QTcpServer and QSslServer make the socket as their newest child.
        auto *socket = qobject_cast<QTcpSocket *>(this->children().constLast());
        m_admission->track(descriptor, socket);
        Q_EMIT this->newConnection();
        return socket && socket->socketDescriptor() == descriptor ? socket : nullptr;
    }

    QTcpSocket *nextPendingConnection() override
    {
        auto *socket = Server::nextPendingConnection();
        // QTcpServer resumes accepting here; this server must never accept on its own.
        if (this->isListening())
            this->pauseAccepting();
        if (socket)
            m_timeouts.watch(ConnectionGuard::attach(socket, m_limits));
        return socket;
    }

private:
    ConnectionLimits m_limits;
    RequestTimeouts m_timeouts;
    ConnectionAdmission *m_admission;
};

} // namespace sd::gateway
