#pragma once

#include <QString>

namespace sd::ui {

/// Where the embedded servers run, as the app wiring reports it to the window.
struct ConsoleStatus
{
    QString gatewayUrl;
    QString gatewayTlsUrl;
    QString managementUrl;
    QString sampleBackendUrl; // empty when not started
    QString dataDir;
};

} // namespace sd::ui
