#include "gateway/runtime/runtimeoptions.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace sd::gateway {

QString RuntimeOptions::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

void RuntimeOptions::loadSettings(QStringList *errors)
{
    const auto path = QDir(dataDir).filePath(QStringLiteral("settings.ini"));
    if (!QFile::exists(path))
        return;
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        errors->append(QStringLiteral("%1: cannot be read as an INI file").arg(path));
        return;
    }
    auto number = [&](const QString &key, qint64 min, qint64 max, auto apply) {
        if (!settings.contains(key))
            return;
        bool ok = false;
        const auto value = settings.value(key).toString().toLongLong(&ok);
        if (!ok || value < min || value > max)
            errors->append(
                QStringLiteral("%1: %2 must be a number from %3 to %4").arg(path, key).arg(min).arg(max));
        else
            apply(value);
    };
    if (settings.contains(QStringLiteral("network/bind"))) {
        const QHostAddress address(settings.value(QStringLiteral("network/bind")).toString());
        if (address.isNull())
            errors->append(QStringLiteral("%1: network/bind is not an IP address").arg(path));
        else
            gateway.bindAddress = address;
    }
    number(QStringLiteral("network/gatewayPort"), 0, 65535, [&](qint64 v) { gateway.httpPort = quint16(v); });
    number(QStringLiteral("network/gatewayTlsPort"), 0, 65535,
           [&](qint64 v) { gateway.httpsPort = quint16(v); });
    number(QStringLiteral("network/managementPort"), 0, 65535,
           [&](qint64 v) { managementPort = quint16(v); });
    number(QStringLiteral("gateway/heartbeatSeconds"), 0, 3600,
           [&](qint64 v) { gateway.stream.heartbeatMs = int(v * 1000); });
    number(QStringLiteral("gateway/maxQueuedBytes"), 1024, qint64(1) << 30,
           [&](qint64 v) { gateway.stream.maxQueuedBytes = v; });
    number(QStringLiteral("gateway/connectTimeoutMs"), 100, 600000,
           [&](qint64 v) { gateway.stream.connectTimeoutMs = int(v); });
    number(QStringLiteral("gateway/responseTimeoutMs"), 100, 600000,
           [&](qint64 v) { gateway.stream.headerTimeoutMs = int(v); });
    number(QStringLiteral("gateway/requestTimeoutMs"), 100, 600000,
           [&](qint64 v) { gateway.connections.requestTimeoutMs = int(v); });
    number(QStringLiteral("gateway/workers"), 1, 256, [&](qint64 v) { gateway.workers = int(v); });
    if (settings.contains(QStringLiteral("gateway/corsOrigins")))
        gateway.corsOrigins = settings.value(QStringLiteral("gateway/corsOrigins")).toStringList();
    if (settings.contains(QStringLiteral("gateway/sharedUpstreams")))
        gateway.sharedUpstreams = settings.value(QStringLiteral("gateway/sharedUpstreams")).toStringList();
    if (settings.contains(QStringLiteral("gateway/quotaEvent")))
        gateway.stream.quotaEvent = settings.value(QStringLiteral("gateway/quotaEvent")).toBool();
}

} // namespace sd::gateway
