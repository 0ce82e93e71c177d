#pragma once

#include "gateway/auth/cryptolimits.h"

#include <QObject>
#include <QThreadPool>
#include <functional>

namespace sd::gateway {

/// Runs slow crypto on a few worker threads with a bounded queue and hands each result back to the thread
/// that owns the pool (the gateway's), where the request's responder lives.
class CryptoPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CryptoPool)

public:
    /// Runs on the pool's thread once the job is done.
    using Finish = std::function<void()>;
    /// Runs on a worker: only pure computation on copied inputs and thread-safe objects.
    using Job = std::function<Finish()>;

    explicit CryptoPool(const CryptoLimits &limits, QObject *parent = nullptr);
    /// Drops queued jobs and waits for running ones; their results are not delivered.
    ~CryptoPool() override;

    /// Runs `job` on a worker, then its Finish on this object's thread unless `context` (an object of this
    /// thread, such as the request's responder) was destroyed meanwhile. Returns false and runs nothing when
    /// maxQueued jobs are already waiting or running.
    bool run(QObject *context, Job job);
    /// Jobs accepted whose Finish has not run yet.
    int pending() const { return m_pending; }
    /// Results dropped because their context was gone (a client that disconnected while it waited).
    qint64 dropped() const { return m_dropped; }
    int retryAfterSeconds() const { return m_retryAfterSeconds; }

private:
    QThreadPool m_threads;
    int m_maxQueued;
    int m_retryAfterSeconds;
    int m_pending = 0;
    qint64 m_dropped = 0;
};

} // namespace sd::gateway
