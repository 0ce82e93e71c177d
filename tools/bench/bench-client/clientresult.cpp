#include "tools/bench/bench-client/clientresult.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace sd::bench {

namespace {

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

// Nearest-rank percentiles of sorted values, as {"p50":..,"p99":..,"max":..,"mean":..} in `scale` units.
template <typename T> std::string percentiles(std::vector<T> &values, double scale)
{
    if (values.empty())
        return "null";
    std::sort(values.begin(), values.end());
    const auto rank = [&values](double q) {
        const auto index = std::size_t(std::max(1.0, q * double(values.size()) + 0.999999)) - 1;
        return double(values[std::min(index, values.size() - 1)]);
    };
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    return "{\"p50\":" + number(rank(0.50) * scale) + ",\"p99\":" + number(rank(0.99) * scale) +
           ",\"max\":" + number(double(values.back()) * scale) + ",\"mean\":" + number(mean * scale) + "}";
}

std::string quoted(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

} // namespace

std::string ClientResult::toJson()
{
    std::int64_t errorsTotal = 0;
    std::string errorList = "{";
    for (const auto &[kind, count] : errors) {
        errorList += (errorList.size() > 1 ? "," : "") + quoted(kind) + ":" + std::to_string(count);
        errorsTotal += count;
    }
    errorList += "}";
    const double perSecond = windowSeconds > 0 ? double(events) / windowSeconds : 0;
    return "{\"url\":" + quoted(url) + ",\"streams\":" + std::to_string(streams) +
           ",\"rate\":" + std::to_string(rate) + ",\"window_s\":" + number(windowSeconds) +
           ",\"streams_ok\":" + std::to_string(streamsOk) + ",\"all_open\":" + (allOpen ? "true" : "false") +
           ",\"open_ms\":" + number(openMs) + ",\"connect_ms\":" + percentiles(connectMs, 1.0) +
           ",\"errors\":" + errorList + ",\"errors_total\":" + std::to_string(errorsTotal) +
           ",\"events\":" + std::to_string(events) + ",\"events_per_s\":" + number(perSecond) +
           ",\"latency_ms\":" + percentiles(latencyMicros, 0.001) +
           ",\"missing_seq\":" + std::to_string(missingSeq) +
           ",\"streams_with_gaps\":" + std::to_string(streamsWithGaps) +
           ",\"stale_streams\":" + std::to_string(staleStreams) + ",\"max_seq\":" + std::to_string(maxSeq) +
           ",\"events_total\":" + std::to_string(eventsTotal) +
           ",\"ended_after_window\":" + std::to_string(endedAfterWindow) +
           ",\"client_cpu_s\":" + number(clientCpuSeconds) + ",\"window_cpu_s\":" + number(windowCpuSeconds) +
           ",\"interrupted\":" + (interrupted ? "true" : "false") + "}";
}

} // namespace sd::bench
