#include "gateway/metering/ratelimiter.h"

namespace sd::gateway {

std::optional<qint64> RateLimiter::admit(const QString &key, qint64 perMinute, qint64 nowSecs)
{
    if (perMinute < 0)
        return std::nullopt;
    const qint64 minute = nowSecs / 60;
    QMutexLocker lock(&m_mutex);
    // Forget finished windows now and then so the table does not grow with every token ever seen.
    if (m_windows.size() > 10000) {
        m_windows.removeIf([minute](const auto &it) { return it.value().minute != minute; });
    }
    auto &w = m_windows[key];
    if (w.minute != minute)
        w = Window{minute, 0};
    if (w.count >= perMinute)
        return (minute + 1) * 60 - nowSecs;
    ++w.count;
    return std::nullopt;
}

} // namespace sd::gateway
