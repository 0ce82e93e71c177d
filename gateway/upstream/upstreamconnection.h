#pragma once

#include "gateway/upstream/upstreamrequest.h"

#include <QAbstractSocket>
#include <QBasicTimer>
#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <QString>
#include <memory>

class QTcpSocket;

namespace sd::gateway {

class ResponseParser;

/// One HTTP/1.1 GET to a backend over its own socket (TLS for https URLs), response parsed by
/// ResponseParser and the decoded body streamed out as it arrives. Emits exactly one of finished()
/// or failed(), unless close() came first. Built to run by the thousand in one thread.
class UpstreamConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamConnection)

public:
    enum class Error {
        ConnectFailed,  // refused, DNS failure, unreachable, invalid URL
        Timeout,        // connect or response-head timeout
        Tls,            // handshake or certificate failure
        Protocol,       // malformed response or head too large
        ConnectionLost, // closed or reset before the body ended
    };
    Q_ENUM(Error)

    explicit UpstreamConnection(QObject *parent = nullptr);
    ~UpstreamConnection() override;

    /// Connects and sends the request. Call once; failures are reported through failed().
    void start(const UpstreamRequest &request);
    /// Aborts the socket at once; nothing is emitted afterwards. Safe at any time, also from own slots
    /// (delete the object from those with deleteLater()). The destructor closes too.
    void close();
    /// While paused no socket data is consumed, so TCP backpressure reaches the backend.
    void setReadPaused(bool paused);
    bool isReadPaused() const { return m_readPaused; }

    /// The request headers a relay may forward: drops hop-by-hop fields, those named in Connection,
    /// Host, Authorization, Content-Length and Accept-Encoding.
    static HeaderList forwardableHeaders(const HeaderList &requestHeaders);
    /// True for the media type text/event-stream, whatever the case, parameters or whitespace.
    static bool isEventStream(QByteArrayView contentType);

Q_SIGNALS:
    void responseHead(int status, const sd::gateway::HeaderList &headers);
    void bodyData(const QByteArray &bytes);
    void finished();
    void failed(sd::gateway::UpstreamConnection::Error kind, const QString &detail);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Phase { Idle, Connecting, AwaitingHead, Body, Done };

    void sendRequest();
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void pump();
    void parseInput();
    void handleEof();
    void finish();
    void fail(Error kind, const QString &detail);
    void releaseSocket();

    QTcpSocket *m_socket = nullptr;
    UpstreamRequest m_request;
    Phase m_phase = Phase::Idle;
    QBasicTimer m_timer;
    std::unique_ptr<ResponseParser> m_parser; // made by start()
    QByteArray m_input;                       // read from the socket but not yet parsed
    qsizetype m_inputOffset = 0;
    QString m_tlsErrors;
    bool m_readPaused = false;
    bool m_resumeQueued = false;
    bool m_pumping = false;
    bool m_eof = false; // the socket has closed; handled once the input is drained
};

using UpstreamError = UpstreamConnection::Error;

} // namespace sd::gateway
