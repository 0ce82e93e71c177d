#pragma once

#include <QtGlobal>

namespace sd::gateway {

/// What one client connection may do before and around its request. Qt HttpServer 6.4 has no such limits
/// of its own: it waits forever for a request and buffers any amount of it.
struct ConnectionLimits
{
    int requestTimeoutMs = 30000;       // from accept until the request is complete: 408, then close
    qint64 maxRequestBytes = 64 * 1024; // everything the client sends on the connection: 413, then close
};

} // namespace sd::gateway
