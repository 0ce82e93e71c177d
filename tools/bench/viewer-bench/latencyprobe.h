#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace sd::tools {

/// Measures how responsive an event loop is: a precise timer with a short interval records, for each
/// tick, how much later than its interval after the previous tick it fired.
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
    qint64 quantileUs(double q) const;
    qint64 maxUs() const;

private:
    void onTick();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_previousNs = -1;
    std::vector<qint64> m_lateUs;
};

} // namespace sd::tools
