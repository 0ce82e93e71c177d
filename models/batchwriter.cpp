#include "models/batchwriter.h"

namespace sd::models {

BatchWriter::BatchWriter(std::shared_ptr<Store> store)
    : m_store(std::move(store))
    , m_thread(QThread::create([this] { run(); }))
{
    m_thread->setObjectName(QStringLiteral("store writer"));
    m_thread->start();
    QMutexLocker lock(&m_mutex);
    while (!m_running)
        m_started.wait(&m_mutex);
}

BatchWriter::~BatchWriter()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeOne();
    }
    m_thread->wait();
}

void BatchWriter::post(Write write)
{
    post(QList<Write>{std::move(write)});
}

void BatchWriter::post(QList<Write> writes)
{
    if (writes.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    m_posted += writes.size();
    m_queue.append(std::move(writes));
    m_wake.wakeOne();
}

void BatchWriter::drain()
{
    Q_ASSERT(QThread::currentThread() != m_thread.get());
    QMutexLocker lock(&m_mutex);
    const auto target = m_posted;
    while (m_reportedCount < target)
        m_reported.wait(&m_mutex);
}

qsizetype BatchWriter::pending() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_posted - m_reportedCount);
}

quint64 BatchWriter::batches() const
{
    QMutexLocker lock(&m_mutex);
    return m_batches;
}

void BatchWriter::run()
{
    QMutexLocker lock(&m_mutex);
    m_running = true;
    m_started.wakeAll();
    for (;;) {
        while (m_queue.isEmpty() && !m_stopping)
            m_wake.wait(&m_mutex);
        if (m_queue.isEmpty())
            return;
        const auto batch = std::exchange(m_queue, {});
        lock.unlock();
        const auto statuses = write(batch);
        for (qsizetype i = 0; i < batch.size(); ++i) {
            if (batch[i].done)
                batch[i].done(statuses[i]);
        }
        lock.relock();
        m_reportedCount += batch.size();
        m_reported.wakeAll();
    }
}

QList<Status> BatchWriter::write(const QList<Write> &batch)
{
    const auto together = m_store->write([&]() -> Status {
        for (const auto &w : batch) {
            if (auto status = w.apply(); !status)
                return status;
        }
        return Done{};
    });
    {
        QMutexLocker lock(&m_mutex);
        ++m_batches;
    }
    if (together || batch.size() == 1)
        return QList<Status>(batch.size(), together);
    // Someone's write failed and took the batch with it: each alone, so that only its own fails.
    QList<Status> statuses;
    statuses.reserve(batch.size());
    for (const auto &w : batch) {
        statuses.append(m_store->write(w.apply));
        QMutexLocker lock(&m_mutex);
        ++m_batches;
    }
    return statuses;
}

} // namespace sd::models
