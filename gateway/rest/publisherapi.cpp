#include "gateway/rest/publisherapi.h"

#include "gateway/rest/asyncapidocument.h"
#include "gateway/rest/jsonmapping.h"
#include "gateway/rest/restreply.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <algorithm>

namespace sd::gateway {

Q_DECLARE_LOGGING_CATEGORY(lcRest)

namespace {

using models::Role;

bool sameExceptPlans(const models::ApiDraft &a, const models::ApiDraft &b)
{
    return a.name == b.name && a.context == b.context && a.version == b.version &&
           a.productionEndpoint == b.productionEndpoint && a.sandboxEndpoint == b.sandboxEndpoint &&
           a.topics == b.topics && a.description == b.description;
}

/// `Name:true,Other:false` (WSO2's lifecycleChecklist); only the publish checklist's items are known.
models::Result<QHash<QString, bool>> parseChecklist(const QString &text)
{
    const auto field = QStringLiteral("lifecycleChecklist");
    QHash<QString, bool> checklist;
    const auto known = models::Lifecycle::publishChecklist();
    for (const auto &item : text.split(u',', Qt::SkipEmptyParts)) {
        const auto colon = item.lastIndexOf(u':');
        const auto name = (colon < 0 ? item : item.left(colon)).trimmed();
        const auto value = colon < 0 ? QStringLiteral("true") : item.mid(colon + 1).trimmed().toLower();
        if (!known.contains(name))
            return models::validationError(field,
                                           QStringLiteral("Unknown checklist item '%1'; known items: %2.")
                                               .arg(name, known.join(QStringLiteral(", "))));
        if (value != u"true" && value != u"false")
            return models::validationError(
                field, QStringLiteral("Checklist item '%1' needs true or false.").arg(name));
        checklist.insert(name, value == u"true");
    }
    return checklist;
}

struct EnvironmentEntry
{
    QString name;
    QString vhost;
    bool displayOnDevportal = true;
};

/// The deploy/undeploy body: `[{"name":"Default","vhost":"localhost","displayOnDevportal":true}]`.
models::Result<QList<EnvironmentEntry>> environmentEntries(const QJsonArray &array)
{
    if (array.isEmpty())
        return models::validationError(QStringLiteral("body"),
                                       QStringLiteral("List at least one gateway environment."));
    QList<EnvironmentEntry> entries;
    for (const auto &item : array) {
        if (!item.isObject())
            return models::validationError(QStringLiteral("body"),
                                           QStringLiteral("Each entry must be an object with a name."));
        const auto object = item.toObject();
        const auto name = JsonMapping::string(object, QStringLiteral("name"), {});
        if (!name)
            return name.error();
        if (name->isEmpty())
            return models::validationError(QStringLiteral("name"),
                                           QStringLiteral("Each entry needs the environment name."));
        const auto vhost = JsonMapping::string(object, QStringLiteral("vhost"), {});
        if (!vhost)
            return vhost.error();
        const auto display = JsonMapping::boolean(object, QStringLiteral("displayOnDevportal"), true);
        if (!display)
            return display.error();
        entries.append(EnvironmentEntry{name.value(), vhost.value(), display.value()});
    }
    return entries;
}

QJsonArray deploymentArray(const QList<models::Deployment> &deployments)
{
    QJsonArray array;
    for (const auto &d : deployments)
        array.append(JsonMapping::deployment(d));
    return array;
}

} // namespace

PublisherApi::PublisherApi(RestServices services)
    : m_services(std::move(services))
{
    const auto route = [this](const char *method, const QString &pattern, auto member) {
        m_router.add(QByteArray(method), pattern,
                     [this, member](const RestCall &call) { return (this->*member)(call); });
    };
    route("GET", QStringLiteral("apis"), &PublisherApi::listApis);
    route("POST", QStringLiteral("apis"), &PublisherApi::createApi);
    route("GET", QStringLiteral("apis/{apiId}"), &PublisherApi::getApi);
    route("PUT", QStringLiteral("apis/{apiId}"), &PublisherApi::updateApi);
    route("DELETE", QStringLiteral("apis/{apiId}"), &PublisherApi::deleteApi);
    route("POST", QStringLiteral("apis/change-lifecycle"), &PublisherApi::changeLifecycle);
    route("POST", QStringLiteral("apis/import-asyncapi"), &PublisherApi::importAsyncApi);
    route("GET", QStringLiteral("apis/{apiId}/lifecycle-state"), &PublisherApi::lifecycleState);
    route("GET", QStringLiteral("apis/{apiId}/lifecycle-history"), &PublisherApi::lifecycleHistory);
    route("GET", QStringLiteral("apis/{apiId}/revisions"), &PublisherApi::listRevisions);
    route("POST", QStringLiteral("apis/{apiId}/revisions"), &PublisherApi::createRevision);
    route("GET", QStringLiteral("apis/{apiId}/revisions/{revisionId}"), &PublisherApi::getRevision);
    route("DELETE", QStringLiteral("apis/{apiId}/revisions/{revisionId}"), &PublisherApi::deleteRevision);
    route("GET", QStringLiteral("apis/{apiId}/deployments"), &PublisherApi::listDeployments);
    route("POST", QStringLiteral("apis/{apiId}/deploy-revision"), &PublisherApi::deployRevision);
    route("POST", QStringLiteral("apis/{apiId}/undeploy-revision"), &PublisherApi::undeployRevision);
    route("POST", QStringLiteral("apis/{apiId}/restore-revision"), &PublisherApi::restoreRevision);
    route("GET", QStringLiteral("apis/{apiId}/asyncapi"), &PublisherApi::asyncApi);
    route("GET", QStringLiteral("throttling-policies/subscription"), &PublisherApi::listPlans);
    route("GET", QStringLiteral("subscriptions"), &PublisherApi::listSubscriptions);
    route("POST", QStringLiteral("subscriptions/block-subscription"), &PublisherApi::blockSubscription);
    route("POST", QStringLiteral("subscriptions/unblock-subscription"), &PublisherApi::unblockSubscription);
}

HttpReply PublisherApi::handle(const RestCall &call, QStringView path) const
{
    const auto &user = call.user();
    // The services take no actor for reads; the publisher portal as a whole is for creators and publishers.
    if (!user.has(Role::Creator) && !user.has(Role::Publisher))
        return RestReply::error(models::forbiddenError(
            QStringLiteral("The user '%1' needs the creator or publisher role.").arg(user.name)));
    return m_router.route(call, path);
}

HttpReply PublisherApi::created(const models::Api &api) const
{
    auto reply = HttpReply::json(201, JsonMapping::api(api));
    reply.headers.append({QByteArrayLiteral("Location"), "/api/am/publisher/v4/apis/" + api.id.toUtf8()});
    return reply;
}

HttpReply PublisherApi::listApis(const RestCall &) const
{
    QJsonArray list;
    for (const auto &api : m_services.publisher->apis())
        list.append(JsonMapping::api(api));
    return RestReply::list(list);
}

HttpReply PublisherApi::createApi(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto draft = JsonMapping::apiDraft(body.value(), models::ApiDraft{});
    if (!draft)
        return RestReply::error(draft.error());
    const auto api = m_services.publisher->createApi(call.user(), draft.value());
    if (!api)
        return RestReply::error(api.error(), JsonMapping::apiFieldNames());
    return created(api.value());
}

HttpReply PublisherApi::getApi(const RestCall &call) const
{
    const auto api = m_services.publisher->api(call.param(0));
    if (!api)
        return RestReply::notFound();
    return HttpReply::json(200, JsonMapping::api(*api));
}

HttpReply PublisherApi::updateApi(const RestCall &call) const
{
    const auto current = m_services.publisher->api(call.param(0));
    if (!current)
        return RestReply::notFound();
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto currentDraft = JsonMapping::draftOf(*current);
    const auto draft = JsonMapping::apiDraft(body.value(), currentDraft);
    if (!draft)
        return RestReply::error(draft.error());
    // A change of plans alone is the business-plans action, which publishers may take too.
    const auto api = sameExceptPlans(draft.value(), currentDraft)
                         ? m_services.publisher->setPlans(call.user(), current->id, draft->plans)
                         : m_services.publisher->updateApi(call.user(), current->id, draft.value());
    if (!api)
        return RestReply::error(api.error(), JsonMapping::apiFieldNames());
    return HttpReply::json(200, JsonMapping::api(api.value()));
}

HttpReply PublisherApi::deleteApi(const RestCall &call) const
{
    if (const auto s = m_services.publisher->deleteApi(call.user(), call.param(0)); !s)
        return RestReply::error(s.error());
    return HttpReply::empty(200);
}

HttpReply PublisherApi::changeLifecycle(const RestCall &call) const
{
    const auto apiId = call.requiredQuery(QStringLiteral("apiId"));
    if (!apiId)
        return RestReply::error(apiId.error());
    const auto action = call.requiredQuery(QStringLiteral("action"));
    if (!action)
        return RestReply::error(action.error());
    const auto checklist = parseChecklist(call.query(QStringLiteral("lifecycleChecklist")));
    if (!checklist)
        return RestReply::error(checklist.error());
    QStringList checked;
    for (auto it = checklist->constBegin(); it != checklist->constEnd(); ++it) {
        if (it.value())
            checked << it.key();
    }
    const auto api =
        m_services.publisher->changeLifecycle(call.user(), apiId.value(), action.value(), checked);
    if (!api)
        return RestReply::error(api.error());
    return HttpReply::json(200, QJsonObject{{QStringLiteral("workflowStatus"), QStringLiteral("APPROVED")},
                                            {QStringLiteral("lifecycleState"),
                                             JsonMapping::lifecycleState(api.value(), checklist.value())}});
}

HttpReply PublisherApi::lifecycleState(const RestCall &call) const
{
    const auto api = m_services.publisher->api(call.param(0));
    if (!api)
        return RestReply::notFound();
    return HttpReply::json(200, JsonMapping::lifecycleState(*api));
}

HttpReply PublisherApi::lifecycleHistory(const RestCall &call) const
{
    const auto apiId = call.param(0);
    if (!m_services.publisher->api(apiId))
        return RestReply::notFound();
    QJsonArray list;
    for (const auto &event : m_services.publisher->lifecycleHistory(apiId))
        list.append(
            QJsonObject{{QStringLiteral("previousState"), models::Lifecycle::stateName(event.from)},
                        {QStringLiteral("postState"), models::Lifecycle::stateName(event.to)},
                        {QStringLiteral("user"), event.user},
                        {QStringLiteral("updatedTime"), event.at.toUTC().toString(Qt::ISODateWithMs)}});
    return HttpReply::json(
        200, QJsonObject{{QStringLiteral("count"), list.size()}, {QStringLiteral("list"), list}});
}

HttpReply PublisherApi::listRevisions(const RestCall &call) const
{
    const auto apiId = call.param(0);
    if (!m_services.publisher->api(apiId))
        return RestReply::notFound();
    // WSO2's filter: query=deployed:true or deployed:false.
    const auto query = call.query(QStringLiteral("query")).remove(u' ');
    if (!query.isEmpty() && query != u"deployed:true" && query != u"deployed:false")
        return RestReply::error(models::validationError(
            QStringLiteral("query"), QStringLiteral("Use query=deployed:true or query=deployed:false.")));
    const auto deployments = m_services.publisher->deployments(apiId);
    QJsonArray list;
    for (const auto &revision : m_services.publisher->revisions(apiId)) {
        const auto json = JsonMapping::revision(revision, deployments);
        const bool deployed = !json.value(QStringLiteral("deploymentInfo")).toArray().isEmpty();
        if (query.isEmpty() || deployed == (query == u"deployed:true"))
            list.append(json);
    }
    return RestReply::list(list);
}

HttpReply PublisherApi::createRevision(const RestCall &call) const
{
    const auto body = call.jsonObject(true);
    if (!body)
        return RestReply::error(body.error());
    const auto description = JsonMapping::string(body.value(), QStringLiteral("description"), {});
    if (!description)
        return RestReply::error(description.error());
    const auto apiId = call.param(0);
    const auto revision = m_services.publisher->createRevision(call.user(), apiId, description.value());
    if (!revision)
        return RestReply::error(revision.error());
    return HttpReply::json(201, JsonMapping::revision(revision.value(), {}));
}

HttpReply PublisherApi::getRevision(const RestCall &call) const
{
    for (const auto &revision : m_services.publisher->revisions(call.param(0))) {
        if (revision.id == call.param(1))
            return HttpReply::json(
                200, JsonMapping::revision(revision, m_services.publisher->deployments(call.param(0))));
    }
    return RestReply::notFound();
}

HttpReply PublisherApi::deleteRevision(const RestCall &call) const
{
    const auto apiId = call.param(0);
    if (const auto s = m_services.publisher->deleteRevision(call.user(), apiId, call.param(1)); !s)
        return RestReply::error(s.error());
    return listRevisions(call);
}

HttpReply PublisherApi::listDeployments(const RestCall &call) const
{
    if (!m_services.publisher->api(call.param(0)))
        return RestReply::notFound();
    return RestReply::list(deploymentArray(m_services.publisher->deployments(call.param(0))));
}

HttpReply PublisherApi::deployRevision(const RestCall &call) const
{
    const auto apiId = call.param(0);
    if (!m_services.publisher->api(apiId))
        return RestReply::notFound();
    const auto revisionId = call.requiredQuery(QStringLiteral("revisionId"));
    if (!revisionId)
        return RestReply::error(revisionId.error());
    const auto body = call.jsonArray();
    if (!body)
        return RestReply::error(body.error());
    const auto entries = environmentEntries(body.value());
    if (!entries)
        return RestReply::error(entries.error());
    const auto before = m_services.publisher->deployments(apiId);
    QList<models::Deployment> done;
    for (const auto &entry : entries.value()) {
        const auto deployment = m_services.publisher->deployRevision(
            call.user(), apiId, revisionId.value(), entry.name, entry.vhost, entry.displayOnDevportal);
        if (!deployment) {
            if (!done.isEmpty())
                restoreDeployments(call.user(), apiId, before);
            return RestReply::error(deployment.error());
        }
        done.append(deployment.value());
    }
    return HttpReply::json(201, deploymentArray(done));
}

HttpReply PublisherApi::undeployRevision(const RestCall &call) const
{
    const auto apiId = call.param(0);
    if (!m_services.publisher->api(apiId))
        return RestReply::notFound();
    const auto revisionId = call.requiredQuery(QStringLiteral("revisionId"));
    if (!revisionId)
        return RestReply::error(revisionId.error());
    const auto before = m_services.publisher->deployments(apiId);
    QStringList environments;
    if (call.query(QStringLiteral("allEnvironments")) == u"true") {
        for (const auto &d : before) {
            if (d.revisionId == revisionId.value())
                environments << d.environment;
        }
        if (environments.isEmpty())
            return RestReply::error(models::notFoundError(
                QStringLiteral("Revision %1 of API %2 is not deployed.").arg(revisionId.value(), apiId)));
    } else {
        const auto body = call.jsonArray();
        if (!body)
            return RestReply::error(body.error());
        const auto entries = environmentEntries(body.value());
        if (!entries)
            return RestReply::error(entries.error());
        for (const auto &entry : entries.value())
            environments << entry.name;
    }
    for (qsizetype i = 0; i < environments.size(); ++i) {
        const auto status =
            m_services.publisher->undeployRevision(call.user(), apiId, revisionId.value(), environments[i]);
        if (!status) {
            if (i > 0)
                restoreDeployments(call.user(), apiId, before);
            return RestReply::error(status.error());
        }
    }
    return HttpReply::json(201, deploymentArray(m_services.publisher->deployments(apiId)));
}

void PublisherApi::restoreDeployments(const models::User &actor, const QString &apiId,
                                      const QList<models::Deployment> &before) const
{
    auto *publisher = m_services.publisher;
    const auto in = [](const QList<models::Deployment> &list, const QString &environment) {
        return std::find_if(list.begin(), list.end(),
                            [&](const models::Deployment &d) { return d.environment == environment; });
    };
    const auto now = publisher->deployments(apiId);
    for (const auto &d : now) {
        if (in(before, d.environment) == before.end() &&
            !publisher->undeployRevision(actor, apiId, d.revisionId, d.environment))
            qCWarning(lcRest) << "Could not undo the deployment of API" << apiId << "to" << d.environment;
    }
    for (const auto &old : before) {
        const auto current = in(now, old.environment);
        if (current != now.end() && current->revisionId == old.revisionId)
            continue;
        if (!publisher->deployRevision(actor, apiId, old.revisionId, old.environment, old.vhost,
                                       old.displayOnDevportal))
            qCWarning(lcRest) << "Could not restore the deployment of API" << apiId << "to"
                              << old.environment;
    }
}

HttpReply PublisherApi::restoreRevision(const RestCall &call) const
{
    const auto revisionId = call.requiredQuery(QStringLiteral("revisionId"));
    if (!revisionId)
        return RestReply::error(revisionId.error());
    const auto api = m_services.publisher->restoreRevision(call.user(), call.param(0), revisionId.value());
    if (!api)
        return RestReply::error(api.error());
    return HttpReply::json(201, JsonMapping::api(api.value()));
}

HttpReply PublisherApi::asyncApi(const RestCall &call) const
{
    const auto api = m_services.publisher->api(call.param(0));
    if (!api)
        return RestReply::notFound();
    const auto deployments = m_services.publisher->deployments(api->id);
    const auto host = deployments.isEmpty() ? QStringLiteral("localhost") : deployments.first().vhost;
    return HttpReply::json(200, AsyncApiDocument::fromApi(*api, host, m_services.gatewayPorts()));
}

HttpReply PublisherApi::importAsyncApi(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    // Either the document itself, or {"asyncapi": document (object or JSON text), "additionalProperties":
    // {...}}.
    auto document = body.value();
    QJsonObject overrides;
    const auto wrapped = document.value(QStringLiteral("asyncapi"));
    const bool isText = wrapped.isString() && wrapped.toString().trimmed().startsWith(u'{');
    if (wrapped.isObject() || isText) {
        if (isText) {
            const auto inner = QJsonDocument::fromJson(wrapped.toString().toUtf8());
            if (!inner.isObject())
                return RestReply::error(models::validationError(
                    QStringLiteral("asyncapi"),
                    QStringLiteral("The embedded AsyncAPI document is not a JSON object.")));
            document = inner.object();
        } else {
            document = wrapped.toObject();
        }
        const auto extra = body->value(QStringLiteral("additionalProperties"));
        if (!extra.isUndefined() && !extra.isNull() && !extra.isObject())
            return RestReply::error(models::validationError(QStringLiteral("additionalProperties"),
                                                            QStringLiteral("Expected an object.")));
        overrides = extra.toObject();
    }
    auto draft = AsyncApiDocument::toDraft(document);
    if (!draft)
        return RestReply::error(draft.error());
    draft = JsonMapping::apiDraft(overrides, draft.value());
    if (!draft)
        return RestReply::error(draft.error());
    auto fieldNames = AsyncApiDocument::fieldNames();
    const auto apiNames = JsonMapping::apiFieldNames();
    for (const auto &[field, key] :
         {std::pair{u"name", u"name"}, std::pair{u"context", u"context"}, std::pair{u"version", u"version"},
          std::pair{u"description", u"description"}, std::pair{u"policies", u"policies"},
          std::pair{u"operations", u"operations"}, std::pair{u"productionEndpoint", u"endpointConfig"},
          std::pair{u"sandboxEndpoint", u"endpointConfig"}}) {
        const auto name = QString::fromUtf16(field);
        if (overrides.contains(QString::fromUtf16(key)))
            fieldNames.insert(name, QStringLiteral("additionalProperties.") + apiNames.value(name, name));
    }
    const auto api = m_services.publisher->createApi(call.user(), draft.value());
    if (!api)
        return RestReply::error(api.error(), fieldNames);
    return created(api.value());
}

HttpReply PublisherApi::listPlans(const RestCall &) const
{
    QJsonArray list;
    for (const auto &plan : m_services.publisher->plans())
        list.append(JsonMapping::plan(plan));
    return RestReply::list(list);
}

HttpReply PublisherApi::listSubscriptions(const RestCall &call) const
{
    const auto apiId = call.query(QStringLiteral("apiId"));
    if (!apiId.isEmpty() && !m_services.publisher->api(apiId))
        return RestReply::notFound();
    QJsonArray list;
    for (const auto &sub : m_services.publisher->subscriptions(call.user(), apiId)) {
        // Application details only where the caller may see the application (admins, owners).
        const auto app = m_services.portal->application(call.user(), sub.applicationId);
        list.append(JsonMapping::publisherSubscription(sub, app ? std::optional(app.value()) : std::nullopt));
    }
    return RestReply::list(list);
}

HttpReply PublisherApi::subscriptionReply(const RestCall &call,
                                          const models::Result<models::Subscription> &result) const
{
    if (!result)
        return RestReply::error(result.error());
    const auto app = m_services.portal->application(call.user(), result->applicationId);
    return HttpReply::json(200, JsonMapping::publisherSubscription(
                                    result.value(), app ? std::optional(app.value()) : std::nullopt));
}

HttpReply PublisherApi::blockSubscription(const RestCall &call) const
{
    const auto id = call.requiredQuery(QStringLiteral("subscriptionId"));
    if (!id)
        return RestReply::error(id.error());
    const auto state = call.requiredQuery(QStringLiteral("blockState"));
    if (!state)
        return RestReply::error(state.error());
    const auto status = models::Subscription::statusFromName(state.value());
    if (status != models::SubscriptionStatus::Blocked &&
        status != models::SubscriptionStatus::ProdOnlyBlocked)
        return RestReply::error(models::validationError(QStringLiteral("blockState"),
                                                        QStringLiteral("Use BLOCKED or PROD_ONLY_BLOCKED.")));
    return subscriptionReply(call,
                             m_services.publisher->setSubscriptionStatus(call.user(), id.value(), *status));
}

HttpReply PublisherApi::unblockSubscription(const RestCall &call) const
{
    const auto id = call.requiredQuery(QStringLiteral("subscriptionId"));
    if (!id)
        return RestReply::error(id.error());
    return subscriptionReply(call, m_services.publisher->setSubscriptionStatus(
                                       call.user(), id.value(), models::SubscriptionStatus::Unblocked));
}

} // namespace sd::gateway
