#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <optional>

namespace sd::gateway {

/// Fixed one-minute windows of connection requests per key (an access token). Thread-safe.
class RateLimiter final
{
    Q_DISABLE_COPY_MOVE(RateLimiter)

public:
    RateLimiter() = default;

    /// Counts a request; returns the seconds to wait when the key is over `perMinute` (negative: unlimited).
    std::optional<qint64> admit(const QString &key, qint64 perMinute, qint64 nowSecs);

private:
    struct Window
    {
        qint64 minute = 0;
        qint64 count = 0;
    };
    QMutex m_mutex;
    QHash<QString, Window> m_windows;
};

} // namespace sd::gateway
