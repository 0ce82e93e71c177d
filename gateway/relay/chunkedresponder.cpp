#include "gateway/relay/chunkedresponder.h"

#include "gateway/http/connectionguard.h"

#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QTimerEvent>
#include <charconv>

namespace sd::gateway {

namespace {
Q_LOGGING_CATEGORY(lcResponder, "streamdesk.gateway.relay")

constexpr char lastChunk[] = "0\r\n\r\n";
} // namespace

ChunkedResponder::ChunkedResponder(QHttpServerResponder &&responder, QObject *parent)
    : ChunkedResponder(std::move(responder), StreamOptions{}, parent)
{}

ChunkedResponder::ChunkedResponder(QHttpServerResponder &&responder, const StreamOptions &options,
                                   QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_sendTimeoutMs(options.sendTimeoutMs)
    , m_lingerMs(options.lingerMs)
{
    QTcpSocket *socket = m_socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        m_socket = nullptr;
        QMetaObject::invokeMethod(this, &ChunkedResponder::disconnected, Qt::QueuedConnection);
        return;
    }
    connect(socket, &QAbstractSocket::disconnected, this, &ChunkedResponder::onSocketGone);
    connect(socket, &QObject::destroyed, this, &ChunkedResponder::onSocketGone);
    connect(socket, &QIODevice::bytesWritten, this, &ChunkedResponder::onProgress);
    connect(socket, &QIODevice::bytesWritten, this, &ChunkedResponder::bytesWritten);
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &ChunkedResponder::onProgress);
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &ChunkedResponder::bytesWritten);
    }
    options.keepAlive().applyTo(socket->socketDescriptor());
    m_closeDelimited = ConnectionGuard::isHttp10(socket);

    // Qt HttpServer 6.4 parses any further input as the next request and writes its answer into this
    // response. The connection closes when this response is complete, so extra input is dropped; the
    // handler lives as long as the socket, even after this object is gone.
    disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(socket, &QIODevice::readyRead, socket, [socket] {
        const qint64 dropped = socket->skip(socket->bytesAvailable());
        qCDebug(lcResponder) << "dropped" << dropped << "bytes of input on a responding connection";
    });
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

ChunkedResponder::~ChunkedResponder()
{
    QTcpSocket *socket = m_socket;
    if (!socket)
        return;
    // No signal may reach the owner from a half-destroyed object.
    socket->disconnect(this);
    if (m_state == State::Idle) {
        qCWarning(lcResponder) << "request dropped without an answer, sending 500";
        respond(StatusCode::InternalServerError, {}, {});
    } else if (m_state == State::Streaming) {
        socket->abort();
    }
}

