#pragma once

#include "tools/bench/bench-client/url.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd::bench {

/// What bench-client is asked to do, from its command line.
struct ClientOptions
{
    Url url;
    std::int64_t streams = 100;
    std::int64_t rate = 1000; // new connections per second
    std::int64_t seconds = 10;
    std::int64_t openTimeoutSeconds = 60;
    std::vector<std::string> headers;         // sent on every stream
    std::vector<std::string> rotatingHeaders; // stream i sends line i % n (one token per subscription)
    std::string caFile;                       // https: verify the server against it; otherwise no check
    bool hold = false;

    /// The options, or nothing with `error` set (or empty for --help, whose text went to stdout).
    static std::optional<ClientOptions> parse(int argc, char **argv, std::string &error);
};

} // namespace sd::bench
