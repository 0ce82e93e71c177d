#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QString>

namespace sd::gateway {

/// Slows down guessing: each consecutive failure for one key (a remote address, a consumer key) doubles a
/// delay from the first delay up to the maximum; a success clears the key. The management API answers a
/// failed login after the delay; the token endpoint refuses the key until the delay has passed
/// (retryAfterMs()). Keys quiet for forgetAfterMs are forgotten, and at most maxKeys are tracked.
/// Thread-safe.
class LoginThrottle final
{
    Q_DISABLE_COPY_MOVE(LoginThrottle)

public:
    static constexpr int defaultFirstDelayMs = 250;
    static constexpr int defaultMaxDelayMs = 4000;
    static constexpr qint64 forgetAfterMs = 15 * 60 * 1000;
    static constexpr qsizetype maxKeys = 10000;

    explicit LoginThrottle(int firstDelayMs = defaultFirstDelayMs, int maxDelayMs = defaultMaxDelayMs);

    /// Records a failure and returns its delay, in milliseconds.
    int failed(const QString &key);
    void succeeded(const QString &key);
    int consecutiveFailures(const QString &key) const;
    /// What is left of the delay of the key's last failure; 0 when the key may try now.
    int retryAfterMs(const QString &key) const;

private:
    struct Entry
    {
        int failures = 0;
        QDeadlineTimer forgetAt;
        QDeadlineTimer lockedUntil;
    };
    void prune();

    const int m_firstDelayMs;
    const int m_maxDelayMs;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace sd::gateway
