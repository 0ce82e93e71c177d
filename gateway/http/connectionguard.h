#pragma once

#include "gateway/http/connectionlimits.h"
#include "gateway/http/requestheadcheck.h"

#include <QObject>

class QTcpSocket;

namespace sd::gateway {

/// Enforces ConnectionLimits on one accepted socket, whose child it is. Attached before Qt HttpServer
/// connects to the socket, so it sees every byte before Qt buffers it: a request that is not complete in
/// time gets 408; a head that RequestHeadCheck refuses gets its answer (431 over the header limits, 400 for
/// malformed or ambiguous framing, ...); a request that grows past the byte limit once its head is complete
/// gets 413; each of these connections is then closed. Once the request is answered (markAnswered()) the
/// guard steps back.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    static ConnectionGuard *attach(QTcpSocket *socket, const ConnectionLimits &limits);
    /// The socket's request went to a handler; returns false when it already had (a pipelined extra
    /// request, or one the guard refused), which must then be ignored.
    static bool markAnswered(QTcpSocket *socket);
    /// The socket's request line says HTTP/1.0; Qt HttpServer 6.4's QHttpServerRequest does not tell.
    static bool isHttp10(const QTcpSocket *socket);

    /// The request timeout has passed (RequestTimeouts calls this): 408 unless answered by now.
    void expire();

private:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits);
    void onReadyRead();
    void refuse(int status, const QByteArray &reason, const QString &message);

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    qint64 m_received = 0;
    RequestHeadCheck m_head;
    bool m_answered = false;
};

} // namespace sd::gateway
