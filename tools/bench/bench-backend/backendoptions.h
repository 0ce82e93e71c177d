#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sd::bench {

/// What bench-backend is asked to do, from its command line.
struct BackendOptions
{
    std::string bind = "127.0.0.1";
    std::int64_t port = 0;
    std::int64_t intervalMs = 1000; // 0: no events, streams stay idle
    std::int64_t eventBytes = 0;    // pads each event's data line to about this many bytes

    /// The options, or nothing with `error` set (or empty for --help, whose text went to stdout).
    static std::optional<BackendOptions> parse(int argc, char **argv, std::string &error);
};

} // namespace sd::bench
