#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTcpServer>
#include <QTimer>
#include <atomic>

class QTcpSocket;

namespace sd::tools {

/// The benchmark's SSE backend: on 127.0.0.1 and a free port, answers one stream with events shaped like
/// sse-server's ({"heap":N,"nonHeap":N,"ts":MS,"identifier":"ram_N"}) at a steady rate, written every
/// millisecond for the events then due. Meant to run on its own thread; sent() may be read from any.
class EventProducer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventProducer)

public:
    /// How heap values move: a garbage-collected heap's sawtooth (slow growth, then a drop every 5 s of
    /// events), or noise that jumps at every event (the hardest line for a plot to draw).
    enum class Values { Sawtooth, Noise };

    // Past this many unsent bytes the reader is behind: no events are made until it catches up.
    static constexpr qint64 maxBacklog = 1024 * 1024;

    EventProducer(int eventsPerSecond, Values values, QObject *parent = nullptr);

    /// Starts listening; returns the port, 0 on failure. Call on the producer's thread.
    quint16 listen();
    /// Stops making events. Call on the producer's thread.
    void stop();
    qint64 sent() const { return m_sent.load(std::memory_order_relaxed); }
    /// Milliseconds in which the reader's backlog held production back.
    qint64 heldBackMs() const { return m_heldBackMs.load(std::memory_order_relaxed); }

private:
    void onNewConnection();
    void produce();

    int m_rate;
    Values m_values;
    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_request;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_due = 0; // events made so far, including those skipped while held back
    std::atomic<qint64> m_sent = 0;
    std::atomic<qint64> m_heldBackMs = 0;
};

} // namespace sd::tools
