#pragma once

#include "gateway/http/gatewayerror.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <functional>

namespace sd::gateway {

class StreamSession;

/// The streams of one worker: ends those a management action selects, and sweeps them all a few times a
/// second for heartbeats, slow clients and expired tokens, one timer for the lot rather than timers per
/// stream. Lives on its worker's thread; `openStreams` counts the streams of every worker and
/// `streamDescriptors` the descriptors they hold: each session gives back its own when it leaves.
class SessionRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRegistry)

public:
    using Predicate = std::function<bool(const StreamSession &)>;

    /// `sweepMs`: the sweep's period.
    SessionRegistry(int sweepMs, std::atomic<qsizetype> *openStreams,
                    std::atomic<qsizetype> *streamDescriptors, QObject *parent = nullptr);
    ~SessionRegistry() override;

    /// Takes a session about to start (it becomes a child) that holds `descriptors`, already counted in
    /// `streamDescriptors`; it leaves when it closes.
    void add(StreamSession *session, int descriptors);
    void terminateWhere(const Predicate &predicate, const GatewayError &error, const QString &reason);
    qsizetype size() const { return m_sessions.size(); }
    /// The sweep period that serves these timeouts (ms, 0 = off): a quarter of the shortest, within
    /// 10 ms and 1 s.
    static int sweepPeriod(std::initializer_list<int> timeoutsMs);

private:
    void sweep();

    std::atomic<qsizetype> *m_openStreams;
    std::atomic<qsizetype> *m_streamDescriptors;
    QHash<StreamSession *, int> m_sessions; // the descriptors each holds
    QTimer m_sweep;
};

} // namespace sd::gateway
