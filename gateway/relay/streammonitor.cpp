#include "gateway/relay/streammonitor.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <cmath>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcStreams, "streamdesk.gateway.streams")

namespace {

constexpr qint64 rateSpanMs = 1000;

StreamMonitor::Clock steadyClock()
{
    return [timer = std::make_shared<QElapsedTimer>()]() {
        if (!timer->isValid())
            timer->start();
        return timer->elapsed();
    };
}

} // namespace

StreamMonitor::StreamMonitor(QObject *parent)
    : StreamMonitor(steadyClock(), parent)
{}

StreamMonitor::StreamMonitor(Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &StreamMonitor::publish);
    m_timer.start();
}

StreamMonitor::Handle StreamMonitor::opened(StreamInfo info)
{
    const auto now = m_clock();
    auto counters = std::make_shared<StreamCounters>();
    counters->events.store(info.events, std::memory_order_relaxed);
    counters->bytes.store(info.bytes, std::memory_order_relaxed);
    counters->quotaLeft.store(info.quotaLeft, std::memory_order_relaxed);
    QMutexLocker lock(&m_mutex);
    info.id = m_nextId++;
    info.open = true;
    info.eventsPerSecond = 0.0;
    qCInfo(lcStreams).noquote() << "stream" << info.id << "opened:" << info.path << "from" << info.client;
    m_streams.insert(info.id, Entry{info, counters});
    m_changed.insert(info.id, info);
    m_samples.insert(info.id, Samples{{now, info.events}});
    return {info.id, counters};
}

bool StreamMonitor::readCounters(Entry &entry)
{
    const auto &c = *entry.counters;
    auto &info = entry.info;
    const auto events = c.events.load(std::memory_order_relaxed);
    const auto bytes = c.bytes.load(std::memory_order_relaxed);
    const auto quotaLeft = c.quotaLeft.load(std::memory_order_relaxed);
    const auto queued = c.queuedBytes.load(std::memory_order_relaxed);
    const auto peak = c.peakQueuedBytes.load(std::memory_order_relaxed);
    const auto paused = c.backendPaused.load(std::memory_order_relaxed);
    if (events == info.events && bytes == info.bytes && quotaLeft == info.quotaLeft &&
        queued == info.queuedBytes && peak == info.peakQueuedBytes && paused == info.backendPaused)
        return false;
    info.events = events;
    info.bytes = bytes;
    info.quotaLeft = quotaLeft;
    info.queuedBytes = queued;
    info.peakQueuedBytes = peak;
    info.backendPaused = paused;
    return true;
}

void StreamMonitor::closed(quint64 id, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    auto entry = m_streams.take(id);
    if (entry.info.id == 0)
        return;
    readCounters(entry);
    auto &info = entry.info;
    m_samples.remove(id);
    info.open = false;
    info.closeReason = reason;
    info.eventsPerSecond = 0.0;
    qCInfo(lcStreams).noquote() << "stream" << id << "closed:" << reason << "after" << info.events
                                << "events," << info.bytes << "bytes";
    m_changed.insert(id, info);
}

QList<StreamInfo> StreamMonitor::openStreams() const
{
    QMutexLocker lock(&m_mutex);
    QList<StreamInfo> streams;
    streams.reserve(m_streams.size());
    for (auto entry : m_streams) {
        readCounters(entry);
        streams.append(entry.info);
    }
    return streams;
}

qsizetype StreamMonitor::openCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_streams.size();
}

double StreamMonitor::eventsPerSecond() const
{
    QMutexLocker lock(&m_mutex);
    return m_eventsPerSecond;
}

void StreamMonitor::requestClose(quint64 id, const QString &reason)
{
    Q_EMIT closeRequested(id, reason);
}

void StreamMonitor::updateRates(qint64 now)
{
    double total = 0.0;
    for (auto entry = m_streams.begin(); entry != m_streams.end(); ++entry) {
        const bool changed = readCounters(*entry);
        auto &info = entry->info;
        auto &samples = m_samples[entry.key()];
        samples.append({now, info.events});
        // Keep the newest sample that is at least a span old, and everything after it.
        while (samples.size() > 1 && now - samples[1].first >= rateSpanMs)
            samples.removeFirst();
        const auto elapsed = now - samples.constFirst().first;
        const double rate =
            elapsed > 0 ? double(info.events - samples.constFirst().second) * 1000.0 / double(elapsed) : 0.0;
        total += rate;
        const bool rateChanged = std::abs(rate - info.eventsPerSecond) >= 0.01;
        if (rateChanged)
            info.eventsPerSecond = rate;
        if (changed || rateChanged)
            m_changed.insert(entry.key(), info);
    }
    m_eventsPerSecond = total;
}

void StreamMonitor::publish()
{
    const auto now = m_clock();
    QList<StreamInfo> changes;
    {
        QMutexLocker lock(&m_mutex);
        updateRates(now);
        if (m_changed.isEmpty())
            return;
        changes = m_changed.values();
        m_changed.clear();
    }
    Q_EMIT streamsChanged(changes);
}

} // namespace sd::gateway
