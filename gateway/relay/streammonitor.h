#pragma once

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

namespace sd::gateway {

/// What the console shows of one stream.
struct StreamInfo
{
    quint64 id = 0;
    QString apiId;
    QString apiName;
    QString path;
    QString applicationId;
    QString subscriptionId;
    QString client;
    QDateTime openedAt;
    qint64 events = 0;
    qint64 bytes = 0;
    qint64 quotaLeft = -1; // -1: unlimited or unmetered
    bool open = true;
    QString closeReason;
};

/// Collects the state of every stream and reports changes in batches (every 250 ms), so observers
/// such as the GUI never slow the gateway down. Thread-safe; signals come from the monitor's thread.
class StreamMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamMonitor)

public:
    explicit StreamMonitor(QObject *parent = nullptr);

    quint64 opened(StreamInfo info);
    void progress(quint64 id, qint64 events, qint64 bytes, qint64 quotaLeft);
    void closed(quint64 id, const QString &reason);
    QList<StreamInfo> openStreams() const;
    qsizetype openCount() const;
    /// Emits the pending changes now (also done by the timer).
    void publish();

Q_SIGNALS:
    /// Changed streams since the last batch; closed ones appear once more with open = false.
    void streamsChanged(const QList<sd::gateway::StreamInfo> &changes);

private:
    mutable QMutex m_mutex;
    quint64 m_nextId = 1;
    QHash<quint64, StreamInfo> m_streams;
    QHash<quint64, StreamInfo> m_changed;
    QTimer m_timer;
};

} // namespace sd::gateway
