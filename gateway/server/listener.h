#pragma once

#include "gateway/http/connectionlimits.h"
#include "gateway/server/connectionadmission.h"
#include "models/result.h"

#include <QHostAddress>
#include <QTcpServer>
#include <functional>

namespace sd::gateway {

class AcceptLoop;

/// One listening port: accepts with AcceptLoop, holds each new connection to the ConnectionAdmission caps
/// and hands the admitted descriptor on, to a server on this thread or to a worker thread. A TLS port
/// listens like a plain one; the handshake happens where the descriptor goes.
class Listener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    /// Takes an admitted descriptor; it owns it from then on.
    using Dispatch = std::function<void(qintptr descriptor)>;

    Listener(const ConnectionLimits &limits, bool tls, Dispatch dispatch, QObject *parent = nullptr);

    /// Listens on `port` (0: any free port). A busy port is an error naming it.
    models::Result<quint16> open(const QHostAddress &address, quint16 port);
    ConnectionAdmission *admission() { return &m_admission; }
    const ConnectionAdmission *admission() const { return &m_admission; }

private:
    bool m_tls;
    Dispatch m_dispatch;
    ConnectionAdmission m_admission;
    AcceptLoop *m_acceptLoop;
};

} // namespace sd::gateway
