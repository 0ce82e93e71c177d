#include "tools/bench/bench-client/loadclient.h"

#include "tools/bench/bench-common/platform.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netdb.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace sd::bench {

namespace {

constexpr std::uint64_t signalTag = 1;
constexpr std::size_t bufferSize = 256 * 1024;

} // namespace

LoadClient::LoadClient(ClientOptions options)
    : m_options(std::move(options))
    , m_buffer(bufferSize)
    , m_slots(std::size_t(m_options.streams))
{
    m_result.url = m_options.url.tls ? "https://" : "http://";
    m_result.url += m_options.url.authority + m_options.url.target;
    m_result.streams = m_options.streams;
    m_result.rate = m_options.rate;
}

LoadClient::~LoadClient()
{
    m_slots.clear();
    if (m_tls)
        SSL_CTX_free(m_tls);
    for (const int fd : {m_signals, m_epoll})
        if (fd >= 0)
            ::close(fd);
}

bool LoadClient::prepare()
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const int error = getaddrinfo(m_options.url.host.c_str(), m_options.url.port.c_str(), &hints, &found);
    if (error != 0 || !found) {
        std::fprintf(stderr, "bench-client: cannot resolve %s: %s\n", m_options.url.host.c_str(),
                     gai_strerror(error));
        return false;
    }
    std::memcpy(&m_address, found->ai_addr, found->ai_addrlen);
    m_addressLength = found->ai_addrlen;
    freeaddrinfo(found);

    if (m_options.url.tls) {
        m_tls = SSL_CTX_new(TLS_client_method());
        if (!m_options.caFile.empty()) {
            if (SSL_CTX_load_verify_locations(m_tls, m_options.caFile.c_str(), nullptr) != 1) {
                std::fprintf(stderr, "bench-client: cannot load --cacert %s\n", m_options.caFile.c_str());
                return false;
            }
            SSL_CTX_set_verify(m_tls, SSL_VERIFY_PEER, nullptr);
        }
    }
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_signals = stopSignalDescriptor();
    watchReadable(m_epoll, m_signals, signalTag);
    m_context.url = &m_options.url;
    m_context.tls = m_tls;
    m_context.verifyPeer = !m_options.caFile.empty();
    m_context.buffer = std::span<char>(m_buffer);
    m_context.events = &m_events;
    return true;
}

ClientResult LoadClient::run()
{
    std::vector<epoll_event> ready(4096);
    m_firstConnectAt = monotonicMicros();
    m_openDeadline = m_firstConnectAt + m_options.openTimeoutSeconds * 1000000;
    while (m_phase != Phase::Done) {
        const auto now = monotonicMicros();
        if (m_stop) {
            m_result.interrupted = m_phase != Phase::Holding;
            if (m_phase == Phase::Opening)
                beginWindow(now);
            if (m_phase == Phase::Measuring)
                endWindow(now);
            m_phase = Phase::Done;
            break;
        }
        int timeoutMs = -1;
        switch (m_phase) {
        case Phase::Opening:
            startStreams(now);
            if (m_resolved == m_options.streams || now >= m_openDeadline) {
                beginWindow(now);
                timeoutMs = int(m_options.seconds * 1000);
            } else {
                // Paced connects need a wake-up every millisecond; waiting for answers does not.
                timeoutMs = m_started < m_options.streams ? 1 : 20;
            }
            break;
        case Phase::Measuring:
            if (now >= m_windowEnd) {
                endWindow(now);
                if (!m_options.hold) {
                    m_phase = Phase::Done;
                    continue;
                }
                std::fprintf(stderr, "bench-client: measured\n");
                m_phase = Phase::Holding;
                timeoutMs = 100;
            } else {
                timeoutMs = int((m_windowEnd - now + 999) / 1000);
            }
            break;
        case Phase::Holding:
            if (m_open == 0) {
                m_phase = Phase::Done;
                continue;
            }
            timeoutMs = 100;
            break;
        case Phase::Done:
            break;
        }
        const int n = epoll_wait(m_epoll, ready.data(), int(ready.size()), timeoutMs);
        if (n < 0 && errno != EINTR) {
            std::perror("bench-client: epoll_wait");
            m_stop = true;
        }
        for (int i = 0; i < n; ++i) {
            const auto &event = ready[std::size_t(i)];
            if (event.data.u64 == signalTag) {
                signalfd_siginfo info{};
                while (read(m_signals, &info, sizeof info) == sizeof info) {
                }
                m_stop = true;
            } else {
                onSlotReady(*static_cast<Slot *>(event.data.ptr), event.events);
            }
        }
    }
    m_result.clientCpuSeconds = processCpuSeconds();
    return std::move(m_result);
}

