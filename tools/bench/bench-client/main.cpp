// bench-client: the load client of tools/bench/compare.sh (plain C++ and epoll, so it is never the
// bottleneck).
#include "tools/bench/bench-client/clientoptions.h"
#include "tools/bench/bench-client/loadclient.h"
#include "tools/bench/bench-common/platform.h"

#include <cstdio>

int main(int argc, char *argv[])
{
    std::string error;
    auto options = sd::bench::ClientOptions::parse(argc, argv, error);
    if (!options) {
        if (error.empty())
            return 0;
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    // Each stream is one socket.
    const auto limit = sd::bench::raiseDescriptorLimit();
    if (options->streams + 64 > limit) {
        std::fprintf(stderr, "bench-client: %lld streams need more than the descriptor limit of %lld\n",
                     static_cast<long long>(options->streams), static_cast<long long>(limit));
        return 2;
    }
    sd::bench::LoadClient client(std::move(*options));
    if (!client.prepare())
        return 1;
    auto result = client.run();
    std::printf("%s\n", result.toJson().c_str());
    return 0;
}
