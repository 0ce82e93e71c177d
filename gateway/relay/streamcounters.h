#pragma once

#include <QtGlobal>
#include <atomic>

namespace sd::gateway {

/// What one stream reports of itself while it runs: written by the stream's own thread with relaxed
/// stores, read by StreamMonitor's batch timer. No lock and no copy per event; the reader sees each value
/// as of some recent moment, which is all a console needs.
struct StreamCounters
{
    std::atomic<qint64> events{0};
    std::atomic<qint64> bytes{0};
    std::atomic<qint64> quotaLeft{-1};
    std::atomic<qint64> queuedBytes{0};
    std::atomic<qint64> peakQueuedBytes{0};
    std::atomic<bool> backendPaused{false};
};

} // namespace sd::gateway
