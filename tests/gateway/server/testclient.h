#pragma once

#include "gateway/sse/sseevent.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslSocket>
#include <utility>

namespace sd::gateway::test {

/// A raw HTTP/1.1 client over a real socket (HTTPS when given a certificate to trust): sends one request
/// and decodes the response head and a chunked, Content-Length or close-delimited body as bytes arrive,
/// checking the framing.
class TestClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestClient)

public:
    using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

    explicit TestClient(QObject *parent = nullptr);
    ~TestClient() override;

    /// Speaks HTTPS and trusts only `certificate` (peer name localhost); a null certificate means HTTP.
    void setTrustedCertificate(const QSslCertificate &certificate) { m_trusted = certificate; }
    /// Connects from this local address, e.g. 127.0.0.2 (Linux loopback answers all of 127/8).
    void setLocalAddress(const QHostAddress &address) { m_localAddress = address; }
    /// A client that never reads: the socket stops taking bytes from the kernel, whose buffers then fill.
    void setReading(bool reading);
    /// Connects to 127.0.0.1:port and sends the request (Host and, with a body, Content-Length added).
    void request(quint16 port, const QByteArray &method, const QByteArray &target,
                 const HeaderList &headers = {}, const QByteArray &body = {});
    void get(quint16 port, const QByteArray &target, const HeaderList &headers = {});
    /// Connects without sending anything; sendRaw() then writes what the test wants.
    void open(quint16 port);
    /// Writes raw bytes on the connection (e.g. a pipelined request); queued until connected.
    void sendRaw(const QByteArray &bytes);
    void abort();
    /// Closes the connection gracefully (TLS close_notify, then FIN).
    void close();

    bool isConnected() const;
    /// The client's own port (the gateway sees it as the peer port).
    quint16 localPort() const { return m_socket.localPort(); }
    bool isClosed() const { return m_closed; }
    bool headComplete() const { return m_status > 0; }
    /// The body ended as its framing says: last chunk, Content-Length reached, or close for a close-delimited
    /// body. A connection lost before is not an end.
    bool hasEnded() const { return m_ended; }
    bool isChunked() const { return m_chunked; }
    int status() const { return m_status; }
    QByteArray header(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
    const HeaderList &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }
    /// The events a browser would dispatch from the body so far.
    QList<SseEvent> events() const;
    /// Empty while every byte received is well-formed HTTP/1.1.
    QString framingError() const { return m_framingError; }
    QString socketError() const { return m_socketError; }

Q_SIGNALS:
    void headReceived();
    void bodyReceived();
    void ended();
    void closed();

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void parse();
    bool parseHead();
    bool parseChunks();
    void setFramingError(const QString &error);

    QSslSocket m_socket;
    QSslCertificate m_trusted;
    QHostAddress m_localAddress;
    bool m_reading = true;
    QByteArray m_pendingWrite;
    bool m_connected = false;
    QByteArray m_input; // received and not yet decoded
    int m_status = 0;
    HeaderList m_headers;
    bool m_chunked = false;
    qint64 m_contentLength = -1;
    qint64 m_chunkLeft = -1; // bytes of the current chunk still to come; -1 between chunks
    QByteArray m_body;
    bool m_ended = false;
    bool m_closed = false;
    QString m_framingError;
    QString m_socketError;
};

} // namespace sd::gateway::test
