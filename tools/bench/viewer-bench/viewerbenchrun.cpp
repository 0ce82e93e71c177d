#include "tools/bench/viewer-bench/viewerbenchrun.h"

#include "tools/bench/viewer-bench/eventproducer.h"
#include "ui/viewer/streameventmodel.h"
#include "ui/viewer/streamplot.h"
#include "ui/viewer/streamviewer.h"

#include <QApplication>
#include <QFile>
#include <QPixmap>
#include <QTextStream>
#include <ctime>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace sd::tools {

namespace {

constexpr int probeIntervalMs = 5;
constexpr int drainLimitMs = 10000;
constexpr qint64 latencyGoalUs = 50'000;

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 when it cannot be read.
qint64 statusKiB(QByteArrayView field)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field) && line.size() > field.size() && line[field.size()] == ':')
            return line.sliced(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

QString ms(qint64 us)
{
    return QString::number(static_cast<double>(us) / 1000.0, 'f', 1) + u" ms"_s;
}

QString percentOf(qint64 part, qint64 whole)
{
    if (whole == 0)
        return u"-"_s;
    return QString::number(100.0 * static_cast<double>(part) / static_cast<double>(whole), 'f', 2) + u'%';
}

} // namespace

ViewerBenchRun::ViewerBenchRun(ViewerBenchOptions options, QTextStream &out, QTextStream &err)
    : m_options(std::move(options))
    , m_out(out)
    , m_err(err)
    , m_producer(new EventProducer(m_options.rate, m_options.values))
    , m_probe(probeIntervalMs)
{
    m_producer->moveToThread(&m_producerThread);
    connect(&m_producerThread, &QThread::finished, m_producer, &QObject::deleteLater);
    m_runTimer.setSingleShot(true);
    m_runTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_runTimer, &QTimer::timeout, this, &ViewerBenchRun::endRun);
    m_drainPoll.setInterval(20);
    connect(&m_drainPoll, &QTimer::timeout, this, [this] {
        if (m_received >= m_sentAtEnd || m_drain.elapsed() >= drainLimitMs)
            report();
    });
}

ViewerBenchRun::~ViewerBenchRun()
{
    m_viewer.reset();
    m_producerThread.quit();
    m_producerThread.wait();
}

bool ViewerBenchRun::start()
{
    m_producerThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_producer, [&port, this] { port = m_producer->listen(); }, Qt::BlockingQueuedConnection);
    if (port == 0) {
        m_err << "viewer-bench: cannot listen on 127.0.0.1" << Qt::endl;
        return false;
    }

    m_viewer = std::make_unique<ui::StreamViewer>();
    m_viewer->resize(1280, 800);
    if (m_options.capacity > 0)
        m_viewer->setCapacity(m_options.capacity);
    if (m_options.hidePlot)
        m_viewer->plot()->hide();
    m_viewer->show();
    m_rssAtStartKiB = statusKiB("VmRSS");

    gateway::SseClient *client = m_viewer->client();
    connect(client, &gateway::SseClient::eventsReceived, this, &ViewerBenchRun::onEventsReceived);
    connect(client, &gateway::SseClient::failed, this, &ViewerBenchRun::onFailed);
    connect(client, &gateway::SseClient::stateChanged, this, [this](gateway::SseClient::State state) {
        if (state == gateway::SseClient::State::Open && !m_started)
            onOpen();
    });

    gateway::StreamRequest request;
    request.url = QUrl(u"http://127.0.0.1:%1/memory"_s.arg(port));
    request.title = u"viewer-bench"_s;
    m_viewer->setRequest(request);
    m_viewer->connectStream();
    return true;
}

void ViewerBenchRun::onEventsReceived(const QList<gateway::ReceivedEvent> &events)
{
    for (const auto &received : events)
        m_received += received.event.dispatched ? 1 : 0;
}

void ViewerBenchRun::onFailed(const gateway::StreamFailure &failure)
{
    m_err << "viewer-bench: the stream failed: " << failure.summary << Qt::endl;
    Q_EMIT finished(1);
}

void ViewerBenchRun::onOpen()
{
    m_started = true;
    m_guiCpuAtOpen = threadCpuSeconds();
    m_processCpuAtOpen = processCpuSeconds();
    m_probe.start();
    m_runTimer.start(m_options.seconds * 1000);
}

void ViewerBenchRun::endRun()
{
    m_probe.stop();
    QMetaObject::invokeMethod(
        m_producer, [this] { m_producer->stop(); }, Qt::BlockingQueuedConnection);
    m_sentAtEnd = m_producer->sent();
    m_receivedAtEnd = m_received;
    m_guiCpu = threadCpuSeconds() - m_guiCpuAtOpen;
    m_processCpu = processCpuSeconds() - m_processCpuAtOpen;
    m_drain.start();
    m_drainPoll.start();
}

void ViewerBenchRun::report()
{
    m_drainPoll.stop();
    const qint64 p99 = m_probe.lateUs(0.99);
    m_out << "viewer-bench: " << m_options.seconds << " s at " << m_options.rate
          << " events/s over loopback ("
          << (m_options.values == EventProducer::Values::Noise ? "noise" : "sawtooth")
          << " heap values), window 1280x800" << (m_options.hidePlot ? " with the plot hidden" : "")
          << ", platform " << QApplication::platformName() << '\n'
          << "  events:   sent " << m_sentAtEnd << " ("
          << qRound(static_cast<double>(m_sentAtEnd) / m_options.seconds) << "/s; producer held back "
          << m_producer->heldBackMs() << " ms), received " << m_receivedAtEnd << " by the end ("
          << percentOf(m_receivedAtEnd, m_sentAtEnd) << "), " << m_received << " after " << m_drain.elapsed()
          << " ms more (" << percentOf(m_received, m_sentAtEnd) << ")\n"
          << "  latency:  " << probeIntervalMs << " ms timer on the GUI thread, " << m_probe.ticks()
          << " ticks late by p50 " << ms(m_probe.lateUs(0.5)) << ", p99 " << ms(p99) << ", max "
          << ms(m_probe.lateUs(1)) << " (goal p99 < " << ms(latencyGoalUs) << ": "
          << (p99 < latencyGoalUs ? "met" : "MISSED") << ")\n"
          << "            GUI thread CPU time between ticks p50 " << ms(m_probe.busyUs(0.5)) << ", p99 "
          << ms(m_probe.busyUs(0.99)) << ", max " << ms(m_probe.busyUs(1))
          << " (the rest of the lateness is waiting for a core)\n"
          << "  cpu:      GUI thread " << QString::number(m_guiCpu, 'f', 1) << " s, whole process "
          << QString::number(m_processCpu, 'f', 1) << " s over the run\n"
          << "  memory:   VmRSS " << statusKiB("VmRSS") / 1024 << " MiB at the end ("
          << m_rssAtStartKiB / 1024 << " MiB with the window shown), peak VmHWM " << statusKiB("VmHWM") / 1024
          << " MiB; " << m_viewer->model()->rowCount() << " rows in the model" << Qt::endl;
    if (!m_options.screenshot.isEmpty() && !m_viewer->grab().save(m_options.screenshot))
        m_err << "viewer-bench: cannot write " << m_options.screenshot << Qt::endl;
    m_viewer->disconnectStream();
    Q_EMIT finished(0);
}

} // namespace sd::tools
