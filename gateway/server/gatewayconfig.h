#pragma once

#include "gateway/http/connectionlimits.h"
#include "gateway/relay/streamsession.h"

#include <QHostAddress>
#include <QStringList>

namespace sd::gateway {

/// Settings of the embedded gateway (ports 0 pick a free port; tests use that).
struct GatewayConfig
{
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 httpPort = 8280;
    quint16 httpsPort = 8243;
    bool httpsEnabled = true;
    StreamOptions stream;
    QStringList corsOrigins{QStringLiteral("*")}; // "*": any origin, without credentials
    int workers = 0;                              // data plane threads; 0: one per core
    // APIs ("context/version") whose clients on one worker share a backend stream per identical request.
    QStringList sharedUpstreams;
    // Descriptors the streams may hold: a stream of its own backend holds two (client and backend), a client
    // of a shared upstream one, and each shared upstream one more. The process limit is 20,000.
    int maxStreamDescriptors = 18000;
    ConnectionLimits connections; // a stream request is a GET: its head is all it sends
};

} // namespace sd::gateway
