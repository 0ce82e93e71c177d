#include "tools/bench/bench-backend/backendoptions.h"

#include "tools/bench/bench-common/optionreader.h"

#include <cstdio>

namespace sd::bench {

namespace {

constexpr const char *usage =
    "usage: bench-backend [--bind=ADDRESS] [--port=N] [--interval-ms=MS] [--event-bytes=N]\n"
    "Answers any GET with a chunked text/event-stream; every MS milliseconds writes\n"
    "data: {\"ts\":<CLOCK_REALTIME microseconds>,\"seq\":N} to every open stream (0: never).\n";

} // namespace

std::optional<BackendOptions> BackendOptions::parse(int argc, char **argv, std::string &error)
{
    BackendOptions options;
    OptionReader args(argc, argv);
    while (args.next() && error.empty()) {
        if (args.flag("help")) {
            std::fputs(usage, stdout);
            return std::nullopt;
        }
        if (args.option("bind", options.bind) || args.number("port", options.port, 0, error) ||
            args.number("interval-ms", options.intervalMs, 0, error) ||
            args.number("event-bytes", options.eventBytes, 0, error))
            continue;
        error = "bench-backend: unknown argument '" + std::string(args.current()) + "'\n" + usage;
    }
    if (error.empty() && options.port > 65535)
        error = "bench-backend: --port must be at most 65535";
    if (!error.empty())
        return std::nullopt;
    return options;
}

} // namespace sd::bench
