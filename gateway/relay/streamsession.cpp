#include "gateway/relay/streamsession.h"

#include "gateway/events/gatewayevents.h"
#include "gateway/metering/eventmeter.h"
#include "gateway/relay/streammonitor.h"

#include <QLoggingCategory>
#include <chrono>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcRelay, "streamdesk.gateway.relay")

StreamSession::StreamSession(std::unique_ptr<ChunkedResponder> client,
                             std::unique_ptr<UpstreamSource> upstream, UpstreamRequest request, Caller caller,
                             const Route &route, StreamOptions options, HeaderList extraHeaders,
                             EventMeter *meter, StreamMonitor *monitor, StreamMonitor::Handle handle,
                             GatewayEvents *events, GatewayEvent origin, QObject *parent)
    : QObject(parent)
    , m_client(std::move(client))
    , m_upstream(upstream.release())
    , m_request(std::move(request))
    , m_caller(std::move(caller))
    , m_apiId(route.apiId)
    , m_options(std::move(options))
    , m_extraHeaders(std::move(extraHeaders))
    , m_meter(meter)
    , m_monitor(monitor)
    , m_monitorId(handle.id)
    , m_counters(std::move(handle.counters))
    , m_reports(events)
    , m_origin(std::move(origin))
    , m_parser(m_options.maxEventBytes)
{
    m_client->setParent(this);
    m_upstream->setParent(this);
}

StreamSession::~StreamSession()
{
    if (!m_closed) {
        m_upstream->close();
        m_client->abort();
        m_monitor->closed(m_monitorId, QStringLiteral("gateway shut down"));
    }
}

void StreamSession::start()
{
    connect(m_upstream, &UpstreamSource::responseHead, this, &StreamSession::onResponseHead);
    connect(m_upstream, &UpstreamSource::bodyData, this, &StreamSession::onBodyData);
    connect(m_upstream, &UpstreamSource::finished, this, &StreamSession::onUpstreamFinished);
    connect(m_upstream, &UpstreamSource::failed, this, &StreamSession::onUpstreamFailed);
    connect(m_client.get(), &ChunkedResponder::disconnected, this, &StreamSession::onClientGone);
    connect(m_client.get(), &ChunkedResponder::bytesWritten, this, &StreamSession::onClientProgress);
    connect(m_client.get(), &ChunkedResponder::sendTimedOut, this, &StreamSession::onSendTimeout);
    m_request.connectTimeoutMs = m_options.connectTimeoutMs;
    m_request.headerTimeoutMs = m_options.headerTimeoutMs;
    m_request.extraCaCertificates = m_options.backendCaCertificates;
    m_request.keepAlive = m_options.keepAlive();
    if (m_caller.expiresAt.isValid())
        m_expiresAt =
            clockMs() + qMax<qint64>(1, QDateTime::currentDateTimeUtc().msecsTo(m_caller.expiresAt));
    m_upstream->start(m_request);
}

void StreamSession::terminate(const GatewayError &error, const QString &reason)
{
    if (m_closed)
        return;
    if (m_streaming)
        endStream(reason);
    else
        answer(error, GatewayEvent::Kind::Refused, reason);
    finish(reason);
}

qint64 StreamSession::clockMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void StreamSession::sweep(qint64 nowMs)
{
    if (m_closed)
        return;
    if (m_expiresAt > 0 && nowMs >= m_expiresAt) {
        onTokenExpired();
        return;
    }
    if (m_behindDue > 0 && nowMs >= m_behindDue) {
        dropSlowClient();
        return;
    }
    if (m_heartbeatDue > 0 && nowMs >= m_heartbeatDue) {
        m_heartbeatDue = nowMs + m_options.heartbeatMs;
        sendHeartbeat();
    }
}

