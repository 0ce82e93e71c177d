#pragma once

#include "gateway/auth/authenticator.h"
#include "gateway/auth/tlsidentity.h"
#include "gateway/dataplane/workerpool.h"
#include "gateway/events/gatewayevents.h"
#include "gateway/metering/eventmeter.h"
#include "gateway/metering/ratelimiter.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/routing/routetable.h"
#include "gateway/server/authcachewatcher.h"
#include "gateway/server/corspolicy.h"
#include "gateway/server/gatewayconfig.h"
#include "gateway/server/listener.h"

#include <atomic>
#include <memory>
#include <optional>

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::gateway {

class TokenService;

/// The embedded API gateway's control plane: listens on the gateway ports on its own thread, hands each
/// connection to a worker of the data plane (WorkerPool), which routes `/<context>/<version>/<path>` to
/// the deployed revision, checks token and subscription, enforces quotas and relays each stream. Watches
/// the management services so that revocations, blocks and undeployments end open streams on every
/// worker at once.
class GatewayServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayServer)

public:
    GatewayServer(std::shared_ptr<models::Store> store, models::PublisherService *publisher,
                  models::DevPortalService *portal, TokenService *tokens, const SigningKey &signingKey,
                  std::optional<TlsIdentity> tls, GatewayConfig config, QObject *parent = nullptr);
    ~GatewayServer() override;

    /// Listens on the HTTP and (when enabled) HTTPS ports and starts the workers; a busy port is an error
    /// naming it.
    models::Status start();
    /// Ends every open stream cleanly, stops listening and joins the workers.
    void stop();
    quint16 httpPort() const { return m_http ? m_http->serverPort() : 0; }
    quint16 httpsPort() const { return m_https ? m_https->serverPort() : 0; }
    /// The connections of a port waiting for an answer; null when the port is not open.
    const ConnectionAdmission *admission(bool tls) const;
    StreamMonitor *monitor() { return &m_monitor; }
    EventMeter *meter() { return &m_meter; }
    /// Refused requests, backend failures, streams opened and closed.
    GatewayEvents *events() { return &m_events; }
    qsizetype openStreams() const { return m_openStreams.load(std::memory_order_relaxed); }
    /// Client and backend descriptors the open streams hold, against GatewayConfig::maxStreamDescriptors.
    qsizetype streamDescriptors() const { return m_streamDescriptors.load(std::memory_order_relaxed); }
    void reloadRoutes();
    /// Ends the stream with this StreamMonitor id: a streaming client gets a clean end of the stream, one
    /// still waiting for the backend a 503. Callable from any thread.
    void closeStream(quint64 streamId, const QString &reason);

private:
    void onApiChanged(const QString &apiId);
    void onSubscriptionChanged(const QString &subscriptionId);

    std::shared_ptr<models::Store> m_store;
    GatewayConfig m_config;
    std::optional<TlsIdentity> m_tls;
    CorsPolicy m_cors;
    RouteTable m_routes;
    Authenticator m_authenticator;
    AuthCacheWatcher m_authCacheWatcher; // before the workers: they read the cache
    EventMeter m_meter;
    RateLimiter m_rateLimiter;
    StreamMonitor m_monitor;
    GatewayEvents m_events;
    std::atomic<qsizetype> m_openStreams{0};
    std::atomic<qsizetype> m_streamDescriptors{0};
    WorkerPool m_workers;
    std::unique_ptr<Listener> m_http;
    std::unique_ptr<Listener> m_https;
};

} // namespace sd::gateway
