#include "gateway/rest/devportalapi.h"

#include "gateway/rest/jsonmapping.h"
#include "gateway/rest/restreply.h"
#include "gateway/token/tokenservice.h"

#include <QLoggingCategory>

namespace sd::gateway {

Q_DECLARE_LOGGING_CATEGORY(lcRest)

namespace {

using models::Role;

template <typename T> std::optional<T> optionalOf(const models::Result<T> &result)
{
    return result ? std::optional<T>(result.value()) : std::nullopt;
}

// The application fields of a create or update body.
models::Result<models::ApplicationDraft> applicationDraft(const RestCall &call)
{
    const auto body = call.jsonObject();
    if (!body)
        return body.error();
    return JsonMapping::applicationDraft(body.value());
}

models::Result<QString> requiredString(const QJsonObject &json, const QString &key)
{
    const auto value = JsonMapping::string(json, key, {});
    if (value && value->isEmpty())
        return models::validationError(key, QStringLiteral("'%1' is required.").arg(key));
    return value;
}

} // namespace

DevPortalApi::DevPortalApi(RestServices services)
    : m_services(std::move(services))
{
    const auto route = [this](const char *method, const QString &pattern, auto member) {
        m_router.add(QByteArray(method), pattern,
                     [this, member](const RestCall &call) { return (this->*member)(call); });
    };
    route("GET", QStringLiteral("apis"), &DevPortalApi::listApis);
    route("GET", QStringLiteral("apis/{apiId}"), &DevPortalApi::getApi);
    route("GET", QStringLiteral("throttling-policies/subscription"), &DevPortalApi::listPlans);
    route("GET", QStringLiteral("throttling-policies/application"), &DevPortalApi::listQuotas);
    route("GET", QStringLiteral("applications"), &DevPortalApi::listApplications);
    route("POST", QStringLiteral("applications"), &DevPortalApi::createApplication);
    route("GET", QStringLiteral("applications/{applicationId}"), &DevPortalApi::getApplication);
    route("PUT", QStringLiteral("applications/{applicationId}"), &DevPortalApi::updateApplication);
    route("DELETE", QStringLiteral("applications/{applicationId}"), &DevPortalApi::deleteApplication);
    route("POST", QStringLiteral("applications/{applicationId}/generate-keys"), &DevPortalApi::generateKeys);
    route("GET", QStringLiteral("applications/{applicationId}/oauth-keys"), &DevPortalApi::listKeys);
    route("GET", QStringLiteral("applications/{applicationId}/oauth-keys/{keyMappingId}"),
          &DevPortalApi::getKeys);
    route("POST", QStringLiteral("applications/{applicationId}/oauth-keys/{keyMappingId}/generate-token"),
          &DevPortalApi::generateToken);
    route("POST", QStringLiteral("applications/{applicationId}/oauth-keys/{keyMappingId}/regenerate-secret"),
          &DevPortalApi::regenerateSecret);
    route("POST", QStringLiteral("applications/{applicationId}/oauth-keys/{keyMappingId}/clean-up"),
          &DevPortalApi::cleanUpKeys);
    route("GET", QStringLiteral("subscriptions"), &DevPortalApi::listSubscriptions);
    route("POST", QStringLiteral("subscriptions"), &DevPortalApi::subscribe);
    route("GET", QStringLiteral("subscriptions/{subscriptionId}"), &DevPortalApi::getSubscription);
    route("DELETE", QStringLiteral("subscriptions/{subscriptionId}"), &DevPortalApi::unsubscribe);
}

HttpReply DevPortalApi::handle(const RestCall &call, QStringView path) const
{
    return m_router.route(call, path);
}

HttpReply DevPortalApi::listApis(const RestCall &) const
{
    const auto ports = m_services.gatewayPorts();
    QJsonArray list;
    for (const auto &api : m_services.portal->visibleApis())
        list.append(JsonMapping::portalApi(api, m_services.publisher->deployments(api.id), ports));
    return RestReply::list(list);
}

HttpReply DevPortalApi::getApi(const RestCall &call) const
{
    const auto api = m_services.portal->visibleApi(call.param(0));
    if (!api)
        return RestReply::notFound();
    return HttpReply::json(200, JsonMapping::portalApi(*api, m_services.publisher->deployments(api->id),
                                                       m_services.gatewayPorts()));
}

HttpReply DevPortalApi::listPlans(const RestCall &) const
{
    QJsonArray list;
    for (const auto &plan : m_services.publisher->plans())
        list.append(JsonMapping::plan(plan));
    return RestReply::list(list);
}

HttpReply DevPortalApi::listQuotas(const RestCall &) const
{
    QJsonArray list;
    for (const auto &quota : m_services.portal->quotas())
        list.append(JsonMapping::quota(quota));
    return RestReply::list(list);
}

HttpReply DevPortalApi::listApplications(const RestCall &call) const
{
    // The service lists nothing for non-subscribers; the REST API says why.
    if (const auto s = call.user().require(Role::Subscriber); !s)
        return RestReply::error(s.error());
    QJsonArray list;
    for (const auto &app : m_services.portal->applications(call.user()))
        list.append(
            JsonMapping::application(app, int(m_services.portal->subscriptions(call.user(), app.id).size())));
    return RestReply::list(list);
}

HttpReply DevPortalApi::createApplication(const RestCall &call) const
{
    const auto draft = applicationDraft(call);
    if (!draft)
        return RestReply::error(draft.error());
    const auto app = m_services.portal->createApplication(call.user(), draft.value());
    if (!app)
        return RestReply::error(app.error());
    auto reply = HttpReply::json(201, JsonMapping::application(app.value(), 0));
    reply.headers.append(
        {QByteArrayLiteral("Location"), "/api/am/devportal/v3/applications/" + app->id.toUtf8()});
    return reply;
}

QJsonObject DevPortalApi::applicationJson(const models::User &user, const models::Application &app) const
{
    const auto subscriptions = m_services.portal->subscriptions(user, app.id);
    return JsonMapping::application(app, int(subscriptions.size()), m_services.portal->keySets(user, app.id));
}

HttpReply DevPortalApi::getApplication(const RestCall &call) const
{
    const auto app = m_services.portal->application(call.user(), call.param(0));
    if (!app)
        return RestReply::error(app.error());
    return HttpReply::json(200, applicationJson(call.user(), app.value()));
}

HttpReply DevPortalApi::updateApplication(const RestCall &call) const
{
    const auto draft = applicationDraft(call);
    if (!draft)
        return RestReply::error(draft.error());
    const auto app = m_services.portal->updateApplication(call.user(), call.param(0), draft.value());
    if (!app)
        return RestReply::error(app.error());
    return HttpReply::json(200, applicationJson(call.user(), app.value()));
}

HttpReply DevPortalApi::deleteApplication(const RestCall &call) const
{
    if (const auto s = m_services.portal->deleteApplication(call.user(), call.param(0)); !s)
        return RestReply::error(s.error());
    return HttpReply::empty(200);
}

HttpReply DevPortalApi::generateKeys(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto keyTypeName = requiredString(body.value(), QStringLiteral("keyType"));
    if (!keyTypeName)
        return RestReply::error(keyTypeName.error());
    models::KeyType keyType = models::KeyType::Production;
    if (keyTypeName.value() == u"SANDBOX")
        keyType = models::KeyType::Sandbox;
    else if (keyTypeName.value() != u"PRODUCTION")
        return RestReply::error(
            models::validationError(QStringLiteral("keyType"), QStringLiteral("Use PRODUCTION or SANDBOX.")));
    const auto grants = JsonMapping::stringList(body.value(), QStringLiteral("grantTypesToBeSupported"), {});
    if (!grants)
        return RestReply::error(grants.error());
    const auto validity = JsonMapping::integer(body.value(), QStringLiteral("validityTime"), 3600);
    if (!validity)
        return RestReply::error(validity.error());
    const auto generated = m_services.portal->generateKeys(call.user(), call.param(0), keyType,
                                                           grants.value(), validity.value());
    if (!generated)
        return RestReply::error(generated.error());
    // The wizard's access token comes with the keys, valid for the key set's validity. The keys exist now
    // and this is the only answer that shows their secret, so a failed token still returns them.
    const auto token = m_services.tokens->issue(generated->keys, 0);
    if (!token) {
        qCWarning(lcRest).noquote() << "Keys" << generated->keys.consumerKey
                                    << "generated without a token:" << token.error().message;
        return HttpReply::json(200,
                               JsonMapping::keys(generated->keys, generated->consumerSecret, std::nullopt));
    }
    return HttpReply::json(200, JsonMapping::keys(generated->keys, generated->consumerSecret, token.value()));
}

models::Result<models::KeySet> DevPortalApi::keySet(const RestCall &call) const
{
    const auto app = m_services.portal->application(call.user(), call.param(0));
    if (!app)
        return app.error();
    for (const auto &keys : m_services.portal->keySets(call.user(), app->id)) {
        if (keys.id == call.param(1))
            return keys;
    }
    return models::notFoundError(QStringLiteral("Key mapping %1 not found.").arg(call.param(1)));
}

HttpReply DevPortalApi::listKeys(const RestCall &call) const
{
    const auto app = m_services.portal->application(call.user(), call.param(0));
    if (!app)
        return RestReply::error(app.error());
    QJsonArray list;
    for (const auto &keys : m_services.portal->keySets(call.user(), app->id))
        list.append(JsonMapping::keys(keys));
    return RestReply::list(list);
}

HttpReply DevPortalApi::getKeys(const RestCall &call) const
{
    const auto keys = keySet(call);
    if (!keys)
        return RestReply::error(keys.error());
    return HttpReply::json(200, JsonMapping::keys(keys.value()));
}

HttpReply DevPortalApi::generateToken(const RestCall &call) const
{
    const auto keys = keySet(call);
    if (!keys)
        return RestReply::error(keys.error());
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto secret = requiredString(body.value(), QStringLiteral("consumerSecret"));
    if (!secret)
        return RestReply::error(secret.error());
    // WSO2 sends -1 for "the default validity"; any value <= 0 takes the key set's.
    const auto validity = JsonMapping::integer(body.value(), QStringLiteral("validityPeriod"), 0);
    if (!validity)
        return RestReply::error(validity.error());
    const auto scopes = JsonMapping::stringList(body.value(), QStringLiteral("scopes"), {});
    if (!scopes)
        return RestReply::error(scopes.error());
    auto *tokens = m_services.tokens;
    auto draft = tokens->draft(keys.value(), validity.value(),
                               scopes->isEmpty() ? QStringLiteral("default") : scopes->join(u' '));
    // The secret check (PBKDF2) and the signature run on a crypto worker, the rest back here.
    HttpReply reply;
    reply.deferred = [tokens, keys = keys.value(), secret = secret.value(),
                      draft = std::move(draft)]() mutable {
        const bool authenticated = tokens->verifyClientSecret(keys, secret);
        if (authenticated)
            tokens->sign(draft);
        return std::function<HttpReply()>([tokens, authenticated, draft = std::move(draft)] {
            if (!authenticated)
                return RestReply::unauthorized(QStringLiteral("Client authentication failed."));
            const auto token = tokens->commit(draft);
            if (!token)
                return RestReply::error(
                    token.error(), {{QStringLiteral("validity_period"), QStringLiteral("validityPeriod")}});
            return HttpReply::json(200, JsonMapping::token(token.value()));
        });
    };
    return reply;
}

HttpReply DevPortalApi::regenerateSecret(const RestCall &call) const
{
    const auto keys = keySet(call);
    if (!keys)
        return RestReply::error(keys.error());
    const auto secret = m_services.portal->regenerateSecret(call.user(), keys->id);
    if (!secret)
        return RestReply::error(secret.error());
    return HttpReply::json(200, QJsonObject{{QStringLiteral("consumerKey"), keys->consumerKey},
                                            {QStringLiteral("consumerSecret"), secret.value()}});
}

HttpReply DevPortalApi::cleanUpKeys(const RestCall &call) const
{
    const auto keys = keySet(call);
    if (!keys)
        return RestReply::error(keys.error());
    // Revoked first, so that streams opened with the keys' tokens end now.
    if (const auto revoked = m_services.tokens->revokeKeySetTokens(keys->id); !revoked)
        return RestReply::error(revoked.error());
    if (const auto removed = m_services.portal->deleteKeys(call.user(), keys->id); !removed)
        return RestReply::error(removed.error());
    return HttpReply::json(200, QJsonObject{});
}

QJsonObject DevPortalApi::subscriptionJson(const models::User &actor,
                                           const models::Subscription &subscription) const
{
    return JsonMapping::portalSubscription(
        subscription, m_services.publisher->api(subscription.apiId),
        optionalOf(m_services.portal->application(actor, subscription.applicationId)));
}

HttpReply DevPortalApi::listSubscriptions(const RestCall &call) const
{
    if (const auto s = call.user().require(Role::Subscriber); !s)
        return RestReply::error(s.error());
    const auto applicationId = call.query(QStringLiteral("applicationId"));
    if (!applicationId.isEmpty()) {
        if (const auto app = m_services.portal->application(call.user(), applicationId); !app)
            return RestReply::error(app.error());
    }
    const auto apiId = call.query(QStringLiteral("apiId"));
    QJsonArray list;
    for (const auto &sub : m_services.portal->subscriptions(call.user(), applicationId)) {
        if (apiId.isEmpty() || sub.apiId == apiId)
            list.append(subscriptionJson(call.user(), sub));
    }
    return RestReply::list(list);
}

HttpReply DevPortalApi::subscribe(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto applicationId = requiredString(body.value(), QStringLiteral("applicationId"));
    if (!applicationId)
        return RestReply::error(applicationId.error());
    const auto apiId = requiredString(body.value(), QStringLiteral("apiId"));
    if (!apiId)
        return RestReply::error(apiId.error());
    const auto plan = JsonMapping::string(body.value(), QStringLiteral("throttlingPolicy"), {});
    if (!plan)
        return RestReply::error(plan.error());
    const auto sub =
        m_services.portal->subscribe(call.user(), applicationId.value(), apiId.value(), plan.value());
    if (!sub)
        return RestReply::error(sub.error());
    auto reply = HttpReply::json(201, subscriptionJson(call.user(), sub.value()));
    reply.headers.append(
        {QByteArrayLiteral("Location"), "/api/am/devportal/v3/subscriptions/" + sub->id.toUtf8()});
    return reply;
}

HttpReply DevPortalApi::getSubscription(const RestCall &call) const
{
    const auto sub = m_services.portal->subscription(call.user(), call.param(0));
    if (!sub)
        return RestReply::error(sub.error());
    return HttpReply::json(200, subscriptionJson(call.user(), sub.value()));
}

HttpReply DevPortalApi::unsubscribe(const RestCall &call) const
{
    if (const auto s = m_services.portal->unsubscribe(call.user(), call.param(0)); !s)
        return RestReply::error(s.error());
    return HttpReply::empty(200);
}

} // namespace sd::gateway
