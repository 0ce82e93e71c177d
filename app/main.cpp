#include "app/commandline.h"
#include "app/samplebackend.h"
#include "gateway/runtime/descriptorlimit.h"
#include "gateway/runtime/runtime.h"
#include "gateway/runtime/signalwatcher.h"
#include "gateway/server/gatewayserver.h"

#ifdef STREAMDESK_HAS_GUI
#include "ui/common/session.h"
#include "ui/keychain/secretstore.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QMessageBox>
#include <QThreadPool>
#endif

#include <QCoreApplication>
#include <QElapsedTimer>
#include <cstdio>
#include <memory>

namespace {

#ifdef STREAMDESK_HAS_GUI
bool displayAvailable()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}
#endif

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

/// A start that fails says why on stderr and, for someone who started the console from a menu, in a window.
int failToStart(const QString &message, bool headless)
{
    std::fprintf(stderr, "streamdesk: error: %s\n", qPrintable(message));
#ifdef STREAMDESK_HAS_GUI
    if (!headless)
        QMessageBox::critical(nullptr, QObject::tr("StreamDesk cannot start"), message);
#else
    Q_UNUSED(headless)
#endif
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer startup;
    startup.start();
    sd::gateway::SignalWatcher::blockTerminationSignals();
    QCoreApplication::setOrganizationName(QStringLiteral("StreamDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("StreamDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMDESK_VERSION));

    bool headless = sd::app::CommandLine::wantsNoDisplay(argc, argv);
    // Headless, Qt's poll() loop keeps up with thousands of sockets where the glib loop falls behind; a
    // window's platform theme may want glib.
#ifdef STREAMDESK_HAS_GUI
    if (!headless && !displayAvailable()) {
        std::fprintf(stderr, "streamdesk: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
                             "running headless. Use --headless to say so explicitly.\n");
        headless = true;
    }
    if (headless)
        qputenv("QT_NO_GLIB", "1");
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
#else
    headless = true;
    qputenv("QT_NO_GLIB", "1");
    auto app = std::make_unique<QCoreApplication>(argc, argv);
#endif
    auto commandLine = sd::app::CommandLine::parse(app->arguments());
    if (commandLine.action == sd::app::CommandLine::Action::Exit)
        return commandLine.exitCode;
    headless = headless || commandLine.headless;

    sd::gateway::SignalWatcher signals;
    QObject::connect(&signals, &sd::gateway::SignalWatcher::terminationRequested, app.get(),
                     [&app](int signal) {
                         std::fprintf(stderr, "streamdesk: signal %d received, shutting down\n", signal);
                         app->quit();
                     });

    const auto descriptors = sd::gateway::DescriptorLimit::raiseToHardLimit();
    auto &gatewayConfig = commandLine.runtime.gateway;
    gatewayConfig.maxStreamDescriptors =
        qMin(gatewayConfig.maxStreamDescriptors,
             sd::gateway::DescriptorLimit::streamDescriptorBudget(descriptors));

    auto created = sd::gateway::Runtime::create(commandLine.runtime);
    if (!created)
        return failToStart(created.error().message, headless);
    auto runtime = std::move(created).value();
    if (auto started = runtime->start(); !started)
        return failToStart(started.error().message, headless);
    const auto host = commandLine.runtime.gateway.bindAddress.toString();
    say(QStringLiteral("StreamDesk data directory: %1").arg(commandLine.runtime.dataDir));
    say(QStringLiteral("StreamDesk gateway listening on http://%1:%2")
            .arg(host)
            .arg(runtime->gatewayHttpPort()));
    if (runtime->gatewayHttpsPort() != 0)
        say(QStringLiteral("StreamDesk gateway listening on https://%1:%2")
                .arg(host)
                .arg(runtime->gatewayHttpsPort()));
    say(QStringLiteral("StreamDesk management (token endpoint, REST API) listening on https://%1:%2")
            .arg(host)
            .arg(runtime->managementPort()));

    std::unique_ptr<sd::app::SampleBackend> sample;
    if (commandLine.sampleBackend) {
        sample = std::make_unique<sd::app::SampleBackend>();
        QString error;
        if (sample->start(commandLine.sampleBackendPort, &error))
            say(QStringLiteral("Sample backend (sse-server --time=5000 --interval=1000) serving %1")
                    .arg(sample->url()));
        else
            std::fprintf(stderr, "streamdesk: warning: sample backend not started: %s\n", qPrintable(error));
    }
    // A stream of its own backend holds two descriptors; a client of a shared upstream about one.
    const auto directStreams = gatewayConfig.maxStreamDescriptors / 2;
    say(gatewayConfig.sharedUpstreams.isEmpty()
            ? QStringLiteral("StreamDesk relays up to %1 concurrent streams (descriptor limit %2)")
                  .arg(directStreams)
                  .arg(descriptors)
            : QStringLiteral("StreamDesk relays up to %1 concurrent streams, or about %2 on shared upstreams "
                             "(descriptor limit %3)")
                  .arg(directStreams)
                  .arg(2 * directStreams)
                  .arg(descriptors));
    say(QStringLiteral("StreamDesk ready in %1 ms").arg(startup.elapsed()));

#ifdef STREAMDESK_HAS_GUI
    sd::ui::Session session;
    std::unique_ptr<sd::ui::SecretStore> secrets;
    std::unique_ptr<sd::ui::MainWindow> window;
    if (!headless) {
        const auto tlsUrl = runtime->gatewayHttpsPort() != 0
                                ? QStringLiteral("https://%1:%2").arg(host).arg(runtime->gatewayHttpsPort())
                                : QString();
        const sd::ui::ConsoleStatus status{
            QStringLiteral("http://%1:%2").arg(host).arg(runtime->gatewayHttpPort()), tlsUrl,
            QStringLiteral("https://%1:%2").arg(host).arg(runtime->managementPort()),
            sample ? sample->url() : QString(), commandLine.runtime.dataDir};
        secrets = std::make_unique<sd::ui::SecretStore>();
        window = std::make_unique<sd::ui::MainWindow>(runtime.get(), status, &session, secrets.get());
        window->show();
        window->showSignIn();
    }
#endif
    const int code = app->exec();
#ifdef STREAMDESK_HAS_GUI
    // A password check of the window may still run on the pool; it uses the services.
    if (window)
        QThreadPool::globalInstance()->waitForDone();
#endif
    runtime->stop();
    return code;
}
