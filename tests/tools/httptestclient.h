#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

namespace sd::tools {

/// A raw HTTP/1.1 client for tests: sends one request, keeps every byte received, and decodes the
/// response head, a chunked or Content-Length body and the SSE events in it, checking the framing.
class HttpTestClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpTestClient)

public:
    explicit HttpTestClient(QObject *parent = nullptr);

    void connectTo(quint16 port);
    bool waitForConnected() { return m_socket.waitForConnected(5000); }
    /// Connects and sends one request.
    void get(quint16 port, const QByteArray &path = QByteArrayLiteral("/memory"),
             const QByteArray &method = QByteArrayLiteral("GET"));
    /// Sends raw bytes, at once if connected.
    void send(const QByteArray &bytes);
    void abort() { m_socket.abort(); }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    quint16 localPort() const { return m_socket.localPort(); }
    bool isClosed() const { return m_closed; }
    bool headComplete() const { return m_bodyStart >= 0; }
    /// The body is complete: chunked terminator or Content-Length bytes received.
    bool bodyComplete() const { return m_bodyComplete; }
    QByteArray statusLine() const { return m_statusLine; }
    QList<QByteArray> headerLines() const { return m_headerLines; }
    QByteArray header(const QByteArray &name) const;
    QByteArray raw() const { return m_raw; }
    QByteArray rawBody() const;
    QByteArray body() const { return m_body; }
    QList<QByteArray> events() const;
    /// Empty while every byte so far is well-formed HTTP framing.
    QString framingError() const { return m_framingError; }

Q_SIGNALS:
    void received();

private:
    void onReadyRead();
    void parse();
    void parseHead();
    void parseChunks();

    QTcpSocket m_socket;
    QByteArray m_raw;
    QByteArray m_statusLine;
    QList<QByteArray> m_headerLines;
    QByteArray m_body;
    qsizetype m_bodyStart = -1;
    qsizetype m_parsePos = 0;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_bodyComplete = false;
    bool m_closed = false;
    QString m_framingError;
};

} // namespace sd::tools
