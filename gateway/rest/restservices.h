#pragma once

#include "models/accountservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <functional>

namespace sd::gateway {

class TokenService;

/// The gateway's listening ports as clients reach them; 0 when a port is not open.
struct GatewayPorts
{
    quint16 http = 0;
    quint16 https = 0;
};

/// What the REST API calls: the same services the desktop uses, and where the gateway listens (read at
/// request time, because ports chosen as 0 are known only once the gateway runs).
struct RestServices
{
    models::PublisherService *publisher = nullptr;
    models::DevPortalService *portal = nullptr;
    models::AccountService *accounts = nullptr;
    TokenService *tokens = nullptr;
    std::function<GatewayPorts()> gatewayPorts;
};

} // namespace sd::gateway
