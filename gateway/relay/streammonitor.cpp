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

quint64 StreamMonitor::opened(StreamInfo info)
{
    const auto now = m_clock();
    QMutexLocker lock(&m_mutex);
    info.id = m_nextId++;
    info.open = true;
    info.eventsPerSecond = 0.0;
    qCInfo(lcStreams).noquote() << "stream" << info.id << "opened:" << info.path << "from" << info.client;
    m_streams.insert(info.id, info);
    m_changed.insert(info.id, info);
    m_samples.insert(info.id, Samples{{now, info.events}});
    return info.id;
}

void StreamMonitor::progress(quint64 id, qint64 events, qint64 bytes, qint64 quotaLeft)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    it->events = events;
    it->bytes = bytes;
    it->quotaLeft = quotaLeft;
    m_changed.insert(id, *it);
}

void StreamMonitor::queue(quint64 id, qint64 queuedBytes, qint64 peakQueuedBytes, bool backendPaused)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    it->queuedBytes = queuedBytes;
    it->peakQueuedBytes = peakQueuedBytes;
    it->backendPaused = backendPaused;
    m_changed.insert(id, *it);
}

void StreamMonitor::closed(quint64 id, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    auto info = m_streams.take(id);
    if (info.id == 0)
        return;
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
    return m_streams.values();
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
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        auto &samples = m_samples[it.key()];
        samples.append({now, it->events});
        // Keep the newest sample that is at least a span old, and everything after it.
        while (samples.size() > 1 && now - samples[1].first >= rateSpanMs)
            samples.removeFirst();
        const auto elapsed = now - samples.constFirst().first;
        const double rate =
            elapsed > 0 ? double(it->events - samples.constFirst().second) * 1000.0 / double(elapsed) : 0.0;
        total += rate;
        if (std::abs(rate - it->eventsPerSecond) >= 0.01) {
            it->eventsPerSecond = rate;
            m_changed.insert(it.key(), *it);
        }
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
