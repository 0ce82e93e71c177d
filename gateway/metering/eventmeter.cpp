#include "gateway/metering/eventmeter.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSet>
#include <QWaitCondition>
#include <numeric>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcMeter, "streamdesk.gateway.metering")

/// One subscription's count in one plan window. `used` and `recent` are atomics so that an unlimited plan
/// counts without the mutex; everything else is guarded by it.
struct EventMeter::Counter
{
    Counter(const QString &id, qint64 start, qint64 stored)
        : subscriptionId(id)
        , windowStart(start)
        , used(stored)
        , durable(stored)
    {}

    /// Events that may be delivered: the durable usage less what is on its way back.
    qint64 usable() const { return durable + pendingDown; }
    /// The stored usage once every write on its way is done.
    qint64 requested() const { return durable + pendingUp + pendingDown; }

    const QString subscriptionId;
    const qint64 windowStart;
    std::atomic<qint64> used;         // delivered in this window
    std::atomic<qint64> recent{0};    // delivered since the last tick
    std::atomic<bool> retired{false}; // its window has ended: a new counter took its place
    QMutex mutex;
    QWaitCondition written; // a write of this counter is done
    qint64 durable;         // in the store, committed
    qint64 pendingUp = 0;   // on its way to the store: a lease, or an unlimited plan's count
    qint64 pendingDown = 0; // on its way to the store: an unused lease going back (negative)
    std::array<qint64, ticksPerSecond> history{}; // delivered in each tick of the last second
    qint64 rate = 0;                              // events per second, lately: sizes the leases
    quint64 failures = 0;                         // lease writes that failed
    bool prefetchFailed = false; // the last lease write failed: ask again only when the lease is empty
};

