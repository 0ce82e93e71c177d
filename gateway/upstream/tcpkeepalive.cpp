#include "gateway/upstream/tcpkeepalive.h"

#include <QLoggingCategory>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace sd::gateway {

namespace {

Q_LOGGING_CATEGORY(lcKeepAlive, "streamdesk.gateway.upstream")

bool setOption(qintptr descriptor, int level, int name, int value, const char *what)
{
    if (::setsockopt(int(descriptor), level, name, &value, sizeof(value)) == 0)
        return true;
    qCDebug(lcKeepAlive) << "cannot set" << what << "on socket" << descriptor << ":" << std::strerror(errno);
    return false;
}

} // namespace

bool TcpKeepAlive::applyTo(qintptr descriptor) const
{
    if (descriptor < 0)
        return false;
    bool ok = true;
    if (idleSeconds > 0) {
        ok &= setOption(descriptor, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
        ok &= setOption(descriptor, IPPROTO_TCP, TCP_KEEPIDLE, idleSeconds, "TCP_KEEPIDLE");
        if (intervalSeconds > 0)
            ok &= setOption(descriptor, IPPROTO_TCP, TCP_KEEPINTVL, intervalSeconds, "TCP_KEEPINTVL");
        if (probes > 0)
            ok &= setOption(descriptor, IPPROTO_TCP, TCP_KEEPCNT, probes, "TCP_KEEPCNT");
    }
    if (userTimeoutMs > 0)
        ok &= setOption(descriptor, IPPROTO_TCP, TCP_USER_TIMEOUT, userTimeoutMs, "TCP_USER_TIMEOUT");
    return ok;
}

} // namespace sd::gateway
