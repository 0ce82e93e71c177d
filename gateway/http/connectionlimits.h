#pragma once

#include <QtGlobal>

namespace sd::gateway {

/// What one client connection may do before and around its request. Qt HttpServer 6.4 has no such limits
/// of its own: it waits forever for a request and buffers any amount of it.
struct ConnectionLimits
{
    int requestTimeoutMs = 30000;       // from accept until the request is complete: 408, then close
    qint64 maxRequestBytes = 64 * 1024; // everything the client sends on the connection: 413, then close
    // The request line and header fields up to the blank line, as nginx's large_client_header_buffers
    // (4 x 8k): 431 (414 while still in the request line), then close.
    qint64 maxHeaderBytes = 32 * 1024;
    int maxHeaderFields = 100; // header lines, as Apache's LimitRequestFields: 431, then close
    // Connections whose request is not answered yet (a stream counts until its head is sent), per client
    // address and per port: 503 for plain HTTP, a close for TLS. A browser opens at most 6 per host and a
    // request is answered in milliseconds, so only a flood reaches 256; the total (4 x 256) bounds what
    // requests may buffer (1024 x maxRequestBytes) and keeps one address to a quarter of a port.
    int maxUnansweredPerAddress = 256;
    int maxUnansweredTotal = 1024;
    // TLS handshakes under way, which cost the gateway thread CPU: a connection above these is closed. A
    // client's burst is accepted before its handshakes finish (200 streams opened at once are 200
    // handshakes), so per address it equals the unanswered cap; the total keeps a flood from many addresses
    // to half a port.
    int maxHandshakesPerAddress = 256;
    int maxHandshakesTotal = 512;
    int tlsHandshakeTimeoutMs = 5000; // from accept until encrypted (QSslServer's default): then closed
};

} // namespace sd::gateway
