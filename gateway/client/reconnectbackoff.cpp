#include "gateway/client/reconnectbackoff.h"

#include <algorithm>
#include <climits>

namespace sd::gateway {

void ReconnectBackoff::setServerDelay(std::optional<int> delayMs)
{
    if (delayMs)
        m_baseMs = std::max(*delayMs, 0);
}

void ReconnectBackoff::restart()
{
    m_baseMs = defaultDelayMs;
    m_attempt = 0;
}

int ReconnectBackoff::next()
{
    if (m_attempt < INT_MAX)
        ++m_attempt;
    if (m_attempt == 1)
        return m_baseMs;
    const qint64 cap = std::max(m_baseMs, maxDelayMs);
    qint64 delay = std::max(m_baseMs, minBackoffMs);
    for (int i = 1; i < m_attempt && delay < cap; ++i)
        delay *= 2;
    return static_cast<int>(std::min(delay, cap));
}

} // namespace sd::gateway
