#include "gateway/rest/loginthrottle.h"

#include <algorithm>

namespace sd::gateway {

int LoginThrottle::failed(const QString &address)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.find(address);
    if (it != m_entries.end() && it->forgetAt.hasExpired())
        it->failures = 0;
    if (it == m_entries.end()) {
        if (m_entries.size() >= maxAddresses)
            prune();
        it = m_entries.insert(address, Entry{});
    }
    it->failures = std::min(it->failures + 1, 30);
    it->forgetAt = QDeadlineTimer(forgetAfterMs);
    const qint64 delay = qint64(firstDelayMs) << std::min(it->failures - 1, 16);
    return int(std::min<qint64>(delay, maxDelayMs));
}

void LoginThrottle::succeeded(const QString &address)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(address);
}

int LoginThrottle::consecutiveFailures(const QString &address) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(address);
    return it == m_entries.constEnd() || it->forgetAt.hasExpired() ? 0 : it->failures;
}

void LoginThrottle::prune()
{
    m_entries.removeIf([](const auto &entry) { return entry.value().forgetAt.hasExpired(); });
    // Still full: an address flood; start over rather than grow without bound.
    if (m_entries.size() >= maxAddresses)
        m_entries.clear();
}

} // namespace sd::gateway
