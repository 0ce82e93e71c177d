#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>

namespace sd::gateway::test {

/// A scriptable SSE backend on 127.0.0.1 and a free port. Every request gets the configured response head
/// (none when silent); the test then writes the body through send()/sendAll() and ends it with end().
/// Records each request and when each connection closes.
class TestBackend final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestBackend)

public:
    enum class Framing { CloseDelimited, Chunked };

    explicit TestBackend(QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    /// `http://127.0.0.1:PORT` (the API endpoint).
    QString endpoint() const;

    /// The head sent for each request; the default is 200 text/event-stream, close-delimited.
    void setResponseHead(int status, const QByteArray &contentType,
                         Framing framing = Framing::CloseDelimited);
    /// Accept connections and requests but never answer.
    void setSilent(bool silent) { m_silent = silent; }

    qsizetype connectionCount() const { return m_connections.size(); }
    qsizetype requestCount() const;
    qsizetype openCount() const;
    /// The raw request head of connection `index` (request line and headers).
    QByteArray request(qsizetype index) const { return m_connections.value(index).request; }
    /// The value of the named header in request `index`, or a null array when absent.
    QByteArray requestHeader(qsizetype index, QByteArrayView name) const;
    bool isClosed(qsizetype index) const { return m_connections.value(index).closed; }
    /// Body bytes written to connection `index` (before any chunk framing).
    qint64 bytesSent(qsizetype index) const { return m_connections.value(index).bytesSent; }
    /// Of those, the bytes the kernel has not taken yet (the gateway does not read: TCP backpressure).
    qint64 unsentBytes(qsizetype index) const;

    /// Writes body bytes to one connection, framed as a chunk when the framing is chunked.
    void send(qsizetype index, const QByteArray &bytes);
    /// Writes `bytes` in pieces of 1 to `maxPiece` bytes, one per event-loop turn, so that line and event
    /// boundaries fall anywhere in the reader's reads; then ends the body when `endAfter` is set.
    void sendInPieces(qsizetype index, const QByteArray &bytes, qsizetype maxPiece, bool endAfter);
    /// Writes body bytes to every open connection that has been answered.
    void sendAll(const QByteArray &bytes);
    /// Ends the body of one connection cleanly (last chunk, or close for a close-delimited body).
    void end(qsizetype index);
    void endAll();
    /// Closes one connection without ending the body (no last chunk).
    void drop(qsizetype index);
    /// Keeps writing `unit` to the connection whenever its send buffer runs low, until it closes.
    void flood(qsizetype index, const QByteArray &unit);

Q_SIGNALS:
    void requestReceived(qsizetype index);
    void connectionClosed(qsizetype index);

private:
    struct Connection
    {
        QPointer<QTcpSocket> socket;
        QByteArray request;
        bool answered = false;
        bool closed = false;
        qint64 bytesSent = 0;
        QByteArray floodUnit;
    };

    void onNewConnection();
    void onReadyRead(qsizetype index);
    void onClosed(qsizetype index);
    void topUpFlood(qsizetype index);
    void sendNextPiece(qsizetype index, const QByteArray &bytes, qsizetype offset, qsizetype maxPiece,
                       bool endAfter);

    QTcpServer m_server;
    QList<Connection> m_connections;
    int m_status = 200;
    QByteArray m_contentType = QByteArrayLiteral("text/event-stream");
    Framing m_framing = Framing::CloseDelimited;
    bool m_silent = false;
    QRandomGenerator m_random{20240611};
};

} // namespace sd::gateway::test
