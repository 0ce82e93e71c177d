#include "gateway/rest/jsonmapping.h"

#include "models/lifecycle.h"

#include <cmath>

namespace sd::gateway {

namespace {

using models::Result;
using models::validationError;

QString fieldName(const QString &key, const QString &field)
{
    return field.isEmpty() ? key : field;
}

QJsonArray operationsOf(const QList<models::Topic> &topics)
{
    QJsonArray operations;
    for (const auto &topic : topics)
        operations.append(QJsonObject{{QStringLiteral("target"), topic.target},
                                      {QStringLiteral("verb"), topic.verb},
                                      {QStringLiteral("authType"), QStringLiteral("Application")},
                                      {QStringLiteral("throttlingPolicy"), QStringLiteral("Unlimited")}});
    return operations;
}

QJsonObject endpointConfigOf(const models::Api &api)
{
    QJsonObject config{{QStringLiteral("endpoint_type"), QStringLiteral("http")}};
    if (!api.productionEndpoint.isEmpty())
        config.insert(QStringLiteral("production_endpoints"),
                      QJsonObject{{QStringLiteral("url"), api.productionEndpoint}});
    if (!api.sandboxEndpoint.isEmpty())
        config.insert(QStringLiteral("sandbox_endpoints"),
                      QJsonObject{{QStringLiteral("url"), api.sandboxEndpoint}});
    return config;
}

/// `production_endpoints: {"url": ...}`; absent or null is no endpoint.
Result<QString> endpointUrl(const QJsonObject &config, const QString &key)
{
    const auto field = QStringLiteral("endpointConfig.%1").arg(key);
    const auto value = config.value(key);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isObject())
        return validationError(field, QStringLiteral("Expected an object {\"url\": \"http://...\"}."));
    return JsonMapping::string(value.toObject(), QStringLiteral("url"), {}, field + QStringLiteral(".url"));
}

Result<QList<models::Topic>> topicsOf(const QJsonValue &value)
{
    const auto field = QStringLiteral("operations");
    if (!value.isArray())
        return validationError(field, QStringLiteral("Expected an array of {\"target\", \"verb\"} objects."));
    QList<models::Topic> topics;
    for (const auto &item : value.toArray()) {
        if (!item.isObject())
            return validationError(field,
                                   QStringLiteral("Expected an array of {\"target\", \"verb\"} objects."));
        const auto target = JsonMapping::string(item.toObject(), QStringLiteral("target"), {},
                                                QStringLiteral("operations.target"));
        if (!target)
            return target.error();
        const auto verb = JsonMapping::string(item.toObject(), QStringLiteral("verb"),
                                              QStringLiteral("SUBSCRIBE"), QStringLiteral("operations.verb"));
        if (!verb)
            return verb.error();
        topics.append(models::Topic{target.value(), verb->toUpper()});
    }
    return topics;
}

QString timeUnitOf(qint64 seconds, qint64 *count)
{
    for (const auto &[unit, length] :
         {std::pair{u"day", 86400}, std::pair{u"hour", 3600}, std::pair{u"min", 60}}) {
        if (seconds > 0 && seconds % length == 0) {
            *count = seconds / length;
            return QString::fromUtf16(unit);
        }
    }
    *count = seconds;
    return QStringLiteral("sec");
}

} // namespace

qint64 JsonMapping::epochMs(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

QString JsonMapping::gatewayUrl(const QString &scheme, const QString &host, quint16 port,
                                const models::Api &api)
{
    return QStringLiteral("%1://%2:%3%4/%5").arg(scheme, host).arg(port).arg(api.context, api.version);
}

Result<QString> JsonMapping::string(const QJsonObject &json, const QString &key, const QString &fallback,
                                    const QString &field)
{
    const auto value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString())
        return validationError(fieldName(key, field), QStringLiteral("Expected a string."));
    return value.toString();
}

Result<QStringList> JsonMapping::stringList(const QJsonObject &json, const QString &key,
                                            const QStringList &fallback, const QString &field)
{
    const auto value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isArray())
        return validationError(fieldName(key, field), QStringLiteral("Expected an array of strings."));
    QStringList list;
    for (const auto &item : value.toArray()) {
        if (!item.isString())
            return validationError(fieldName(key, field), QStringLiteral("Expected an array of strings."));
        list << item.toString();
    }
    return list;
}

