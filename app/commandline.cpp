#include "app/commandline.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <cstdio>
#include <cstring>

namespace sd::app {

namespace {

std::optional<quint16> port(const QString &text)
{
    bool ok = false;
    const auto value = text.toUInt(&ok);
    if (!ok || value > 65535)
        return std::nullopt;
    return quint16(value);
}

} // namespace

bool CommandLine::wantsNoDisplay(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--headless", "--help", "-h", "--version", "-v", "--help-all"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "StreamDesk: publish, subscribe to and watch Server-Sent-Events APIs through an embedded gateway."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        QStringLiteral("Run the gateway, token service and REST API without a window."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Keep the database, keys and settings in <dir>."),
                                     QStringLiteral("dir"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Listen on <address> (default 127.0.0.1)."),
                                  QStringLiteral("address"));
    const QCommandLineOption gatewayPort(
        QStringLiteral("gateway-port"), QStringLiteral("Gateway HTTP port (default 8280, 0: any free port)."),
        QStringLiteral("port"));
    const QCommandLineOption gatewayTlsPort(
        QStringLiteral("gateway-tls-port"),
        QStringLiteral("Gateway HTTPS port (default 8243, 0: any free port)."), QStringLiteral("port"));
    const QCommandLineOption managementPort(
        QStringLiteral("management-port"),
        QStringLiteral("HTTPS port of the token endpoint and REST API (default 9443, 0: any free port)."),
        QStringLiteral("port"));
    const QCommandLineOption noSample(QStringLiteral("no-sample-backend"),
                                      QStringLiteral("Do not start the sample sse-server backend."));
    const QCommandLineOption samplePort(
        QStringLiteral("sample-backend-port"),
        QStringLiteral("Port of the sample sse-server backend (default 8080)."), QStringLiteral("port"));
    const QCommandLineOption workers(
        QStringLiteral("workers"),
        QStringLiteral("Gateway worker threads that relay the streams (default: one per core, 1-256)."),
        QStringLiteral("count"));
    parser.addOptions({headless, dataDir, bind, gatewayPort, gatewayTlsPort, managementPort, noSample,
                       samplePort, workers});

    auto fail = [&](const QString &message) {
        std::fprintf(stderr, "streamdesk: error: %s\n", qPrintable(message));
        result.action = Action::Exit;
        result.exitCode = 2;
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText() + QStringLiteral(" (see --help)"));
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        result.action = Action::Exit;
        return result;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("streamdesk %s\n", STREAMDESK_VERSION);
        result.action = Action::Exit;
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1' (see --help)")
                        .arg(parser.positionalArguments().first()));

    result.headless = parser.isSet(headless);
    result.sampleBackend = !parser.isSet(noSample);
    auto &rt = result.runtime;
    rt.dataDir = parser.isSet(dataDir) ? parser.value(dataDir) : gateway::RuntimeOptions::defaultDataDir();
    // Settings first; flags given on the command line win.
    QStringList settingsErrors;
    rt.loadSettings(&settingsErrors);
    for (const auto &e : std::as_const(settingsErrors))
        std::fprintf(stderr, "streamdesk: warning: %s\n", qPrintable(e));
    if (parser.isSet(bind)) {
        const QHostAddress address(parser.value(bind));
        if (address.isNull())
            return fail(QStringLiteral("--bind: '%1' is not an IP address").arg(parser.value(bind)));
        rt.gateway.bindAddress = address;
    }
    const std::pair<const QCommandLineOption *, quint16 *> ports[] = {
        {&gatewayPort, &rt.gateway.httpPort},
        {&gatewayTlsPort, &rt.gateway.httpsPort},
        {&managementPort, &rt.managementPort},
        {&samplePort, &result.sampleBackendPort}};
    for (const auto &[option, target] : ports) {
        if (!parser.isSet(*option))
            continue;
        const auto value = port(parser.value(*option));
        if (!value)
            return fail(QStringLiteral("--%1: '%2' is not a port number (0-65535)")
                            .arg(option->names().constFirst(), parser.value(*option)));
        *target = *value;
    }
    if (parser.isSet(workers)) {
        bool ok = false;
        const int count = parser.value(workers).toInt(&ok);
        if (!ok || count < 1 || count > 256)
            return fail(
                QStringLiteral("--workers: '%1' is not a number from 1 to 256").arg(parser.value(workers)));
        rt.gateway.workers = count;
    }
    return result;
}

} // namespace sd::app
