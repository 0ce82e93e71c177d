#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace sd::tools {

/// Measures how responsive an event loop is: a precise timer with a short interval records, for each
/// tick, how much later than its interval after the previous tick it fired, and how much CPU time the
/// thread spent since the previous tick. A late tick with little CPU time waited for a core (other
/// processes); one with as much CPU time as lateness waited for the thread's own work.
class LatencyProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyProbe)

public:
    explicit LatencyProbe(int intervalMs, QObject *parent = nullptr);

    void start();
    void stop();
    qsizetype ticks() const { return static_cast<qsizetype>(m_lateUs.size()); }
    /// The lateness in microseconds at quantile q (0 to 1) of the ticks so far; 0 without ticks.
    qint64 lateUs(double q) const { return quantile(m_lateUs, q); }
    /// The thread's CPU time between ticks in microseconds at quantile q.
    qint64 busyUs(double q) const { return quantile(m_busyUs, q); }

private:
    static qint64 quantile(std::vector<qint64> values, double q);
    void onTick();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_previousNs = -1;
    qint64 m_previousCpuNs = 0;
    std::vector<qint64> m_lateUs;
    std::vector<qint64> m_busyUs;
};

} // namespace sd::tools
