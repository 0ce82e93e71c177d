#include "tools/bench/bench-backend/ssebackend.h"

#include "tools/bench/bench-common/platform.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace sd::bench {

namespace {

// epoll tags below any pointer value; everything else is a Stream *.
constexpr std::uint64_t listenerTag = 1;
constexpr std::uint64_t timerTag = 2;
constexpr std::uint64_t signalTag = 3;
constexpr std::size_t requestLimit = 16 * 1024;
// A stream this far behind is a consumer that stopped reading: it is dropped, not buffered for ever.
constexpr std::size_t pendingLimit = 8 * 1024 * 1024;
constexpr std::int64_t endingGraceMicros = 2000000;

constexpr std::string_view responseHead = "HTTP/1.1 200 OK\r\n"
                                          "Content-Type: text/event-stream\r\n"
                                          "Cache-Control: no-cache\r\n"
                                          "Transfer-Encoding: chunked\r\n"
                                          "\r\n";
constexpr std::string_view notAllowed = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
                                        "Connection: close\r\n\r\n";
constexpr std::string_view lastChunk = "0\r\n\r\n";

void appendChunk(std::string &out, std::string_view payload)
{
    char size[24];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", payload.size());
    out.append(size, std::size_t(n));
    out.append(payload);
    out.append("\r\n");
}

} // namespace

SseBackend::SseBackend(BackendOptions options)
    : m_options(std::move(options))
{}

SseBackend::~SseBackend()
{
    for (auto &stream : m_streams)
        ::close(stream->fd);
    for (const int fd : {m_listener, m_timer, m_signals, m_epoll})
        if (fd >= 0)
            ::close(fd);
}

bool SseBackend::listen()
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(std::uint16_t(m_options.port));
    if (inet_pton(AF_INET, m_options.bind.c_str(), &address.sin_addr) != 1) {
        std::fprintf(stderr, "bench-backend: --bind needs an IPv4 address, not '%s'\n",
                     m_options.bind.c_str());
        return false;
    }
    m_listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int on = 1;
    setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(m_listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(m_listener, SOMAXCONN) != 0) {
        std::fprintf(stderr, "bench-backend: cannot listen on %s:%lld: %s\n", m_options.bind.c_str(),
                     static_cast<long long>(m_options.port), std::strerror(errno));
        return false;
    }
    socklen_t length = sizeof address;
    getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);

    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_signals = stopSignalDescriptor();
    watchReadable(m_epoll, m_listener, listenerTag);
    watchReadable(m_epoll, m_signals, signalTag);
    if (m_options.intervalMs > 0) {
        m_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        itimerspec spec{};
        spec.it_interval.tv_sec = m_options.intervalMs / 1000;
        spec.it_interval.tv_nsec = (m_options.intervalMs % 1000) * 1000000;
        spec.it_value = spec.it_interval;
        timerfd_settime(m_timer, 0, &spec, nullptr);
        watchReadable(m_epoll, m_timer, timerTag);
    }
    std::printf("bench-backend listening on http://%s:%u\n", m_options.bind.c_str(), ntohs(address.sin_port));
    std::fflush(stdout);
    return true;
}

