#pragma once

#include "gateway/dataplane/dataplanecontext.h"
#include "gateway/dataplane/sessionregistry.h"

#include <QSslConfiguration>
#include <functional>
#include <optional>
#include <vector>

class QThread;

namespace sd::gateway {

class DataPlaneWorker;
class Listener;

/// The data plane's threads, each running a DataPlaneWorker on an EpollEventDispatcher. The control thread
/// hands each accepted connection to the worker with the fewest open connections (the listeners stay
/// on the control thread, which keeps the per-address connection caps exact) and fans management actions
/// out to every worker.
class WorkerPool final
{
    Q_DISABLE_COPY_MOVE(WorkerPool)

public:
    /// `count` workers; 0: one per core.
    WorkerPool(int count, const DataPlaneContext &context);
    ~WorkerPool();

    /// Starts the threads; they serve these listeners' ports (`https` may be null).
    void start(Listener *http, Listener *https, const std::optional<QSslConfiguration> &tls);
    /// Hands an admitted descriptor to the least-loaded worker.
    void dispatch(qintptr descriptor, bool tls);
    /// Ends, on every worker, the streams `predicate` selects (queued: returns before they end).
    void terminateWhere(const SessionRegistry::Predicate &predicate, const GatewayError &error,
                        const QString &reason);
    /// Ends every stream, flushes and joins the threads; start() may follow.
    void stop();
    int size() const { return m_count; }
    /// One per core.
    static int defaultCount();

private:
    struct Worker
    {
        QThread *thread;
        DataPlaneWorker *worker;
    };

    int m_count;
    DataPlaneContext m_context;
    std::vector<Worker> m_workers;
};

} // namespace sd::gateway
