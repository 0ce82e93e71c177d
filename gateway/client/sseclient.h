#pragma once

#include "gateway/client/reconnectbackoff.h"
#include "gateway/client/streamrequest.h"
#include "gateway/sse/sseevent.h"
#include "gateway/sse/sseparser.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace sd::gateway {

/// One block of the stream as received: the parsed event (or a comment/heartbeat-only block when
/// event.dispatched is false), its raw bytes and when it arrived.
struct ReceivedEvent
{
    QDateTime receivedAt;
    SseEvent event;
    QByteArray raw;
};

/// Why a connection attempt or a stream ended badly, in plain words for the viewer.
struct StreamFailure
{
    int httpStatus = 0;               // 0: no HTTP response (refused, TLS, DNS, reset)
    QString code;                     // the gateway's error code ("900901", ...) when the body had one
    QString summary;                  // one line: "The access token was revoked or has expired."
    QString advice;                   // what to do next: "Generate a new token for the application."
    QByteArray body;                  // the response body as received (bounded)
    std::optional<QDateTime> retryAt; // 429: when the quota window resets (from Retry-After)
};

/// A Server-Sent-Events client for the stream viewer: GET or POST, any headers, the gateway's own
/// SseParser, automatic reconnection honouring the server's `retry` with backoff and Last-Event-ID, and
/// certificates pinned per host:port. Lives on one thread; emits events batched per network read.
class SseClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SseClient)

public:
    enum class State { Idle, Connecting, Open, WaitingToReconnect, Closed };
    Q_ENUM(State)

    explicit SseClient(QObject *parent = nullptr);
    ~SseClient() override;

    void setRequest(const StreamRequest &request);
    const StreamRequest &request() const { return m_request; }
    /// Reconnect after the stream ends or the connection fails (not after 4xx). Default on.
    void setAutoReconnect(bool enabled);
    /// Accept this certificate for host:port of later connections even when it does not verify.
    void pinCertificate(const QString &hostAndPort, const QSslCertificate &certificate);

    /// Connects (Last-Event-ID: the request's lastEventId); a connection already open is closed first.
    void open();
    /// Disconnects and stops reconnecting.
    void close();

    State state() const { return m_state; }
    /// The HTTP status of the current or last response; 0 before any.
    int httpStatus() const { return m_httpStatus; }
    /// The last event ID seen; sent as Last-Event-ID when reconnecting.
    QString lastEventId() const { return m_lastEventId; }
    qint64 bytesReceived() const { return m_bytesReceived; }

Q_SIGNALS:
    void stateChanged(sd::gateway::SseClient::State state);
    /// The response head arrived (any status).
    void responseStarted(int httpStatus, const QByteArray &contentType);
    /// Every block completed by one network read, comment-only blocks included.
    void eventsReceived(const QList<sd::gateway::ReceivedEvent> &events);
    /// An attempt failed; state() already tells whether a reconnection follows (reconnectScheduled next).
    void failed(const sd::gateway::StreamFailure &failure);
    /// A reconnection is due in `delayMs`; `attempt` counts from 1.
    void reconnectScheduled(int delayMs, int attempt);
    /// TLS verification failed for a certificate that is not pinned (after failed(), without reconnecting);
    /// the viewer may pin it and open().
    void untrustedCertificate(const QString &hostAndPort, const QSslCertificate &certificate,
                              const QString &reason);

private:
    struct Untrusted
    {
        QString hostAndPort;
        QSslCertificate certificate;
        QString reason;
    };

    void connectNow(const QString &lastEventId);
    void stopConnection();
    void setState(State state);
    bool takeHead(bool final);
    void onReadyRead();
    void onFinished();
    void onSslErrors(const QList<QSslError> &errors);
    void readEvents();
    void readErrorBody();
    void endAttempt(std::optional<StreamFailure> failure, bool mayReconnect);

    StreamRequest m_request;
    State m_state = State::Idle;
    int m_httpStatus = 0;
    QString m_lastEventId;
    qint64 m_bytesReceived = 0;

    QNetworkAccessManager *m_network;
    QNetworkReply *m_reply = nullptr;
    QTimer m_reconnectTimer;
    bool m_autoReconnect = true;
    QHash<QString, QSslCertificate> m_pinned;
    ReconnectBackoff m_backoff;
    quint64 m_generation = 0; // changes whenever a connection starts or stops; guards re-entrant slots

    // The current connection.
    SseParser m_parser{SseParser::defaultMaxBlockSize, SseParser::Fields::Text}; // the viewer shows the text
    QByteArray m_pending;        // bytes not yet part of a completed block
    qint64 m_pendingOffset = 0;  // stream offset of m_pending's first byte
    QString m_connectionEventId; // the last event ID reported on this connection
    bool m_headTaken = false;
    bool m_eventStream = false;
    QByteArray m_errorBody;
    std::optional<Untrusted> m_untrusted;
};

} // namespace sd::gateway
