#include "models/storeschema.h"

#include "models/gatewayenvironment.h"
#include "models/passwordhasher.h"
#include "models/store.h"
#include "models/storequery.h"
#include "models/user.h"

namespace sd::models {

namespace {

const char *const schemaV1[] = {
    "CREATE TABLE users(name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, roles INTEGER NOT NULL)",
    "CREATE TABLE plans(name TEXT PRIMARY KEY, description TEXT NOT NULL, event_limit INTEGER NOT NULL,"
    " window_seconds INTEGER NOT NULL)",
    "CREATE TABLE app_quotas(name TEXT PRIMARY KEY, description TEXT NOT NULL,"
    " requests_per_minute INTEGER NOT NULL)",
    "CREATE TABLE environments(name TEXT PRIMARY KEY, type TEXT NOT NULL, display_name TEXT NOT NULL,"
    " vhost TEXT NOT NULL, http_port INTEGER NOT NULL, https_port INTEGER NOT NULL)",
    "CREATE TABLE apis(id TEXT PRIMARY KEY, name TEXT NOT NULL, context TEXT NOT NULL, version TEXT NOT NULL,"
    " protocol TEXT NOT NULL, production_endpoint TEXT NOT NULL, sandbox_endpoint TEXT NOT NULL,"
    " topics TEXT NOT NULL, plans TEXT NOT NULL, state TEXT NOT NULL, owner TEXT NOT NULL,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision_counter INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE(context, version))",
    "CREATE TABLE revisions(id TEXT PRIMARY KEY, api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,"
    " number INTEGER NOT NULL, description TEXT NOT NULL, snapshot TEXT NOT NULL, created_at TEXT NOT NULL,"
    " UNIQUE(api_id, number))",
    "CREATE TABLE deployments(api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,"
    " revision_id TEXT NOT NULL REFERENCES revisions(id), environment TEXT NOT NULL REFERENCES "
    "environments(name),"
    " vhost TEXT NOT NULL, display_on_devportal INTEGER NOT NULL, deployed_at TEXT NOT NULL,"
    " PRIMARY KEY(api_id, environment))",
    "CREATE TABLE applications(id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,"
    " quota TEXT NOT NULL REFERENCES app_quotas(name), description TEXT NOT NULL, token_type TEXT NOT NULL,"
    " created_at TEXT NOT NULL, UNIQUE(owner, name))",
    "CREATE TABLE key_sets(id TEXT PRIMARY KEY,"
    " application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE, key_type TEXT NOT NULL,"
    " consumer_key TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL, grant_types TEXT NOT NULL,"
    " validity_seconds INTEGER NOT NULL, UNIQUE(application_id, key_type))",
    "CREATE TABLE subscriptions(id TEXT PRIMARY KEY,"
    " application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,"
    " api_id TEXT NOT NULL REFERENCES apis(id), plan TEXT NOT NULL REFERENCES plans(name),"
    " status TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE(application_id, api_id))",
    "CREATE TABLE tokens(jti TEXT PRIMARY KEY, key_set_id TEXT NOT NULL REFERENCES key_sets(id) ON DELETE "
    "CASCADE,"
    " token_hash BLOB, issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT "
    "0)",
};

// Version 2: API descriptions and persistent event metering.
const char *const schemaV2[] = {
    "ALTER TABLE apis ADD COLUMN description TEXT NOT NULL DEFAULT ''",
    ("CREATE TABLE event_usage(subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,"
     " window_start INTEGER NOT NULL, events INTEGER NOT NULL, PRIMARY KEY(subscription_id, window_start))"),
    "CREATE INDEX tokens_by_hash ON tokens(token_hash)",
    "CREATE INDEX subscriptions_by_api ON subscriptions(api_id)",
};

// Version 3: lifecycle history.
const char *const schemaV3[] = {
    "CREATE TABLE lifecycle_events(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE, user TEXT NOT NULL,"
    " from_state TEXT NOT NULL, to_state TEXT NOT NULL, at TEXT NOT NULL)",
    "CREATE INDEX lifecycle_events_by_api ON lifecycle_events(api_id, seq)",
};

template <std::size_t N>
Status runAll(const QSqlDatabase &db, const QString &path, const char *const (&statements)[N])
{
    for (const char *sql : statements) {
        StoreQuery q(db, QString::fromLatin1(sql));
        if (!q.ok())
            return storageError(QStringLiteral("Migrating %1 failed: %2").arg(path, q.error().text()));
    }
    return Done{};
}

/// A seeded plan or application quota: name, description, limit.
using NamedLimit = std::tuple<const char16_t *, const char16_t *, qint64>;

template <std::size_t N>
Status insertAll(const QSqlDatabase &db, const QString &sql, const NamedLimit (&rows)[N])
{
    for (const auto &[name, description, limit] : rows) {
        StoreQuery q(db, sql, {QString::fromUtf16(name), QString::fromUtf16(description), limit});
        if (!q.ok())
            return q.status();
    }
    return Done{};
}

} // namespace

int StoreSchema::version(const QSqlDatabase &db)
{
    StoreQuery q(db, QStringLiteral("PRAGMA user_version"));
    return q.next() ? q.value(0).toInt() : -1;
}

Status StoreSchema::migrate(const Store &store, const QSqlDatabase &db, int targetVersion)
{
    const int from = version(db);
    if (from > Store::currentSchemaVersion)
        return storageError(
            QStringLiteral("The database file %1 has schema version %2, newer than this StreamDesk "
                           "understands (%3); it was left untouched.")
                .arg(store.path())
                .arg(from)
                .arg(Store::currentSchemaVersion));
    for (int version = from + 1; version <= targetVersion; ++version) {
        const auto status = store.write([&]() -> Status {
            if (auto s = step(db, store.path(), version); !s)
                return s;
            StoreQuery setVersion(db, QStringLiteral("PRAGMA user_version = %1").arg(version));
            return setVersion.status();
        });
        if (!status)
            return status;
        qCInfo(lcStore) << "Migrated" << store.path() << "to schema version" << version;
    }
    return Done{};
}

Status StoreSchema::step(const QSqlDatabase &db, const QString &path, int version)
{
    switch (version) {
    case 1:
        if (auto s = runAll(db, path, schemaV1); !s)
            return s;
        return seedDefaults(db);
    case 2:
        return runAll(db, path, schemaV2);
    case 3:
        return runAll(db, path, schemaV3);
    default:
        return Done{};
    }
}

Status StoreSchema::seedDefaults(const QSqlDatabase &db)
{
    const NamedLimit plans[] = {{u"AsyncGold", u"Allows 50000 events per day", 50000},
                                {u"AsyncSilver", u"Allows 25000 events per day", 25000},
                                {u"AsyncBronze", u"Allows 5000 events per day", 5000},
                                {u"AsyncUnlimited", u"Allows unlimited events", -1}};
    if (auto s = insertAll(db, QStringLiteral("INSERT INTO plans VALUES(?, ?, ?, 86400)"), plans); !s)
        return s;
    const NamedLimit quotas[] = {{u"10PerMin", u"Allows 10 requests per minute", 10},
                                 {u"20PerMin", u"Allows 20 requests per minute", 20},
                                 {u"50PerMin", u"Allows 50 requests per minute", 50},
                                 {u"Unlimited", u"Allows unlimited requests", -1}};
    if (auto s = insertAll(db, QStringLiteral("INSERT INTO app_quotas VALUES(?, ?, ?)"), quotas); !s)
        return s;
    const GatewayEnvironment env;
    StoreQuery e(db, QStringLiteral("INSERT INTO environments VALUES(?, ?, ?, ?, ?, ?)"),
                 {env.name, env.type, env.displayName, env.vhost, env.httpPort, env.httpsPort});
    if (!e.ok())
        return e.status();
    StoreQuery u(db, QStringLiteral("INSERT INTO users VALUES(?, ?, ?)"),
                 {QStringLiteral("admin"), PasswordHasher::hash(QStringLiteral("admin")),
                  int(Roles(Role::Admin | Role::Creator | Role::Publisher | Role::Subscriber))});
    return u.status();
}

} // namespace sd::models
