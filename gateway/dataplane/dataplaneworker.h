#pragma once

#include "gateway/dataplane/dataplanecontext.h"
#include "gateway/dataplane/sessionregistry.h"
#include "gateway/dataplane/streamrequesthandler.h"

#include <QObject>
#include <QSslConfiguration>
#include <atomic>
#include <optional>

namespace sd::gateway {

class HttpEndpoint;
class Listener;

/// One thread of the data plane: owns the connections handed to it, end to end (socket, TLS, request,
/// authentication, backend connection, relay), in its own event loop. Created on the control thread and
/// moved to its worker thread; everything but load() and addLoad() runs there.
class DataPlaneWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataPlaneWorker)

public:
    /// `index`: this worker's number, from 1.
    DataPlaneWorker(const DataPlaneContext &context, int index);
    ~DataPlaneWorker() override;

    /// Serves the connections of these listeners' ports (`https` may be null).
    void serve(Listener *http, Listener *https, const std::optional<QSslConfiguration> &tls);
    /// Serves a descriptor the listener admitted; addLoad() was called for it.
    void take(qintptr descriptor, bool tls);
    void terminateWhere(const SessionRegistry::Predicate &predicate, const GatewayError &error,
                        const QString &reason);
    /// Ends every stream ("gateway stopped") and hands what the sockets still buffer to the kernel.
    void shutDown();

    /// Connections handed to this worker and not closed yet; callable from any thread.
    int load() const { return m_load.load(std::memory_order_relaxed); }
    void addLoad() { m_load.fetch_add(1, std::memory_order_relaxed); }

private:
    DataPlaneContext m_context;
    SessionRegistry *m_sessions;
    StreamRequestHandler m_handler;
    HttpEndpoint *m_http = nullptr;
    HttpEndpoint *m_https = nullptr;
    std::atomic<int> m_load{0};
};

} // namespace sd::gateway
