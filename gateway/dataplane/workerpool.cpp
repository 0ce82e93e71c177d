#include "gateway/dataplane/workerpool.h"

#include "gateway/dataplane/dataplaneworker.h"
#include "gateway/dataplane/epolleventdispatcher.h"

#include <QThread>
#include <algorithm>

namespace sd::gateway {

WorkerPool::WorkerPool(int count, const DataPlaneContext &context)
    : m_count(count > 0 ? count : defaultCount())
    , m_context(context)
{}

WorkerPool::~WorkerPool()
{
    stop();
}

int WorkerPool::defaultCount()
{
    return qMax(1, QThread::idealThreadCount());
}

void WorkerPool::start(Listener *http, Listener *https, const std::optional<QSslConfiguration> &tls)
{
    for (int i = 0; i < m_count; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("gateway-worker-%1").arg(i + 1));
        thread->setEventDispatcher(new EpollEventDispatcher);
        thread->start();
        auto *worker = new DataPlaneWorker(m_context, i + 1);
        worker->moveToThread(thread);
        QMetaObject::invokeMethod(
            worker, [=] { worker->serve(http, https, tls); }, Qt::BlockingQueuedConnection);
        m_workers.push_back({thread, worker});
    }
}

void WorkerPool::dispatch(qintptr descriptor, bool tls)
{
    const auto least = std::min_element(m_workers.begin(), m_workers.end(), [](const auto &a, const auto &b) {
        return a.worker->load() < b.worker->load();
    });
    auto *worker = least->worker;
    worker->addLoad();
    QMetaObject::invokeMethod(worker, [worker, descriptor, tls] { worker->take(descriptor, tls); });
}

void WorkerPool::terminateWhere(const SessionRegistry::Predicate &predicate, const GatewayError &error,
                                const QString &reason)
{
    for (const auto &[thread, worker] : m_workers) {
        QMetaObject::invokeMethod(worker, [worker = worker, predicate, error, reason] {
            worker->terminateWhere(predicate, error, reason);
        });
    }
}

void WorkerPool::stop()
{
    for (const auto &[thread, worker] : m_workers) {
        QMetaObject::invokeMethod(
            worker,
            [worker = worker] {
                worker->shutDown();
                delete worker;
            },
            Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_workers.clear();
}

} // namespace sd::gateway