void StreamSession::onResponseHead(int status, const HeaderList &headers)
{
    QByteArray contentType;
    for (const auto &[name, value] : headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            contentType = value;
    }
    if (status != 200 || !UpstreamConnection::isEventStream(contentType)) {
        m_upstream->close();
        const auto reason =
            QStringLiteral("backend answered %1 %2").arg(status).arg(QString::fromLatin1(contentType));
        answer(GatewayError::backendStatus(status, contentType), GatewayEvent::Kind::BackendFailed, reason);
        finish(reason);
        return;
    }
    HeaderList out{{QByteArrayLiteral("Content-Type"), contentType},
                   {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")},
                   {QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no")}};
    out += m_extraHeaders;
    if (!m_caller.subscriptionId.isEmpty()) {
        m_quotaLeft = m_meter->remaining(m_caller.subscriptionId, m_caller.plan);
        if (m_quotaLeft >= 0)
            out.append({QByteArrayLiteral("X-Quota-Remaining"), QByteArray::number(m_quotaLeft)});
    }
    m_client->begin(QHttpServerResponder::StatusCode::Ok, out);
    m_streaming = true;
    report(GatewayEvent::Kind::StreamOpened, GatewayEvent::Level::Info, 200, {},
           QStringLiteral("stream opened"));
    if (m_options.heartbeatMs > 0)
        m_heartbeatDue = clockMs() + m_options.heartbeatMs;
}

void StreamSession::onBodyData(const QByteArray &bytes)
{
    if (m_closed || !m_streaming)
        return;
    m_received += bytes.size();
    m_pending.append(bytes);
    m_blocks.clear();
    const auto status = m_parser.feed(bytes, m_blocks);
    qint64 forwardEnd = -1;
    qint64 metered = 0;
    QString quotaReason;
    bool storageFailed = false;
    for (const auto &block : std::as_const(m_blocks)) {
        if (block.dispatched && !m_caller.subscriptionId.isEmpty()) {
            const auto grant = m_meter->consume(m_caller.subscriptionId, m_caller.plan);
            if (!grant.allowed) {
                storageFailed = grant.storageFailed;
                quotaReason = grant.storageFailed
                                  ? QStringLiteral("event usage could not be saved")
                                  : QStringLiteral("event quota of %1 used up").arg(m_caller.plan.name);
                break;
            }
            m_quotaLeft = grant.remaining;
            ++m_events;
            ++metered;
            forwardEnd = block.end;
            if (grant.remaining == 0) {
                quotaReason = QStringLiteral("event quota of %1 reached").arg(m_caller.plan.name);
                break;
            }
        } else {
            if (block.dispatched)
                ++m_events;
            forwardEnd = block.end;
        }
    }
    if (forwardEnd >= 0)
        forwardUpTo(forwardEnd, metered);
    if (m_closed)
        return;
    if (!quotaReason.isEmpty()) {
        if (m_options.quotaEvent && !storageFailed)
            m_client->writeChunk(QByteArray("event: quota-exhausted\ndata: {\"plan\":\"" +
                                            m_caller.plan.name.toUtf8() + "\"}\n\n"));
        m_upstream->close();
        endStream(quotaReason);
        finish(quotaReason);
        return;
    }
    if (!status) {
        m_upstream->close();
        endStream(QStringLiteral("backend sent an event over %1 bytes").arg(m_options.maxEventBytes));
        finish(QStringLiteral("event too large"));
        return;
    }
    checkQueue();
}

void StreamSession::forwardUpTo(qint64 end, qint64 meteredEvents)
{
    const auto count = end - m_pendingBase;
    if (count <= 0)
        return;
    QByteArrayView out(m_pending.constData(), count);
    if (m_dropLeadingBom && m_pendingBase == 0 && out.startsWith("\xEF\xBB\xBF"))
        out = out.sliced(3);
    m_dropLeadingBom = false;
    if (meteredEvents > 0)
        m_unsentEvents.emplace_back(m_client->bodyBytes(), meteredEvents);
    m_client->writeChunk(out);
    m_bytesOut += out.size();
    m_pending.remove(0, count);
    m_pendingBase = end;
    reportProgress();
    if (m_heartbeatDue > 0)
        m_heartbeatDue = clockMs() + m_options.heartbeatMs; // heartbeats fill silence only
}

void StreamSession::checkQueue()
{
    const auto queued = m_client->bytesToWrite();
    m_peakQueued = qMax(m_peakQueued, queued + m_pending.size());
    if (m_paused || queued <= m_options.maxQueuedBytes) {
        reportQueue();
        return;
    }
    m_paused = true;
    m_upstream->setReadPaused(true);
    if (m_options.maxBehindMs > 0)
        m_behindDue = clockMs() + m_options.maxBehindMs;
    qCDebug(lcRelay) << "Stream" << m_monitorId << "paused its backend:" << queued << "bytes queued";
    reportQueue();
}

void StreamSession::onClientProgress()
{
    if (m_closed)
        return;
    // Metered events of writes that have wholly reached the kernel can no longer be refunded.
    const auto sent = m_client->bodyBytes() - m_client->unsentBodyBytes();
    while (m_unsentEvents.size() > 1 && m_unsentEvents[1].first <= sent)
        m_unsentEvents.pop_front();
    if (!m_paused || m_client->bytesToWrite() >= qMin(m_options.resumeQueuedBytes, m_options.maxQueuedBytes))
        return;
    m_paused = false;
    m_behindDue = 0;
    m_upstream->setReadPaused(false);
    qCDebug(lcRelay) << "Stream" << m_monitorId << "resumed its backend";
    reportQueue();
}

void StreamSession::dropSlowClient()
{
    const auto reason = QStringLiteral("client too slow: %1 bytes queued for %2 ms without draining below %3")
                            .arg(m_client->bytesToWrite())
                            .arg(m_options.maxBehindMs)
                            .arg(qMin(m_options.resumeQueuedBytes, m_options.maxQueuedBytes));
    qCInfo(lcRelay).noquote() << "Closing stream" << m_monitorId << "of" << m_origin.client << "-" << reason;
    refundUnsent();
    // finish() first: the abort reports a disconnect, which would otherwise name the wrong reason.
    finish(reason, GatewayEvent::Level::Warning);
    m_client->abort();
}

void StreamSession::onSendTimeout()
{
    if (m_closed)
        return;
    refundUnsent();
    // The responder aborts the connection after this signal; the reason must be set first.
    finish(QStringLiteral("client too slow: took none of %1 queued bytes for %2 ms (send timeout)")
               .arg(m_client->bytesToWrite())
               .arg(m_options.sendTimeoutMs),
           GatewayEvent::Level::Warning);
}

void StreamSession::onTokenExpired()
{
    m_expiresAt = 0;
    const auto reason = QStringLiteral("token expired");
    qCInfo(lcRelay).noquote() << "Ending stream" << m_monitorId << "of" << m_origin.client << "-" << reason;
    m_upstream->close();
    if (m_streaming) {
        // Only whole events are ever forwarded, so the comment stands between two events.
        m_client->writeChunk(": token expired\n\n");
        m_bytesOut += 17;
        endStream(reason);
    } else {
        answer(GatewayError::invalidCredentials(QStringLiteral("Access token expired.")),
               GatewayEvent::Kind::Refused, reason);
    }
    finish(reason);
}

void StreamSession::refundUnsent()
{
    if (m_caller.subscriptionId.isEmpty())
        return;
    const auto sent = m_client->bodyBytes() - m_client->unsentBodyBytes();
    qint64 unsent = 0;
    for (const auto &[start, events] : m_unsentEvents) {
        if (start >= sent)
            unsent += events;
    }
    m_unsentEvents.clear();
    if (unsent == 0)
        return;
    m_meter->refund(m_caller.subscriptionId, m_caller.plan, unsent);
    m_events -= unsent;
    if (m_quotaLeft >= 0)
        m_quotaLeft += unsent;
    qCDebug(lcRelay) << "Stream" << m_monitorId << "gave back" << unsent << "undelivered events";
}

void StreamSession::reportProgress()
{
    m_counters->events.store(m_events, std::memory_order_relaxed);
    m_counters->bytes.store(m_bytesOut, std::memory_order_relaxed);
    m_counters->quotaLeft.store(m_quotaLeft, std::memory_order_relaxed);
}

void StreamSession::reportQueue()
{
    m_counters->queuedBytes.store(m_client->bytesToWrite(), std::memory_order_relaxed);
    m_counters->peakQueuedBytes.store(m_peakQueued, std::memory_order_relaxed);
    m_counters->backendPaused.store(m_paused, std::memory_order_relaxed);
}

void StreamSession::sendHeartbeat()
{
    // Only between events: everything received was forwarded and no line is half done.
    const bool beforeFirstByte = m_received == 0;
    if (!beforeFirstByte && (!m_pending.isEmpty() || !m_parser.atBoundary()))
        return;
    if (m_client->bytesToWrite() > 0)
        return; // the client is not idle, only behind
    if (beforeFirstByte)
        m_dropLeadingBom = true; // a BOM no longer stands at the stream's start; clients would keep it
    m_client->writeChunk(":\n\n");
    m_bytesOut += 3;
}

void StreamSession::onUpstreamFinished()
{
    if (m_closed)
        return;
    const auto tail = m_parser.finish();
    if (tail > 0)
        qCDebug(lcRelay) << "Backend ended with an unfinished event of" << tail << "bytes; discarded";
    if (m_streaming) {
        endStream(QStringLiteral("backend ended the stream"));
        finish(QStringLiteral("backend ended the stream"));
    } else {
        const auto reason = QStringLiteral("backend sent no response");
        answer(GatewayError::backendStatus(0, {}), GatewayEvent::Kind::BackendFailed, reason);
        finish(reason);
    }
}

void StreamSession::onUpstreamFailed(UpstreamConnection::Error kind, const QString &detail)
{
    if (m_closed)
        return;
    if (m_streaming) {
        endStream(QStringLiteral("backend dropped: %1").arg(detail));
        finish(QStringLiteral("backend dropped the stream"), GatewayEvent::Level::Error);
        return;
    }
    const auto reason = QStringLiteral("backend failed: %1").arg(detail);
    switch (kind) {
    case UpstreamConnection::Error::Timeout:
        answer(GatewayError::backendTimeout(), GatewayEvent::Kind::BackendFailed, reason);
        break;
    case UpstreamConnection::Error::ConnectFailed:
    case UpstreamConnection::Error::Tls:
        answer(GatewayError::backendUnavailable(detail), GatewayEvent::Kind::BackendFailed, reason);
        break;
    case UpstreamConnection::Error::Protocol:
    case UpstreamConnection::Error::ConnectionLost:
        answer(GatewayError::backendStatus(0, {}), GatewayEvent::Kind::BackendFailed, reason);
        break;
    }
    finish(reason);
}

void StreamSession::onClientGone()
{
    if (m_closed)
        return;
    m_upstream->close();
    finish(QStringLiteral("client disconnected"));
}

void StreamSession::answer(const GatewayError &error, GatewayEvent::Kind kind, const QString &reason)
{
    report(kind, GatewayEvent::levelOf(kind), error.httpStatus, error.code, reason);
    HeaderList headers = error.headers;
    headers.append({QByteArrayLiteral("Content-Type"), error.responseContentType()});
    headers += m_extraHeaders;
    m_client->respond(static_cast<QHttpServerResponder::StatusCode>(error.httpStatus), headers,
                      error.responseBody());
}

void StreamSession::endStream(const QString &reason)
{
    qCDebug(lcRelay) << "Ending stream:" << reason;
    m_client->end();
}

void StreamSession::finish(const QString &reason, GatewayEvent::Level level)
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_streaming)
        report(GatewayEvent::Kind::StreamClosed, level, 200, {}, reason);
    m_heartbeatDue = 0;
    m_behindDue = 0;
    m_expiresAt = 0;
    m_upstream->close();
    reportProgress();
    reportQueue();
    m_monitor->closed(m_monitorId, reason);
    Q_EMIT closed(reason);
}

void StreamSession::report(GatewayEvent::Kind kind, GatewayEvent::Level level, int httpStatus,
                           const QByteArray &code, const QString &message)
{
    if (!m_reports)
        return;
    auto event = m_origin;
    event.kind = kind;
    event.level = level;
    event.time = QDateTime::currentDateTimeUtc();
    event.httpStatus = httpStatus;
    event.code = QString::fromLatin1(code);
    event.message = message;
    event.streamId = m_monitorId;
    m_reports->report(event);
}

} // namespace sd::gateway
