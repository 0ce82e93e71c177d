#include "gateway/runtime/descriptorlimit.h"
#include "gateway/runtime/signalwatcher.h"
#include "tools/sse-server/sseserver.h"
#include "tools/sse-server/sseserveroptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;
using sd::tools::SseServer;
using sd::tools::SseServerOptions;

namespace {
constexpr int exitUsage = 2;
// After SIGINT/SIGTERM, clients get this long to read the end of their streams.
constexpr int drainTimeoutMs = 1000;

int fail(const QString &message)
{
    QTextStream(stderr) << "sse-server: error: " << message << Qt::endl;
    return exitUsage;
}

QString streamUrl(const QHostAddress &address, quint16 port)
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address.toString());
    url.setPort(port);
    url.setPath(u"/memory"_s);
    return url.toString();
}
} // namespace

int main(int argc, char **argv)
{
    // With thousands of sockets the glib event loop spends its time in its own notifier lists, and the
    // ticks fall behind; Qt's poll()-based loop keeps up.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"sse-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMDESK_VERSION));
    sd::gateway::SignalWatcher signalWatcher;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Sample Server-Sent Events backend: GET /memory streams memory events."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    SseServerOptions::declare(parser);
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(parser.errorText());
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().constFirst()));
    const auto options = SseServerOptions::read(parser);
    if (!options)
        return fail(options.error().message);

    sd::gateway::DescriptorLimit::raiseToHardLimit();
    SseServer server(options.value());
    const auto port = server.listen();
    if (!port)
        return fail(port.error().message);

    QObject::connect(&signalWatcher, &sd::gateway::SignalWatcher::terminationRequested, &server,
                     [&server, &app] {
                         server.shutdown();
                         QTimer::singleShot(drainTimeoutMs, &app, &QCoreApplication::quit);
                     });
    QObject::connect(&server, &SseServer::drained, &app, &QCoreApplication::quit);

    QTextStream(stdout) << "sse-server listening on " << streamUrl(options->bindAddress, port.value())
                        << Qt::endl;
    return QCoreApplication::exec();
}
