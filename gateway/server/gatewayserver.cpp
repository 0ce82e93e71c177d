#include "gateway/server/gatewayserver.h"

#include "gateway/relay/streamsession.h"
#include "gateway/server/requestpath.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QUrlQuery>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcGateway, "streamdesk.gateway.server")

namespace {

QString methodName(QHttpServerRequest::Method method)
{
    const auto *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QString::fromLatin1(key).toUpper() : QStringLiteral("UNKNOWN");
}

// What every report about a request carries: when, who, what, and the API when one matched.
GatewayEvent requestEvent(const QHttpServerRequest &request, const Route *route)
{
    GatewayEvent event;
    event.time = QDateTime::currentDateTimeUtc();
    event.client = request.remoteAddress().toString();
    event.method = methodName(request.method());
    event.path = request.url().path(QUrl::FullyDecoded);
    if (route) {
        event.apiId = route->apiId;
        event.apiName = route->name;
    }
    return event;
}

GatewayError leavesApi()
{
    return GatewayError::badRequestPath(
        QStringLiteral("The request path leaves the API's context and version with '..' segments."));
}

// `remainder` is already percent-encoded once (RequestPath::encoded()).
QUrl upstreamUrl(const QString &endpoint, const QByteArray &remainder, const QUrl &requestUrl)
{
    QUrl url(endpoint);
    auto path = url.path(QUrl::FullyEncoded);
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QString::fromLatin1(remainder), QUrl::TolerantMode);
    if (requestUrl.hasQuery())
        url.setQuery(requestUrl.query(QUrl::FullyEncoded), QUrl::TolerantMode);
    return url;
}

} // namespace

