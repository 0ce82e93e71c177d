#pragma once

#include "models/businessplan.h"
#include "models/store.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>

namespace sd::gateway {

/// Counts delivered events per subscription and plan window, exactly, and never lets one out past the
/// quota, not even across a crash: for a limited plan, consume() takes events from a lease that is already
/// written to the store, so at every moment the stored usage is at least what was delivered. A SIGKILL can
/// therefore only over-count (by the unused part of one lease, about a second of traffic); it never resets
/// usage. Unused leases go back on flush() and when a subscription falls idle; unlimited plans are counted
/// in memory and written every second. Thread-safe.
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
    ~EventMeter() override;

    /// Takes one event of the subscription's current window.
    Grant consume(const QString &subscriptionId, const models::BusinessPlan &plan);
    /// Gives back `count` events taken in the current window that never left the gateway (their client
    /// was dropped while they were queued): an event counts only once it is handed to the client.
    void refund(const QString &subscriptionId, const models::BusinessPlan &plan, qint64 count);
    /// What the console shows of a subscription; nothing for an unknown subscription. Does not lease.
    std::optional<Usage> usage(const QString &subscriptionId);
    /// Events left in the current window; -1 when unlimited.
    qint64 remaining(const QString &subscriptionId, const models::BusinessPlan &plan);
    static qint64 secondsToWindowEnd(const models::BusinessPlan &plan, qint64 nowSecs);
    static qint64 windowStart(const models::BusinessPlan &plan, qint64 nowSecs);
    /// Makes the store exact: writes pending counts and returns unused leases, in one transaction.
    void flush();
    /// Drops the count of a removed subscription: its stored usage went with it.
    void forget(const QString &subscriptionId);

private:
    struct Counter
    {
        qint64 windowStart = 0;
        qint64 used = 0;   // delivered in this window
        qint64 stored = 0; // in the store: for limited plans used plus the unused lease
        qint64 recent = 0; // delivered since the last tick
        qint64 rate = 0;   // delivered between the last two ticks: sizes the next lease
    };
    Counter &counter(const QString &subscriptionId, const models::BusinessPlan &plan);
    bool lease(const QString &subscriptionId, Counter &c, const models::BusinessPlan &plan);
    /// Brings the stored usage of the counters `settle` selects to their delivered count.
    void settle(const std::function<bool(const Counter &)> &select);
    void tick();

    std::shared_ptr<models::Store> m_store;
    QMutex m_mutex;
    QHash<QString, Counter> m_counters;
    QTimer m_tickTimer;
};

} // namespace sd::gateway
