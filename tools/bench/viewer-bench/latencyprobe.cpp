#include "tools/bench/viewer-bench/latencyprobe.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace sd::tools {

namespace {

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

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
    m_busyUs.clear();
    m_lateUs.reserve(1 << 16);
    m_busyUs.reserve(1 << 16);
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
    const qint64 cpu = threadCpuNs();
    if (m_previousNs >= 0) {
        const qint64 late = now - m_previousNs - static_cast<qint64>(m_intervalMs) * 1'000'000;
        m_lateUs.push_back(std::max<qint64>(late, 0) / 1000);
        m_busyUs.push_back((cpu - m_previousCpuNs) / 1000);
    }
    m_previousNs = now;
    m_previousCpuNs = cpu;
}

qint64 LatencyProbe::quantile(std::vector<qint64> values, double q)
{
    if (values.empty())
        return 0;
    const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
    const size_t index = std::min(values.size() - 1, rank == 0 ? 0 : rank - 1);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return values[index];
}

} // namespace sd::tools
