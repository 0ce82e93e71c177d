#include "gateway/server/gatewayserver.h"

#include "gateway/relay/streamsession.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcGateway, "streamdesk.gateway.server")

GatewayServer::GatewayServer(std::shared_ptr<models::Store> store, models::PublisherService *publisher,
                             models::DevPortalService *portal, TokenService *tokens,
                             const SigningKey &signingKey, std::optional<TlsIdentity> tls,
                             GatewayConfig config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(std::move(config))
    , m_tls(std::move(tls))
    , m_cors(m_config.corsOrigins)
    , m_authenticator(store, signingKey)
    , m_authCacheWatcher(m_authenticator.cache(), publisher, portal, tokens)
    , m_meter(store)
    , m_workers(m_config.workers,
                DataPlaneContext{store, &m_config, &m_cors, &m_routes, &m_authenticator, &m_meter,
                                 &m_rateLimiter, &m_monitor, &m_events, &m_openStreams, &m_streamDescriptors})
{
    reloadRoutes();
    connect(&m_monitor, &StreamMonitor::closeRequested, this, &GatewayServer::closeStream);
    connect(publisher, &models::PublisherService::apiChanged, this, &GatewayServer::onApiChanged);
    connect(publisher, &models::PublisherService::apiRemoved, this, &GatewayServer::onApiChanged);
    connect(publisher, &models::PublisherService::deploymentsChanged, this, &GatewayServer::onApiChanged);
    connect(publisher, &models::PublisherService::subscriptionChanged, this,
            &GatewayServer::onSubscriptionChanged);
    // Predicates run later on the workers' threads: they hold copies, never references.
    connect(portal, &models::DevPortalService::subscriptionRemoved, this,
            [this](const QString &subscriptionId) {
                m_workers.terminateWhere(
                    [subscriptionId](const StreamSession &s) {
                        return s.caller().subscriptionId == subscriptionId;
                    },
                    GatewayError::notSubscribed(), QStringLiteral("subscription removed"));
                m_meter.forget(subscriptionId);
            });
    connect(
        portal, &models::DevPortalService::applicationRemoved, this, [this](const QString &applicationId) {
            m_workers.terminateWhere(
                [applicationId](const StreamSession &s) { return s.caller().applicationId == applicationId; },
                GatewayError::invalidCredentials(QStringLiteral("The application was deleted.")),
                QStringLiteral("application deleted"));
        });
    connect(tokens, &TokenService::tokenRevoked, this, [this](const QString &jti) {
        m_workers.terminateWhere([jti](const StreamSession &s) { return s.caller().tokenId == jti; },
                                 GatewayError::invalidCredentials(QStringLiteral("Access token revoked.")),
                                 QStringLiteral("token revoked"));
    });
}

GatewayServer::~GatewayServer()
{
    stop();
}

models::Status GatewayServer::start()
{
    m_http = std::make_unique<Listener>(
        m_config.connections, false, [this](qintptr descriptor) { m_workers.dispatch(descriptor, false); });
    if (auto port = m_http->open(m_config.bindAddress, m_config.httpPort); !port) {
        m_http.reset();
        return port.error();
    }
    if (m_config.httpsEnabled && m_tls) {
        m_https = std::make_unique<Listener>(
            m_config.connections, true, [this](qintptr descriptor) { m_workers.dispatch(descriptor, true); });
        if (auto port = m_https->open(m_config.bindAddress, m_config.httpsPort); !port) {
            m_http.reset();
            m_https.reset();
            return port.error();
        }
    }
    m_workers.start(m_http.get(), m_https.get(),
                    m_https ? std::optional(m_tls->serverConfiguration()) : std::nullopt);
    qCInfo(lcGateway) << "Gateway listening on" << m_config.bindAddress.toString() << "HTTP" << httpPort()
                      << "HTTPS" << httpsPort() << "with" << m_routes.size() << "deployed APIs on"
                      << m_workers.size() << "worker threads";
    return models::Done{};
}

void GatewayServer::stop()
{
    if (m_http)
        m_http->close();
    if (m_https)
        m_https->close();
    m_workers.stop();
    m_http.reset();
    m_https.reset();
    m_meter.flush();
}

const ConnectionAdmission *GatewayServer::admission(bool tls) const
{
    const auto &listener = tls ? m_https : m_http;
    return listener ? listener->admission() : nullptr;
}

void GatewayServer::reloadRoutes()
{
    m_routes.reload(*m_store);
}

void GatewayServer::closeStream(quint64 streamId, const QString &reason)
{
    m_workers.terminateWhere([streamId](const StreamSession &s) { return s.monitorId() == streamId; },
                             GatewayError::streamClosed(reason), reason);
}

void GatewayServer::onApiChanged(const QString &apiId)
{
    reloadRoutes();
    const auto route = m_routes.route(apiId);
    const auto ofApi = [apiId](const StreamSession &s) { return s.apiId() == apiId; };
    if (!route) {
        m_workers.terminateWhere(ofApi, GatewayError::notFound(), QStringLiteral("API undeployed"));
        return;
    }
    if (route->state == models::LifecycleState::Blocked) {
        m_workers.terminateWhere(ofApi, GatewayError::apiBlocked(), QStringLiteral("API blocked"));
    } else if (route->state != models::LifecycleState::Prototyped) {
        // Leaving the prototype stage ends the streams that ran without a subscription.
        m_workers.terminateWhere(
            [apiId](const StreamSession &s) {
                return s.apiId() == apiId && s.caller().subscriptionId.isEmpty();
            },
            GatewayError::notSubscribed(), QStringLiteral("API is no longer a prototype"));
    }
}

void GatewayServer::onSubscriptionChanged(const QString &subscriptionId)
{
    const auto sub = m_store->subscription(subscriptionId);
    if (!sub)
        return;
    const auto status = sub->status;
    const auto ends = [subscriptionId, status](const StreamSession &s) {
        if (s.caller().subscriptionId != subscriptionId)
            return false;
        return status == models::SubscriptionStatus::Blocked ||
               status == models::SubscriptionStatus::OnHold ||
               (status == models::SubscriptionStatus::ProdOnlyBlocked &&
                s.caller().keyType == models::KeyType::Production);
    };
    m_workers.terminateWhere(ends,
                             status == models::SubscriptionStatus::OnHold
                                 ? GatewayError::subscriptionInactive()
                                 : GatewayError::subscriptionBlocked(),
                             QStringLiteral("subscription %1").arg(models::Subscription::statusName(status)));
}

} // namespace sd::gateway
