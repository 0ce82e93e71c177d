#include "gateway/relay/streammonitor.h"

#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcStreams, "streamdesk.gateway.streams")

StreamMonitor::StreamMonitor(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &StreamMonitor::publish);
    m_timer.start();
}

quint64 StreamMonitor::opened(StreamInfo info)
{
    QMutexLocker lock(&m_mutex);
    info.id = m_nextId++;
    info.open = true;
    qCInfo(lcStreams).noquote() << "stream" << info.id << "opened:" << info.path << "from" << info.client;
    m_streams.insert(info.id, info);
    m_changed.insert(info.id, info);
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

void StreamMonitor::closed(quint64 id, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    auto info = m_streams.take(id);
    if (info.id == 0)
        return;
    info.open = false;
    info.closeReason = reason;
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

void StreamMonitor::publish()
{
    QList<StreamInfo> changes;
    {
        QMutexLocker lock(&m_mutex);
        if (m_changed.isEmpty())
            return;
        changes = m_changed.values();
        m_changed.clear();
    }
    Q_EMIT streamsChanged(changes);
}

} // namespace sd::gateway
