#include "gateway/dataplane/sessionregistry.h"

#include "gateway/relay/streamsession.h"

namespace sd::gateway {

SessionRegistry::SessionRegistry(int sweepMs, std::atomic<qsizetype> *openStreams, QObject *parent)
    : QObject(parent)
    , m_openStreams(openStreams)
    , m_sweep(this) // moves to the worker's thread with this object
{
    m_sweep.setInterval(sweepMs);
    connect(&m_sweep, &QTimer::timeout, this, &SessionRegistry::sweep);
}

SessionRegistry::~SessionRegistry()
{
    // Sessions still open here are deleted with this object (a shutdown): they leave the count now.
    m_openStreams->fetch_sub(m_sessions.size(), std::memory_order_relaxed);
}

int SessionRegistry::sweepPeriod(std::initializer_list<int> timeoutsMs)
{
    int shortest = 0;
    for (const int t : timeoutsMs) {
        if (t > 0 && (shortest == 0 || t < shortest))
            shortest = t;
    }
    return shortest == 0 ? 1000 : qBound(10, shortest / 4, 1000);
}

void SessionRegistry::add(StreamSession *session)
{
    session->setParent(this);
    m_sessions.insert(session);
    connect(session, &StreamSession::closed, this, [this, session] {
        if (m_sessions.remove(session))
            m_openStreams->fetch_sub(1, std::memory_order_relaxed);
        session->deleteLater();
        if (m_sessions.isEmpty())
            m_sweep.stop();
    });
    if (!m_sweep.isActive())
        m_sweep.start();
}

void SessionRegistry::terminateWhere(const Predicate &predicate, const GatewayError &error,
                                     const QString &reason)
{
    const auto sessions = m_sessions; // terminate() removes from m_sessions through closed()
    for (auto *session : sessions) {
        if (!session->isClosed() && predicate(*session))
            session->terminate(error, reason);
    }
}

void SessionRegistry::sweep()
{
    const auto now = StreamSession::clockMs();
    const auto sessions = m_sessions; // a sweep may close sessions
    for (auto *session : sessions)
        session->sweep(now);
}

} // namespace sd::gateway
