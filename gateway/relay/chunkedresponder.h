#pragma once

#include "gateway/relay/streamoptions.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QByteArrayView>
#include <QDeadlineTimer>
#include <QHttpServerResponder>
#include <QList>
#include <QObject>
#include <utility>

class QTcpSocket;

namespace sd::gateway {

/// Owns one HTTP/1.1 response on a Qt HttpServer 6.4 connection and writes it either as a chunked stream
/// (begin, writeChunk..., end) or as one complete response (respond). An HTTP/1.0 client, which knows no
/// chunked framing, gets the stream as a close-delimited body (RFC 9112 section 6.3): the same calls write
/// the bytes unframed and end() closes the connection. The only user of the 6.4 streaming
/// API (writeStatusLine/writeHeader/writeBody/socket), so a port to Qt 6.8 touches this class alone.
///
/// The connection belongs to this object: further input on it (pipelined requests) is read and dropped,
/// and the connection is closed once the response is complete. Every write after the peer has gone is a
/// safe no-op that returns false. StreamOptions set the client socket's keepalive, the send timeout (a
/// client that takes no queued byte for sendTimeoutMs is aborted after sendTimedOut()) and the close
/// deadline (lingerMs after end() or respond() the connection is aborted, even once this object is gone).
class ChunkedResponder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChunkedResponder)

public:
    using StatusCode = QHttpServerResponder::StatusCode;
    using HeaderList = QList<std::pair<QByteArray, QByteArray>>;
    enum class State { Idle, Streaming, Finished };

    explicit ChunkedResponder(QHttpServerResponder &&responder, QObject *parent = nullptr);
    ChunkedResponder(QHttpServerResponder &&responder, const StreamOptions &options,
                     QObject *parent = nullptr);
    /// An unanswered request gets a 500; an unfinished stream is aborted so the client sees it fail.
    ~ChunkedResponder() override;

    /// Writes the status line and headers (adds Connection: close and, unless the client speaks HTTP/1.0,
    /// Transfer-Encoding: chunked).
    bool begin(StatusCode status, const HeaderList &headers);
    /// Writes one chunk (hex length CRLF data CRLF, or the bare data for HTTP/1.0); empty data writes
    /// nothing and returns true.
    bool writeChunk(QByteArrayView data);
    /// Writes the last chunk (none for HTTP/1.0), then closes the connection once every byte has been sent.
    bool end();
    /// Writes a complete response with Content-Length and Connection: close, then closes gracefully.
    bool respond(StatusCode status, const HeaderList &headers, QByteArrayView body);
    /// Drops the connection at once, discarding unsent bytes.
    void abort();

    State state() const { return m_state; }
    /// The body is close-delimited: the client's request line said HTTP/1.0.
    bool isCloseDelimited() const { return m_closeDelimited; }
    bool isConnected() const;
    /// Bytes accepted but not yet handed to the kernel; 0 once the peer is gone.
    qint64 bytesToWrite() const;
    /// Body bytes (framing included) written so far.
    qint64 bodyBytes() const { return m_bodyBytes; }
    /// Of bodyBytes(), at least this many have not reached the kernel (over TLS, less record overhead).
    qint64 unsentBodyBytes() const;

Q_SIGNALS:
    /// Bytes of the queue went to the kernel (over TLS: were encrypted, or encrypted bytes were sent).
    void bytesWritten(qint64 bytes);
    /// Emitted once when the connection is gone: peer left, abort(), or end()/respond() finished sending.
    void disconnected();
    /// The client took none of its queued bytes for sendTimeoutMs; the connection is aborted right after.
    void sendTimedOut();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void writeHead(StatusCode status, const HeaderList &headers);
    void writeBody(const char *data, qint64 size);
    void onProgress();
    /// Aborts the connection lingerMs from now unless it has closed by then.
    void closeDeadline();
    void onSocketGone();

    QHttpServerResponder m_responder;
    QTcpSocket *m_socket = nullptr; // null once the peer is gone: Qt frees the socket soon after
    State m_state = State::Idle;
    qint64 m_bodyBytes = 0;
    bool m_closeDelimited = false;
    int m_sendTimeoutMs;
    int m_lingerMs;
    QBasicTimer m_sendTimer;
    QDeadlineTimer m_sendDeadline; // the queue must make progress before this
};

} // namespace sd::gateway
