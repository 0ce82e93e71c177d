#pragma once

#include "gateway/server/corspolicy.h"
#include "gateway/server/gatewayconfig.h"

#include <atomic>
#include <memory>

namespace sd::models {
class Store;
}

namespace sd::gateway {

class Authenticator;
class EventMeter;
class GatewayEvents;
class RateLimiter;
class RouteTable;
class StreamMonitor;

/// What every worker of the data plane reads and shares. Owned by GatewayServer (the control plane), which
/// outlives the workers; every object here is thread-safe, and the counters are the only shared writes.
struct DataPlaneContext
{
    std::shared_ptr<models::Store> store;
    const GatewayConfig *config = nullptr;
    const CorsPolicy *cors = nullptr;
    const RouteTable *routes = nullptr;
    const Authenticator *authenticator = nullptr;
    EventMeter *meter = nullptr;
    RateLimiter *rateLimiter = nullptr;
    StreamMonitor *monitor = nullptr;
    GatewayEvents *events = nullptr;
    std::atomic<qsizetype> *openStreams = nullptr; // of every worker
    // Client and backend descriptors the streams of every worker hold, against config->maxStreamDescriptors.
    std::atomic<qsizetype> *streamDescriptors = nullptr;
};

} // namespace sd::gateway
