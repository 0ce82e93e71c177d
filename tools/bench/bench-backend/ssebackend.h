#pragma once

#include "tools/bench/bench-backend/backendoptions.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sd::bench {

/// An SSE backend on one epoll loop. One timerfd ticks; each tick formats its event once and writes it to
/// every open stream, so a tick costs one send() per stream and nothing per idle stream between ticks.
class SseBackend final
{
public:
    explicit SseBackend(BackendOptions options);
    ~SseBackend();
    SseBackend(const SseBackend &) = delete;
    SseBackend &operator=(const SseBackend &) = delete;

    /// Listens and prints "bench-backend listening on http://HOST:PORT"; false (with a message) if it cannot.
    bool listen();
    /// Serves until SIGTERM or SIGINT, then ends every stream with the last chunk. Returns the exit code.
    int run();

private:
    struct Stream
    {
        int fd = -1;
        std::size_t index = 0;
        bool streaming = false;
        bool writeWanted = false;
        std::string request;
        std::string pending; // output the socket did not take yet
    };

    void accept();
    void tick();
    void onStreamReady(Stream &stream, std::uint32_t events);
    void readRequest(Stream &stream);
    /// Writes or queues `data`; false when the stream is gone (closed by the peer or too far behind).
    bool send(Stream &stream, std::string_view data);
    bool flush(Stream &stream);
    void watchWrites(Stream &stream, bool wanted);
    void close(Stream &stream);
    void endAll();

    BackendOptions m_options;
    int m_epoll = -1;
    int m_listener = -1;
    int m_timer = -1;
    int m_signals = -1;
    std::vector<std::unique_ptr<Stream>> m_streams;
    // Streams closed while handling a batch of epoll events: a later event of the batch may still name one.
    std::vector<std::unique_ptr<Stream>> m_closed;
    std::int64_t m_seq = 0;
    std::string m_tick; // the current tick's chunk(s), built once for all streams
    std::int64_t m_accepted = 0;
    std::int64_t m_mostStreams = 0;
    std::int64_t m_slowClosed = 0;
    bool m_ending = false;
};

} // namespace sd::bench
