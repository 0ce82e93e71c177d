// Benchmark, not a test: the stream viewer fed by sse-server at a high rate (10,000 events/s by default)
// for a while, recording how late a 10 ms timer fires (the event loop's latency: p50, p99, max) and the
// resident memory. Run under Xvfb or with -platform offscreen:
//   bench_streamviewer [--seconds 60] [--interval 0.1]
#include "tests/tools/sseserverprocess.h"
#include "ui/viewer/streameventmodel.h"
#include "ui/viewer/streamviewer.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int probeMs = 10;

qint64 residentBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

qint64 percentile(const QList<qint64> &sorted, int percent)
{
    return sorted.isEmpty()
               ? 0
               : sorted.at(std::min<qsizetype>(sorted.size() - 1, sorted.size() * percent / 100));
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions(
        {{u"seconds"_s, u"How long to measure (default 60)."_s, u"s"_s, u"60"_s},
         {u"interval"_s, u"sse-server's milliseconds between events (default 0.1)."_s, u"ms"_s, u"0.1"_s}});
    parser.process(app);
    const int seconds = parser.value(u"seconds"_s).toInt();
    QTextStream out(stdout);

    sd::tools::SseServerProcess server;
    const int streamMs = (seconds + 30) * 1000;
    if (!server.start({u"--time=%1"_s.arg(streamMs), u"--interval="_s + parser.value(u"interval"_s)})) {
        out << "sse-server did not start: " << server.error() << Qt::endl;
        return 1;
    }
    sd::ui::StreamViewer viewer;
    viewer.resize(1280, 800);
    viewer.show();
    sd::gateway::StreamRequest request;
    request.url = QUrl(u"http://127.0.0.1:%1/memory"_s.arg(server.port()));
    viewer.setRequest(request);

    QList<qint64> lateness;
    qint64 peakResident = 0;
    qint64 events = 0;
    QObject::connect(viewer.client(), &sd::gateway::SseClient::eventsReceived, &viewer,
                     [&events](const QList<sd::gateway::ReceivedEvent> &batch) { events += batch.size(); });
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(probeMs);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, &viewer, [&] {
        const qint64 now = clock.elapsed();
        lateness << std::max<qint64>(0, now - last - probeMs);
        last = now;
    });
    QTimer memory;
    memory.setInterval(1000);
    QObject::connect(&memory, &QTimer::timeout, &viewer,
                     [&peakResident] { peakResident = std::max(peakResident, residentBytes()); });

    viewer.connectStream();
    clock.start();
    probe.start();
    memory.start();
    QTimer::singleShot(seconds * 1000, &viewer, [&] {
        probe.stop();
        std::sort(lateness.begin(), lateness.end());
        const double elapsed = double(clock.elapsed()) / 1000.0;
        out << "events: " << events << " in " << elapsed << " s (" << qRound64(double(events) / elapsed)
            << "/s), rows kept: " << viewer.model()->rowCount() << Qt::endl;
        out << "event-loop latency (" << probeMs << " ms timer, " << lateness.size() << " samples): p50 "
            << percentile(lateness, 50) << " ms, p99 " << percentile(lateness, 99) << " ms, max "
            << (lateness.isEmpty() ? 0 : lateness.last()) << " ms" << Qt::endl;
        out << "resident memory: peak " << peakResident / (1024 * 1024) << " MiB, end "
            << residentBytes() / (1024 * 1024) << " MiB" << Qt::endl;
        app.quit();
    });
    return QApplication::exec();
}
