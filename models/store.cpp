#include "models/store.h"

#include "models/apiqueries.h"
#include "models/applicationqueries.h"
#include "models/referencequeries.h"
#include "models/storeconnections.h"
#include "models/storequery.h"
#include "models/storeschema.h"
#include "models/subscriptionqueries.h"
#include "models/tokenqueries.h"
#include "models/userqueries.h"

#include <QFile>
#include <QFileInfo>

namespace sd::models {

Store::Store(const QString &path)
    : m_path(path)
    , m_connections(std::make_shared<StoreConnections>(path))
{}

Store::~Store()
{
    m_connections->closeAll();
}

QSqlDatabase Store::connection() const
{
    return m_connections->connection();
}

Result<std::shared_ptr<Store>> Store::open(const QString &path, int targetVersion)
{
    // SQLite's own words ("unable to open database file", "disk I/O error") do not say what to do.
    const QString unusableHint = QStringLiteral(
        "Check that this user may write to its directory and that the disk has free space, or start with "
        "another --data-dir.");
    const QFileInfo info(path);
    if (info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return storageError(
                QStringLiteral("Cannot read the database file %1: %2").arg(path, file.errorString()));
        const auto header = file.read(16);
        if (!header.isEmpty() && header != QByteArrayLiteral("SQLite format 3\0"))
            return storageError(
                QStringLiteral(
                    "The database file %1 is not a StreamDesk database (not SQLite); it was left untouched.")
                    .arg(path));
    }
    std::shared_ptr<Store> store(new Store(path));
    auto db = store->connection();
    if (!db.isOpen())
        return storageError(QStringLiteral("Cannot open the database file %1: %2. %3")
                                .arg(path, db.lastError().text(), unusableHint));
    {
        StoreQuery check(db, QStringLiteral("PRAGMA quick_check"));
        if (!check.next() || check.value(0).toString() != u"ok")
            return storageError(
                QStringLiteral("The database file %1 is damaged (%2); it was left untouched. "
                               "Restore it from a backup or start with another --data-dir.")
                    .arg(path, check.ok() ? check.value(0).toString() : check.error().text()));
    }
    {
        const StoreQuery wal(db, QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!wal.ok())
            return storageError(QStringLiteral("Cannot use the database file %1: %2. %3")
                                    .arg(path, wal.error().text(), unusableHint));
    }
    if (const auto migrated = StoreSchema::migrate(*store, db, targetVersion); !migrated)
        return migrated.error();
    return store;
}

int Store::schemaVersion() const
{
    return StoreSchema::version(connection());
}

QString Store::integrityCheck() const
{
    StoreQuery q(connection(), QStringLiteral("PRAGMA integrity_check"));
    return q.next() ? q.value(0).toString() : q.error().text();
}

Status Store::write(const std::function<Status()> &body) const
{
    auto db = connection();
    const StoreQuery begin(db, QStringLiteral("BEGIN IMMEDIATE"));
    if (!begin.ok())
        return storageError(
            QStringLiteral("Cannot start a transaction on %1: %2").arg(m_path, begin.error().text()));
    auto result = body();
    if (!result) {
        const StoreQuery rollback(db, QStringLiteral("ROLLBACK"));
        return result;
    }
    const StoreQuery commit(db, QStringLiteral("COMMIT"));
    if (!commit.ok()) {
        const StoreQuery rollback(db, QStringLiteral("ROLLBACK"));
        return storageError(QStringLiteral("Cannot commit to %1: %2").arg(m_path, commit.error().text()));
    }
    return result;
}

QList<BusinessPlan> Store::plans() const
{
    return ReferenceQueries(connection()).plans();
}

std::optional<BusinessPlan> Store::plan(const QString &name) const
{
    return ReferenceQueries(connection()).plan(name);
}

QList<ApplicationQuota> Store::quotas() const
{
    return ReferenceQueries(connection()).quotas();
}

std::optional<ApplicationQuota> Store::quota(const QString &name) const
{
    return ReferenceQueries(connection()).quota(name);
}

QList<GatewayEnvironment> Store::environments() const
{
    return ReferenceQueries(connection()).environments();
}

std::optional<GatewayEnvironment> Store::environment(const QString &name) const
{
    return ReferenceQueries(connection()).environment(name);
}

QList<User> Store::users() const
{
    return UserQueries(connection()).users();
}

std::optional<UserRecord> Store::user(const QString &name) const
{
    return UserQueries(connection()).user(name);
}

Status Store::insertUser(const User &user, const QString &passwordHash) const
{
    return UserQueries(connection()).insertUser(user, passwordHash);
}

Status Store::updateUser(const User &user, const QString &passwordHash) const
{
    return UserQueries(connection()).updateUser(user, passwordHash);
}

Status Store::deleteUser(const QString &name) const
{
    return UserQueries(connection()).deleteUser(name);
}

QList<Api> Store::apis() const
{
    return ApiQueries(connection()).apis();
}

std::optional<Api> Store::api(const QString &id) const
{
    return ApiQueries(connection()).api(id);
}

std::optional<Api> Store::apiByContext(const QString &context, const QString &version) const
{
    return ApiQueries(connection()).apiByContext(context, version);
}

Status Store::insertApi(const Api &api) const
{
    return ApiQueries(connection()).insertApi(api);
}

Status Store::updateApi(const Api &api) const
{
    return ApiQueries(connection()).updateApi(api);
}

Status Store::deleteApi(const QString &id) const
{
    return ApiQueries(connection()).deleteApi(id);
}

QList<Revision> Store::revisions(const QString &apiId) const
{
    return ApiQueries(connection()).revisions(apiId);
}

std::optional<Revision> Store::revision(const QString &id) const
{
    return ApiQueries(connection()).revision(id);
}

Result<int> Store::takeRevisionNumber(const QString &apiId) const
{
    return ApiQueries(connection()).takeRevisionNumber(apiId);
}

Status Store::insertRevision(const Revision &revision) const
{
    return ApiQueries(connection()).insertRevision(revision);
}

Status Store::deleteRevision(const QString &id) const
{
    return ApiQueries(connection()).deleteRevision(id);
}

QList<Deployment> Store::deployments(const QString &apiId) const
{
    return ApiQueries(connection()).deployments(apiId);
}

Status Store::upsertDeployment(const Deployment &deployment) const
{
    return ApiQueries(connection()).upsertDeployment(deployment);
}

Status Store::deleteDeployment(const QString &apiId, const QString &environment) const
{
    return ApiQueries(connection()).deleteDeployment(apiId, environment);
}

QList<LifecycleEvent> Store::lifecycleEvents(const QString &apiId) const
{
    return ApiQueries(connection()).lifecycleEvents(apiId);
}

Status Store::insertLifecycleEvent(const LifecycleEvent &event) const
{
    return ApiQueries(connection()).insertLifecycleEvent(event);
}

QList<Application> Store::applications(const QString &owner) const
{
    return ApplicationQueries(connection()).applications(owner);
}

std::optional<Application> Store::application(const QString &id) const
{
    return ApplicationQueries(connection()).application(id);
}

Status Store::insertApplication(const Application &app) const
{
    return ApplicationQueries(connection()).insertApplication(app);
}

Status Store::updateApplication(const Application &app) const
{
    return ApplicationQueries(connection()).updateApplication(app);
}

Status Store::deleteApplication(const QString &id) const
{
    return ApplicationQueries(connection()).deleteApplication(id);
}

QList<KeySet> Store::keySets(const QString &applicationId) const
{
    return ApplicationQueries(connection()).keySets(applicationId);
}

std::optional<KeySet> Store::keySet(const QString &id) const
{
    return ApplicationQueries(connection()).keySet(id);
}

std::optional<KeySet> Store::keySetByConsumerKey(const QString &consumerKey) const
{
    return ApplicationQueries(connection()).keySetByConsumerKey(consumerKey);
}

Status Store::insertKeySet(const KeySet &keys) const
{
    return ApplicationQueries(connection()).insertKeySet(keys);
}

Status Store::updateKeySetSecret(const QString &id, const QString &secretHash) const
{
    return ApplicationQueries(connection()).updateKeySetSecret(id, secretHash);
}

Status Store::deleteKeySet(const QString &id) const
{
    return ApplicationQueries(connection()).deleteKeySet(id);
}

QList<Subscription> Store::subscriptions(const QString &apiId, const QString &applicationId) const
{
    return SubscriptionQueries(connection()).subscriptions(apiId, applicationId);
}

std::optional<Subscription> Store::subscription(const QString &id) const
{
    return SubscriptionQueries(connection()).subscription(id);
}

std::optional<Subscription> Store::subscriptionFor(const QString &applicationId, const QString &apiId) const
{
    return SubscriptionQueries(connection()).subscriptionFor(applicationId, apiId);
}

Status Store::insertSubscription(const Subscription &sub) const
{
    return SubscriptionQueries(connection()).insertSubscription(sub);
}

Status Store::updateSubscriptionStatus(const QString &id, SubscriptionStatus status) const
{
    return SubscriptionQueries(connection()).updateSubscriptionStatus(id, status);
}

Status Store::deleteSubscription(const QString &id) const
{
    return SubscriptionQueries(connection()).deleteSubscription(id);
}

qint64 Store::eventUsage(const QString &subscriptionId, qint64 windowStart) const
{
    return SubscriptionQueries(connection()).eventUsage(subscriptionId, windowStart);
}

Status Store::addEventUsage(const QString &subscriptionId, qint64 windowStart, qint64 events) const
{
    return SubscriptionQueries(connection()).addEventUsage(subscriptionId, windowStart, events);
}

Status Store::insertToken(const IssuedToken &token) const
{
    return TokenQueries(connection()).insertToken(token);
}

std::optional<IssuedToken> Store::token(const QString &jti) const
{
    return TokenQueries(connection()).token(jti);
}

std::optional<IssuedToken> Store::tokenByHash(const QByteArray &hash) const
{
    return TokenQueries(connection()).tokenByHash(hash);
}

Result<bool> Store::revokeToken(const QString &jti) const
{
    return TokenQueries(connection()).revokeToken(jti);
}

QStringList Store::activeTokenIds(const QString &keySetId) const
{
    return TokenQueries(connection()).activeTokenIds(keySetId);
}

} // namespace sd::models
