#include "tools/bench/bench-client/clientoptions.h"

#include "tools/bench/bench-common/optionreader.h"

#include <cstdio>
#include <fstream>

namespace sd::bench {

namespace {

constexpr const char *usage =
    "usage: bench-client [--streams=N] [--rate=PER_S] [--seconds=S] [--open-timeout=S] [--header='Name: "
    "value']...\n"
    "                    [--header-file=FILE] [--cacert=PEM] [--hold] URL\n"
    "Opens N SSE streams to URL (http or https) at PER_S connections a second; once all are open (or after\n"
    "--open-timeout) measures for S seconds and prints one JSON object: streams ok, errors by kind, "
    "events/s,\n"
    "latency from each event's \"ts\" (CLOCK_REALTIME microseconds), missing \"seq\" numbers per stream.\n"
    "Prints 'bench-client: measuring' on stderr when the window starts. --header-file: one header line per\n"
    "stream, taken in turn. --hold: after the window, print 'bench-client: measured' on stderr and keep "
    "reading\n"
    "until SIGTERM or every stream has ended, then print the result.\n";

} // namespace

std::optional<ClientOptions> ClientOptions::parse(int argc, char **argv, std::string &error)
{
    ClientOptions options;
    std::string url;
    std::string text;
    OptionReader args(argc, argv);
    while (args.next() && error.empty()) {
        if (args.flag("help")) {
            std::fputs(usage, stdout);
            return std::nullopt;
        }
        if (args.flag("hold")) {
            options.hold = true;
        } else if (args.option("header", text)) {
            options.headers.push_back(text);
        } else if (args.option("header-file", text)) {
            std::ifstream file(text);
            if (!file)
                error = "bench-client: cannot read --header-file " + text;
            for (std::string line; std::getline(file, line);)
                if (!line.empty())
                    options.rotatingHeaders.push_back(line);
        } else if (args.option("cacert", options.caFile) ||
                   args.number("streams", options.streams, 1, error) ||
                   args.number("rate", options.rate, 1, error) ||
                   args.number("seconds", options.seconds, 1, error) ||
                   args.number("open-timeout", options.openTimeoutSeconds, 1, error)) {
        } else if (args.positional() && url.empty()) {
            url = args.current();
        } else {
            error = "bench-client: unknown argument '" + std::string(args.current()) + "'\n" + usage;
        }
    }
    if (error.empty()) {
        if (auto parsed = Url::parse(url))
            options.url = std::move(*parsed);
        else
            error = "bench-client: needs an http:// or https:// URL, not '" + url + "'\n" + usage;
    }
    if (!error.empty())
        return std::nullopt;
    return options;
}

} // namespace sd::bench
