#include "gateway/http/connectionguard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcConnections, "streamdesk.gateway.connections")

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_head(limits)
{
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
}

ConnectionGuard *ConnectionGuard::attach(QTcpSocket *socket, const ConnectionLimits &limits)
{
    return new ConnectionGuard(socket, limits);
}

bool ConnectionGuard::markAnswered(QTcpSocket *socket)
{
    auto *guard = socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
    if (!guard) {
        // Every accepted socket has a guard; should one ever lack it, its request is still answered.
        qCWarning(lcConnections) << "A connection without a guard from" << socket->peerAddress().toString();
        return true;
    }
    if (guard->m_answered)
        return false;
    guard->m_answered = true;
    return true;
}

bool ConnectionGuard::isHttp10(const QTcpSocket *socket)
{
    const auto *guard = socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
    return guard && guard->m_head.isHttp10();
}

void ConnectionGuard::onReadyRead()
{
    // Runs before Qt's own handler, so bytesAvailable() is exactly what arrived since the last call. Once
    // answered, the responder owns the input (ChunkedResponder drops it).
    if (m_answered)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (!m_head.isComplete()) {
        m_head.feed(m_socket->peek(available));
        if (const auto &refusal = m_head.refusal()) {
            refuse(refusal->status, refusal->reason, refusal->message);
            return;
        }
    }
    m_received += available;
    if (m_received > m_limits.maxRequestBytes)
        refuse(413, "Payload Too Large",
               QStringLiteral("The request is larger than %1 bytes.").arg(m_limits.maxRequestBytes));
}

void ConnectionGuard::expire()
{
    if (!m_answered)
        refuse(408, "Request Timeout",
               QStringLiteral("No complete request within %1 ms.").arg(m_limits.requestTimeoutMs));
}

void ConnectionGuard::refuse(int status, const QByteArray &reason, const QString &message)
{
    qCInfo(lcConnections).noquote() << "Answering" << status << "to" << m_socket->peerAddress().toString()
                                    << "-" << message;
    m_answered = true;
    // Qt must not parse what is buffered: its handler is connected after this guard's and is skipped.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    const auto body =
        QJsonDocument(QJsonObject{{QStringLiteral("code"), status}, {QStringLiteral("message"), message}})
            .toJson(QJsonDocument::Compact);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_socket->disconnectFromHost();
}

} // namespace sd::gateway
