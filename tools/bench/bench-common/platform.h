#pragma once

#include <cstdint>

namespace sd::bench {

/// Raises the soft descriptor limit to the hard one; returns the limit now in force.
std::int64_t raiseDescriptorLimit();
/// Wall-clock time (CLOCK_REALTIME) in microseconds: comparable between processes.
std::int64_t realtimeMicros();
/// CLOCK_MONOTONIC in microseconds: for deadlines and durations.
std::int64_t monotonicMicros();
/// User plus system CPU time of this process so far, in seconds.
double processCpuSeconds();
/// Blocks SIGTERM and SIGINT and returns a non-blocking signalfd that reports them; ignores SIGPIPE.
int stopSignalDescriptor();
/// Adds `fd` to `epoll` for reading, reported with `tag` as its data.
void watchReadable(int epoll, int fd, std::uint64_t tag);

} // namespace sd::bench
