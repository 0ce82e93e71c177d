#pragma once

#include "models/batchwriter.h"
#include "models/businessplan.h"
#include "models/store.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QReadWriteLock>
#include <QTimer>
#include <array>
#include <atomic>
#include <memory>
#include <optional>

namespace sd::gateway {

/// Counts delivered events per subscription and plan window, exactly, and never lets one out past the
/// quota, not even across a crash: for a limited plan, consume() takes events from a lease that is already
/// written to the store, so at every moment the stored usage is at least what was delivered. A SIGKILL can
/// therefore only over-count (by the unused part of one lease, about a second of traffic); it never resets
/// usage. Unused leases go back on flush() and when a subscription falls idle; unlimited plans are counted
/// in memory and written every second.
///
/// All writes go through one writer thread (models::BatchWriter). Once less than half a lease is left,
/// the stored usage is topped up to a lease ahead of what was delivered; the top-up becomes usable when it
/// is durable, so a steady stream does not wait for an fsync. Only a burst that uses up the other half
/// before the top-up is written makes consume() wait for that write, never deliver ahead of it
/// (leaseWaits() counts those calls). Callable from any thread: finding a subscription's counter takes a
/// shard's read lock; a limited plan's event then takes that subscription's own mutex, an unlimited plan's
/// is one relaxed atomic increment.
class EventMeter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventMeter)

public:
    struct Grant
    {
        bool allowed = false;
        qint64 remaining = -1;      // after this event; -1 when unlimited
        bool storageFailed = false; // refused because the lease could not be written
    };
    /// A subscription's use of its plan in the current window, as delivered (leased events not counted).
    struct Usage
    {
        QString plan;
        qint64 delivered = 0;
        qint64 limit = -1; // -1: unlimited
        QDateTime windowStart;
        QDateTime windowEnd;
    };
    /// The smallest lease; larger ones follow the subscription's event rate of the last second.
    static constexpr qint64 minimumLease = 16;

    explicit EventMeter(std::shared_ptr<models::Store> store, QObject *parent = nullptr);
    /// Flushes, then stops the writer thread.
    ~EventMeter() override;

    /// Takes one event of the subscription's current window.
    Grant consume(const QString &subscriptionId, const models::BusinessPlan &plan);
    /// Gives back `count` events taken in the current window that never left the gateway (their client
    /// was dropped while they were queued): an event counts only once it is handed to the client.
    void refund(const QString &subscriptionId, const models::BusinessPlan &plan, qint64 count);
    /// What the console shows of a subscription; nothing for an unknown subscription. Does not lease.
    std::optional<Usage> usage(const QString &subscriptionId);
    /// Events left in the current window; -1 when unlimited. A stream is about to start, so a limited
    /// plan's first lease is asked for here (without waiting for it).
    qint64 remaining(const QString &subscriptionId, const models::BusinessPlan &plan);
    static qint64 secondsToWindowEnd(const models::BusinessPlan &plan, qint64 nowSecs);
    static qint64 windowStart(const models::BusinessPlan &plan, qint64 nowSecs);
    /// Makes the store exact: waits for the writer, then writes pending counts and returns unused leases,
    /// in one transaction, and waits for that too.
    void flush();
    /// Drops the count of a removed subscription: its stored usage went with it.
    void forget(const QString &subscriptionId);

    /// consume() calls that had to wait for a lease write (the lease ran out before the next was durable).
    quint64 leaseWaits() const { return m_leaseWaits.load(std::memory_order_relaxed); }
    /// Writes queued or running on the writer thread.
    qsizetype pendingWrites() const { return m_writer.pending(); }

private:
    struct Counter;
    using CounterPtr = std::shared_ptr<Counter>;
    struct Shard
    {
        mutable QReadWriteLock lock;
        QHash<QString, CounterPtr> counters;
    };
    static constexpr int shardCount = 16;
    static constexpr int ticksPerSecond = 10;

    Shard &shard(const QString &subscriptionId);
    CounterPtr counter(const QString &subscriptionId, const models::BusinessPlan &plan);
    QList<CounterPtr> counters(bool withRetired);
    Grant consumeLimited(const CounterPtr &c, const models::BusinessPlan &plan, QMutexLocker<QMutex> &lock);
    qint64 leaseSize(const Counter &c) const;
    /// Asks the writer to bring the stored usage to `used` plus one lease. Called with the counter locked.
    void requestLease(const CounterPtr &c, const models::BusinessPlan &plan);
    /// A write of `delta` events to the counter's stored usage, a lease or a settled count; called with the
    /// counter locked.
    models::BatchWriter::Write usageWrite(const CounterPtr &c, qint64 delta, bool lease);
    /// Brings the counter's stored usage to its delivered count; `returnLease` also gives back an unused
    /// lease. Called with the counter locked; nothing while a lease write is on its way.
    std::optional<models::BatchWriter::Write> settle(const CounterPtr &c, bool returnLease);
    void tick();

    std::shared_ptr<models::Store> m_store;
    std::array<Shard, shardCount> m_shards;
    QMutex m_retiredMutex;
    QList<CounterPtr> m_retired; // counters of ended windows, until their count is stored
    std::atomic<quint64> m_leaseWaits{0};
    QTimer m_tickTimer;
    quint64 m_ticks = 0;
    models::BatchWriter m_writer; // last: it ends, writing what is queued, before the rest goes
};

} // namespace sd::gateway