Result<qint64> JsonMapping::integer(const QJsonObject &json, const QString &key, qint64 fallback,
                                    const QString &field)
{
    const auto value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    // WSO2 clients send some numbers as strings ("validityTime": "3600").
    bool ok = false;
    qint64 number = 0;
    if (value.isDouble()) {
        // Converting a double outside qint64's range is undefined behaviour: check the range first.
        constexpr double twoTo63 = 9223372036854775808.0;
        const double d = value.toDouble();
        ok = d >= -twoTo63 && d < twoTo63 && d == std::trunc(d);
        if (ok)
            number = qint64(d);
    } else if (value.isString()) {
        number = value.toString().trimmed().toLongLong(&ok);
    }
    if (!ok)
        return validationError(fieldName(key, field), QStringLiteral("Expected a whole number."));
    return number;
}

Result<bool> JsonMapping::boolean(const QJsonObject &json, const QString &key, bool fallback,
                                  const QString &field)
{
    const auto value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool())
        return validationError(fieldName(key, field), QStringLiteral("Expected true or false."));
    return value.toBool();
}

namespace {

// What the publisher's and the portal's views of an API share.
QJsonObject apiCommon(const models::Api &api)
{
    return QJsonObject{
        {QStringLiteral("id"), api.id},
        {QStringLiteral("name"), api.name},
        {QStringLiteral("description"), api.description},
        {QStringLiteral("context"), api.context},
        {QStringLiteral("version"), api.version},
        {QStringLiteral("provider"), api.owner},
        {QStringLiteral("type"), api.protocol},
        {QStringLiteral("transport"), QJsonArray{QStringLiteral("http"), QStringLiteral("https")}},
        {QStringLiteral("lifeCycleStatus"), models::Lifecycle::stateName(api.state)},
        {QStringLiteral("operations"), operationsOf(api.topics)},
        {QStringLiteral("createdTime"), JsonMapping::epochMs(api.createdAt)},
    };
}

} // namespace

QJsonObject JsonMapping::api(const models::Api &api)
{
    auto json = apiCommon(api);
    json.insert(QStringLiteral("policies"), QJsonArray::fromStringList(api.plans));
    json.insert(QStringLiteral("endpointConfig"), endpointConfigOf(api));
    json.insert(QStringLiteral("isRevision"), false);
    json.insert(QStringLiteral("lastUpdatedTime"), epochMs(api.updatedAt));
    return json;
}

models::ApiDraft JsonMapping::draftOf(const models::Api &api)
{
    return models::ApiDraft{
        api.name,  api.context, api.version,    api.productionEndpoint, api.sandboxEndpoint,
        api.plans, api.topics,  api.description};
}

QHash<QString, QString> JsonMapping::apiFieldNames()
{
    return {{QStringLiteral("productionEndpoint"), QStringLiteral("endpointConfig.production_endpoints.url")},
            {QStringLiteral("sandboxEndpoint"), QStringLiteral("endpointConfig.sandbox_endpoints.url")}};
}

Result<models::ApiDraft> JsonMapping::apiDraft(const QJsonObject &json, models::ApiDraft draft)
{
    for (const auto &[key, target] : {std::pair{QStringLiteral("name"), &draft.name},
                                      std::pair{QStringLiteral("context"), &draft.context},
                                      std::pair{QStringLiteral("version"), &draft.version},
                                      std::pair{QStringLiteral("description"), &draft.description}}) {
        const auto value = string(json, key, *target);
        if (!value)
            return value.error();
        *target = value.value();
    }
    const auto type = string(json, QStringLiteral("type"), QStringLiteral("SSE"));
    if (!type)
        return type.error();
    if (type->compare(u"SSE", Qt::CaseInsensitive) != 0)
        return validationError(
            QStringLiteral("type"),
            QStringLiteral("StreamDesk serves Server-Sent Events APIs only: use \"SSE\"."));
    if (json.contains(QStringLiteral("endpointConfig"))) {
        const auto value = json.value(QStringLiteral("endpointConfig"));
        if (!value.isNull() && !value.isObject())
            return validationError(QStringLiteral("endpointConfig"), QStringLiteral("Expected an object."));
        const auto config = value.toObject();
        const auto endpointType = string(config, QStringLiteral("endpoint_type"), QStringLiteral("http"),
                                         QStringLiteral("endpointConfig.endpoint_type"));
        if (!endpointType)
            return endpointType.error();
        if (endpointType.value() != u"http" && endpointType.value() != u"address")
            return validationError(QStringLiteral("endpointConfig.endpoint_type"),
                                   QStringLiteral("Only \"http\" endpoints are supported."));
        const auto production = endpointUrl(config, QStringLiteral("production_endpoints"));
        if (!production)
            return production.error();
        const auto sandbox = endpointUrl(config, QStringLiteral("sandbox_endpoints"));
        if (!sandbox)
            return sandbox.error();
        draft.productionEndpoint = production.value();
        draft.sandboxEndpoint = sandbox.value();
    }
    const auto plans = stringList(json, QStringLiteral("policies"), draft.plans);
    if (!plans)
        return plans.error();
    draft.plans = plans.value();
    if (json.contains(QStringLiteral("operations")) && !json.value(QStringLiteral("operations")).isNull()) {
        const auto topics = topicsOf(json.value(QStringLiteral("operations")));
        if (!topics)
            return topics.error();
        draft.topics = topics.value();
    }
    return draft;
}

