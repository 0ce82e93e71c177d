#pragma once

#include "tools/bench/viewer-bench/latencyprobe.h"
#include "tools/bench/viewer-bench/viewerbenchoptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

class QTextStream;

namespace sd::gateway {
struct ReceivedEvent;
struct StreamFailure;
} // namespace sd::gateway

namespace sd::ui {
class StreamViewer;
}

namespace sd::tools {

class EventProducer;

/// One benchmark run: the producer on its own thread, a StreamViewer window connected to it, the latency
/// probe on the GUI thread from the moment the stream opens; after the run, a short wait for what is still
/// on its way, then one summary block.
class ViewerBenchRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerBenchRun)

public:
    ViewerBenchRun(ViewerBenchOptions options, QTextStream &out, QTextStream &err);
    ~ViewerBenchRun() override;

    /// Starts the producer and connects the viewer; false when nothing could listen.
    bool start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onEventsReceived(const QList<gateway::ReceivedEvent> &events);
    void onFailed(const gateway::StreamFailure &failure);
    void onOpen();
    void endRun();
    void report();

    ViewerBenchOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    QThread m_producerThread;
    EventProducer *m_producer;
    std::unique_ptr<ui::StreamViewer> m_viewer;
    LatencyProbe m_probe;
    QTimer m_runTimer;
    QTimer m_drainPoll;
    QElapsedTimer m_drain;
    bool m_started = false;
    qint64 m_rssAtStartKiB = 0;
    qint64 m_received = 0;
    qint64 m_sentAtEnd = 0;
    qint64 m_receivedAtEnd = 0;
    double m_guiCpuAtOpen = 0;
    double m_processCpuAtOpen = 0;
    double m_guiCpu = 0;
    double m_processCpu = 0;
};

} // namespace sd::tools
