#include "gateway/server/acceptloop.h"

#include <QEvent>
#include <QLoggingCategory>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcListener, "streamdesk.gateway.listener")

namespace {

// Accepting more per wake-up would delay every other event of the gateway thread; the notifier is level
// triggered and comes back for the rest.
constexpr int acceptsPerWakeUp = 64;

} // namespace

AcceptLoop::AcceptLoop(QTcpServer *server, Accept accept)
    : QObject(server)
    , m_server(server)
    , m_accept(std::move(accept))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AcceptLoop::resume);
}

void AcceptLoop::start()
{
    // Qt's socket engine, a child of the server, owns the read notifier of the listening socket. Its
    // activations are taken here before Qt's accept loop sees them; pauseAccepting() and
    // resumeAccepting() still switch it.
    const auto notifiers = m_server->findChildren<QSocketNotifier *>();
    for (auto *notifier : notifiers) {
        if (notifier->type() == QSocketNotifier::Read && notifier->socket() == m_server->socketDescriptor()) {
            m_notifier = notifier;
            m_notifier->installEventFilter(this);
            return;
        }
    }
    qCWarning(lcListener).noquote()
        << "Port" << m_server->serverPort()
        << "has no read notifier to watch; descriptor exhaustion will not pause it";
}

bool AcceptLoop::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_notifier || event->type() != QEvent::SockAct)
        return false;
    acceptPending();
    return true;
}

void AcceptLoop::acceptPending()
{
    const QPointer<AcceptLoop> alive(this);
    for (int i = 0; i < acceptsPerWakeUp; ++i) {
        const int descriptor = ::accept4(int(m_server->socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            if (m_failures > 0) {
                qCInfo(lcListener).noquote()
                    << "Port" << m_server->serverPort() << "accepts connections again after" << m_failures
                    << "failed attempts in" << m_since.elapsed() << "ms";
                m_failures = 0;
            }
            m_accept(descriptor);
            // A slot may have closed or deleted the server.
            if (!alive || !m_server->isListening())
                return;
            continue;
        }
        switch (errno) {
        case EAGAIN:
            return;
        // Linux reports the network errors of a connection that failed before it was accepted; the next
        // one may be fine (accept(2)).
        case EINTR:
        case ECONNABORTED:
        case EPROTO:
        case ENETDOWN:
        case ENOPROTOOPT:
        case EHOSTDOWN:
        case ENONET:
        case EHOSTUNREACH:
        case ENETUNREACH:
            continue;
        default:
            pause(errno);
            return;
        }
    }
}

void AcceptLoop::pause(int error)
{
    m_server->pauseAccepting();
    if (m_failures == 0) {
        m_since.start();
        qCWarning(lcListener).noquote()
            << QStringLiteral("Port %1 cannot accept connections (%2); retrying from %3 ms up to every %4 ms")
                   .arg(m_server->serverPort())
                   .arg(QString::fromLocal8Bit(std::strerror(error)))
                   .arg(firstRetryMs)
                   .arg(maxRetryMs);
    }
    ++m_failures;
    // Failures in a row double the wait: 50, 100, ... 2000 ms.
    const int shift = qMin(m_failures - 1, 6);
    const int waitMs = qMin(firstRetryMs << shift, maxRetryMs);
    qCDebug(lcListener).noquote() << "Port" << m_server->serverPort() << "tries to accept again in" << waitMs
                                  << "ms";
    m_retry.start(waitMs);
}

void AcceptLoop::resume()
{
    // resumeAccepting() on a closed server would touch a socket engine that no longer exists.
    if (m_server->isListening())
        m_server->resumeAccepting();
}

} // namespace sd::gateway