QString JsonMapping::lifecycleDisplayName(models::LifecycleState state)
{
    const auto name = models::Lifecycle::stateName(state);
    return name.left(1) + name.mid(1).toLower();
}

QJsonObject JsonMapping::lifecycleState(const models::Api &api, const QHash<QString, bool> &checklist)
{
    QJsonArray transitions;
    for (const auto &action : models::Lifecycle::allowedActions(api.state)) {
        const auto target = models::Lifecycle::apply(api.state, action);
        transitions.append(
            QJsonObject{{QStringLiteral("event"), action},
                        {QStringLiteral("targetState"), lifecycleDisplayName(target.value())}});
    }
    QJsonArray checkItems;
    for (const auto &item : models::Lifecycle::publishChecklist())
        checkItems.append(QJsonObject{{QStringLiteral("name"), item},
                                      {QStringLiteral("value"), checklist.value(item, false)},
                                      {QStringLiteral("requiredStates"), QJsonArray{}}});
    return QJsonObject{{QStringLiteral("state"), lifecycleDisplayName(api.state)},
                       {QStringLiteral("availableTransitions"), transitions},
                       {QStringLiteral("checkItems"), checkItems}};
}

QJsonObject JsonMapping::deployment(const models::Deployment &deployment)
{
    return QJsonObject{{QStringLiteral("revisionUuid"), deployment.revisionId},
                       {QStringLiteral("name"), deployment.environment},
                       {QStringLiteral("vhost"), deployment.vhost},
                       {QStringLiteral("displayOnDevportal"), deployment.displayOnDevportal},
                       {QStringLiteral("deployedTime"), epochMs(deployment.deployedAt)},
                       {QStringLiteral("successDeployedTime"), epochMs(deployment.deployedAt)}};
}

QJsonObject JsonMapping::revision(const models::Revision &revision,
                                  const QList<models::Deployment> &deployments)
{
    QJsonArray deployed;
    for (const auto &d : deployments) {
        if (d.revisionId == revision.id)
            deployed.append(deployment(d));
    }
    return QJsonObject{{QStringLiteral("id"), revision.id},
                       {QStringLiteral("displayName"), revision.displayName()},
                       {QStringLiteral("description"), revision.description},
                       {QStringLiteral("createdTime"), epochMs(revision.createdAt)},
                       {QStringLiteral("apiInfo"), QJsonObject{{QStringLiteral("id"), revision.apiId}}},
                       {QStringLiteral("deploymentInfo"), deployed}};
}

QJsonObject JsonMapping::plan(const models::BusinessPlan &plan)
{
    qint64 unitTime = 0;
    const auto timeUnit = timeUnitOf(plan.windowSeconds, &unitTime);
    // WSO2 shows unlimited plans with Integer.MAX_VALUE as their count.
    const qint64 count = plan.unlimited() ? 2147483647 : plan.eventLimit;
    return QJsonObject{{QStringLiteral("name"), plan.name},
                       {QStringLiteral("displayName"), plan.name},
                       {QStringLiteral("description"), plan.description},
                       {QStringLiteral("policyLevel"), QStringLiteral("subscription")},
                       {QStringLiteral("quotaPolicyType"), QStringLiteral("EVENTCOUNT")},
                       {QStringLiteral("requestCount"), count},
                       {QStringLiteral("unitTime"), unitTime},
                       {QStringLiteral("timeUnit"), timeUnit},
                       {QStringLiteral("tierPlan"), QStringLiteral("FREE")},
                       {QStringLiteral("stopOnQuotaReach"), true}};
}

