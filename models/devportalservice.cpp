#include "models/devportalservice.h"

#include "models/passwordhasher.h"
#include "models/validator.h"

#include <QUuid>

namespace sd::models {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

DevPortalService::DevPortalService(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{}

QList<Api> DevPortalService::visibleApis() const
{
    QList<Api> visible;
    for (const auto &api : m_store->apis()) {
        if (Lifecycle::isVisible(api.state))
            visible << api;
    }
    return visible;
}

std::optional<Api> DevPortalService::visibleApi(const QString &id) const
{
    auto api = m_store->api(id);
    if (!api || !Lifecycle::isVisible(api->state))
        return std::nullopt;
    return api;
}

QList<ApplicationQuota> DevPortalService::quotas() const
{
    return m_store->quotas();
}

QList<Application> DevPortalService::applications(const User &actor) const
{
    if (!actor.has(Role::Subscriber))
        return {};
    return m_store->applications(actor.isAdmin() ? QString() : actor.name);
}

Result<Application> DevPortalService::ownedApplication(const User &actor, const QString &id) const
{
    if (auto s = actor.require(Role::Subscriber); !s)
        return s.error();
    const auto app = m_store->application(id);
    // Someone else's application is reported as missing, so ids of others cannot be probed.
    if (!app || (app->owner != actor.name && !actor.isAdmin()))
        return notFoundError(QStringLiteral("Application %1 not found.").arg(id));
    return *app;
}

Result<Application> DevPortalService::application(const User &actor, const QString &id) const
{
    return ownedApplication(actor, id);
}

Status DevPortalService::checkDraft(const User &owner, const ApplicationDraft &draft,
                                    const QString &exceptId) const
{
    if (auto s = Validator::applicationName(draft.name); !s)
        return s;
    if (!m_store->quota(draft.quota))
        return validationError(QStringLiteral("throttlingPolicy"),
                               QStringLiteral("Unknown application quota '%1'.").arg(draft.quota));
    if (draft.description.size() > 512)
        return validationError(QStringLiteral("description"),
                               QStringLiteral("The description must be at most 512 characters."));
    for (const auto &existing : m_store->applications(owner.name)) {
        if (existing.id != exceptId && existing.name.compare(draft.name, Qt::CaseInsensitive) == 0)
            return conflictError(QStringLiteral("An application named '%1' already exists.").arg(draft.name));
    }
    return Done{};
}

Result<Application> DevPortalService::createApplication(const User &actor, const ApplicationDraft &draft)
{
    if (auto s = actor.require(Role::Subscriber); !s)
        return s.error();
    if (auto s = checkDraft(actor, draft, {}); !s)
        return s.error();
    Application app{newId(),
                    actor.name,
                    draft.name,
                    draft.quota,
                    draft.description,
                    draft.tokenType,
                    QDateTime::currentDateTimeUtc()};
    if (auto s = m_store->insertApplication(app); !s)
        return s.error();
    Q_EMIT applicationChanged(app.id);
    return app;
}

Result<Application> DevPortalService::updateApplication(const User &actor, const QString &id,
                                                        const ApplicationDraft &draft)
{
    auto app = ownedApplication(actor, id);
    if (!app)
        return app;
    if (auto s = checkDraft(User{app->owner, {}}, draft, id); !s)
        return s.error();
    auto updated = app.value();
    updated.name = draft.name;
    updated.quota = draft.quota;
    updated.description = draft.description;
    updated.tokenType = draft.tokenType;
    if (auto s = m_store->updateApplication(updated); !s)
        return s.error();
    Q_EMIT applicationChanged(id);
    return updated;
}

Status DevPortalService::deleteApplication(const User &actor, const QString &id)
{
    const auto app = ownedApplication(actor, id);
    if (!app)
        return app.error();
    const auto subs = m_store->subscriptions({}, id);
    // Subscriptions, key sets and tokens go with the application (cascade), in one transaction.
    if (auto s = m_store->write([&] { return m_store->deleteApplication(id); }); !s)
        return s;
    for (const auto &sub : subs)
        Q_EMIT subscriptionRemoved(sub.id);
    Q_EMIT applicationRemoved(id);
    return Done{};
}

QList<Subscription> DevPortalService::subscriptions(const User &actor, const QString &applicationId) const
{
    QList<Subscription> result;
    for (const auto &app : applications(actor)) {
        if (applicationId.isEmpty() || app.id == applicationId)
            result << m_store->subscriptions({}, app.id);
    }
    return result;
}

Result<Subscription> DevPortalService::subscription(const User &actor, const QString &id) const
{
    const auto sub = m_store->subscription(id);
    if (!sub || !ownedApplication(actor, sub->applicationId))
        return notFoundError(QStringLiteral("Subscription %1 not found.").arg(id));
    return *sub;
}

Result<Subscription> DevPortalService::subscribe(const User &actor, const QString &applicationId,
                                                 const QString &apiId, const QString &plan)
{
    const auto app = ownedApplication(actor, applicationId);
    if (!app)
        return app.error();
    const auto api = m_store->api(apiId);
    if (!api || !Lifecycle::isVisible(api->state))
        return notFoundError(QStringLiteral("API %1 not found.").arg(apiId));
    if (!Lifecycle::acceptsSubscriptions(api->state))
        return validationError(QStringLiteral("apiId"),
                               QStringLiteral("The API is %1 and takes no new subscriptions.")
                                   .arg(Lifecycle::stateName(api->state)));
    const auto chosen = plan.isEmpty() ? api->plans.value(0) : plan;
    if (chosen.isEmpty() || !api->plans.contains(chosen))
        return validationError(QStringLiteral("throttlingPolicy"),
                               QStringLiteral("The API does not offer the business plan '%1'; it offers: %2.")
                                   .arg(chosen, api->plans.join(QStringLiteral(", "))));
    if (m_store->subscriptionFor(applicationId, apiId))
        return conflictError(QStringLiteral("The application '%1' is already subscribed to %2 %3.")
                                 .arg(app->name, api->name, api->version));
    Subscription sub{newId(),
                     applicationId,
                     apiId,
                     chosen,
                     SubscriptionStatus::Unblocked,
                     QDateTime::currentDateTimeUtc()};
    if (auto s = m_store->insertSubscription(sub); !s)
        return s.error();
    Q_EMIT subscriptionChanged(sub.id);
    return sub;
}

Status DevPortalService::unsubscribe(const User &actor, const QString &subscriptionId)
{
    const auto sub = subscription(actor, subscriptionId);
    if (!sub)
        return sub.error();
    if (auto s = m_store->write([&] { return m_store->deleteSubscription(subscriptionId); }); !s)
        return s;
    Q_EMIT subscriptionRemoved(subscriptionId);
    return Done{};
}

QList<KeySet> DevPortalService::keySets(const User &actor, const QString &applicationId) const
{
    if (!ownedApplication(actor, applicationId))
        return {};
    return m_store->keySets(applicationId);
}

Result<GeneratedKeys> DevPortalService::generateKeys(const User &actor, const QString &applicationId,
                                                     KeyType keyType, const QStringList &grantTypes,
                                                     qint64 validitySeconds)
{
    const auto app = ownedApplication(actor, applicationId);
    if (!app)
        return app.error();
    const QStringList grants =
        grantTypes.isEmpty() ? QStringList{QStringLiteral("client_credentials")} : grantTypes;
    for (const auto &g : grants) {
        if (g != u"client_credentials")
            return validationError(
                QStringLiteral("grantTypesToBeSupported"),
                QStringLiteral("Unsupported grant type '%1'; StreamDesk supports client_credentials.")
                    .arg(g));
    }
    if (validitySeconds < 1 || validitySeconds > 365LL * 86400)
        return validationError(QStringLiteral("validityTime"),
                               QStringLiteral("The token validity must be between 1 second and 365 days."));
    for (const auto &existing : m_store->keySets(applicationId)) {
        if (existing.keyType == keyType)
            return conflictError(
                QStringLiteral("The application already has %1 keys.").arg(KeySet::keyTypeName(keyType)));
    }
    GeneratedKeys generated;
    generated.consumerSecret = PasswordHasher::randomToken(24);
    generated.keys = KeySet{newId(),
                            applicationId,
                            keyType,
                            PasswordHasher::randomToken(21),
                            PasswordHasher::hash(generated.consumerSecret),
                            grants,
                            validitySeconds};
    if (auto s = m_store->insertKeySet(generated.keys); !s)
        return s.error();
    Q_EMIT keysGenerated(applicationId);
    return generated;
}

Result<KeySet> DevPortalService::ownedKeySet(const User &actor, const QString &keySetId) const
{
    const auto keys = m_store->keySet(keySetId);
    if (!keys || !ownedApplication(actor, keys->applicationId))
        return notFoundError(QStringLiteral("Keys %1 not found.").arg(keySetId));
    return *keys;
}

Status DevPortalService::deleteKeys(const User &actor, const QString &keySetId)
{
    const auto keys = ownedKeySet(actor, keySetId);
    if (!keys)
        return keys.error();
    if (auto s = m_store->write([&] { return m_store->deleteKeySet(keySetId); }); !s)
        return s;
    m_verified.forget(keySetId);
    Q_EMIT keysGenerated(keys->applicationId);
    return Done{};
}

Result<QString> DevPortalService::regenerateSecret(const User &actor, const QString &keySetId)
{
    const auto keys = ownedKeySet(actor, keySetId);
    if (!keys)
        return keys.error();
    const QString secret = PasswordHasher::randomToken(24);
    if (auto s = m_store->updateKeySetSecret(keySetId, PasswordHasher::hash(secret)); !s)
        return s.error();
    m_verified.forget(keySetId);
    Q_EMIT keysGenerated(keys->applicationId);
    return secret;
}

Result<KeySet> DevPortalService::authenticateClient(const QString &consumerKey,
                                                    const QString &consumerSecret) const
{
    const auto keys = m_store->keySetByConsumerKey(consumerKey);
    if (!keys || !m_verified.verify(keys->id, consumerSecret, keys->secretHash))
        return Error{Error::Kind::Unauthorized, QStringLiteral("Client authentication failed."), {}};
    return *keys;
}

} // namespace sd::models