bool ChunkedResponder::begin(StatusCode status, const HeaderList &headers)
{
    if (m_state != State::Idle || !m_socket)
        return false;
    m_state = State::Streaming;
    HeaderList all = headers;
    if (!m_closeDelimited)
        all.append({QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked")});
    all.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    writeHead(status, all);
    return true;
}

bool ChunkedResponder::writeChunk(QByteArrayView data)
{
    if (m_state != State::Streaming || !m_socket)
        return false;
    if (data.isEmpty())
        return true;
    if (m_closeDelimited) {
        writeBody(data.data(), data.size());
        return true;
    }
    // Three appends to the socket buffer instead of one framed copy per stream.
    char head[20];
    char *end = std::to_chars(head, head + sizeof(head) - 2, data.size(), 16).ptr;
    *end++ = '\r';
    *end++ = '\n';
    writeBody(head, end - head);
    writeBody(data.data(), data.size());
    writeBody("\r\n", 2);
    // Sent now rather than on the socket's next write notification: a pass of the worker's loop less per
    // event, and the write notifier Qt enables and disables meanwhile costs EpollEventDispatcher no
    // epoll_ctl. Over TLS, Qt already sends from one posted flush after the handler.
    if (QTcpSocket *socket = m_socket; socket && !qobject_cast<QSslSocket *>(socket))
        socket->flush();
    return true;
}

bool ChunkedResponder::end()
{
    QTcpSocket *socket = m_socket;
    if (m_state != State::Streaming || !socket)
        return false;
    m_state = State::Finished;
    if (!m_closeDelimited)
        writeBody(lastChunk, sizeof(lastChunk) - 1);
    socket->disconnectFromHost();
    closeDeadline();
    return true;
}

bool ChunkedResponder::respond(StatusCode status, const HeaderList &headers, QByteArrayView body)
{
    QTcpSocket *socket = m_socket;
    if (m_state != State::Idle || !socket)
        return false;
    m_state = State::Finished;
    HeaderList all = headers;
    all.append({QByteArrayLiteral("Content-Length"), QByteArray::number(body.size())});
    all.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    writeHead(status, all);
    if (!body.isEmpty())
        writeBody(body.data(), body.size());
    socket->disconnectFromHost();
    closeDeadline();
    return true;
}

void ChunkedResponder::abort()
{
    m_state = State::Finished;
    if (QTcpSocket *socket = m_socket)
        socket->abort();
}

bool ChunkedResponder::isConnected() const
{
    return m_socket != nullptr;
}

qint64 ChunkedResponder::bytesToWrite() const
{
    const QTcpSocket *socket = m_socket;
    if (!socket)
        return 0;
    // Over TLS the plain bytes are encrypted at once; the queue the client is not reading sits there.
    if (const auto *tls = qobject_cast<const QSslSocket *>(socket))
        return tls->bytesToWrite() + tls->encryptedBytesToWrite();
    return socket->bytesToWrite();
}

qint64 ChunkedResponder::unsentBodyBytes() const
{
    const QTcpSocket *socket = m_socket;
    if (!socket)
        return 0;
    qint64 unsent = socket->bytesToWrite();
    if (const auto *tls = qobject_cast<const QSslSocket *>(socket)) {
        // A TLS record carries at most 16 KiB and adds well under 256 bytes to it.
        const auto encrypted = tls->encryptedBytesToWrite();
        unsent += qMax<qint64>(0, encrypted - (encrypted / 16384 + 1) * 256);
    }
    return qMin(unsent, m_bodyBytes);
}

void ChunkedResponder::writeBody(const char *data, qint64 size)
{
    m_responder.writeBody(data, size);
    m_bodyBytes += size;
    if (m_sendTimeoutMs > 0 && !m_sendTimer.isActive()) {
        m_sendDeadline.setRemainingTime(m_sendTimeoutMs);
        m_sendTimer.start(m_sendTimeoutMs, this);
    }
}

void ChunkedResponder::onProgress()
{
    if (m_sendTimer.isActive())
        m_sendDeadline.setRemainingTime(m_sendTimeoutMs);
}

void ChunkedResponder::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sendTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_sendTimer.stop();
    QTcpSocket *socket = m_socket;
    if (!socket || bytesToWrite() == 0)
        return;
    if (!m_sendDeadline.hasExpired()) {
        m_sendTimer.start(qMax<qint64>(1, m_sendDeadline.remainingTime()), this);
        return;
    }
    qCInfo(lcResponder).noquote() << "Closing the connection of" << socket->peerAddress().toString()
                                  << "- it took none of" << bytesToWrite() << "queued bytes for"
                                  << m_sendTimeoutMs << "ms (send timeout)";
    Q_EMIT sendTimedOut();
    abort();
}

void ChunkedResponder::closeDeadline()
{
    if (m_lingerMs <= 0)
        return;
    QTcpSocket *socket = m_socket;
    const int lingerMs = m_lingerMs;
    // The socket is the timer's context: the deadline outlives this object and dies with the connection.
    QTimer::singleShot(lingerMs, socket, [socket, lingerMs] {
        if (socket->state() == QAbstractSocket::UnconnectedState)
            return;
        qCInfo(lcResponder).noquote() << "Closing the connection of" << socket->peerAddress().toString()
                                      << "- it did not take the rest of its response within" << lingerMs
                                      << "ms (" << socket->bytesToWrite() << "bytes left)";
        socket->abort();
    });
}

void ChunkedResponder::writeHead(StatusCode status, const HeaderList &headers)
{
    m_responder.writeStatusLine(status);
    for (const auto &[name, value] : headers)
        m_responder.writeHeader(name, value);
    // The first body write ends the header block, so the client sees the headers at once.
    m_responder.writeBody(QByteArray());
}

void ChunkedResponder::onSocketGone()
{
    if (!m_socket)
        return;
    m_socket = nullptr;
    m_state = State::Finished;
    Q_EMIT disconnected();
}

} // namespace sd::gateway
