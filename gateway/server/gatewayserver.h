#pragma once

#include "gateway/auth/authenticator.h"
#include "gateway/auth/tlsidentity.h"
#include "gateway/events/gatewayevents.h"
#include "gateway/metering/eventmeter.h"
#include "gateway/metering/ratelimiter.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/routing/routetable.h"
#include "gateway/server/gatewayconfig.h"
#include "gateway/server/httpendpoint.h"

#include <QSet>
#include <optional>

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::gateway {

class StreamSession;
class TokenService;

/// The embedded API gateway: routes `/<context>/<version>/<path>` to the deployed revision, checks
/// token and subscription, enforces quotas and relays each stream through a StreamSession. Watches the
/// management services so that revocations, blocks and undeployments end open streams at once.
class GatewayServer final : public QObject, public RequestHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayServer)

public:
    GatewayServer(std::shared_ptr<models::Store> store, models::PublisherService *publisher,
                  models::DevPortalService *portal, TokenService *tokens, const SigningKey &signingKey,
                  std::optional<TlsIdentity> tls, GatewayConfig config, QObject *parent = nullptr);
    ~GatewayServer() override;

    /// Listens on the HTTP and (when enabled) HTTPS ports; a busy port is an error naming it.
    models::Status start();
    /// Ends every open stream cleanly and stops listening.
    void stop();
    quint16 httpPort() const { return m_http.port(); }
    quint16 httpsPort() const { return m_https.port(); }
    const HttpEndpoint &endpoint(bool tls) const { return tls ? m_https : m_http; }
    StreamMonitor *monitor() { return &m_monitor; }
    EventMeter *meter() { return &m_meter; }
    /// Refused requests, backend failures, streams opened and closed.
    GatewayEvents *events() { return &m_events; }
    qsizetype openStreams() const { return m_sessions.size(); }
    void reloadRoutes();
    /// Ends the stream with this StreamMonitor id: a streaming client gets a clean end of the stream, one
    /// still waiting for the backend a 503. Callable from any thread; runs on the gateway's.
    void closeStream(quint64 streamId, const QString &reason);

    void handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;

private:
    HeaderList corsHeaders(const QHttpServerRequest &request) const;
    /// Answers `error` instead of a stream and reports it; `route` is the API when one matched.
    void refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                const GatewayError &error, const HeaderList &extra, const Route *route = nullptr,
                GatewayEvent::Kind kind = GatewayEvent::Kind::Refused);
    void terminateWhere(const std::function<bool(const StreamSession &)> &predicate,
                        const GatewayError &error, const QString &reason);
    void onApiChanged(const QString &apiId);
    void onSubscriptionChanged(const QString &subscriptionId);

    std::shared_ptr<models::Store> m_store;
    GatewayConfig m_config;
    std::optional<TlsIdentity> m_tls;
    RouteTable m_routes;
    Authenticator m_authenticator;
    EventMeter m_meter;
    RateLimiter m_rateLimiter;
    StreamMonitor m_monitor;
    GatewayEvents m_events;
    HttpEndpoint m_http;
    HttpEndpoint m_https;
    QSet<StreamSession *> m_sessions;
};

} // namespace sd::gateway
