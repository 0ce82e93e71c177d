#include "tests/tools/httptestclient.h"

using namespace Qt::StringLiterals;

namespace sd::tools {

HttpTestClient::HttpTestClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpTestClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_socket.isOpen())
            onReadyRead();
        m_closed = true;
        Q_EMIT received();
    });
}

void HttpTestClient::connectTo(quint16 port)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

void HttpTestClient::get(quint16 port, const QByteArray &path, const QByteArray &method)
{
    connectTo(port);
    send(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
         "\r\nAccept: text/event-stream\r\n\r\n");
}

void HttpTestClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    if (isConnected())
        m_socket.flush();
}

QByteArray HttpTestClient::header(const QByteArray &name) const
{
    for (const QByteArray &line : m_headerLines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QByteArray HttpTestClient::rawBody() const
{
    return m_bodyStart < 0 ? QByteArray() : m_raw.mid(m_bodyStart);
}

QList<QByteArray> HttpTestClient::events() const
{
    QList<QByteArray> events;
    qsizetype start = 0;
    for (qsizetype end = m_body.indexOf("\n\n"); end >= 0; end = m_body.indexOf("\n\n", start)) {
        events.append(m_body.mid(start, end + 2 - start));
        start = end + 2;
    }
    return events;
}

void HttpTestClient::onReadyRead()
{
    const QByteArray bytes = m_socket.readAll();
    if (bytes.isEmpty())
        return;
    m_raw += bytes;
    parse();
    Q_EMIT received();
}

void HttpTestClient::parse()
{
    if (!m_framingError.isEmpty())
        return;
    if (m_bodyStart < 0)
        parseHead();
    if (m_bodyStart < 0 || !m_framingError.isEmpty())
        return;
    if (m_chunked) {
        parseChunks();
    } else if (m_contentLength >= 0) {
        m_body = m_raw.mid(m_bodyStart);
        if (m_body.size() > m_contentLength)
            m_framingError = u"%1 bytes beyond Content-Length"_s.arg(m_body.size() - m_contentLength);
        m_bodyComplete = m_body.size() == m_contentLength;
    }
}

void HttpTestClient::parseHead()
{
    const qsizetype end = m_raw.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    QList<QByteArray> lines = m_raw.left(end + 2).split('\n');
    lines.removeLast(); // empty, after the last CRLF
    for (QByteArray &line : lines) {
        if (!line.endsWith('\r')) {
            m_framingError = u"header line without CRLF"_s;
            return;
        }
        line.chop(1);
    }
    m_statusLine = lines.takeFirst();
    m_headerLines = lines;
    m_bodyStart = end + 4;
    m_parsePos = m_bodyStart;
    m_chunked = header("Transfer-Encoding") == "chunked";
    bool ok = false;
    const qint64 length = header("Content-Length").toLongLong(&ok);
    m_contentLength = ok ? length : -1;
}

void HttpTestClient::parseChunks()
{
    while (m_parsePos < m_raw.size()) {
        if (m_bodyComplete) {
            m_framingError =
                u"bytes after the last chunk: %1"_s.arg(QString::fromLatin1(m_raw.mid(m_parsePos)));
            return;
        }
        const qsizetype lineEnd = m_raw.indexOf("\r\n", m_parsePos);
        if (lineEnd < 0)
            return;
        bool ok = false;
        const QByteArray sizeText = m_raw.mid(m_parsePos, lineEnd - m_parsePos);
        const qint64 size = sizeText.toLongLong(&ok, 16);
        if (!ok || size < 0 || sizeText.startsWith('+') || sizeText.startsWith('-')) {
            m_framingError = u"bad chunk size line: %1"_s.arg(QString::fromLatin1(sizeText));
            return;
        }
        const qsizetype dataStart = lineEnd + 2;
        if (m_raw.size() < dataStart + size + 2)
            return;
        if (m_raw.mid(dataStart + size, 2) != "\r\n") {
            m_framingError = u"chunk of %1 bytes not followed by CRLF"_s.arg(size);
            return;
        }
        m_body += m_raw.mid(dataStart, size);
        m_parsePos = dataStart + size + 2;
        m_bodyComplete = size == 0;
    }
}

} // namespace sd::tools
