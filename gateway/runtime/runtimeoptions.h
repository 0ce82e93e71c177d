#pragma once

#include "gateway/auth/cryptolimits.h"
#include "gateway/server/gatewayconfig.h"

#include <QString>

namespace sd::gateway {

/// Everything the embedded servers need to start; defaults give the tutorial's ports on 127.0.0.1.
struct RuntimeOptions
{
    QString dataDir;
    GatewayConfig gateway;
    quint16 managementPort = 9443;
    bool managementTls = true;
    CryptoLimits crypto;

    static QString defaultDataDir();
    /// Applies `settings.ini` of the data directory, if present: [network] bind, gatewayPort, gatewayTlsPort,
    /// managementPort; [gateway] heartbeatSeconds, maxQueuedBytes, connectTimeoutMs, responseTimeoutMs,
    /// corsOrigins, quotaEvent, workers, sharedUpstreams. Unknown or invalid values are reported in `errors`
    /// and left at their defaults.
    void loadSettings(QStringList *errors);
};

} // namespace sd::gateway
