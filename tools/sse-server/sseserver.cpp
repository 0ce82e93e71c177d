#include "tools/sse-server/sseserver.h"

#include "gateway/relay/chunkedresponder.h"
#include "tools/sse-server/memoryusage.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTcpServer>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using sd::gateway::ChunkedResponder;

namespace sd::tools {

namespace {
Q_LOGGING_CATEGORY(lcSseServer, "streamdesk.tools.sseserver")

// A client that stops reading is dropped instead of growing the server's memory.
constexpr qint64 maxPendingBytes = 256 * 1024;
// A late tick catches up at most this much time worth of events (and at least one missed interval);
// the rest is skipped, so a long stall does not end in a burst.
constexpr double maxCatchUpMs = 20;
constexpr int listenBacklog = 4096;

QByteArray formatEvent(const MemoryUsage &usage, qint64 timestamp, quint64 sequence)
{
    return "data:{\"heap\":" + QByteArray::number(usage.heap) +
           ",\"nonHeap\":" + QByteArray::number(usage.nonHeap) + ",\"ts\":" + QByteArray::number(timestamp) +
           ",\"identifier\":\"ram_" + QByteArray::number(sequence) + "\"}\n\n";
}

const ChunkedResponder::HeaderList plainText{
    {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain")}};
} // namespace

SseServer::SseServer(const SseServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_tickTimer.setSingleShot(true);
    m_tickTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_tickTimer, &QTimer::timeout, this, &SseServer::tick);
    m_expiryTimer.setSingleShot(true);
    m_expiryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_expiryTimer, &QTimer::timeout, this, &SseServer::endExpiredStreams);

    m_http.route(u"/memory"_s, [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handleMemory(request, std::move(responder));
    });
    m_http.setMissingHandler([this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        adopt(std::move(responder))
            ->respond(ChunkedResponder::StatusCode::NotFound, plainText, "not found\n");
    });
}

SseServer::~SseServer()
{
    // Responders go before m_http, which owns their sockets.
    const auto responders = findChildren<ChunkedResponder *>(Qt::FindDirectChildrenOnly);
    for (ChunkedResponder *responder : responders) {
        responder->disconnect(this);
        delete responder;
    }
}

models::Result<quint16> SseServer::listen()
{
    auto *listener = new QTcpServer(this);
    listener->setListenBacklogSize(listenBacklog);
    if (!listener->listen(m_options.bindAddress, m_options.port)) {
        const QString message = u"cannot listen on %1 port %2: %3"_s.arg(
            m_options.bindAddress.toString(), QString::number(m_options.port), listener->errorString());
        delete listener;
        return models::conflictError(message);
    }
    m_http.bind(listener);
    m_listener = listener;
    return listener->serverPort();
}

void SseServer::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_listener)
        m_listener->close();
    while (!m_streams.empty()) {
        ChunkedResponder *responder = m_streams.front().responder;
        removeStream(m_streams.begin());
        responder->end();
    }
    if (m_openConnections == 0)
        QMetaObject::invokeMethod(this, &SseServer::drained, Qt::QueuedConnection);
}

ChunkedResponder *SseServer::adopt(QHttpServerResponder &&responder)
{
    auto *chunked = new ChunkedResponder(std::move(responder), this);
    ++m_openConnections;
    connect(chunked, &ChunkedResponder::disconnected, chunked, &QObject::deleteLater);
    connect(chunked, &QObject::destroyed, this, [this] {
        if (--m_openConnections == 0 && m_shuttingDown)
            Q_EMIT drained();
    });
    return chunked;
}

void SseServer::handleMemory(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    ChunkedResponder *chunked = adopt(std::move(responder));
    if (request.method() != QHttpServerRequest::Method::Get) {
        chunked->respond(
            ChunkedResponder::StatusCode::MethodNotAllowed,
            plainText + ChunkedResponder::HeaderList{{QByteArrayLiteral("Allow"), QByteArrayLiteral("GET")}},
            "method not allowed\n");
        return;
    }
    if (m_shuttingDown) {
        chunked->respond(ChunkedResponder::StatusCode::ServiceUnavailable, plainText, "shutting down\n");
        return;
    }
    const bool started =
        chunked->begin(ChunkedResponder::StatusCode::Ok,
                       {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream")},
                        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")}});
    if (!started)
        return;
    const StreamIt it = m_streams.insert(
        m_streams.end(), Stream{chunked, QDeadlineTimer(m_options.timeMs, Qt::PreciseTimer), {}});
    it->onGone = connect(chunked, &ChunkedResponder::disconnected, this, [this, it] { removeStream(it); });
    if (m_streams.size() == 1)
        startTicking();
    if (!m_expiryTimer.isActive())
        armExpiry();
}

void SseServer::removeStream(StreamIt it)
{
    disconnect(it->onGone);
    m_streams.erase(it);
    if (m_streams.empty()) {
        m_tickTimer.stop();
        m_expiryTimer.stop();
    }
}

void SseServer::endExpiredStreams()
{
    while (!m_streams.empty() && m_streams.front().deadline.hasExpired()) {
        ChunkedResponder *responder = m_streams.front().responder;
        removeStream(m_streams.begin());
        responder->end();
    }
    armExpiry();
}

void SseServer::armExpiry()
{
    if (!m_streams.empty())
        m_expiryTimer.start(int(std::max<qint64>(0, m_streams.front().deadline.remainingTime())));
}

void SseServer::startTicking()
{
    m_clock.start();
    m_slotsConsumed = 0;
    scheduleTick();
}

void SseServer::scheduleTick()
{
    const double nextDueNs = double(m_slotsConsumed + 1) * m_options.intervalMs * 1e6;
    const double waitMs = std::ceil((nextDueNs - double(m_clock.nsecsElapsed())) / 1e6);
    // Below a millisecond QTimer cannot wait less: tick() then sends every event that fell due.
    m_tickTimer.start(int(std::max(0.0, waitMs)));
}

void SseServer::tick()
{
    const auto dueSlots = qint64(double(m_clock.nsecsElapsed()) / (m_options.intervalMs * 1e6));
    const qint64 due = dueSlots - m_slotsConsumed;
    m_slotsConsumed = dueSlots;
    if (due > 0) {
        const auto maxBurst = std::max<qint64>(2, qint64(std::ceil(maxCatchUpMs / m_options.intervalMs)));
        if (due > maxBurst)
            qCDebug(lcSseServer) << "late by" << due - 1 << "intervals, skipping" << due - maxBurst
                                 << "events";
        broadcast(std::min(due, maxBurst));
    }
    scheduleTick();
}

void SseServer::broadcast(qint64 count)
{
    // Built once per tick; every stream gets the same bytes.
    const MemoryUsage usage = MemoryUsage::current();
    const qint64 timestamp = QDateTime::currentMSecsSinceEpoch();
    QByteArray events;
    for (qint64 i = 0; i < count; ++i)
        events += formatEvent(usage, timestamp, ++m_sequence);

    for (auto it = m_streams.begin(); it != m_streams.end();) {
        // abort() removes the stream from the list at once, so step past it first.
        ChunkedResponder *responder = (it++)->responder;
        if (responder->bytesToWrite() > maxPendingBytes) {
            qCWarning(lcSseServer) << "dropping a client that does not read";
            responder->abort();
            continue;
        }
        responder->writeChunk(events);
    }
}

} // namespace sd::tools