QJsonObject JsonMapping::quota(const models::ApplicationQuota &quota)
{
    const qint64 count = quota.unlimited() ? 2147483647 : quota.requestsPerMinute;
    return QJsonObject{{QStringLiteral("name"), quota.name},
                       {QStringLiteral("displayName"), quota.name},
                       {QStringLiteral("description"), quota.description},
                       {QStringLiteral("policyLevel"), QStringLiteral("application")},
                       {QStringLiteral("quotaPolicyType"), QStringLiteral("REQUESTCOUNT")},
                       {QStringLiteral("requestCount"), count},
                       {QStringLiteral("unitTime"), 1},
                       {QStringLiteral("timeUnit"), QStringLiteral("min")}};
}

QJsonObject JsonMapping::publisherSubscription(const models::Subscription &subscription,
                                               const std::optional<models::Application> &application)
{
    QJsonObject info{{QStringLiteral("applicationId"), subscription.applicationId}};
    if (application) {
        info.insert(QStringLiteral("name"), application->name);
        info.insert(QStringLiteral("subscriber"), application->owner);
        info.insert(QStringLiteral("description"), application->description);
    }
    return QJsonObject{
        {QStringLiteral("subscriptionId"), subscription.id},
        {QStringLiteral("apiId"), subscription.apiId},
        {QStringLiteral("applicationInfo"), info},
        {QStringLiteral("throttlingPolicy"), subscription.plan},
        {QStringLiteral("requestedThrottlingPolicy"), subscription.plan},
        {QStringLiteral("subscriptionStatus"), models::Subscription::statusName(subscription.status)},
        {QStringLiteral("createdTime"), epochMs(subscription.createdAt)}};
}

QJsonObject JsonMapping::portalApi(const models::Api &api, const QList<models::Deployment> &deployments,
                                   const GatewayPorts &ports)
{
    QJsonArray tiers;
    for (const auto &plan : api.plans)
        tiers.append(QJsonObject{{QStringLiteral("tierName"), plan},
                                 {QStringLiteral("tierPlan"), QStringLiteral("FREE")}});
    QJsonArray endpointUrls;
    for (const auto &d : deployments) {
        if (!d.displayOnDevportal)
            continue;
        QJsonObject urls;
        if (ports.http)
            urls.insert(QStringLiteral("http"), gatewayUrl(QStringLiteral("http"), d.vhost, ports.http, api));
        if (ports.https)
            urls.insert(QStringLiteral("https"),
                        gatewayUrl(QStringLiteral("https"), d.vhost, ports.https, api));
        endpointUrls.append(QJsonObject{{QStringLiteral("environmentName"), d.environment},
                                        {QStringLiteral("vhost"), d.vhost},
                                        {QStringLiteral("URLs"), urls}});
    }
    auto json = apiCommon(api);
    json.insert(QStringLiteral("isSubscriptionAvailable"),
                models::Lifecycle::acceptsSubscriptions(api.state));
    json.insert(QStringLiteral("throttlingPolicies"), QJsonArray::fromStringList(api.plans));
    json.insert(QStringLiteral("tiers"), tiers);
    json.insert(QStringLiteral("endpointURLs"), endpointUrls);
    return json;
}

QJsonObject JsonMapping::application(const models::Application &application, int subscriptionCount,
                                     const QList<models::KeySet> &keySets)
{
    QJsonObject json{{QStringLiteral("applicationId"), application.id},
                     {QStringLiteral("name"), application.name},
                     {QStringLiteral("throttlingPolicy"), application.quota},
                     {QStringLiteral("description"), application.description},
                     {QStringLiteral("tokenType"), models::Application::tokenTypeName(application.tokenType)},
                     {QStringLiteral("status"), QStringLiteral("APPROVED")},
                     {QStringLiteral("groups"), QJsonArray{}},
                     {QStringLiteral("subscriptionCount"), subscriptionCount},
                     {QStringLiteral("attributes"), QJsonObject{}},
                     {QStringLiteral("owner"), application.owner},
                     {QStringLiteral("createdTime"), epochMs(application.createdAt)}};
    QJsonArray keyList;
    for (const auto &k : keySets)
        keyList.append(keys(k));
    json.insert(QStringLiteral("keys"), keyList);
    return json;
}

