#include "tools/bench/viewer-bench/latencyprobe.h"

#include <algorithm>
#include <cmath>

namespace sd::tools {

LatencyProbe::LatencyProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
    , m_timer(this)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::onTick);
}

void LatencyProbe::start()
{
    m_lateUs.clear();
    m_lateUs.reserve(1 << 16);
    m_previousNs = -1;
    m_clock.start();
    m_timer.start();
}

void LatencyProbe::stop()
{
    m_timer.stop();
}

void LatencyProbe::onTick()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_previousNs >= 0) {
        const qint64 late = now - m_previousNs - static_cast<qint64>(m_intervalMs) * 1'000'000;
        m_lateUs.push_back(std::max<qint64>(late, 0) / 1000);
    }
    m_previousNs = now;
}

qint64 LatencyProbe::quantileUs(double q) const
{
    if (m_lateUs.empty())
        return 0;
    std::vector<qint64> sorted = m_lateUs;
    const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    const size_t index = std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1);
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index), sorted.end());
    return sorted[index];
}

qint64 LatencyProbe::maxUs() const
{
    return m_lateUs.empty() ? 0 : *std::max_element(m_lateUs.cbegin(), m_lateUs.cend());
}

} // namespace sd::tools