int SseBackend::run()
{
    std::vector<epoll_event> events(1024);
    std::int64_t endBy = 0;
    while (!m_ending || (!m_streams.empty() && monotonicMicros() < endBy)) {
        const int n = epoll_wait(m_epoll, events.data(), int(events.size()), m_ending ? 50 : -1);
        if (n < 0 && errno != EINTR) {
            std::perror("bench-backend: epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; ++i) {
            const auto tag = events[std::size_t(i)].data.u64;
            if (tag == listenerTag) {
                accept();
            } else if (tag == timerTag) {
                tick();
            } else if (tag == signalTag) {
                if (!m_ending) {
                    endAll();
                    endBy = monotonicMicros() + endingGraceMicros;
                }
            } else {
                onStreamReady(*reinterpret_cast<Stream *>(tag), events[std::size_t(i)].events);
            }
        }
        m_closed.clear();
    }
    std::fprintf(
        stderr, "bench-backend: %lld streams accepted, at most %lld open, %lld ticks, %lld dropped as slow\n",
        static_cast<long long>(m_accepted), static_cast<long long>(m_mostStreams),
        static_cast<long long>(m_seq), static_cast<long long>(m_slowClosed));
    return 0;
}

void SseBackend::accept()
{
    while (true) {
        const int fd = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        // An event is one small write: Nagle's wait for the previous ACK would add delay, not save packets.
        const int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        auto stream = std::make_unique<Stream>();
        stream->fd = fd;
        stream->index = m_streams.size();
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.ptr = stream.get();
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        m_streams.push_back(std::move(stream));
        ++m_accepted;
        m_mostStreams = std::max<std::int64_t>(m_mostStreams, std::int64_t(m_streams.size()));
    }
}

void SseBackend::tick()
{
    std::uint64_t expirations = 0;
    if (read(m_timer, &expirations, sizeof expirations) != sizeof expirations)
        return;
    // A late tick sends every missed event, so the offered rate holds even when the loop falls behind.
    const auto ts = realtimeMicros();
    m_tick.clear();
    std::string payload;
    for (std::uint64_t i = 0; i < expirations; ++i) {
        payload = "data: {\"ts\":" + std::to_string(ts) + ",\"seq\":" + std::to_string(++m_seq);
        constexpr std::size_t rest = 4;     // "}\n\n" and the pad's closing quote
        constexpr std::size_t padField = 9; // ,"pad":""
        if (std::size_t(m_options.eventBytes) > payload.size() + rest + padField) {
            payload += ",\"pad\":\"";
            payload.append(std::size_t(m_options.eventBytes) - payload.size() - rest, 'x');
            payload += '"';
        }
        payload += "}\n\n";
        appendChunk(m_tick, payload);
    }
    for (std::size_t i = 0; i < m_streams.size();) {
        Stream &stream = *m_streams[i];
        if (stream.streaming && !send(stream, m_tick))
            close(stream); // the last stream moved to i
        else
            ++i;
    }
}

void SseBackend::onStreamReady(Stream &stream, std::uint32_t events)
{
    if (stream.fd < 0)
        return; // closed earlier in this batch
    if ((events & EPOLLOUT) && !flush(stream)) {
        close(stream);
        return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        readRequest(stream);
}

void SseBackend::readRequest(Stream &stream)
{
    char buffer[4096];
    while (true) {
        const auto n = ::read(stream.fd, buffer, sizeof buffer);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            close(stream);
            return;
        }
        if (n < 0)
            return;
        if (stream.streaming || m_ending)
            continue; // nothing more is expected from a client; it is read only to see it close
        stream.request.append(buffer, std::size_t(n));
        if (stream.request.find("\r\n\r\n") != std::string::npos) {
            const bool get = stream.request.starts_with("GET ");
            stream.request = std::string();
            if (!get) {
                send(stream, notAllowed);
                close(stream);
                return;
            }
            stream.streaming = true;
            if (!send(stream, responseHead)) {
                close(stream);
                return;
            }
        } else if (stream.request.size() > requestLimit) {
            close(stream);
            return;
        }
    }
}

bool SseBackend::send(Stream &stream, std::string_view data)
{
    if (!stream.pending.empty()) {
        if (stream.pending.size() + data.size() > pendingLimit) {
            ++m_slowClosed;
            return false;
        }
        stream.pending.append(data);
        return true;
    }
    const auto n = ::send(stream.fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n == ssize_t(data.size()))
        return true;
    if (n < 0 && errno != EAGAIN && errno != EINTR)
        return false;
    stream.pending.assign(data.substr(n > 0 ? std::size_t(n) : 0));
    watchWrites(stream, true);
    return true;
}

bool SseBackend::flush(Stream &stream)
{
    while (!stream.pending.empty()) {
        const auto n =
            ::send(stream.fd, stream.pending.data(), stream.pending.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR;
        stream.pending.erase(0, std::size_t(n));
    }
    watchWrites(stream, false);
    if (m_ending)
        shutdown(stream.fd, SHUT_WR);
    return true;
}

void SseBackend::watchWrites(Stream &stream, bool wanted)
{
    if (stream.writeWanted == wanted)
        return;
    stream.writeWanted = wanted;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (wanted ? EPOLLOUT : 0u);
    event.data.ptr = &stream;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, stream.fd, &event);
}

void SseBackend::close(Stream &stream)
{
    ::close(stream.fd);
    stream.fd = -1;
    const auto index = stream.index;
    m_closed.push_back(std::move(m_streams[index]));
    if (index + 1 != m_streams.size()) {
        m_streams[index] = std::move(m_streams.back());
        m_streams[index]->index = index;
    }
    m_streams.pop_back();
}

void SseBackend::endAll()
{
    // The last chunk ends each stream cleanly; the FIN follows it once written. Streams then close when
    // their peer does, so nothing that was sent is cut off by a reset.
    m_ending = true;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_listener, nullptr);
    if (m_timer >= 0)
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_timer, nullptr);
    for (std::size_t i = 0; i < m_streams.size();) {
        Stream &stream = *m_streams[i];
        if (!stream.streaming || !send(stream, lastChunk)) {
            close(stream);
            continue;
        }
        if (stream.pending.empty())
            shutdown(stream.fd, SHUT_WR);
        ++i;
    }
}

} // namespace sd::bench
