#include "gateway/dataplane/sessionregistry.h"

#include "gateway/relay/streamsession.h"

namespace sd::gateway {

SessionRegistry::SessionRegistry(int sweepMs, std::atomic<qsizetype> *openStreams,
                                 std::atomic<qsizetype> *streamDescriptors, QObject *parent)
    : QObject(parent)
    , m_openStreams(openStreams)
    , m_streamDescriptors(streamDescriptors)
    , m_sweep(this) // moves to the worker's thread with this object
{
    m_sweep.setInterval(sweepMs);
    connect(&m_sweep, &QTimer::timeout, this, &SessionRegistry::sweep);
}

SessionRegistry::~SessionRegistry()
{
    // Sessions still open here are deleted with this object (a shutdown): they leave the counts now.
    m_openStreams->fetch_sub(m_sessions.size(), std::memory_order_relaxed);
    qsizetype descriptors = 0;
    for (const int held : std::as_const(m_sessions))
        descriptors += held;
    m_streamDescriptors->fetch_sub(descriptors, std::memory_order_relaxed);
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

void SessionRegistry::add(StreamSession *session, int descriptors)
{
    session->setParent(this);
    m_sessions.insert(session, descriptors);
    m_openStreams->fetch_add(1, std::memory_order_relaxed);
    connect(session, &StreamSession::closed, this, [this, session] {
        if (const auto it = m_sessions.constFind(session); it != m_sessions.cend()) {
            // Descriptors first: whoever sees the stream gone may open the next one at once.
            m_streamDescriptors->fetch_sub(it.value(), std::memory_order_relaxed);
            m_openStreams->fetch_sub(1, std::memory_order_relaxed);
            m_sessions.erase(it);
        }
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
    for (auto it = sessions.keyBegin(); it != sessions.keyEnd(); ++it) {
        if (!(*it)->isClosed() && predicate(**it))
            (*it)->terminate(error, reason);
    }
}

void SessionRegistry::sweep()
{
    const auto now = StreamSession::clockMs();
    const auto sessions = m_sessions; // a sweep may close sessions
    for (auto it = sessions.keyBegin(); it != sessions.keyEnd(); ++it)
        (*it)->sweep(now);
}

} // namespace sd::gateway
