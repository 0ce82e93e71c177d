#include "tools/sse-server/sseserveroptions.h"

#include <QCommandLineParser>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sd::tools {

namespace {
// QTimer counts in int milliseconds; below a microsecond the event rate would be meaningless.
constexpr double maxMilliseconds = std::numeric_limits<int>::max();
constexpr double minIntervalMs = 0.001;

models::Error optionError(const QString &option, const QString &message, const QString &value)
{
    return models::validationError(option, u"--%1 %2, got '%3'"_s.arg(option, message, value));
}
} // namespace

void SseServerOptions::declare(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"time"_s, u"Lifetime of each stream in milliseconds (default 1000)."_s, u"ms"_s},
        {u"interval"_s, u"Milliseconds between events, decimals allowed (default 1000)."_s, u"ms"_s},
        {u"port"_s, u"TCP port to listen on, 0 for any free port (default 8080)."_s, u"port"_s},
        {u"bind"_s, u"Address to listen on (default 127.0.0.1)."_s, u"address"_s},
    });
}

models::Result<SseServerOptions> SseServerOptions::read(const QCommandLineParser &parser)
{
    SseServerOptions options;
    if (parser.isSet(u"time"_s)) {
        const QString value = parser.value(u"time"_s);
        bool ok = false;
        options.timeMs = value.toLongLong(&ok);
        if (!ok || options.timeMs <= 0 || options.timeMs > maxMilliseconds)
            return optionError(u"time"_s, u"must be a whole number of milliseconds from 1 to 2147483647"_s,
                               value);
    }
    if (parser.isSet(u"interval"_s)) {
        const QString value = parser.value(u"interval"_s);
        bool ok = false;
        options.intervalMs = value.toDouble(&ok);
        if (!ok || !std::isfinite(options.intervalMs) || options.intervalMs < minIntervalMs ||
            options.intervalMs > maxMilliseconds)
            return optionError(u"interval"_s, u"must be a number of milliseconds from 0.001 to 2147483647"_s,
                               value);
    }
    if (parser.isSet(u"port"_s)) {
        const QString value = parser.value(u"port"_s);
        bool ok = false;
        const uint port = value.toUInt(&ok);
        if (!ok || port > std::numeric_limits<quint16>::max())
            return optionError(u"port"_s, u"must be a port number from 0 to 65535"_s, value);
        options.port = quint16(port);
    }
    if (parser.isSet(u"bind"_s)) {
        const QString value = parser.value(u"bind"_s);
        if (!options.bindAddress.setAddress(value))
            return optionError(u"bind"_s, u"must be an IPv4 or IPv6 address"_s, value);
    }
    return options;
}

} // namespace sd::tools
