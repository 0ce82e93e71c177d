#pragma once

#include "models/api.h"
#include "models/application.h"
#include "models/businessplan.h"
#include "models/deployment.h"
#include "models/gatewayenvironment.h"
#include "models/issuedtoken.h"
#include "models/keyset.h"
#include "models/lifecycleevent.h"
#include "models/result.h"
#include "models/revision.h"
#include "models/subscription.h"
#include "models/user.h"

#include <QSqlDatabase>
#include <functional>
#include <memory>
#include <optional>

namespace sd::models {

class StoreConnections;

/// A user with the stored password hash (only the account service sees this).
struct UserRecord
{
    User user;
    QString passwordHash;
};

/// The SQLite store. Thread-safe: each thread gets its own connection; SQLite serialises writers.
/// Every multi-row change runs inside write(), one transaction, so a crash leaves all or nothing.
/// A facade: the schema and its migrations are StoreSchema, the statements are grouped by what they
/// touch (ReferenceQueries, UserQueries, ApiQueries, ApplicationQueries, SubscriptionQueries,
/// TokenQueries), rows map to values in StoreRows.
class Store final
{
    Q_DISABLE_COPY_MOVE(Store)

public:
    static constexpr int currentSchemaVersion = 3;

    /// Opens (creating if missing) and migrates. A corrupt or foreign file is an error naming it,
    /// and is left untouched. `targetVersion` below current exists for migration tests.
    static Result<std::shared_ptr<Store>> open(const QString &path, int targetVersion = currentSchemaVersion);
    ~Store();

    QString path() const { return m_path; }
    int schemaVersion() const;
    /// `PRAGMA integrity_check` result: "ok" when healthy.
    QString integrityCheck() const;

    /// Runs `body` in one immediate transaction; commits when it succeeds, rolls back otherwise.
    Status write(const std::function<Status()> &body) const;

    // Reference data
    QList<BusinessPlan> plans() const;
    std::optional<BusinessPlan> plan(const QString &name) const;
    QList<ApplicationQuota> quotas() const;
    std::optional<ApplicationQuota> quota(const QString &name) const;
    QList<GatewayEnvironment> environments() const;
    std::optional<GatewayEnvironment> environment(const QString &name) const;

    // Users
    QList<User> users() const;
    std::optional<UserRecord> user(const QString &name) const;
    Status insertUser(const User &user, const QString &passwordHash) const;
    Status updateUser(const User &user, const QString &passwordHash) const;
    Status deleteUser(const QString &name) const;

    // APIs, revisions, deployments
    QList<Api> apis() const;
    std::optional<Api> api(const QString &id) const;
    std::optional<Api> apiByContext(const QString &context, const QString &version) const;
    Status insertApi(const Api &api) const;
    Status updateApi(const Api &api) const;
    Status deleteApi(const QString &id) const;
    QList<Revision> revisions(const QString &apiId) const;
    std::optional<Revision> revision(const QString &id) const;
    /// Numbers keep counting up after deletions, as users expect of "Revision N".
    Result<int> takeRevisionNumber(const QString &apiId) const;
    Status insertRevision(const Revision &revision) const;
    Status deleteRevision(const QString &id) const;
    QList<Deployment> deployments(const QString &apiId = {}) const;
    Status upsertDeployment(const Deployment &deployment) const;
    Status deleteDeployment(const QString &apiId, const QString &environment) const;
    /// Oldest first; transitions made in the same instant keep the order they were recorded in.
    QList<LifecycleEvent> lifecycleEvents(const QString &apiId) const;
    Status insertLifecycleEvent(const LifecycleEvent &event) const;

    // Applications, keys, subscriptions, tokens
    QList<Application> applications(const QString &owner = {}) const;
    std::optional<Application> application(const QString &id) const;
    Status insertApplication(const Application &app) const;
    Status updateApplication(const Application &app) const;
    Status deleteApplication(const QString &id) const;
    QList<KeySet> keySets(const QString &applicationId) const;
    std::optional<KeySet> keySet(const QString &id) const;
    std::optional<KeySet> keySetByConsumerKey(const QString &consumerKey) const;
    Status insertKeySet(const KeySet &keys) const;
    Status updateKeySetSecret(const QString &id, const QString &secretHash) const;
    /// Removes the key set and, by cascade, its token records.
    Status deleteKeySet(const QString &id) const;
    QList<Subscription> subscriptions(const QString &apiId = {}, const QString &applicationId = {}) const;
    std::optional<Subscription> subscription(const QString &id) const;
    std::optional<Subscription> subscriptionFor(const QString &applicationId, const QString &apiId) const;
    Status insertSubscription(const Subscription &sub) const;
    Status updateSubscriptionStatus(const QString &id, SubscriptionStatus status) const;
    Status deleteSubscription(const QString &id) const;
    Status insertToken(const IssuedToken &token) const;
    std::optional<IssuedToken> token(const QString &jti) const;
    std::optional<IssuedToken> tokenByHash(const QByteArray &hash) const;
    /// Marks revoked; returns whether a token was found.
    Result<bool> revokeToken(const QString &jti) const;
    QStringList activeTokenIds(const QString &keySetId) const;

    // Event metering
    qint64 eventUsage(const QString &subscriptionId, qint64 windowStart) const;
    Status addEventUsage(const QString &subscriptionId, qint64 windowStart, qint64 events) const;

private:
    explicit Store(const QString &path);
    QSqlDatabase connection() const;

    QString m_path;
    std::shared_ptr<StoreConnections> m_connections; // shared with the threads' end handlers
};

} // namespace sd::models
