// bench-backend: the SSE backend of tools/bench/compare.sh (plain C++ and epoll, so it is never the
// bottleneck).
#include "tools/bench/bench-backend/backendoptions.h"
#include "tools/bench/bench-backend/ssebackend.h"
#include "tools/bench/bench-common/platform.h"

#include <cstdio>

int main(int argc, char *argv[])
{
    std::string error;
    auto options = sd::bench::BackendOptions::parse(argc, argv, error);
    if (!options) {
        if (error.empty())
            return 0;
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    sd::bench::raiseDescriptorLimit();
    sd::bench::SseBackend backend(std::move(*options));
    if (!backend.listen())
        return 1;
    return backend.run();
}
