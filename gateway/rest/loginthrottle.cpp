#include "gateway/rest/loginthrottle.h"

#include <algorithm>

namespace sd::gateway {

LoginThrottle::LoginThrottle(int firstDelayMs, int maxDelayMs)
    : m_firstDelayMs(std::max(firstDelayMs, 1))
    , m_maxDelayMs(std::max(maxDelayMs, m_firstDelayMs))
{}

int LoginThrottle::failed(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.find(key);
    if (it != m_entries.end() && it->forgetAt.hasExpired())
        it->failures = 0;
    if (it == m_entries.end()) {
        if (m_entries.size() >= maxKeys)
            prune();
        it = m_entries.insert(key, Entry{});
    }
    it->failures = std::min(it->failures + 1, 30);
    it->forgetAt = QDeadlineTimer(forgetAfterMs);
    const qint64 delay = qint64(m_firstDelayMs) << std::min(it->failures - 1, 16);
    const int capped = int(std::min<qint64>(delay, m_maxDelayMs));
    it->lockedUntil = QDeadlineTimer(capped);
    return capped;
}

void LoginThrottle::succeeded(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(key);
}

int LoginThrottle::consecutiveFailures(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(key);
    return it == m_entries.constEnd() || it->forgetAt.hasExpired() ? 0 : it->failures;
}

int LoginThrottle::retryAfterMs(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(key);
    return it == m_entries.constEnd() ? 0 : int(std::max<qint64>(it->lockedUntil.remainingTime(), 0));
}

void LoginThrottle::prune()
{
    m_entries.removeIf([](const auto &entry) { return entry.value().forgetAt.hasExpired(); });
    // Still full: a flood of keys; start over rather than grow without bound.
    if (m_entries.size() >= maxKeys)
        m_entries.clear();
}

} // namespace sd::gateway
