#pragma once

#include "gateway/upstream/tcpkeepalive.h"

#include <QList>
#include <QSslCertificate>
#include <QtGlobal>

namespace sd::gateway {

/// The limits of one client response and its backend connection. Every field has a working default; a time
/// limit of 0 is off.
struct StreamOptions
{
    int heartbeatMs = 15000; // 0: no heartbeats
    // High-water mark of a client's queue: above it the backend is not read, so TCP backpressure reaches
    // the backend and a stream holds about this much memory however slow its client is.
    qint64 maxQueuedBytes = 256 * 1024;
    // Low-water mark: reading the backend resumes below it; the gap avoids one pause per event.
    qint64 resumeQueuedBytes = 64 * 1024;
    // A client held at the high-water mark this long without draining to the low-water mark cannot keep
    // up with its stream: it is closed ("client too slow").
    int maxBehindMs = 30000;
    // As nginx's send_timeout: a client that takes none of its queued bytes for this long is closed.
    int sendTimeoutMs = 60000;
    // Once the last byte of a response is queued the client has this long to take it, then the connection
    // is aborted: a client that stops reading after the end must not keep its descriptor and queue.
    int lingerMs = 30000;
    // TCP keepalive on the client and backend sockets: a peer whose host vanished while the connection was
    // idle is found after keepAliveIdleS + keepAliveIntervalS * keepAliveCount seconds.
    int keepAliveIdleS = 60;
    int keepAliveIntervalS = 10;
    int keepAliveCount = 6;
    // TCP_USER_TIMEOUT: sent bytes unacknowledged this long end the connection (a vanished peer with data
    // in flight, where keepalive does not probe); the keepalive span above, so both agree.
    int tcpUserTimeoutMs = 120000;
    int connectTimeoutMs = 10000;
    int headerTimeoutMs = 30000;
    qsizetype maxEventBytes = 1024 * 1024;
    bool quotaEvent = false; // send `event: quota-exhausted` before ending a stream at its quota
    QList<QSslCertificate> backendCaCertificates;

    TcpKeepAlive keepAlive() const
    {
        return {keepAliveIdleS, keepAliveIntervalS, keepAliveCount, tcpUserTimeoutMs};
    }
};

} // namespace sd::gateway
