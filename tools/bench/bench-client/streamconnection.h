#pragma once

#include "tools/bench/bench-client/ssebodyparser.h"
#include "tools/bench/bench-client/url.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <sys/socket.h>
#include <vector>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace sd::bench {

/// One SSE stream: a non-blocking socket (TLS optional) that sends a GET, checks the response head
/// (200, text/event-stream) and then hands the body to an SseBodyParser. Driven by epoll readiness.
class StreamConnection final
{
public:
    enum class State { Connecting, Handshaking, Sending, ReadingHead, Streaming, Closed };
    /// What a readiness call needs from the loop; shared by every connection.
    struct Context
    {
        const Url *url = nullptr;
        SSL_CTX *tls = nullptr; // set for https
        bool verifyPeer = false;
        std::span<char> buffer;
        std::vector<SseBodyParser::Event> *events = nullptr;
    };

    explicit StreamConnection(std::string request);
    ~StreamConnection();
    StreamConnection(const StreamConnection &) = delete;
    StreamConnection &operator=(const StreamConnection &) = delete;

    /// Starts a non-blocking connect; on failure the state is Closed with a reason.
    void connect(const sockaddr_storage &address, socklen_t length);
    /// Advances on epoll readiness; events received go to the context's list.
    void onReady(std::uint32_t events, const Context &context);
    /// Closes at once (the loop gave up on it) with `reason`.
    void abandon(const char *reason);

    State state() const { return m_state; }
    /// Why it closed: ended (the last chunk), closed, reset, refused, connect_failed, tls_failed, http_NNN,
    /// ...
    const std::string &reason() const { return m_reason; }
    int fd() const { return m_fd; }
    /// The epoll events it waits for now.
    std::uint32_t wanted() const { return m_wanted; }

private:
    void connected(const Context &context);
    void handshake();
    void sendRequest();
    void receive(const Context &context);
    /// Reads into the buffer: bytes read, 0 at the end of the stream, -1 to wait, -2 when it failed.
    long readSome(std::span<char> buffer);
    void consume(std::string_view bytes, const Context &context);
    void readHead();
    void fail(std::string reason);

    int m_fd = -1;
    SSL *m_ssl = nullptr;
    State m_state = State::Connecting;
    std::uint32_t m_wanted = 0;
    std::string m_request;
    std::size_t m_sent = 0;
    std::string m_head;
    std::unique_ptr<SseBodyParser> m_body;
    std::string m_reason;
};

} // namespace sd::bench