void LoadClient::startStreams(std::int64_t now)
{
    const auto due =
        std::min<std::int64_t>(m_options.streams, (now - m_firstConnectAt) * m_options.rate / 1000000 + 1);
    while (m_started < due) {
        Slot &slot = m_slots[std::size_t(m_started)];
        slot.connection = std::make_unique<StreamConnection>(request(m_started));
        slot.startedAt = monotonicMicros();
        ++m_started;
        slot.connection->connect(m_address, m_addressLength);
        settle(slot);
    }
}

void LoadClient::onSlotReady(Slot &slot, std::uint32_t events)
{
    if (!slot.connection)
        return;
    m_events.clear();
    slot.connection->onReady(events, m_context);
    if (!m_events.empty()) {
        const auto arrival = realtimeMicros();
        const bool measuring = m_phase == Phase::Measuring;
        for (const auto &event : m_events) {
            ++m_result.eventsTotal;
            if (measuring) {
                ++m_result.events;
                m_result.latencyMicros.push_back(arrival - event.ts);
                if (slot.lastSeq >= 0 && event.seq > slot.lastSeq + 1) {
                    m_result.missingSeq += event.seq - slot.lastSeq - 1;
                    slot.gap = true;
                }
                m_result.maxSeq = std::max(m_result.maxSeq, event.seq);
            }
            slot.lastSeq = event.seq;
        }
    }
    settle(slot);
}

void LoadClient::settle(Slot &slot)
{
    auto &connection = *slot.connection;
    const auto state = connection.state();
    if (!slot.opened && state == StreamConnection::State::Streaming) {
        slot.opened = true;
        ++m_resolved;
        ++m_open;
        m_lastOpenedAt = monotonicMicros();
        m_result.connectMs.push_back(double(m_lastOpenedAt - slot.startedAt) / 1000.0);
    }
    if (state == StreamConnection::State::Closed) {
        if (slot.opened)
            --m_open;
        else
            ++m_resolved;
        if (m_phase == Phase::Holding && slot.opened)
            ++m_result.endedAfterWindow;
        else
            ++m_result.errors[connection.reason()];
        slot.connection.reset(); // its descriptor is closed, which also took it out of epoll
        return;
    }
    if (connection.wanted() == slot.registered)
        return;
    epoll_event event{};
    event.events = connection.wanted();
    event.data.ptr = &slot;
    epoll_ctl(m_epoll, slot.registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, connection.fd(), &event);
    slot.registered = connection.wanted();
}

void LoadClient::beginWindow(std::int64_t now)
{
    // Streams that are still not answered count as failed; those never started too.
    for (auto &slot : m_slots) {
        if (slot.connection && !slot.opened) {
            slot.connection->abandon("open_timeout");
            settle(slot);
        }
    }
    if (m_started < m_options.streams)
        m_result.errors["not_started"] += m_options.streams - m_started;
    m_result.allOpen = m_open == m_options.streams;
    m_result.openMs = double((m_lastOpenedAt > 0 ? m_lastOpenedAt : now) - m_firstConnectAt) / 1000.0;
    m_phase = Phase::Measuring;
    m_windowStart = now;
    m_windowEnd = now + m_options.seconds * 1000000;
    m_windowCpuStart = processCpuSeconds();
    m_result.latencyMicros.reserve(std::size_t(m_open * 16));
    std::fprintf(stderr, "bench-client: measuring\n");
}

void LoadClient::endWindow(std::int64_t now)
{
    m_result.windowSeconds = double(now - m_windowStart) / 1e6;
    m_result.windowCpuSeconds = processCpuSeconds() - m_windowCpuStart;
    for (const auto &slot : m_slots) {
        if (!slot.connection || slot.connection->state() != StreamConnection::State::Streaming)
            continue;
        ++m_result.streamsOk;
        if (slot.gap)
            ++m_result.streamsWithGaps;
        if (m_result.maxSeq >= 0 && slot.lastSeq < m_result.maxSeq - 1)
            ++m_result.staleStreams;
    }
    for (const auto &slot : m_slots)
        if (!slot.connection && slot.gap)
            ++m_result.streamsWithGaps;
}

std::string LoadClient::request(std::int64_t index) const
{
    std::string text = "GET " + m_options.url.target + " HTTP/1.1\r\nHost: " + m_options.url.authority +
                       "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n";
    for (const auto &header : m_options.headers)
        text += header + "\r\n";
    if (!m_options.rotatingHeaders.empty())
        text += m_options.rotatingHeaders[std::size_t(index) % m_options.rotatingHeaders.size()] + "\r\n";
    return text + "\r\n";
}

} // namespace sd::bench
