#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sd::bench {

/// Decodes a response body (chunked or read to the end) as Server-Sent Events and picks "ts" and "seq"
/// out of each event's data. Only what the benchmark needs: fields other than data and comments are skipped.
class SseBodyParser final
{
public:
    struct Event
    {
        std::int64_t ts = -1; // microseconds, CLOCK_REALTIME
        std::int64_t seq = -1;
    };

    explicit SseBodyParser(bool chunked);
    SseBodyParser(const SseBodyParser &) = delete;
    SseBodyParser &operator=(const SseBodyParser &) = delete;

    /// Consumes body bytes and appends each event dispatched to `events`; false on a malformed chunk.
    bool feed(std::string_view bytes, std::vector<Event> &events);
    /// Whether the last chunk (size 0) and its trailer arrived.
    bool ended() const { return m_state == State::Done; }

private:
    enum class State { Size, SizeExtension, Data, DataEnd, Trailer, Done };

    void text(std::string_view bytes, std::vector<Event> &events);
    void onLine(std::string_view content, std::vector<Event> &events);

    bool m_chunked;
    State m_state = State::Size;
    std::uint64_t m_remaining = 0;
    bool m_trailerLineEmpty = true;
    std::string m_line; // an incomplete line carried to the next read
    bool m_hasData = false;
    Event m_event;
};

} // namespace sd::bench
