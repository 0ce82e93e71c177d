#pragma once

#include "gateway/relay/streamcounters.h"
#include "models/keyset.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

namespace sd::gateway {

/// What the console shows of one stream.
struct StreamInfo
{
    quint64 id = 0;
    QString apiId;
    QString apiName;
    QString path;
    QString applicationId;
    QString applicationName;
    QString subscriptionId;
    models::KeyType keyType = models::KeyType::Production;
    QString client;
    int worker = 0; // the data plane thread relaying it, from 1
    QDateTime openedAt;
    qint64 events = 0;
    qint64 bytes = 0;
    qint64 quotaLeft = -1;        // -1: unlimited or unmetered
    double eventsPerSecond = 0.0; // over about the last second
    qint64 queuedBytes = 0;       // written for the client and not yet taken by it
    qint64 peakQueuedBytes = 0;   // the largest queue, with the bytes of an unfinished event, so far
    bool backendPaused = false;   // the backend is not read until the client catches up
    bool open = true;
    QString closeReason;
};

/// Collects the state of every stream and reports changes in batches (every 250 ms), so observers
/// such as the GUI never slow the gateway down. A stream writes its StreamCounters as it goes and the
/// batch reads them: opening and closing take a lock, events do not. Thread-safe; signals come from the
/// monitor's thread.
class StreamMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamMonitor)

public:
    /// Milliseconds of a monotonic clock; tests pass their own.
    using Clock = std::function<qint64()>;

    explicit StreamMonitor(QObject *parent = nullptr);
    explicit StreamMonitor(Clock clock, QObject *parent = nullptr);

    /// A stream just opened: its id and the counters it updates from now on.
    struct Handle
    {
        quint64 id = 0;
        std::shared_ptr<StreamCounters> counters;
    };

    Handle opened(StreamInfo info);
    /// The stream ended; its counters are read one last time.
    void closed(quint64 id, const QString &reason);
    QList<StreamInfo> openStreams() const;
    qsizetype openCount() const;
    /// Events per second of all open streams together, as of the last batch.
    double eventsPerSecond() const;
    /// Asks the gateway that owns the stream to end it; the stream then closes with `reason`.
    /// Callable from any thread.
    void requestClose(quint64 id, const QString &reason);
    /// Emits the pending changes now (also done by the timer), with rates measured up to now.
    void publish();

Q_SIGNALS:
    /// Changed streams since the last batch; closed ones appear once more with open = false.
    void streamsChanged(const QList<sd::gateway::StreamInfo> &changes);
    void closeRequested(quint64 id, const QString &reason);

private:
    // (clock ms, events) samples spanning about the last second of one stream.
    using Samples = QList<std::pair<qint64, qint64>>;
    struct Entry
    {
        StreamInfo info;
        std::shared_ptr<StreamCounters> counters;
    };
    /// Copies the counters into the entry's info; true when something changed.
    static bool readCounters(Entry &entry);
    void updateRates(qint64 now);

    Clock m_clock;
    mutable QMutex m_mutex;
    quint64 m_nextId = 1;
    QHash<quint64, Entry> m_streams;
    QHash<quint64, StreamInfo> m_changed;
    QHash<quint64, Samples> m_samples;
    double m_eventsPerSecond = 0.0;
    QTimer m_timer;
};

} // namespace sd::gateway
