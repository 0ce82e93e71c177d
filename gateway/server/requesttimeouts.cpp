#include "gateway/server/requesttimeouts.h"

namespace sd::gateway {

RequestTimeouts::RequestTimeouts(int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_timeoutMs(timeoutMs)
{
    // A deadline is met at most a quarter of the timeout (and at most a second) late.
    m_sweep.setInterval(qBound(10, timeoutMs / 4, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &RequestTimeouts::sweep);
}

void RequestTimeouts::watch(ConnectionGuard *guard)
{
    m_pending.emplace_back(QDeadlineTimer(m_timeoutMs), guard);
    if (!m_sweep.isActive())
        m_sweep.start();
}

void RequestTimeouts::sweep()
{
    while (!m_pending.empty() && (m_pending.front().first.hasExpired() || !m_pending.front().second)) {
        const QPointer<ConnectionGuard> guard = m_pending.front().second;
        m_pending.pop_front();
        if (guard)
            guard->expire();
    }
    if (m_pending.empty())
        m_sweep.stop();
}

} // namespace sd::gateway
