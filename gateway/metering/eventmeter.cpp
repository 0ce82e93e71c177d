#include "gateway/metering/eventmeter.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcMeter, "streamdesk.gateway.metering")

EventMeter::EventMeter(std::shared_ptr<models::Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{
    m_flushTimer.setInterval(1000);
    connect(&m_flushTimer, &QTimer::timeout, this, &EventMeter::flush);
    m_flushTimer.start();
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
        if (it != m_counters.end() && it->pending > 0)
            m_store->addEventUsage(subscriptionId, it->windowStart, it->pending);
        it = m_counters.insert(subscriptionId, Counter{start, m_store->eventUsage(subscriptionId, start), 0});
    }
    return *it;
}

EventMeter::Grant EventMeter::consume(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    QMutexLocker lock(&m_mutex);
    auto &c = counter(subscriptionId, plan);
    if (!plan.unlimited() && c.used >= plan.eventLimit)
        return {false, 0};
    ++c.used;
    ++c.pending;
    return {true, plan.unlimited() ? -1 : plan.eventLimit - c.used};
}

qint64 EventMeter::remaining(const QString &subscriptionId, const models::BusinessPlan &plan)
{
    QMutexLocker lock(&m_mutex);
    const auto &c = counter(subscriptionId, plan);
    return plan.unlimited() ? -1 : qMax<qint64>(0, plan.eventLimit - c.used);
}

void EventMeter::flush()
{
    QMutexLocker lock(&m_mutex);
    QList<std::pair<QString, Counter *>> dirty;
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
        if (it->pending > 0)
            dirty.append({it.key(), &*it});
    }
    if (dirty.isEmpty())
        return;
    const auto status = m_store->write([&]() -> models::Status {
        for (const auto &[id, c] : dirty) {
            if (auto s = m_store->addEventUsage(id, c->windowStart, c->pending); !s) {
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
        c->pending = 0;
}

void EventMeter::forget(const QString &subscriptionId)
{
    QMutexLocker lock(&m_mutex);
    m_counters.remove(subscriptionId);
}

} // namespace sd::gateway
