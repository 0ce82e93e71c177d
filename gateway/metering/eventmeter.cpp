#include "gateway/metering/eventmeter.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcMeter, "streamdesk.gateway.metering")

EventMeter::EventMeter(std::shared_ptr<models::Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{
    m_tickTimer.setInterval(1000);
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

EventMeter::Counter &EventMeter::counter(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    const auto start = windowStart(plan, QDateTime::currentSecsSinceEpoch());
    auto it = m_counters.find(subscriptionId);
    if (it == m_counters.end() || it->windowStart != start) {
        // The window that ended keeps what was delivered in it, not its unused lease.
        if (it != m_counters.end() && it->used != it->stored)
            m_store->addEventUsage(subscriptionId, it->windowStart, it->used - it->stored);
        const auto stored = m_store->eventUsage(subscriptionId, start);
        it = m_counters.insert(subscriptionId, Counter{start, stored, stored, 0, 0});
    }
    return *it;
}

bool EventMeter::lease(const QString &subscriptionId, Counter &c, const models::BusinessPlan &plan)
{
    const auto size = qMin(plan.eventLimit - c.used, qMax(minimumLease, c.rate));
    const auto status = m_store->addEventUsage(subscriptionId, c.windowStart, c.used + size - c.stored);
    if (!status) {
        qCWarning(lcMeter).noquote() << "Could not save event usage of subscription" << subscriptionId << "-"
                                     << status.error().message;
        return false;
    }
    c.stored = c.used + size;
    return true;
}

EventMeter::Grant EventMeter::consume(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    QMutexLocker lock(&m_mutex);
    auto &c = counter(subscriptionId, plan);
    if (plan.unlimited()) {
        ++c.used;
        ++c.recent;
        return {true, -1};
    }
    if (c.used >= plan.eventLimit)
        return {false, 0};
    if (c.used >= c.stored && !lease(subscriptionId, c, plan))
        return {false, plan.eventLimit - c.used, true};
    ++c.used;
    ++c.recent;
    return {true, plan.eventLimit - c.used};
}

void EventMeter::refund(const QString &subscriptionId, const models::BusinessPlan &plan, qint64 count)
{
    QMutexLocker lock(&m_mutex);
    auto &c = counter(subscriptionId, plan);
    // The refunded part of a lease goes back with the rest of it (flush(), or when the subscription idles).
    const auto back = qBound<qint64>(0, count, c.used);
    c.used -= back;
    c.recent = qMax<qint64>(0, c.recent - back);
}

qint64 EventMeter::remaining(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    QMutexLocker lock(&m_mutex);
    const auto &c = counter(subscriptionId, plan);
    return plan.unlimited() ? -1 : qMax<qint64>(0, plan.eventLimit - c.used);
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
    QMutexLocker lock(&m_mutex);
    // The stored count includes unused leases; a counter of this window knows what was delivered.
    const auto it = m_counters.constFind(subscriptionId);
    usage.delivered = it != m_counters.constEnd() && it->windowStart == start
                          ? it->used
                          : m_store->eventUsage(subscriptionId, start);
    return usage;
}

void EventMeter::settle(const std::function<bool(const Counter &)> &select)
{
    QList<std::pair<QString, Counter *>> dirty;
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
        if (it->used != it->stored && select(*it))
            dirty.append({it.key(), &*it});
    }
    if (dirty.isEmpty())
        return;
    const auto status = m_store->write([&]() -> models::Status {
        for (const auto &[id, c] : dirty) {
            if (auto s = m_store->addEventUsage(id, c->windowStart, c->used - c->stored); !s) {
                // A subscription deleted meanwhile has no usage to keep.
                if (s.error().kind != models::Error::Kind::Conflict)
                    return s;
            }
        }
        return models::Done{};
    });
    if (!status) {
        qCWarning(lcMeter) << "Could not save event usage:" << status.error().message;
        return;
    }
    for (const auto &[id, c] : dirty)
        c->stored = c->used;
}

void EventMeter::flush()
{
    QMutexLocker lock(&m_mutex);
    settle([](const Counter &) { return true; });
}

void EventMeter::tick()
{
    QMutexLocker lock(&m_mutex);
    // Unlimited counts are written every second; a lease goes back once its subscription is idle.
    settle([](const Counter &c) { return c.used > c.stored || c.recent == 0; });
    for (auto &c : m_counters) {
        c.rate = c.recent;
        c.recent = 0;
    }
}

void EventMeter::forget(const QString &subscriptionId)
{
    QMutexLocker lock(&m_mutex);
    m_counters.remove(subscriptionId);
}

} // namespace sd::gateway
