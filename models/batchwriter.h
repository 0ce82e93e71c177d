#pragma once

#include "models/result.h"
#include "models/store.h"

#include <QList>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <functional>
#include <memory>

namespace sd::models {

/// One thread that writes to the store for others: writes posted from any thread are taken in batches, a
/// batch runs in one transaction (one fsync for all of it), and each write's `done` is called on the
/// writer thread once its outcome is durable. A write that fails alone does not fail the others: a failed
/// batch is rolled back and run again one write per transaction.
class BatchWriter final
{
    Q_DISABLE_COPY_MOVE(BatchWriter)

public:
    struct Write
    {
        std::function<Status()> apply;                 // on the writer thread, inside the batch's transaction
        std::function<void(const Status &)> done = {}; // on the writer thread, after the commit
    };

    /// Returns once the writer thread runs, so what the thread holds (Qt gives each one an event
    /// dispatcher, a descriptor) exists from then on.
    explicit BatchWriter(std::shared_ptr<Store> store);
    /// Writes what is queued, then ends the thread.
    ~BatchWriter();

    void post(Write write);
    /// Queued together, so they land in one batch unless one of them fails.
    void post(QList<Write> writes);
    /// Returns once everything posted before the call is written and reported. Not from the writer thread.
    void drain();
    /// Writes posted and not reported yet.
    qsizetype pending() const;
    /// Transactions committed or rolled back so far.
    quint64 batches() const;

private:
    void run();
    QList<Status> write(const QList<Write> &batch);

    std::shared_ptr<Store> m_store;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_reported;
    QWaitCondition m_started;
    bool m_running = false;
    QList<Write> m_queue;
    quint64 m_posted = 0;
    quint64 m_reportedCount = 0;
    quint64 m_batches = 0;
    bool m_stopping = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace sd::models
