#pragma once

#include "gateway/server/connectionguard.h"

#include <QTcpSocket>

namespace sd::gateway {

/// A QTcpServer or QSslServer whose accepted sockets get a ConnectionGuard before anyone else sees them:
/// Qt HttpServer takes connections through the virtual nextPendingConnection().
template <class Server> class GuardedServer final : public Server
{
public:
    GuardedServer(const ConnectionLimits &limits, QObject *parent)
        : Server(parent)
        , m_limits(limits)
    {}

    QTcpSocket *nextPendingConnection() override
    {
        auto *socket = Server::nextPendingConnection();
        if (socket)
            ConnectionGuard::attach(socket, m_limits);
        return socket;
    }

private:
    ConnectionLimits m_limits;
};

} // namespace sd::gateway
