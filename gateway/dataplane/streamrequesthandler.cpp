#include "gateway/dataplane/streamrequesthandler.h"

#include "gateway/auth/authenticator.h"
#include "gateway/dataplane/sessionregistry.h"
#include "gateway/events/gatewayevents.h"
#include "gateway/metering/eventmeter.h"
#include "gateway/metering/ratelimiter.h"
#include "gateway/relay/directupstream.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/relay/streamsession.h"
#include "gateway/routing/routetable.h"
#include "gateway/server/requestpath.h"
#include "gateway/server/upstreammapping.h"
#include "models/store.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QMetaEnum>

namespace sd::gateway {

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

} // namespace

StreamRequestHandler::StreamRequestHandler(const DataPlaneContext &context, int worker,
                                           SessionRegistry *sessions)
    : m_context(context)
    , m_worker(worker)
    , m_sessions(sessions)
    , m_shared(context.config->sharedUpstreams, [descriptors = context.streamDescriptors] {
        descriptors->fetch_sub(1, std::memory_order_relaxed);
    })
{}

bool StreamRequestHandler::reserveDescriptors(int count)
{
    auto *held = m_context.streamDescriptors;
    if (held->fetch_add(count, std::memory_order_relaxed) + count > m_context.config->maxStreamDescriptors) {
        held->fetch_sub(count, std::memory_order_relaxed);
        return false;
    }
    return true;
}

void StreamRequestHandler::refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder,
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
    m_context.events->report(event);

    ChunkedResponder client(std::move(responder), m_context.config->stream);
    HeaderList headers = error.headers;
    headers.append({QByteArrayLiteral("Content-Type"), error.responseContentType()});
    headers += extra;
    client.respond(static_cast<QHttpServerResponder::StatusCode>(error.httpStatus), headers,
                   error.responseBody());
}

void StreamRequestHandler::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto cors = m_context.cors->headersFor(request.value("Origin"));
    // Qt 6.4 keeps no raw request target: QHttpServerRequest parses it with QUrl::fromEncoded, which
    // decodes only escaped unreserved characters (%2e, %41; equivalent by RFC 3986 section 2.3), keeps
    // %2F and %25 escaped and turns a stray '%' into %25. Its fully encoded path is the target's path.
    const auto parsed = RequestPath::parse(request.url().path(QUrl::FullyEncoded).toLatin1());
    if (const auto *error = std::get_if<RequestPath::Error>(&parsed))
        return refuse(request, std::move(responder),
                      GatewayError::badRequestPath(RequestPath::errorText(*error)), cors);
    const auto &requestPath = std::get<RequestPath>(parsed);
    const auto path = requestPath.decoded();
    const auto match = m_context.routes->match(path);
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
        ChunkedResponder client(std::move(responder), m_context.config->stream);
        client.respond(QHttpServerResponder::StatusCode::NoContent, CorsPolicy::preflight(cors), {});
        return;
    }
    if (request.method() != QHttpServerRequest::Method::Get)
        return refuse(request, std::move(responder), GatewayError::methodNotAllowed(), cors, &route);
    if (route.state == models::LifecycleState::Blocked)
        return refuse(request, std::move(responder), GatewayError::apiBlocked(), cors, &route);
    if (route.state == models::LifecycleState::Retired)
        return refuse(request, std::move(responder), GatewayError::notFound(), cors, &route);

    const auto now = QDateTime::currentSecsSinceEpoch();
    auto authenticated = m_context.authenticator->authenticate(request.value("Authorization"), route, now);
    if (const auto *error = std::get_if<GatewayError>(&authenticated))
        return refuse(request, std::move(responder), *error, cors, &route);
    auto caller = std::get<Caller>(std::move(authenticated));

    if (const auto wait = m_context.rateLimiter->admit(caller.tokenId, caller.quota.requestsPerMinute, now))
        return refuse(request, std::move(responder), GatewayError::applicationThrottled(*wait), cors, &route);
    if (!caller.subscriptionId.isEmpty() &&
        m_context.meter->remaining(caller.subscriptionId, caller.plan) == 0)
        return refuse(request, std::move(responder),
                      GatewayError::quotaExhausted(EventMeter::secondsToWindowEnd(caller.plan, now)), cors,
                      &route);
    const auto endpoint = UpstreamMapping::endpoint(route, caller.keyType);
    if (endpoint.isEmpty())
        return refuse(request, std::move(responder),
                      GatewayError::noEndpoint(models::KeySet::keyTypeName(caller.keyType)), cors, &route,
                      GatewayEvent::Kind::BackendFailed);
    auto upstream = UpstreamMapping::request(endpoint, requestPath.encoded(routedSegments), request);
    // A client resuming with Last-Event-ID needs the backend to replay from its ID: a stream of its own.
    const bool shared = m_shared.shares(route, !request.value("Last-Event-ID").isEmpty());
    // The client's socket and a backend socket of its own, or the shared one's when this client opens it.
    const int sessionDescriptors = shared ? 1 : 2;
    const int upstreamDescriptors = shared && m_shared.opens(route.apiId, upstream) ? 1 : 0;
    // Taken before the stream exists so that workers opening streams at once cannot pass the budget together.
    if (!reserveDescriptors(sessionDescriptors + upstreamDescriptors))
        return refuse(request, std::move(responder), GatewayError::tooManyStreams(), cors, &route);

    StreamInfo info;
    info.apiId = route.apiId;
    info.apiName = route.name;
    info.path = path;
    info.applicationId = caller.applicationId;
    if (const auto app = m_context.store->application(caller.applicationId))
        info.applicationName = app->name;
    info.keyType = caller.keyType;
    info.subscriptionId = caller.subscriptionId;
    info.client = request.remoteAddress().toString();
    info.worker = m_worker;
    info.openedAt = QDateTime::currentDateTimeUtc();
    info.quotaLeft =
        caller.subscriptionId.isEmpty() ? -1 : m_context.meter->remaining(caller.subscriptionId, caller.plan);
    auto handle = m_context.monitor->opened(info);

    auto client = std::make_unique<ChunkedResponder>(std::move(responder), m_context.config->stream);
    auto source = shared ? m_shared.tap(route.apiId, upstream, m_context.config->stream.maxEventBytes)
                         : std::make_unique<DirectUpstream>();
    auto *session =
        new StreamSession(std::move(client), std::move(source), upstream, std::move(caller), route,
                          m_context.config->stream, cors, m_context.meter, m_context.monitor,
                          std::move(handle), m_context.events, requestEvent(request, &route));
    m_sessions->add(session, sessionDescriptors);
    session->start();
}

} // namespace sd::gateway
