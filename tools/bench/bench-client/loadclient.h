#pragma once

#include "tools/bench/bench-client/clientoptions.h"
#include "tools/bench/bench-client/clientresult.h"
#include "tools/bench/bench-client/streamconnection.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace sd::bench {

/// Opens the streams at the configured rate, then measures them for a window, on one epoll loop.
class LoadClient final
{
public:
    explicit LoadClient(ClientOptions options);
    ~LoadClient();
    LoadClient(const LoadClient &) = delete;
    LoadClient &operator=(const LoadClient &) = delete;

    /// Resolves the URL and sets up TLS; false (with a message on stderr) when it cannot.
    bool prepare();
    /// Opens, measures and, with --hold, keeps reading until told to stop. Returns what it measured.
    ClientResult run();

private:
    enum class Phase { Opening, Measuring, Holding, Done };
    struct Slot
    {
        std::unique_ptr<StreamConnection> connection;
        std::int64_t startedAt = 0;
        std::int64_t lastSeq = -1;
        std::uint32_t registered = 0;
        bool opened = false;
        bool gap = false;
    };

    void startStreams(std::int64_t now);
    void onSlotReady(Slot &slot, std::uint32_t events);
    /// Keeps epoll's interest in step with the connection, and accounts for a connection that closed.
    void settle(Slot &slot);
    void beginWindow(std::int64_t now);
    void endWindow(std::int64_t now);
    std::string request(std::int64_t index) const;

    ClientOptions m_options;
    ClientResult m_result;
    Phase m_phase = Phase::Opening;
    int m_epoll = -1;
    int m_signals = -1;
    sockaddr_storage m_address{};
    socklen_t m_addressLength = 0;
    SSL_CTX *m_tls = nullptr;
    std::vector<char> m_buffer;
    std::vector<SseBodyParser::Event> m_events;
    StreamConnection::Context m_context;
    std::vector<Slot> m_slots;
    std::int64_t m_started = 0;
    std::int64_t m_resolved = 0; // opened or failed before opening
    std::int64_t m_open = 0;     // open now
    std::int64_t m_firstConnectAt = 0;
    std::int64_t m_lastOpenedAt = 0;
    std::int64_t m_openDeadline = 0;
    std::int64_t m_windowStart = 0;
    std::int64_t m_windowEnd = 0;
    double m_windowCpuStart = 0;
    bool m_stop = false;
};

} // namespace sd::bench
