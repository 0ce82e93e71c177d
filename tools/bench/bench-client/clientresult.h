#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sd::bench {

/// What one bench-client run measured; printed as one JSON object.
struct ClientResult
{
    std::string url;
    std::int64_t streams = 0;
    std::int64_t rate = 0;
    double windowSeconds = 0;   // the measurement as it ran
    std::int64_t streamsOk = 0; // 200 + text/event-stream and still open at the end of the window
    bool allOpen = false;
    double openMs = 0;                          // first connect to the last stream's response head
    std::vector<double> connectMs;              // per stream: connect to response head
    std::map<std::string, std::int64_t> errors; // by kind, up to the end of the window
    std::int64_t events = 0;                    // in the window
    std::vector<std::int64_t> latencyMicros;    // in the window: arrival minus "ts"
    std::int64_t missingSeq = 0;                // in the window, summed over streams
    std::int64_t streamsWithGaps = 0;
    std::int64_t staleStreams = 0; // open at the end but more than one tick behind the newest
    std::int64_t maxSeq = -1;
    std::int64_t eventsTotal = 0;      // every event received, from the first connect to the exit
    std::int64_t endedAfterWindow = 0; // streams the server ended while held
    double clientCpuSeconds = 0;
    double windowCpuSeconds = 0;
    bool interrupted = false;

    std::string toJson();
};

} // namespace sd::bench