Result<models::ApplicationDraft> JsonMapping::applicationDraft(const QJsonObject &json)
{
    models::ApplicationDraft draft;
    for (const auto &[key, target] : {std::pair{QStringLiteral("name"), &draft.name},
                                      std::pair{QStringLiteral("throttlingPolicy"), &draft.quota},
                                      std::pair{QStringLiteral("description"), &draft.description}}) {
        const auto value = string(json, key, *target);
        if (!value)
            return value.error();
        *target = value.value();
    }
    const auto tokenType = string(json, QStringLiteral("tokenType"), QStringLiteral("JWT"));
    if (!tokenType)
        return tokenType.error();
    // WSO2's DEFAULT token type means JWT.
    if (tokenType->compare(u"JWT", Qt::CaseInsensitive) == 0 ||
        tokenType->compare(u"DEFAULT", Qt::CaseInsensitive) == 0)
        draft.tokenType = models::TokenType::Jwt;
    else if (tokenType->compare(u"OAUTH", Qt::CaseInsensitive) == 0)
        draft.tokenType = models::TokenType::OAuth;
    else
        return validationError(QStringLiteral("tokenType"), QStringLiteral("Expected \"JWT\" or \"OAUTH\"."));
    return draft;
}

QJsonObject JsonMapping::portalSubscription(const models::Subscription &subscription,
                                            const std::optional<models::Api> &api,
                                            const std::optional<models::Application> &application)
{
    QJsonObject json{{QStringLiteral("subscriptionId"), subscription.id},
                     {QStringLiteral("applicationId"), subscription.applicationId},
                     {QStringLiteral("apiId"), subscription.apiId},
                     {QStringLiteral("throttlingPolicy"), subscription.plan},
                     {QStringLiteral("requestedThrottlingPolicy"), subscription.plan},
                     {QStringLiteral("status"), models::Subscription::statusName(subscription.status)},
                     {QStringLiteral("createdTime"), epochMs(subscription.createdAt)}};
    if (api)
        json.insert(
            QStringLiteral("apiInfo"),
            QJsonObject{{QStringLiteral("id"), api->id},
                        {QStringLiteral("name"), api->name},
                        {QStringLiteral("context"), api->context},
                        {QStringLiteral("version"), api->version},
                        {QStringLiteral("type"), api->protocol},
                        {QStringLiteral("provider"), api->owner},
                        {QStringLiteral("lifeCycleStatus"), models::Lifecycle::stateName(api->state)},
                        {QStringLiteral("throttlingPolicies"), QJsonArray::fromStringList(api->plans)}});
    if (application)
        json.insert(QStringLiteral("applicationInfo"),
                    QJsonObject{{QStringLiteral("applicationId"), application->id},
                                {QStringLiteral("name"), application->name},
                                {QStringLiteral("throttlingPolicy"), application->quota},
                                {QStringLiteral("description"), application->description},
                                {QStringLiteral("owner"), application->owner}});
    return json;
}

QJsonObject JsonMapping::token(const AccessToken &token)
{
    return QJsonObject{{QStringLiteral("accessToken"), token.accessToken},
                       {QStringLiteral("tokenScopes"), QJsonArray{token.scope}},
                       {QStringLiteral("validityTime"), token.expiresIn}};
}

QJsonObject JsonMapping::keys(const models::KeySet &keys, const QString &consumerSecret,
                              const std::optional<AccessToken> &accessToken)
{
    QJsonObject json{
        {QStringLiteral("keyMappingId"), keys.id},
        {QStringLiteral("keyManager"), QStringLiteral("Resident Key Manager")},
        {QStringLiteral("consumerKey"), keys.consumerKey},
        {QStringLiteral("supportedGrantTypes"), QJsonArray::fromStringList(keys.grantTypes)},
        {QStringLiteral("keyState"), QStringLiteral("COMPLETED")},
        {QStringLiteral("keyType"), models::KeySet::keyTypeName(keys.keyType)},
        {QStringLiteral("mode"), QStringLiteral("CREATED")},
        {QStringLiteral("additionalProperties"),
         QJsonObject{{QStringLiteral("application_access_token_expiry_time"), keys.validitySeconds}}}};
    if (!consumerSecret.isEmpty())
        json.insert(QStringLiteral("consumerSecret"), consumerSecret);
    if (accessToken)
        json.insert(QStringLiteral("token"), token(*accessToken));
    return json;
}

QJsonObject JsonMapping::user(const models::User &user)
{
    return QJsonObject{
        {QStringLiteral("name"), user.name},
        {QStringLiteral("roles"), QJsonArray::fromStringList(models::User::roleNames(user.roles))}};
}

} // namespace sd::gateway
