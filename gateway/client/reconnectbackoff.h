#pragma once

#include <QtGlobal>
#include <optional>

namespace sd::gateway {

/// The delay before each reconnection of an event stream: the server's last `retry` (3 s without one),
/// doubled for each further attempt that delivered no event, at most 60 s (or the server's own delay when
/// it asks for more).
class ReconnectBackoff final
{
public:
    static constexpr int defaultDelayMs = 3000;
    static constexpr int maxDelayMs = 60000;
    // A server that asks for `retry: 0` and then keeps failing is not hammered.
    static constexpr int minBackoffMs = 250;

    ReconnectBackoff() = default;

    /// The server's reconnection time (SseParser::retry()); nullopt keeps the current one.
    void setServerDelay(std::optional<int> delayMs);
    /// Back to the first attempt: a connection delivered an event.
    void reset() { m_attempt = 0; }
    /// Forgets the server's delay as well (a new stream).
    void restart();
    /// Counts the next attempt and returns its delay.
    int next();
    /// The attempt counted by the last next(), from 1; 0 after reset().
    int attempt() const { return m_attempt; }

private:
    int m_baseMs = defaultDelayMs;
    int m_attempt = 0;
};

} // namespace sd::gateway
