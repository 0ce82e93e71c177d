#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QString>

namespace sd::gateway {

/// Slows down password guessing: each consecutive failed login from one remote address doubles the delay
/// before its answer (from firstDelayMs up to maxDelayMs); a successful login clears the address.
/// Addresses quiet for forgetAfterMs are forgotten, and at most maxAddresses are tracked. Thread-safe.
class LoginThrottle final
{
    Q_DISABLE_COPY_MOVE(LoginThrottle)

public:
    static constexpr int firstDelayMs = 250;
    static constexpr int maxDelayMs = 4000;
    static constexpr qint64 forgetAfterMs = 15 * 60 * 1000;
    static constexpr qsizetype maxAddresses = 10000;

    LoginThrottle() = default;

    /// Records a failure and returns the delay for its answer, in milliseconds.
    int failed(const QString &address);
    void succeeded(const QString &address);
    int consecutiveFailures(const QString &address) const;

private:
    struct Entry
    {
        int failures = 0;
        QDeadlineTimer forgetAt;
    };
    void prune();

    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace sd::gateway