GatewayServer::GatewayServer(std::shared_ptr<models::Store> store, models::PublisherService *publisher,
                             models::DevPortalService *portal, TokenService *tokens,
                             const SigningKey &signingKey, std::optional<TlsIdentity> tls,
                             GatewayConfig config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(std::move(config))
    , m_tls(std::move(tls))
    , m_authenticator(store, signingKey)
    , m_meter(store)
    , m_http(this, m_config.connections)
    , m_https(this, m_config.connections)
{
    reloadRoutes();
    connect(&m_monitor, &StreamMonitor::closeRequested, this, &GatewayServer::closeStream);
    connect(publisher, &models::PublisherService::apiChanged, this, &GatewayServer::onApiChanged);
    connect(publisher, &models::PublisherService::apiRemoved, this, &GatewayServer::onApiChanged);
    connect(publisher, &models::PublisherService::deploymentsChanged, this, &GatewayServer::onApiChanged);
    connect(publisher, &models::PublisherService::subscriptionChanged, this,
            &GatewayServer::onSubscriptionChanged);
    connect(portal, &models::DevPortalService::subscriptionRemoved, this,
            [this](const QString &subscriptionId) {
                terminateWhere(
                    [&](const StreamSession &s) { return s.caller().subscriptionId == subscriptionId; },
                    GatewayError::notSubscribed(), QStringLiteral("subscription removed"));
                m_meter.forget(subscriptionId);
            });
    connect(
        portal, &models::DevPortalService::applicationRemoved, this, [this](const QString &applicationId) {
            terminateWhere([&](const StreamSession &s) { return s.caller().applicationId == applicationId; },
                           GatewayError::invalidCredentials(QStringLiteral("The application was deleted.")),
                           QStringLiteral("application deleted"));
        });
    connect(tokens, &TokenService::tokenRevoked, this, [this](const QString &jti) {
        terminateWhere([&](const StreamSession &s) { return s.caller().tokenId == jti; },
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
    if (auto port = m_http.listen(m_config.bindAddress, m_config.httpPort); !port)
        return port.error();
    if (m_config.httpsEnabled && m_tls) {
        if (auto port =
                m_https.listen(m_config.bindAddress, m_config.httpsPort, m_tls->serverConfiguration());
            !port) {
            m_http.close();
            return port.error();
        }
    }
    qCInfo(lcGateway) << "Gateway listening on" << m_config.bindAddress.toString() << "HTTP" << m_http.port()
                      << "HTTPS" << m_https.port() << "with" << m_routes.size() << "deployed APIs";
    return models::Done{};
}

void GatewayServer::stop()
{
    m_http.close();
    m_https.close();
    terminateWhere([](const StreamSession &) { return true; }, GatewayError::tooManyStreams(),
                   QStringLiteral("gateway stopped"));
    // The ends just written would be lost if the sockets are deleted next (runtime destroyed).
    m_http.flush();
    m_https.flush();
    m_meter.flush();
}

void GatewayServer::reloadRoutes()
{
    m_routes.reload(*m_store);
}

HeaderList GatewayServer::corsHeaders(const QHttpServerRequest &request) const
{
    const auto origin = request.value("Origin");
    if (origin.isEmpty())
        return {};
    QByteArray allowed;
    if (m_config.corsOrigins.contains(QStringLiteral("*")))
        allowed = "*";
    else if (m_config.corsOrigins.contains(QString::fromUtf8(origin)))
        allowed = origin;
    if (allowed.isEmpty())
        return {};
    HeaderList headers{{QByteArrayLiteral("Access-Control-Allow-Origin"), allowed},
                       {QByteArrayLiteral("Access-Control-Expose-Headers"),
                        QByteArrayLiteral("Retry-After, X-Quota-Remaining, WWW-Authenticate")}};
    if (allowed != "*")
        headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    return headers;
}

void GatewayServer::refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                           const GatewayError &error, const HeaderList &extra, const Route *route,
                           GatewayEvent::Kind kind)
{
    auto event = requestEvent(request, route);
    event.kind = kind;
    event.level = GatewayEvent::levelOf(kind);
    event.httpStatus = error.httpStatus;
    event.code = QString::fromLatin1(error.code);
    event.message = error.description.isEmpty() ? error.message : error.message + u": " + error.description;
    if (!error.detail.isEmpty())
        event.message += u" (" + error.detail + u')';
    m_events.report(event);

    ChunkedResponder client(std::move(responder), m_config.stream);
    HeaderList headers = error.headers;
    headers.append({QByteArrayLiteral("Content-Type"), error.responseContentType()});
    headers += extra;
    client.respond(static_cast<QHttpServerResponder::StatusCode>(error.httpStatus), headers,
                   error.responseBody());
}

void GatewayServer::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto cors = corsHeaders(request);
    // Qt 6.4 keeps no raw request target: QHttpServerRequest parses it with QUrl::fromEncoded, which
    // decodes only escaped unreserved characters (%2e, %41; equivalent by RFC 3986 section 2.3), keeps
    // %2F and %25 escaped and turns a stray '%' into %25. Its fully encoded path is the target's path.
    const auto parsed = RequestPath::parse(request.url().path(QUrl::FullyEncoded).toLatin1());
    if (const auto *error = std::get_if<RequestPath::Error>(&parsed))
        return refuse(request, std::move(responder),
                      GatewayError::badRequestPath(RequestPath::errorText(*error)), cors);
    const auto &requestPath = std::get<RequestPath>(parsed);
    const auto path = requestPath.decoded();
    const auto match = m_routes.match(path);
    if (!match) {
        if (requestPath.stableSegments() < requestPath.segments().size())
            return refuse(request, std::move(responder), leavesApi(), cors);
        return refuse(request, std::move(responder), GatewayError::notFound(), cors);
    }
    const auto &route = match->route;
    // No segment holds a '/' (RequestPath refuses %2F), so counting separators counts segments.
    const auto routedSegments = path.first(path.size() - match->remainder.size()).count(u'/');
    if (requestPath.stableSegments() < routedSegments)
        return refuse(request, std::move(responder), leavesApi(), cors, &route);

    if (request.method() == QHttpServerRequest::Method::Options) {
        ChunkedResponder client(std::move(responder), m_config.stream);
        auto headers = cors;
        if (!cors.isEmpty()) {
            headers.append(
                {QByteArrayLiteral("Access-Control-Allow-Methods"), QByteArrayLiteral("GET, OPTIONS")});
            headers.append(
                {QByteArrayLiteral("Access-Control-Allow-Headers"),
                 QByteArrayLiteral("Authorization, Last-Event-ID, Cache-Control, Accept, Content-Type")});
            headers.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600")});
        }
        headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, OPTIONS")});
        client.respond(QHttpServerResponder::StatusCode::NoContent, headers, {});
        return;
    }
    if (request.method() != QHttpServerRequest::Method::Get)
        return refuse(request, std::move(responder), GatewayError::methodNotAllowed(), cors, &route);
    if (route.state == models::LifecycleState::Blocked)
        return refuse(request, std::move(responder), GatewayError::apiBlocked(), cors, &route);
    if (route.state == models::LifecycleState::Retired)
        return refuse(request, std::move(responder), GatewayError::notFound(), cors, &route);

    const auto now = QDateTime::currentSecsSinceEpoch();
    auto authenticated = m_authenticator.authenticate(request.value("Authorization"), route, now);
    if (const auto *error = std::get_if<GatewayError>(&authenticated))
        return refuse(request, std::move(responder), *error, cors, &route);
    auto caller = std::get<Caller>(std::move(authenticated));

    if (const auto wait = m_rateLimiter.admit(caller.tokenId, caller.quota.requestsPerMinute, now))
        return refuse(request, std::move(responder), GatewayError::applicationThrottled(*wait), cors, &route);
    if (!caller.subscriptionId.isEmpty() && m_meter.remaining(caller.subscriptionId, caller.plan) == 0)
        return refuse(request, std::move(responder),
                      GatewayError::quotaExhausted(EventMeter::secondsToWindowEnd(caller.plan, now)), cors,
                      &route);
    if (m_sessions.size() >= m_config.maxStreams)
        return refuse(request, std::move(responder), GatewayError::tooManyStreams(), cors, &route);

    const auto endpoint =
        caller.keyType == models::KeyType::Sandbox
            ? (route.sandboxEndpoint.isEmpty() ? route.productionEndpoint : route.sandboxEndpoint)
            : route.productionEndpoint;
    if (endpoint.isEmpty())
        return refuse(request, std::move(responder),
                      GatewayError::noEndpoint(models::KeySet::keyTypeName(caller.keyType)), cors, &route,
                      GatewayEvent::Kind::BackendFailed);

    UpstreamRequest upstream;
    upstream.url = upstreamUrl(endpoint, requestPath.encoded(routedSegments), request.url());
    upstream.headers = UpstreamConnection::forwardableHeaders(request.headers());
    // Extend a proxy chain the client already reports rather than send the header twice.
    const auto clientAddress = request.remoteAddress().toString().toLatin1();
    const auto forwarded = std::find_if(upstream.headers.begin(), upstream.headers.end(), [](const auto &h) {
        return h.first.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0;
    });
    if (forwarded != upstream.headers.end())
        forwarded->second += ", " + clientAddress;
    else
        upstream.headers.append({QByteArrayLiteral("X-Forwarded-For"), clientAddress});

    StreamInfo info;
    info.apiId = route.apiId;
    info.apiName = route.name;
    info.path = path;
    info.applicationId = caller.applicationId;
    if (const auto app = m_store->application(caller.applicationId))
        info.applicationName = app->name;
    info.keyType = caller.keyType;
    info.subscriptionId = caller.subscriptionId;
    info.client = request.remoteAddress().toString();
    info.openedAt = QDateTime::currentDateTimeUtc();
    info.quotaLeft =
        caller.subscriptionId.isEmpty() ? -1 : m_meter.remaining(caller.subscriptionId, caller.plan);
    const auto monitorId = m_monitor.opened(info);

    auto client = std::make_unique<ChunkedResponder>(std::move(responder), m_config.stream);
    auto *session =
        new StreamSession(std::move(client), upstream, std::move(caller), route, m_config.stream, cors,
                          &m_meter, &m_monitor, monitorId, &m_events, requestEvent(request, &route), this);
    m_sessions.insert(session);
    connect(session, &StreamSession::closed, this, [this, session] {
        m_sessions.remove(session);
        session->deleteLater();
    });
    session->start();
}

void GatewayServer::terminateWhere(const std::function<bool(const StreamSession &)> &predicate,
                                   const GatewayError &error, const QString &reason)
{
    const auto sessions = m_sessions; // terminate() removes from m_sessions through closed()
    for (auto *session : sessions) {
        if (!session->isClosed() && predicate(*session))
            session->terminate(error, reason);
    }
}

void GatewayServer::closeStream(quint64 streamId, const QString &reason)
{
    QMetaObject::invokeMethod(this, [this, streamId, reason] {
        terminateWhere([&](const StreamSession &s) { return s.monitorId() == streamId; },
                       GatewayError::streamClosed(reason), reason);
    });
}

void GatewayServer::onApiChanged(const QString &apiId)
{
    reloadRoutes();
    const auto route = m_routes.route(apiId);
    if (!route) {
        terminateWhere([&](const StreamSession &s) { return s.apiId() == apiId; }, GatewayError::notFound(),
                       QStringLiteral("API undeployed"));
        return;
    }
    if (route->state == models::LifecycleState::Blocked) {
        terminateWhere([&](const StreamSession &s) { return s.apiId() == apiId; }, GatewayError::apiBlocked(),
                       QStringLiteral("API blocked"));
    } else if (route->state != models::LifecycleState::Prototyped) {
        // Leaving the prototype stage ends the streams that ran without a subscription.
        terminateWhere(
            [&](const StreamSession &s) { return s.apiId() == apiId && s.caller().subscriptionId.isEmpty(); },
            GatewayError::notSubscribed(), QStringLiteral("API is no longer a prototype"));
    }
}

void GatewayServer::onSubscriptionChanged(const QString &subscriptionId)
{
    const auto sub = m_store->subscription(subscriptionId);
    if (!sub)
        return;
    const auto ends = [&](const StreamSession &s) {
        if (s.caller().subscriptionId != subscriptionId)
            return false;
        return sub->status == models::SubscriptionStatus::Blocked ||
               sub->status == models::SubscriptionStatus::OnHold ||
               (sub->status == models::SubscriptionStatus::ProdOnlyBlocked &&
                s.caller().keyType == models::KeyType::Production);
    };
    terminateWhere(ends,
                   sub->status == models::SubscriptionStatus::OnHold ? GatewayError::subscriptionInactive()
                                                                     : GatewayError::subscriptionBlocked(),
                   QStringLiteral("subscription %1").arg(models::Subscription::statusName(sub->status)));
}

} // namespace sd::gateway
