#include "tools/bench/bench-client/streamconnection.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace sd::bench {

namespace {

constexpr std::size_t headLimit = 16 * 1024;
// Reads per readiness call: a busy stream cannot starve the others (epoll is level-triggered).
constexpr int readsPerWake = 8;

bool isAddress(const std::string &host)
{
    in6_addr address{};
    return inet_pton(AF_INET, host.c_str(), &address) == 1 ||
           inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
    return out;
}

} // namespace

StreamConnection::StreamConnection(std::string request)
    : m_request(std::move(request))
{}

StreamConnection::~StreamConnection()
{
    if (m_ssl)
        SSL_free(m_ssl);
    if (m_fd >= 0)
        ::close(m_fd);
}

void StreamConnection::connect(const sockaddr_storage &address, socklen_t length)
{
    m_fd = socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail("no_descriptor");
        return;
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), length) != 0 && errno != EINPROGRESS) {
        fail(errno == ECONNREFUSED ? "refused" : "connect_failed");
        return;
    }
    m_wanted = EPOLLOUT;
}

void StreamConnection::onReady(std::uint32_t events, const Context &context)
{
    switch (m_state) {
    case State::Connecting:
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            connected(context);
        break;
    case State::Handshaking:
        handshake();
        break;
    case State::Sending:
        sendRequest();
        break;
    case State::ReadingHead:
    case State::Streaming:
        receive(context);
        break;
    case State::Closed:
        break;
    }
}

void StreamConnection::abandon(const char *reason)
{
    fail(reason);
}

void StreamConnection::connected(const Context &context)
{
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
        fail(error == ECONNREFUSED ? "refused" : "connect_failed");
        return;
    }
    if (!context.tls) {
        m_state = State::Sending;
        sendRequest();
        return;
    }
    m_ssl = SSL_new(context.tls);
    SSL_set_fd(m_ssl, m_fd);
    SSL_set_connect_state(m_ssl);
    const auto &host = context.url->host;
    if (!isAddress(host))
        SSL_ctrl(m_ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char *>(host.c_str()));
    if (context.verifyPeer) {
        if (isAddress(host))
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), host.c_str());
        else
            SSL_set1_host(m_ssl, host.c_str());
    }
    m_state = State::Handshaking;
    handshake();
}

void StreamConnection::handshake()
{
    const int result = SSL_do_handshake(m_ssl);
    if (result == 1) {
        m_state = State::Sending;
        sendRequest();
        return;
    }
    switch (SSL_get_error(m_ssl, result)) {
    case SSL_ERROR_WANT_READ:
        m_wanted = EPOLLIN;
        break;
    case SSL_ERROR_WANT_WRITE:
        m_wanted = EPOLLOUT;
        break;
    default:
        ERR_clear_error();
        fail("tls_failed");
    }
}

void StreamConnection::sendRequest()
{
    while (m_sent < m_request.size()) {
        const char *data = m_request.data() + m_sent;
        const auto size = m_request.size() - m_sent;
        long n = 0;
        if (m_ssl) {
            n = SSL_write(m_ssl, data, int(size));
            if (n <= 0) {
                const int error = SSL_get_error(m_ssl, int(n));
                if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) {
                    m_wanted = error == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN;
                    return;
                }
                ERR_clear_error();
                fail("tls_failed");
                return;
            }
        } else {
            n = ::send(m_fd, data, size, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) {
                    m_wanted = EPOLLOUT;
                    return;
                }
                fail(errno == ECONNRESET ? "reset" : "write_failed");
                return;
            }
        }
        m_sent += std::size_t(n);
    }
    m_request = std::string();
    m_state = State::ReadingHead;
    m_wanted = EPOLLIN;
}

void StreamConnection::receive(const Context &context)
{
    m_wanted = EPOLLIN;
    for (int i = 0; i < readsPerWake && m_state != State::Closed; ++i) {
        const long n = readSome(context.buffer);
        if (n == -1 || n == -2)
            return;
        if (n == 0) {
            if (m_state == State::ReadingHead)
                fail("closed_before_head");
            else
                fail(m_body && m_body->ended() ? "ended" : "closed");
            return;
        }
        consume(std::string_view(context.buffer.data(), std::size_t(n)), context);
        if (std::size_t(n) < context.buffer.size() && !m_ssl)
            return; // drained: a further read would only say EAGAIN
    }
}

long StreamConnection::readSome(std::span<char> buffer)
{
    if (m_ssl) {
        const int n = SSL_read(m_ssl, buffer.data(), int(buffer.size()));
        if (n > 0)
            return n;
        switch (SSL_get_error(m_ssl, n)) {
        case SSL_ERROR_WANT_READ:
            return -1;
        case SSL_ERROR_WANT_WRITE:
            m_wanted = EPOLLIN | EPOLLOUT;
            return -1;
        case SSL_ERROR_ZERO_RETURN:
            return 0;
        case SSL_ERROR_SYSCALL:
            ERR_clear_error();
            if (errno == ECONNRESET) {
                fail("reset");
                return -2;
            }
            return 0;
        default:
            ERR_clear_error();
            fail("tls_failed");
            return -2;
        }
    }
    const auto n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
    if (n >= 0)
        return n;
    if (errno == EAGAIN || errno == EINTR)
        return -1;
    fail(errno == ECONNRESET ? "reset" : "read_failed");
    return -2;
}

void StreamConnection::consume(std::string_view bytes, const Context &context)
{
    std::string rest; // what followed the head in the same read
    if (m_state == State::ReadingHead) {
        m_head.append(bytes);
        const auto end = m_head.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (m_head.size() > headLimit)
                fail("bad_head");
            return;
        }
        rest = m_head.substr(end + 4);
        m_head.resize(end + 2);
        readHead();
        if (m_state != State::Streaming)
            return;
        bytes = rest;
    }
    if (!m_body->feed(bytes, *context.events))
        fail("bad_chunk");
    else if (m_body->ended())
        fail("ended"); // a proxy may keep the connection for another request: the stream is over anyway
}

void StreamConnection::readHead()
{
    // "HTTP/1.1 200 OK"
    const auto space = m_head.find(' ');
    const int status = space == std::string::npos ? 0 : std::atoi(m_head.c_str() + space + 1);
    if (status != 200) {
        fail("http_" + std::to_string(status));
        return;
    }
    const auto head = lowerCase(m_head);
    m_head = std::string();
    const auto header = [&head](std::string_view name) {
        const auto at = head.find("\r\n" + std::string(name) + ":");
        if (at == std::string::npos)
            return std::string_view();
        const auto begin = at + 3 + name.size();
        return std::string_view(head).substr(begin, head.find("\r\n", begin) - begin);
    };
    if (header("content-type").find("text/event-stream") == std::string_view::npos) {
        fail("not_event_stream");
        return;
    }
    m_body = std::make_unique<SseBodyParser>(header("transfer-encoding").find("chunked") !=
                                             std::string_view::npos);
    m_state = State::Streaming;
}

void StreamConnection::fail(std::string reason)
{
    m_reason = std::move(reason);
    m_state = State::Closed;
    m_wanted = 0;
    if (m_ssl) {
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

} // namespace sd::bench
