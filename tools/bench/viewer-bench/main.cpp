// viewer-bench: a real StreamViewer fed over loopback by an in-process producer at a steady event rate;
// reports the GUI thread's event-loop latency, events received against sent, and resident memory.
#include "tools/bench/viewer-bench/viewerbenchoptions.h"
#include "tools/bench/viewer-bench/viewerbenchrun.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("viewer-bench"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto options = sd::tools::ViewerBenchOptions::parse(QApplication::arguments());
    if (!options) {
        err << options.error().message << Qt::endl;
        return 2;
    }
    sd::tools::ViewerBenchRun run(std::move(options).value(), out, err);
    QObject::connect(&run, &sd::tools::ViewerBenchRun::finished, &app, &QApplication::exit);
    if (!run.start())
        return 1;
    return QApplication::exec();
}
