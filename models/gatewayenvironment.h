#pragma once

#include <QString>

namespace sd::models {

/// A gateway environment; the embedded gateway is `Default`, hybrid ("Production and Sandbox").
struct GatewayEnvironment
{
    QString name = QStringLiteral("Default");
    QString type = QStringLiteral("hybrid");
    QString displayName = QStringLiteral("Production and Sandbox");
    QString vhost = QStringLiteral("localhost");
    int httpPort = 8280;
    int httpsPort = 8243;
};

} // namespace sd::models
