#include "tests/gateway/server/testclient.h"

#include "gateway/sse/sseparser.h"

#include <QSslConfiguration>

namespace sd::gateway::test {

namespace {

constexpr qint64 notReadingBufferBytes = 16 * 1024;

bool isHex(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 15)
        return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

} // namespace

TestClient::TestClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QAbstractSocket::connected, this, [this] {
        if (m_trusted.isNull())
            onConnected();
    });
    connect(&m_socket, &QSslSocket::encrypted, this, &TestClient::onConnected);
    connect(&m_socket, &QIODevice::readyRead, this, &TestClient::onReadyRead);
    connect(&m_socket, &QAbstractSocket::disconnected, this, &TestClient::onDisconnected);
    connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_socketError.isEmpty() && error != QAbstractSocket::RemoteHostClosedError)
            m_socketError = m_socket.errorString();
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const auto &e : errors)
            m_socketError += e.errorString() + u'\n';
    });
}

TestClient::~TestClient()
{
    // The socket's destructor disconnects it; nothing may reach this half-destroyed object.
    m_socket.disconnect(this);
}

void TestClient::setReading(bool reading)
{
    m_reading = reading;
    m_socket.setReadBufferSize(reading ? 0 : notReadingBufferBytes);
    if (reading)
        onReadyRead();
}

void TestClient::request(quint16 port, const QByteArray &method, const QByteArray &target,
                         const HeaderList &headers, const QByteArray &body)
{
    QByteArray head =
        method + ' ' + target + " HTTP/1.1\r\nHost: localhost:" + QByteArray::number(port) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST")
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "\r\n";
    m_pendingWrite.prepend(head + body);
    open(port);
}

void TestClient::open(quint16 port)
{
    if (!m_localAddress.isNull())
        m_socket.bind(m_localAddress);
    if (m_trusted.isNull()) {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return;
    }
    auto config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({m_trusted});
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket.setSslConfiguration(config);
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, QStringLiteral("localhost"));
}

void TestClient::get(quint16 port, const QByteArray &target, const HeaderList &headers)
{
    request(port, QByteArrayLiteral("GET"), target, headers);
}

void TestClient::sendRaw(const QByteArray &bytes)
{
    if (m_connected)
        m_socket.write(bytes);
    else
        m_pendingWrite += bytes;
}

void TestClient::abort()
{
    m_socket.abort();
}

void TestClient::close()
{
    m_socket.disconnectFromHost();
}

bool TestClient::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