EventMeter::EventMeter(std::shared_ptr<models::Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_writer(m_store)
{
    m_tickTimer.setInterval(1000 / ticksPerSecond);
    connect(&m_tickTimer, &QTimer::timeout, this, &EventMeter::tick);
    m_tickTimer.start();
}

EventMeter::~EventMeter()
{
    flush();
}

qint64 EventMeter::windowStart(const models::BusinessPlan &plan, qint64 nowSecs)
{
    const auto window = qMax<qint64>(1, plan.windowSeconds);
    return nowSecs - nowSecs % window;
}

qint64 EventMeter::secondsToWindowEnd(const models::BusinessPlan &plan, qint64 nowSecs)
{
    return windowStart(plan, nowSecs) + qMax<qint64>(1, plan.windowSeconds) - nowSecs;
}

EventMeter::Shard &EventMeter::shard(const QString &subscriptionId)
{
    return m_shards[qHash(subscriptionId) % shardCount];
}

EventMeter::CounterPtr EventMeter::counter(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    const auto start = windowStart(plan, QDateTime::currentSecsSinceEpoch());
    auto &s = shard(subscriptionId);
    {
        QReadLocker lock(&s.lock);
        const auto it = s.counters.constFind(subscriptionId);
        if (it != s.counters.constEnd() && (*it)->windowStart >= start)
            return *it;
    }
    // First sight in this window: what is stored (an earlier run's count, or a crashed one's lease) counts
    // as delivered. A read, outside the shard's lock.
    const auto stored = m_store->eventUsage(subscriptionId, start);
    QWriteLocker lock(&s.lock);
    auto &slot = s.counters[subscriptionId];
    if (slot && slot->windowStart >= start)
        return slot;
    if (slot) {
        // The window that ended keeps what was delivered in it, not its unused lease: tick() settles it.
        slot->retired = true;
        QMutexLocker retiredLock(&m_retiredMutex);
        m_retired.append(slot);
    }
    slot = std::make_shared<Counter>(subscriptionId, start, stored);
    return slot;
}

QList<EventMeter::CounterPtr> EventMeter::counters(bool withRetired)
{
    QList<CounterPtr> all;
    for (const auto &s : m_shards) {
        QReadLocker lock(&s.lock);
        all.append(s.counters.values());
    }
    if (withRetired) {
        QMutexLocker lock(&m_retiredMutex);
        all.append(m_retired);
    }
    return all;
}

qint64 EventMeter::leaseSize(const Counter &c) const
{
    return qMax(minimumLease, c.rate);
}

models::BatchWriter::Write EventMeter::usageWrite(const CounterPtr &c, qint64 delta, bool lease)
{
    (delta > 0 ? c->pendingUp : c->pendingDown) += delta;
    return {[store = m_store, id = c->subscriptionId, window = c->windowStart, delta] {
                return store->addEventUsage(id, window, delta);
            },
            [c, delta, lease](const models::Status &status) {
                QMutexLocker lock(&c->mutex);
                (delta > 0 ? c->pendingUp : c->pendingDown) -= delta;
                // A count of a subscription deleted meanwhile has nothing left to keep; its lease is refused.
                const bool gone = !status && status.error().kind == models::Error::Kind::Conflict;
                if (status || (gone && !lease))
                    c->durable += delta;
                else
                    qCWarning(lcMeter).noquote() << "Could not save event usage of subscription"
                                                 << c->subscriptionId << "-" << status.error().message;
                if (lease) {
                    c->prefetchFailed = !status;
                    if (!status)
                        ++c->failures;
                }
                c->written.wakeAll();
            }};
}

void EventMeter::requestLease(const CounterPtr &c, const models::BusinessPlan &plan)
{
    const auto target = qMin(plan.eventLimit, c->used.load(std::memory_order_relaxed) + leaseSize(*c));
    if (const auto delta = target - c->requested(); delta > 0)
        m_writer.post(usageWrite(c, delta, true));
}

EventMeter::Grant EventMeter::consume(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    if (plan.unlimited()) {
        const auto start = windowStart(plan, QDateTime::currentSecsSinceEpoch());
        auto &s = shard(subscriptionId);
        for (;;) {
            {
                // Under the shard's read lock the counter cannot be retired, so no count is lost to a
                // window that is being settled.
                QReadLocker lock(&s.lock);
                const auto it = s.counters.constFind(subscriptionId);
                if (it != s.counters.constEnd() && (*it)->windowStart >= start) {
                    (*it)->used.fetch_add(1, std::memory_order_relaxed);
                    (*it)->recent.fetch_add(1, std::memory_order_relaxed);
                    return {true, -1};
                }
            }
            counter(subscriptionId, plan);
        }
    }
    for (;;) {
        const auto c = counter(subscriptionId, plan);
        QMutexLocker lock(&c->mutex);
        if (!c->retired)
            return consumeLimited(c, plan, lock);
    }
}

EventMeter::Grant EventMeter::consumeLimited(const CounterPtr &c, const models::BusinessPlan &plan,
                                             QMutexLocker<QMutex> &lock)
{
    const auto limit = plan.eventLimit;
    auto used = c->used.load(std::memory_order_relaxed);
    if (used >= limit)
        return {false, 0};
    if (used >= c->usable()) {
        // The lease is empty and the next one is not durable yet: wait for it, never deliver ahead of it.
        m_leaseWaits.fetch_add(1, std::memory_order_relaxed);
        const auto failures = c->failures;
        do {
            if (c->pendingUp == 0)
                requestLease(c, plan);
            c->written.wait(lock.mutex());
            if (c->failures != failures)
                return {false, limit - used, true};
            used = c->used.load(std::memory_order_relaxed);
            if (used >= limit)
                return {false, 0};
        } while (used >= c->usable());
    }
    c->used.store(++used, std::memory_order_relaxed);
    c->recent.fetch_add(1, std::memory_order_relaxed);
    // Half the lease left: the next one is written while this one is used up.
    if (c->pendingUp == 0 && !c->prefetchFailed && c->usable() - used <= leaseSize(*c) / 2)
        requestLease(c, plan);
    return {true, limit - used};
}

void EventMeter::refund(const QString &subscriptionId, const models::BusinessPlan &plan, qint64 count)
{
    const auto c = counter(subscriptionId, plan);
    QMutexLocker lock(&c->mutex);
    // The refunded part of a lease goes back with the rest of it (flush(), or when the subscription idles).
    const auto back = qBound<qint64>(0, count, c->used.load(std::memory_order_relaxed));
    c->used.fetch_sub(back, std::memory_order_relaxed);
    const auto recent = c->recent.load(std::memory_order_relaxed);
    c->recent.fetch_sub(qMin(back, recent), std::memory_order_relaxed);
}

qint64 EventMeter::remaining(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    if (plan.unlimited()) {
        counter(subscriptionId, plan);
        return -1;
    }
    const auto c = counter(subscriptionId, plan);
    QMutexLocker lock(&c->mutex);
    const auto used = c->used.load(std::memory_order_relaxed);
    if (c->pendingUp == 0 && !c->prefetchFailed && c->usable() - used <= leaseSize(*c) / 2)
        requestLease(c, plan);
    return qMax<qint64>(0, plan.eventLimit - used);
}

std::optional<EventMeter::Usage> EventMeter::usage(const QString &subscriptionId)
{
    const auto subscription = m_store->subscription(subscriptionId);
    if (!subscription)
        return std::nullopt;
    const auto plan = m_store->plan(subscription->plan);
    if (!plan)
        return std::nullopt;
    const auto start = windowStart(*plan, QDateTime::currentSecsSinceEpoch());
    Usage usage{plan->name, 0, plan->unlimited() ? -1 : plan->eventLimit,
                QDateTime::fromSecsSinceEpoch(start, Qt::UTC),
                QDateTime::fromSecsSinceEpoch(start + qMax<qint64>(1, plan->windowSeconds), Qt::UTC)};
    CounterPtr c;
    {
        auto &s = shard(subscriptionId);
        QReadLocker lock(&s.lock);
        c = s.counters.value(subscriptionId);
    }
    // The stored count includes unused leases; a counter of this window knows what was delivered.
    usage.delivered = c && c->windowStart == start ? c->used.load(std::memory_order_relaxed)
                                                   : m_store->eventUsage(subscriptionId, start);
    return usage;
}

std::optional<models::BatchWriter::Write> EventMeter::settle(const CounterPtr &c, bool returnLease)
{
    if (c->pendingUp > 0)
        return std::nullopt;
    const auto delta = c->used.load(std::memory_order_relaxed) - c->requested();
    if (delta == 0 || (delta < 0 && !returnLease))
        return std::nullopt;
    return usageWrite(c, delta, false);
}

void EventMeter::tick()
{
    const auto bucket = std::size_t(m_ticks % ticksPerSecond);
    // Unlimited counts are written every second; a lease goes back once its subscription has been idle
    // for a second, or its window has ended.
    const bool settling = ++m_ticks % ticksPerSecond == 0;
    QList<models::BatchWriter::Write> writes;
    QSet<const Counter *> settled;
    for (const auto &c : counters(true)) {
        QMutexLocker lock(&c->mutex);
        const auto recent = c->recent.exchange(0, std::memory_order_relaxed);
        c->history[bucket] = recent;
        const auto lastSecond = std::accumulate(c->history.begin(), c->history.end(), qint64(0));
        // A stream that just started is sized by its first tick, not after a whole second of small leases.
        c->rate = qMax(lastSecond, recent * ticksPerSecond);
        if (!settling && !c->retired)
            continue;
        if (auto write = settle(c, lastSecond == 0 || c->retired))
            writes.append(std::move(*write));
        else if (c->retired && c->pendingUp == 0 && c->pendingDown == 0)
            settled.insert(c.get());
    }
    m_writer.post(std::move(writes));
    QMutexLocker lock(&m_retiredMutex);
    m_retired.removeIf([&](const CounterPtr &c) { return settled.contains(c.get()); });
}

void EventMeter::flush()
{
    m_writer.drain();
    QList<models::BatchWriter::Write> writes;
    for (const auto &c : counters(true)) {
        QMutexLocker lock(&c->mutex);
        if (auto write = settle(c, true))
            writes.append(std::move(*write));
    }
    m_writer.post(std::move(writes));
    m_writer.drain();
}

void EventMeter::forget(const QString &subscriptionId)
{
    {
        auto &s = shard(subscriptionId);
        QWriteLocker lock(&s.lock);
        s.counters.remove(subscriptionId);
    }
    QMutexLocker lock(&m_retiredMutex);
    m_retired.removeIf([&](const CounterPtr &c) { return c->subscriptionId == subscriptionId; });
}

} // namespace sd::gateway
