// sse-bench: the benchmark client. See tools/bench/relay.sh for the gateway measurement built on it.
#include "gateway/runtime/descriptorlimit.h"
#include "tools/bench/sse-bench/benchoptions.h"
#include "tools/bench/sse-bench/benchrun.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sse-bench"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto options = sd::tools::BenchOptions::parse(QCoreApplication::arguments());
    if (!options) {
        err << options.error().message << Qt::endl;
        return 2;
    }
    // Each stream is one socket.
    const auto limit = sd::gateway::DescriptorLimit::raiseToHardLimit();
    if (options->clients + 64 > limit) {
        err << "sse-bench: " << options->clients << " streams need more than the descriptor limit of "
            << limit << Qt::endl;
        return 2;
    }
    sd::tools::BenchRun run(std::move(options.value()), out);
    QObject::connect(&run, &sd::tools::BenchRun::finished, &app, &QCoreApplication::exit);
    run.start();
    return QCoreApplication::exec();
}