QByteArray TestClient::header(QByteArrayView name) const
{
    for (const auto &[n, v] : m_headers) {
        if (QByteArrayView(n).compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

int TestClient::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const auto &[n, v] : m_headers) {
        if (QByteArrayView(n).compare(name, Qt::CaseInsensitive) == 0)
            ++count;
    }
    return count;
}

QList<SseEvent> TestClient::events() const
{
    SseParser parser(SseParser::defaultMaxBlockSize, SseParser::Fields::Text);
    QList<SseEvent> blocks;
    parser.feed(m_body, blocks);
    QList<SseEvent> dispatched;
    for (const auto &block : std::as_const(blocks)) {
        if (block.dispatched)
            dispatched.append(block);
    }
    return dispatched;
}

void TestClient::onConnected()
{
    m_connected = true;
    m_socket.write(std::exchange(m_pendingWrite, {}));
}

void TestClient::onReadyRead()
{
    if (!m_reading)
        return;
    m_input += m_socket.readAll();
    parse();
}

void TestClient::onDisconnected()
{
    if (m_closed)
        return;
    if (m_reading && m_socket.bytesAvailable() > 0) {
        m_input += m_socket.readAll();
        parse();
    }
    m_closed = true;
    // A body without Content-Length or chunking ends with the connection.
    if (m_status > 0 && !m_chunked && m_contentLength < 0 && !m_ended) {
        m_ended = true;
        Q_EMIT ended();
    }
    Q_EMIT closed();
}

void TestClient::parse()
{
    if (m_status == 0 && !parseHead())
        return;
    const bool wasEnded = m_ended;
    const auto before = m_body.size();
    if (m_chunked) {
        parseChunks();
    } else if (m_contentLength >= 0) {
        const auto take = qMin<qint64>(m_input.size(), m_contentLength - m_body.size());
        m_body += m_input.first(take);
        m_input.remove(0, take);
        if (!m_input.isEmpty())
            setFramingError(QStringLiteral("bytes after the Content-Length body"));
        m_ended = m_body.size() == m_contentLength;
    } else {
        m_body += std::exchange(m_input, {});
    }
    if (m_body.size() != before)
        Q_EMIT bodyReceived();
    if (m_ended && !wasEnded)
        Q_EMIT ended();
}

bool TestClient::parseHead()
{
    const auto end = m_input.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const auto lines = m_input.first(end).split('\n');
    m_input.remove(0, end + 4);
    const auto statusLine = lines.first().trimmed();
    const auto parts = statusLine.split(' ');
    bool ok = false;
    const int status = parts.size() >= 2 ? parts[1].toInt(&ok) : 0;
    if (!statusLine.startsWith("HTTP/1.1 ") || !ok || status < 100) {
        setFramingError(QStringLiteral("bad status line: %1").arg(QString::fromLatin1(statusLine)));
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const auto colon = line.indexOf(':');
        if (colon <= 0) {
            setFramingError(QStringLiteral("bad header line: %1").arg(QString::fromLatin1(line)));
            continue;
        }
        m_headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
    }
    m_chunked = header("Transfer-Encoding").toLower() == "chunked";
    if (const auto length = header("Content-Length"); !length.isEmpty())
        m_contentLength = length.toLongLong();
    if (m_chunked && m_contentLength >= 0)
        setFramingError(QStringLiteral("both chunked and Content-Length"));
    m_status = status;
    Q_EMIT headReceived();
    return true;
}

bool TestClient::parseChunks()
{
    while (!m_input.isEmpty()) {
        if (m_ended) {
            setFramingError(QStringLiteral("bytes after the last chunk"));
            m_input.clear();
            return false;
        }
        if (m_chunkLeft > 0) {
            const auto take = qMin<qint64>(m_chunkLeft, m_input.size());
            m_body += m_input.first(take);
            m_input.remove(0, take);
            m_chunkLeft -= take;
            continue;
        }
        if (m_chunkLeft == 0) { // the CRLF after a chunk's data
            if (m_input.size() < 2)
                return false;
            if (!m_input.startsWith("\r\n"))
                setFramingError(QStringLiteral("chunk data not followed by CRLF"));
            m_input.remove(0, 2);
            m_chunkLeft = -1;
            continue;
        }
        const auto lineEnd = m_input.indexOf("\r\n");
        if (lineEnd < 0)
            return false;
        auto sizeText = m_input.first(lineEnd);
        if (const auto semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon);
        if (!isHex(sizeText)) {
            setFramingError(QStringLiteral("bad chunk size line: %1").arg(QString::fromLatin1(sizeText)));
            m_input.clear();
            return false;
        }
        const auto size = sizeText.toLongLong(nullptr, 16);
        if (size == 0) {
            // Last chunk: no trailers expected, so the next line must be the final empty one.
            if (m_input.size() < lineEnd + 4)
                return false;
            if (m_input.sliced(lineEnd + 2, 2) != "\r\n")
                setFramingError(QStringLiteral("trailers after the last chunk"));
            m_input.remove(0, lineEnd + 4);
            m_ended = true;
            continue;
        }
        m_input.remove(0, lineEnd + 2);
        m_chunkLeft = size;
    }
    return true;
}

void TestClient::setFramingError(const QString &error)
{
    if (m_framingError.isEmpty())
        m_framingError = error;
}

} // namespace sd::gateway::test
