#include "tests/gateway/server/testbackend.h"

#include <QTimer>

namespace sd::gateway::test {

namespace {

constexpr qint64 floodLowWater = 256 * 1024;

} // namespace

TestBackend::TestBackend(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, &TestBackend::onNewConnection);
}

bool TestBackend::listen()
{
    // Hundreds of gateway streams may connect at once.
    m_server.setListenBacklogSize(1024);
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString TestBackend::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void TestBackend::setResponseHead(int status, const QByteArray &contentType, Framing framing)
{
    m_status = status;
    m_contentType = contentType;
    m_framing = framing;
}

qsizetype TestBackend::requestCount() const
{
    return std::count_if(m_connections.cbegin(), m_connections.cend(),
                         [](const Connection &c) { return c.request.endsWith("\r\n\r\n"); });
}

qsizetype TestBackend::openCount() const
{
    return std::count_if(m_connections.cbegin(), m_connections.cend(),
                         [](const Connection &c) { return !c.closed; });
}

QByteArray TestBackend::requestHeader(qsizetype index, QByteArrayView name) const
{
    const auto lines = request(index).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto line = lines[i].trimmed();
        const auto colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed();
    }
    return {};
}

qint64 TestBackend::unsentBytes(qsizetype index) const
{
    const auto &socket = m_connections.value(index).socket;
    return socket ? socket->bytesToWrite() : 0;
}

void TestBackend::send(qsizetype index, const QByteArray &bytes)
{
    auto &c = m_connections[index];
    if (c.closed || !c.socket || bytes.isEmpty())
        return;
    if (m_framing == Framing::Chunked)
        c.socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
    else
        c.socket->write(bytes);
    c.bytesSent += bytes.size();
}

void TestBackend::sendInPieces(qsizetype index, const QByteArray &bytes, qsizetype maxPiece, bool endAfter)
{
    sendNextPiece(index, bytes, 0, maxPiece, endAfter);
}

void TestBackend::sendNextPiece(qsizetype index, const QByteArray &bytes, qsizetype offset,
                                qsizetype maxPiece, bool endAfter)
{
    auto &c = m_connections[index];
    if (offset >= bytes.size() || c.closed || !c.socket) {
        if (endAfter)
            end(index);
        return;
    }
    const auto piece = 1 + m_random.bounded(maxPiece);
    send(index, bytes.mid(offset, piece));
    c.socket->flush();
    QTimer::singleShot(0, this,
                       [=, this] { sendNextPiece(index, bytes, offset + piece, maxPiece, endAfter); });
}

void TestBackend::sendAll(const QByteArray &bytes)
{
    for (qsizetype i = 0; i < m_connections.size(); ++i) {
        if (m_connections[i].answered)
            send(i, bytes);
    }
}

void TestBackend::end(qsizetype index)
{
    auto &c = m_connections[index];
    if (c.closed || !c.socket)
        return;
    if (m_framing == Framing::Chunked)
        c.socket->write("0\r\n\r\n");
    c.socket->disconnectFromHost();
}

void TestBackend::endAll()
{
    for (qsizetype i = 0; i < m_connections.size(); ++i)
        end(i);
}

void TestBackend::drop(qsizetype index)
{
    if (auto &c = m_connections[index]; !c.closed && c.socket)
        c.socket->disconnectFromHost();
}

void TestBackend::flood(qsizetype index, const QByteArray &unit)
{
    auto &c = m_connections[index];
    c.floodUnit = unit;
    if (c.socket)
        connect(c.socket, &QIODevice::bytesWritten, this, [this, index] { topUpFlood(index); });
    topUpFlood(index);
}

void TestBackend::topUpFlood(qsizetype index)
{
    auto &c = m_connections[index];
    while (!c.closed && c.socket && c.socket->bytesToWrite() < floodLowWater)
        send(index, c.floodUnit);
}

void TestBackend::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        const auto index = m_connections.size();
        m_connections.append(Connection{socket, {}, false, false, 0, {}});
        connect(socket, &QIODevice::readyRead, this, [this, index] { onReadyRead(index); });
        connect(socket, &QAbstractSocket::disconnected, this, [this, index] { onClosed(index); });
    }
}

void TestBackend::onReadyRead(qsizetype index)
{
    auto &c = m_connections[index];
    const auto bytes = c.socket->readAll();
    if (c.answered || c.request.endsWith("\r\n\r\n"))
        return; // the request has no body; later bytes are not a new request
    c.request += bytes;
    if (!c.request.contains("\r\n\r\n"))
        return;
    c.request.truncate(c.request.indexOf("\r\n\r\n") + 4);
    if (!m_silent) {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(m_status) +
                          " Status\r\nContent-Type: " + m_contentType + "\r\nCache-Control: no-store\r\n";
        if (m_status != 200 || !m_contentType.toLower().contains("text/event-stream")) {
            // Not a stream: a small complete body, as a real server's error page.
            head += "Content-Length: 6\r\n\r\nfailed";
        } else if (m_framing == Framing::Chunked) {
            head += "Transfer-Encoding: chunked\r\n\r\n";
        } else {
            head += "Connection: close\r\n\r\n";
        }
        c.socket->write(head);
        c.answered = true;
    }
    Q_EMIT requestReceived(index);
}

void TestBackend::onClosed(qsizetype index)
{
    auto &c = m_connections[index];
    if (c.closed)
        return;
    c.closed = true;
    if (c.socket)
        c.socket->deleteLater();
    Q_EMIT connectionClosed(index);
}

} // namespace sd::gateway::test
