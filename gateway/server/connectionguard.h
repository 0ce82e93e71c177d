#pragma once

#include "gateway/server/connectionlimits.h"

#include <QObject>

class QTcpSocket;

namespace sd::gateway {

/// Enforces ConnectionLimits on one accepted socket, whose child it is. Attached before Qt HttpServer
/// connects to the socket, so it sees every byte before Qt buffers it: a request that is not complete in
/// time gets 408; a head (request line and header fields up to the blank line) over its byte or field limit
/// gets 431 (414 while still in the request line); a request that grows past the byte limit once its head is
/// complete gets 413; each of these connections is then closed. Once the request is answered
/// (markAnswered()) the guard steps back.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    static ConnectionGuard *attach(QTcpSocket *socket, const ConnectionLimits &limits);
    /// The socket's request went to a handler; returns false when it already had (a pipelined extra
    /// request, or one the guard refused), which must then be ignored.
    static bool markAnswered(QTcpSocket *socket);

    /// The request timeout has passed (RequestTimeouts calls this): 408 unless answered by now.
    void expire();

private:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits);
    void onReadyRead();
    /// Follows the head through `bytes`; false when it broke a limit and was refused.
    bool scanHead(QByteArrayView bytes);
    void refuse(int status, const char *reason, const QString &message);

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    qint64 m_received = 0;
    qint64 m_headBytes = 0;
    qint64 m_lineBytes = 0; // of the current head line, without CR and LF
    int m_headerFields = 0;
    bool m_requestLineSeen = false;
    bool m_headComplete = false;
    bool m_answered = false;
};

} // namespace sd::gateway
