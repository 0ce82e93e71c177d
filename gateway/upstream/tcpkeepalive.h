#pragma once

#include <QtGlobal>

namespace sd::gateway {

/// TCP keepalive and TCP_USER_TIMEOUT for one connected socket (Linux socket options), so that a peer whose
/// host vanished is found whether the connection is idle (keepalive probes go unanswered) or has data in
/// flight (it stays unacknowledged). Zero fields leave the system's setting.
struct TcpKeepAlive
{
    int idleSeconds = 0;     // TCP_KEEPIDLE: idle time before the first probe
    int intervalSeconds = 0; // TCP_KEEPINTVL: between probes
    int probes = 0;          // TCP_KEEPCNT: unanswered probes before the connection is dropped
    int userTimeoutMs = 0;   // TCP_USER_TIMEOUT

    /// Sets the options on `descriptor`; false (and a debug line) when the system refuses one.
    bool applyTo(qintptr descriptor) const;
};

} // namespace sd::gateway
