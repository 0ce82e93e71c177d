#pragma once

#include "gateway/auth/authenticator.h"
#include "gateway/events/gatewayevent.h"
#include "gateway/http/gatewayerror.h"
#include "gateway/relay/chunkedresponder.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/relay/streamoptions.h"
#include "gateway/relay/upstreamsource.h"
#include "gateway/sse/sseparser.h"

#include <QObject>
#include <deque>
#include <memory>

namespace sd::gateway {

class EventMeter;
class GatewayEvents;

/// One client stream, end to end: the client's response, the backend's (`upstream`: its own or shared), the
/// parser that finds event boundaries, the meter, heartbeats and close handling. Holds no timer of its own:
/// its owner calls sweep() now and then, and heartbeats, the slow-client limit and the token's end come due
/// there. Forwards the backend's bytes unchanged, block by block, as soon as each block's blank line arrives.
/// Emits closed() exactly once. Reports to `events` (when given) the stream's opening and end, or the error
/// answered instead, filled in from `origin` (client, method, path, API).
class StreamSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamSession)

public:
    StreamSession(std::unique_ptr<ChunkedResponder> client, std::unique_ptr<UpstreamSource> upstream,
                  UpstreamRequest request, Caller caller, const Route &route, StreamOptions options,
                  HeaderList extraHeaders, EventMeter *meter, StreamMonitor *monitor,
                  StreamMonitor::Handle handle, GatewayEvents *events, GatewayEvent origin,
                  QObject *parent = nullptr);
    ~StreamSession() override;

    void start();
    /// Ends the stream because of a management action; before the stream started the client gets `error`.
    void terminate(const GatewayError &error, const QString &reason);
    /// Sends a heartbeat into silence, drops a client that stayed behind too long and ends the stream when
    /// the token expires, as of `nowMs` on clockMs().
    void sweep(qint64 nowMs);
    /// The monotonic clock of sweep(), in milliseconds.
    static qint64 clockMs();

    const Caller &caller() const { return m_caller; }
    const QString &apiId() const { return m_apiId; }
    quint64 monitorId() const { return m_monitorId; }
    bool isClosed() const { return m_closed; }

Q_SIGNALS:
    void closed(const QString &reason);

private:
    void onResponseHead(int status, const HeaderList &headers);
    void onBodyData(const QByteArray &bytes);
    void onUpstreamFinished();
    void onUpstreamFailed(UpstreamConnection::Error kind, const QString &detail);
    void onClientGone();
    void forwardUpTo(qint64 end, qint64 meteredEvents);
    /// Pauses the backend when the client's queue passes the high-water mark.
    void checkQueue();
    /// Resumes the backend once the client's queue is below the low-water mark.
    void onClientProgress();
    void dropSlowClient();
    void onSendTimeout();
    void onTokenExpired();
    /// Gives the quota back for metered events still wholly queued when the client is dropped.
    void refundUnsent();
    void reportProgress();
    void reportQueue();
    void sendHeartbeat();
    /// Answers `error` instead of a stream; `kind` says whose fault it was (Refused or BackendFailed).
    void answer(const GatewayError &error, GatewayEvent::Kind kind, const QString &reason);
    void endStream(const QString &reason);
    void finish(const QString &reason, GatewayEvent::Level level = GatewayEvent::Level::Info);
    void report(GatewayEvent::Kind kind, GatewayEvent::Level level, int httpStatus, const QByteArray &code,
                const QString &message);

    std::unique_ptr<ChunkedResponder> m_client;
    UpstreamSource *m_upstream = nullptr;
    UpstreamRequest m_request;
    Caller m_caller;
    QString m_apiId;
    StreamOptions m_options;
    HeaderList m_extraHeaders;
    EventMeter *m_meter;
    StreamMonitor *m_monitor;
    quint64 m_monitorId;
    std::shared_ptr<StreamCounters> m_counters;
    GatewayEvents *m_reports;
    GatewayEvent m_origin;
    SseParser m_parser;
    QList<SseEvent> m_blocks;
    QByteArray m_pending;          // received bytes from m_pendingBase on, not yet forwarded
    qint64 m_pendingBase = 0;      // stream offset of m_pending[0]
    qint64 m_received = 0;         // bytes received from the backend
    bool m_dropLeadingBom = false; // a heartbeat went out before the backend's first byte
    qint64 m_events = 0;
    qint64 m_bytesOut = 0;
    qint64 m_quotaLeft = -1;
    bool m_streaming = false;
    bool m_closed = false;
    bool m_paused = false;   // the backend is not read: the client's queue is over the high-water mark
    qint64 m_peakQueued = 0; // the largest client queue plus held bytes so far
    // Metered events of each write that may still be queued: (ChunkedResponder::bodyBytes() before it,
    // events).
    std::deque<std::pair<qint64, qint64>> m_unsentEvents;
    // Deadlines on clockMs(); 0 is none.
    qint64 m_heartbeatDue = 0; // the next heartbeat, unless an event goes out first
    qint64 m_behindDue = 0;    // set while paused: the client's time to drain
    qint64 m_expiresAt = 0;    // the access token's end
};

} // namespace sd::gateway
