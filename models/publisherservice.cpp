#include "models/publisherservice.h"

#include "models/validator.h"

#include <QUuid>
#include <algorithm>

namespace sd::models {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// The fields a publisher edits; state, owner and timestamps stay.
void applyDraft(Api &api, const ApiDraft &draft)
{
    api.name = draft.name;
    api.context = draft.context;
    api.version = draft.version;
    api.productionEndpoint = draft.productionEndpoint;
    api.sandboxEndpoint = draft.sandboxEndpoint;
    api.plans = draft.plans;
    api.topics = draft.topics;
    api.description = draft.description;
    api.updatedAt = QDateTime::currentDateTimeUtc();
}

Status requireAny(const User &actor, Role a, Role b)
{
    if (actor.has(a) || actor.has(b))
        return Done{};
    return forbiddenError(QStringLiteral("The user '%1' needs the %2 or %3 role.")
                              .arg(actor.name, User::roleName(a), User::roleName(b)));
}

} // namespace

PublisherService::PublisherService(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{}

QList<Api> PublisherService::apis() const
{
    return m_store->apis();
}

std::optional<Api> PublisherService::api(const QString &id) const
{
    return m_store->api(id);
}

QList<BusinessPlan> PublisherService::plans() const
{
    return m_store->plans();
}

QList<GatewayEnvironment> PublisherService::environments() const
{
    return m_store->environments();
}

Result<Api> PublisherService::requireApi(const QString &id) const
{
    if (auto api = m_store->api(id))
        return *api;
    return notFoundError(QStringLiteral("API %1 not found.").arg(id));
}

Status PublisherService::checkPlans(const QStringList &plans) const
{
    for (const auto &plan : plans) {
        if (!m_store->plan(plan))
            return validationError(QStringLiteral("policies"),
                                   QStringLiteral("Unknown business plan '%1'.").arg(plan));
    }
    if (plans.size() != QSet<QString>(plans.begin(), plans.end()).size())
        return validationError(QStringLiteral("policies"),
                               QStringLiteral("A business plan is listed twice."));
    return Done{};
}

Result<Api> PublisherService::createApi(const User &actor, const ApiDraft &draft)
{
    if (auto s = actor.require(Role::Creator); !s)
        return s.error();
    if (auto s = Validator::apiDraft(draft); !s)
        return s.error();
    if (auto s = checkPlans(draft.plans); !s)
        return s.error();
    if (m_store->apiByContext(draft.context, draft.version))
        return conflictError(QStringLiteral("An API with context %1 and version %2 already exists.")
                                 .arg(draft.context, draft.version));
    Api api;
    api.id = newId();
    applyDraft(api, draft);
    api.owner = actor.name;
    api.createdAt = api.updatedAt;
    if (auto s = m_store->insertApi(api); !s)
        return s.error();
    Q_EMIT apiChanged(api.id);
    return api;
}

Result<Api> PublisherService::updateApi(const User &actor, const QString &id, const ApiDraft &draft)
{
    if (auto s = actor.require(Role::Creator); !s)
        return s.error();
    auto found = requireApi(id);
    if (!found)
        return found;
    if (auto s = Validator::apiDraft(draft); !s)
        return s.error();
    if (auto s = checkPlans(draft.plans); !s)
        return s.error();
    auto api = found.value();
    if (auto other = m_store->apiByContext(draft.context, draft.version); other && other->id != id)
        return conflictError(QStringLiteral("An API with context %1 and version %2 already exists.")
                                 .arg(draft.context, draft.version));
    if (api.state != LifecycleState::Created && api.state != LifecycleState::Prototyped &&
        draft.plans.isEmpty())
        return validationError(QStringLiteral("policies"),
                               QStringLiteral("A published API needs a business plan."));
    applyDraft(api, draft);
    if (auto s = m_store->updateApi(api); !s)
        return s.error();
    Q_EMIT apiChanged(id);
    return api;
}

Status PublisherService::deleteApi(const User &actor, const QString &id)
{
    if (auto s = requireAny(actor, Role::Creator, Role::Publisher); !s)
        return s;
    if (auto found = requireApi(id); !found)
        return found.error();
    if (!m_store->subscriptions(id).isEmpty())
        return conflictError(
            QStringLiteral("The API has subscriptions; remove them before deleting the API."));
    const bool wasDeployed = !m_store->deployments(id).isEmpty();
    if (auto s = m_store->write([&] { return m_store->deleteApi(id); }); !s)
        return s;
    if (wasDeployed)
        Q_EMIT deploymentsChanged(id);
    Q_EMIT apiRemoved(id);
    return Done{};
}

Result<Api> PublisherService::setPlans(const User &actor, const QString &id, const QStringList &plans)
{
    if (auto s = requireAny(actor, Role::Creator, Role::Publisher); !s)
        return s.error();
    auto found = requireApi(id);
    if (!found)
        return found;
    if (auto s = checkPlans(plans); !s)
        return s.error();
    auto api = found.value();
    if (plans.isEmpty() && api.state != LifecycleState::Created && api.state != LifecycleState::Prototyped)
        return validationError(QStringLiteral("policies"),
                               QStringLiteral("A published API needs a business plan."));
    api.plans = plans;
    api.updatedAt = QDateTime::currentDateTimeUtc();
    if (auto s = m_store->updateApi(api); !s)
        return s.error();
    Q_EMIT apiChanged(id);
    return api;
}

Result<Api> PublisherService::changeLifecycle(const User &actor, const QString &id, const QString &action,
                                              const QStringList &checkedItems)
{
    if (auto s = actor.require(Role::Publisher); !s)
        return s.error();
    auto found = requireApi(id);
    if (!found)
        return found;
    auto api = found.value();
    const auto next = Lifecycle::apply(api.state, action);
    if (!next)
        return next.error();
    // The requirements the lifecycle page lists, in the same words.
    for (const auto &need : Lifecycle::requirements(api, next.value())) {
        if (!need.met)
            return validationError(need.field, need.missing);
    }
    const auto previous = api.state;
    api.state = next.value();
    api.updatedAt = QDateTime::currentDateTimeUtc();
    for (const auto &item : checkedItems) {
        if (!Lifecycle::publishChecklist().contains(item))
            return validationError(QStringLiteral("lifecycleChecklist"),
                                   QStringLiteral("Unknown checklist item '%1'.").arg(item));
    }
    // Older versions: the other published versions of this context.
    QList<Api> olderVersions;
    if (api.state == LifecycleState::Published &&
        checkedItems.contains(Lifecycle::publishChecklist().constFirst())) {
        for (const auto &other : m_store->apis()) {
            if (other.id != id && other.context == api.context && other.state == LifecycleState::Published)
                olderVersions << other;
        }
    }
    const bool retire = api.state == LifecycleState::Retired;
    const bool wasDeployed = retire && !m_store->deployments(id).isEmpty();
    const auto status = m_store->write([&]() -> Status {
        // Checked again under the write lock: a concurrent change would make `previous` a lie.
        if (const auto current = m_store->api(id); !current || current->state != previous)
            return conflictError(
                QStringLiteral("The API's lifecycle state changed meanwhile; reload it and try again."));
        // The history row shares the transaction, so a crash never leaves a state without its record.
        if (auto s = m_store->updateApi(api); !s)
            return s;
        if (auto s = m_store->insertLifecycleEvent({id, actor.name, previous, api.state, api.updatedAt}); !s)
            return s;
        for (auto &older : olderVersions) {
            const LifecycleEvent deprecated{older.id, actor.name, older.state, LifecycleState::Deprecated,
                                            api.updatedAt};
            older.state = LifecycleState::Deprecated;
            older.updatedAt = api.updatedAt;
            if (auto s = m_store->updateApi(older); !s)
                return s;
            if (auto s = m_store->insertLifecycleEvent(deprecated); !s)
                return s;
        }
        // A retired API is undeployed from every gateway.
        if (retire) {
            for (const auto &d : m_store->deployments(id)) {
                if (auto s = m_store->deleteDeployment(id, d.environment); !s)
                    return s;
            }
        }
        return Done{};
    });
    if (!status)
        return status.error();
    Q_EMIT apiChanged(id);
    for (const auto &older : std::as_const(olderVersions))
        Q_EMIT apiChanged(older.id);
    if (wasDeployed)
        Q_EMIT deploymentsChanged(id);
    return api;
}

QList<LifecycleEvent> PublisherService::lifecycleHistory(const QString &apiId) const
{
    return m_store->lifecycleEvents(apiId);
}

QList<Revision> PublisherService::revisions(const QString &apiId) const
{
    return m_store->revisions(apiId);
}

Result<Revision> PublisherService::createRevision(const User &actor, const QString &apiId,
                                                  const QString &description)
{
    if (auto s = requireAny(actor, Role::Creator, Role::Publisher); !s)
        return s.error();
    auto found = requireApi(apiId);
    if (!found)
        return found.error();
    if (description.size() > 255)
        return validationError(QStringLiteral("description"),
                               QStringLiteral("A revision description must be at most 255 characters."));
    Revision revision;
    const auto status = m_store->write([&]() -> Status {
        if (m_store->revisions(apiId).size() >= maxRevisions)
            return conflictError(
                QStringLiteral("An API can have at most %1 revisions; delete one to create another.")
                    .arg(maxRevisions));
        const auto number = m_store->takeRevisionNumber(apiId);
        if (!number)
            return number.error();
        revision.id = newId();
        revision.apiId = apiId;
        revision.number = number.value();
        revision.description = description;
        revision.snapshot = found.value();
        revision.createdAt = QDateTime::currentDateTimeUtc();
        return m_store->insertRevision(revision);
    });
    if (!status)
        return status.error();
    Q_EMIT revisionsChanged(apiId);
    return revision;
}

Status PublisherService::deleteRevision(const User &actor, const QString &apiId, const QString &revisionId)
{
    if (auto s = requireAny(actor, Role::Creator, Role::Publisher); !s)
        return s;
    const auto revision = m_store->revision(revisionId);
    if (!revision || revision->apiId != apiId)
        return notFoundError(QStringLiteral("Revision %1 of API %2 not found.").arg(revisionId, apiId));
    for (const auto &d : m_store->deployments(apiId)) {
        if (d.revisionId == revisionId)
            return conflictError(QStringLiteral("%1 is deployed to %2; undeploy it before deleting it.")
                                     .arg(revision->displayName(), d.environment));
    }
    if (auto s = m_store->deleteRevision(revisionId); !s)
        return s;
    Q_EMIT revisionsChanged(apiId);
    return Done{};
}

Result<Api> PublisherService::restoreRevision(const User &actor, const QString &apiId,
                                              const QString &revisionId)
{
    if (auto s = requireAny(actor, Role::Creator, Role::Publisher); !s)
        return s.error();
    auto found = requireApi(apiId);
    if (!found)
        return found;
    const auto revision = m_store->revision(revisionId);
    if (!revision || revision->apiId != apiId)
        return notFoundError(QStringLiteral("Revision %1 of API %2 not found.").arg(revisionId, apiId));
    auto api = found.value();
    const auto &snap = revision->snapshot;
    if (auto other = m_store->apiByContext(snap.context, snap.version); other && other->id != apiId)
        return conflictError(QStringLiteral("Another API now uses context %1 and version %2.")
                                 .arg(snap.context, snap.version));
    // The lifecycle state is not part of what a revision restores.
    applyDraft(api, ApiDraft{snap.name, snap.context, snap.version, snap.productionEndpoint,
                             snap.sandboxEndpoint, snap.plans, snap.topics, snap.description});
    if (auto s = m_store->updateApi(api); !s)
        return s.error();
    Q_EMIT apiChanged(apiId);
    return api;
}

QList<Revision> PublisherService::undeployedRevisions(const QString &apiId) const
{
    const auto deployed = m_store->deployments(apiId);
    QList<Revision> free;
    for (const auto &revision : m_store->revisions(apiId)) {
        if (std::none_of(deployed.begin(), deployed.end(),
                         [&](const Deployment &d) { return d.revisionId == revision.id; }))
            free << revision;
    }
    return free;
}

QList<Deployment> PublisherService::deployments(const QString &apiId) const
{
    return m_store->deployments(apiId);
}

Result<Deployment> PublisherService::deployRevision(const User &actor, const QString &apiId,
                                                    const QString &revisionId, const QString &environment,
                                                    const QString &vhost, bool displayOnDevportal)
{
    if (auto s = actor.require(Role::Publisher); !s)
        return s.error();
    auto found = requireApi(apiId);
    if (!found)
        return found.error();
    if (found->state == LifecycleState::Retired)
        return conflictError(QStringLiteral("A retired API cannot be deployed."));
    const auto revision = m_store->revision(revisionId);
    if (!revision || revision->apiId != apiId)
        return notFoundError(QStringLiteral("Revision %1 of API %2 not found.").arg(revisionId, apiId));
    const auto env = m_store->environment(environment);
    if (!env)
        return validationError(QStringLiteral("name"),
                               QStringLiteral("Unknown gateway environment '%1'.").arg(environment));
    const auto host = vhost.isEmpty() ? env->vhost : vhost;
    if (host != env->vhost)
        return validationError(QStringLiteral("vhost"),
                               QStringLiteral("The environment %1 serves the vhost %2, not %3.")
                                   .arg(env->name, env->vhost, host));
    const Deployment deployment{apiId, revisionId,         env->name,
                                host,  displayOnDevportal, QDateTime::currentDateTimeUtc()};
    if (auto s = m_store->upsertDeployment(deployment); !s)
        return s.error();
    Q_EMIT deploymentsChanged(apiId);
    return deployment;
}

Status PublisherService::undeployRevision(const User &actor, const QString &apiId, const QString &revisionId,
                                          const QString &environment)
{
    if (auto s = actor.require(Role::Publisher); !s)
        return s;
    for (const auto &d : m_store->deployments(apiId)) {
        if (d.revisionId == revisionId && d.environment == environment) {
            if (auto s = m_store->deleteDeployment(apiId, environment); !s)
                return s;
            Q_EMIT deploymentsChanged(apiId);
            return Done{};
        }
    }
    return notFoundError(
        QStringLiteral("Revision %1 of API %2 is not deployed to %3.").arg(revisionId, apiId, environment));
}

QList<Subscription> PublisherService::subscriptions(const User &actor, const QString &apiId) const
{
    if (!actor.has(Role::Publisher) && !actor.has(Role::Creator))
        return {};
    return m_store->subscriptions(apiId);
}

QList<ApiSubscriber> PublisherService::subscribers(const User &actor, const QString &apiId) const
{
    QList<ApiSubscriber> list;
    for (const auto &sub : subscriptions(actor, apiId)) {
        const auto app = m_store->application(sub.applicationId);
        list.append({sub, app ? app->name : QString(), app ? app->owner : QString()});
    }
    return list;
}

Result<Subscription> PublisherService::setSubscriptionStatus(const User &actor, const QString &subscriptionId,
                                                             SubscriptionStatus status)
{
    if (auto s = actor.require(Role::Publisher); !s)
        return s.error();
    auto sub = m_store->subscription(subscriptionId);
    if (!sub)
        return notFoundError(QStringLiteral("Subscription %1 not found.").arg(subscriptionId));
    if (auto s = m_store->updateSubscriptionStatus(subscriptionId, status); !s)
        return s.error();
    sub->status = status;
    Q_EMIT subscriptionChanged(subscriptionId);
    return *sub;
}

} // namespace sd::models
