#include "models/store.h"

#include "models/passwordhasher.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <atomic>

namespace sd::models {

Q_LOGGING_CATEGORY(lcStore, "streamdesk.models.store")

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

QString isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString iso(const QDateTime &dt)
{
    return dt.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QVariant &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QString toJsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonArray topicsToJson(const QList<Topic> &topics)
{
    QJsonArray array;
    for (const auto &t : topics)
        array.append(QJsonObject{{QStringLiteral("target"), t.target}, {QStringLiteral("verb"), t.verb}});
    return array;
}

QList<Topic> topicsFromJson(const QJsonArray &array)
{
    QList<Topic> topics;
    for (const auto &v : array) {
        const auto o = v.toObject();
        topics << Topic{o.value(QStringLiteral("target")).toString(),
                        o.value(QStringLiteral("verb")).toString()};
    }
    return topics;
}

QJsonObject apiToJson(const Api &api)
{
    return {{QStringLiteral("id"), api.id},
            {QStringLiteral("name"), api.name},
            {QStringLiteral("context"), api.context},
            {QStringLiteral("version"), api.version},
            {QStringLiteral("protocol"), api.protocol},
            {QStringLiteral("productionEndpoint"), api.productionEndpoint},
            {QStringLiteral("sandboxEndpoint"), api.sandboxEndpoint},
            {QStringLiteral("topics"), topicsToJson(api.topics)},
            {QStringLiteral("plans"), QJsonArray::fromStringList(api.plans)},
            {QStringLiteral("description"), api.description},
            {QStringLiteral("state"), Lifecycle::stateName(api.state)},
            {QStringLiteral("owner"), api.owner},
            {QStringLiteral("createdAt"), iso(api.createdAt)},
            {QStringLiteral("updatedAt"), iso(api.updatedAt)}};
}

QStringList stringList(const QJsonArray &array)
{
    QStringList list;
    for (const auto &v : array)
        list << v.toString();
    return list;
}

Api apiFromJson(const QJsonObject &o)
{
    Api api;
    api.id = o.value(QStringLiteral("id")).toString();
    api.name = o.value(QStringLiteral("name")).toString();
    api.context = o.value(QStringLiteral("context")).toString();
    api.version = o.value(QStringLiteral("version")).toString();
    api.protocol = o.value(QStringLiteral("protocol")).toString();
    api.productionEndpoint = o.value(QStringLiteral("productionEndpoint")).toString();
    api.sandboxEndpoint = o.value(QStringLiteral("sandboxEndpoint")).toString();
    api.topics = topicsFromJson(o.value(QStringLiteral("topics")).toArray());
    api.plans = stringList(o.value(QStringLiteral("plans")).toArray());
    api.description = o.value(QStringLiteral("description")).toString();
    api.state = Lifecycle::stateFromName(o.value(QStringLiteral("state")).toString())
                    .value_or(LifecycleState::Created);
    api.owner = o.value(QStringLiteral("owner")).toString();
    api.createdAt = fromIso(o.value(QStringLiteral("createdAt")).toString());
    api.updatedAt = fromIso(o.value(QStringLiteral("updatedAt")).toString());
    return api;
}

QJsonArray parseArray(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).array();
}

/// A prepared statement with positional bindings, run on the calling thread's connection.
class Query
{
public:
    Query(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
        : m_query(db)
    {
        m_query.setForwardOnly(true);
        m_ok = m_query.prepare(sql);
        for (const auto &b : binds) {
            // Columns are NOT NULL: an absent text is stored as an empty one.
            const bool nullText = b.typeId() == QMetaType::QString && b.toString().isNull();
            m_query.addBindValue(nullText ? QVariant(QStringLiteral("")) : b);
        }
        if (m_ok)
            m_ok = m_query.exec();
        if (!m_ok)
            qCWarning(lcStore) << "SQL failed:" << m_query.lastError().text() << "in" << sql;
    }
    bool ok() const { return m_ok; }
    bool next() { return m_ok && m_query.next(); }
    QVariant value(int i) const { return m_query.value(i); }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    QSqlError error() const { return m_query.lastError(); }
    Status status() const
    {
        if (m_ok)
            return Done{};
        const auto text = m_query.lastError().databaseText();
        if (text.contains(QStringLiteral("UNIQUE constraint")))
            return conflictError(QStringLiteral("An item with the same unique key already exists."));
        if (text.contains(QStringLiteral("FOREIGN KEY constraint")))
            return conflictError(QStringLiteral("The item is still referenced by other items."));
        return storageError(QStringLiteral("Database error: %1").arg(m_query.lastError().text()));
    }

private:
    QSqlQuery m_query;
    bool m_ok = false;
};

Status affectOne(Query &q, const QString &what)
{
    if (!q.ok())
        return q.status();
    if (q.rowsAffected() == 0)
        return notFoundError(QStringLiteral("%1 not found.").arg(what));
    return Done{};
}

template <typename T, typename F> QList<T> collect(Query q, F &&rowToValue)
{
    QList<T> list;
    while (q.next())
        list << rowToValue(q);
    return list;
}

template <typename T> std::optional<T> first(const QList<T> &list)
{
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

const QString apiColumns = QStringLiteral("id, name, context, version, protocol, production_endpoint, "
                                          "sandbox_endpoint, topics, plans, state, owner,"
                                          " created_at, updated_at, description");

Api apiFromRow(const Query &q)
{
    Api api;
    api.id = q.value(0).toString();
    api.name = q.value(1).toString();
    api.context = q.value(2).toString();
    api.version = q.value(3).toString();
    api.protocol = q.value(4).toString();
    api.productionEndpoint = q.value(5).toString();
    api.sandboxEndpoint = q.value(6).toString();
    api.topics = topicsFromJson(parseArray(q.value(7)));
    api.plans = stringList(parseArray(q.value(8)));
    api.state = Lifecycle::stateFromName(q.value(9).toString()).value_or(LifecycleState::Created);
    api.owner = q.value(10).toString();
    api.createdAt = fromIso(q.value(11));
    api.updatedAt = fromIso(q.value(12));
    api.description = q.value(13).toString();
    return api;
}

const QString revisionColumns = QStringLiteral("id, api_id, number, description, snapshot, created_at");

Revision revisionFromRow(const Query &q)
{
    return Revision{q.value(0).toString(),
                    q.value(1).toString(),
                    q.value(2).toInt(),
                    q.value(3).toString(),
                    apiFromJson(QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object()),
                    fromIso(q.value(5))};
}

Deployment deploymentFromRow(const Query &q)
{
    return Deployment{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                      q.value(3).toString(), q.value(4).toBool(),   fromIso(q.value(5))};
}

const QString applicationColumns =
    QStringLiteral("id, owner, name, quota, description, token_type, created_at");

Application applicationFromRow(const Query &q)
{
    return Application{
        q.value(0).toString(), q.value(1).toString(),
        q.value(2).toString(), q.value(3).toString(),
        q.value(4).toString(), q.value(5).toString() == u"OAUTH" ? TokenType::OAuth : TokenType::Jwt,
        fromIso(q.value(6))};
}

const QString keySetColumns =
    QStringLiteral("id, application_id, key_type, consumer_key, secret_hash, grant_types, validity_seconds");

KeySet keySetFromRow(const Query &q)
{
    return KeySet{q.value(0).toString(),
                  q.value(1).toString(),
                  q.value(2).toString() == u"SANDBOX" ? KeyType::Sandbox : KeyType::Production,
                  q.value(3).toString(),
                  q.value(4).toString(),
                  stringList(parseArray(q.value(5))),
                  q.value(6).toLongLong()};
}

const QString subscriptionColumns = QStringLiteral("id, application_id, api_id, plan, status, created_at");

Subscription subscriptionFromRow(const Query &q)
{
    return Subscription{
        q.value(0).toString(),
        q.value(1).toString(),
        q.value(2).toString(),
        q.value(3).toString(),
        Subscription::statusFromName(q.value(4).toString()).value_or(SubscriptionStatus::Blocked),
        fromIso(q.value(5))};
}

const QString tokenColumns = QStringLiteral("jti, key_set_id, token_hash, issued_at, expires_at, revoked");

IssuedToken tokenFromRow(const Query &q)
{
    return IssuedToken{q.value(0).toString(), q.value(1).toString(), q.value(2).toByteArray(),
                       fromIso(q.value(3)),   fromIso(q.value(4)),   q.value(5).toBool()};
}

} // namespace

/// One connection per thread, named by the thread's serial number: thread ids are reused once a thread
/// ends, and Qt refuses a connection made by a thread that has gone.
struct Store::Connections
{
    QMutex mutex;
    QHash<quint64, QString> names;
};

namespace {

quint64 threadSerial()
{
    static std::atomic<quint64> next{0};
    thread_local const quint64 serial = ++next;
    return serial;
}

} // namespace

Store::Store(const QString &path)
    : m_path(path)
    , m_connectionPrefix(
          QStringLiteral("streamdesk-store-%1-").arg(QUuid::createUuid().toString(QUuid::Id128)))
    , m_connections(std::make_shared<Connections>())
{}

Store::~Store()
{
    QMutexLocker lock(&m_connections->mutex);
    // Removing closes each connection; database() would refuse connections of other threads.
    for (const auto &name : std::as_const(m_connections->names))
        QSqlDatabase::removeDatabase(name);
    m_connections->names.clear();
}

QSqlDatabase Store::connection() const
{
    const auto serial = threadSerial();
    QMutexLocker lock(&m_connections->mutex);
    if (const auto it = m_connections->names.constFind(serial); it != m_connections->names.constEnd())
        return QSqlDatabase::database(*it, false);
    const QString name = m_connectionPrefix + QString::number(serial);
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (db.open()) {
        // Per connection: WAL survives in the file, the rest must be set each time.
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    }
    m_connections->names.insert(serial, name);
    // Each connection holds a descriptor, and pool threads come and go: a thread's end closes its own
    // (in that thread, which owns it), unless the store has gone first.
    auto *thread = QThread::currentThread();
    QObject::connect(
        thread, &QThread::finished, thread,
        [connections = std::weak_ptr(m_connections), serial] {
            const auto alive = connections.lock();
            if (!alive)
                return;
            QMutexLocker finishedLock(&alive->mutex);
            if (const auto name = alive->names.take(serial); !name.isEmpty())
                QSqlDatabase::removeDatabase(name);
        },
        Qt::DirectConnection);
    return db;
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
        Query check(db, QStringLiteral("PRAGMA quick_check"));
        if (!check.next() || check.value(0).toString() != u"ok")
            return storageError(
                QStringLiteral("The database file %1 is damaged (%2); it was left untouched. "
                               "Restore it from a backup or start with another --data-dir.")
                    .arg(path, check.ok() ? check.value(0).toString() : check.error().text()));
    }
    {
        Query wal(db, QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!wal.ok())
            return storageError(QStringLiteral("Cannot use the database file %1: %2. %3")
                                    .arg(path, wal.error().text(), unusableHint));
    }
    if (const auto migrated = store->migrate(targetVersion); !migrated)
        return migrated.error();
    return store;
}

int Store::schemaVersion() const
{
    Query q(connection(), QStringLiteral("PRAGMA user_version"));
    return q.next() ? q.value(0).toInt() : -1;
}

QString Store::integrityCheck() const
{
    Query q(connection(), QStringLiteral("PRAGMA integrity_check"));
    return q.next() ? q.value(0).toString() : q.error().text();
}

Status Store::write(const std::function<Status()> &body) const
{
    auto db = connection();
    Query begin(db, QStringLiteral("BEGIN IMMEDIATE"));
    if (!begin.ok())
        return storageError(
            QStringLiteral("Cannot start a transaction on %1: %2").arg(m_path, begin.error().text()));
    auto result = body();
    if (!result) {
        Query rollback(db, QStringLiteral("ROLLBACK"));
        return result;
    }
    Query commit(db, QStringLiteral("COMMIT"));
    if (!commit.ok()) {
        Query rollback(db, QStringLiteral("ROLLBACK"));
        return storageError(QStringLiteral("Cannot commit to %1: %2").arg(m_path, commit.error().text()));
    }
    return result;
}

Status Store::migrate(int targetVersion) const
{
    const int from = schemaVersion();
    if (from > currentSchemaVersion)
        return storageError(
            QStringLiteral("The database file %1 has schema version %2, newer than this StreamDesk "
                           "understands (%3); it was left untouched.")
                .arg(m_path)
                .arg(from)
                .arg(currentSchemaVersion));
    auto db = connection();
    auto runAll = [&](const auto &statements) -> Status {
        for (const char *sql : statements) {
            Query q(db, QString::fromLatin1(sql));
            if (!q.ok())
                return storageError(QStringLiteral("Migrating %1 failed: %2").arg(m_path, q.error().text()));
        }
        return Done{};
    };
    for (int version = from + 1; version <= targetVersion; ++version) {
        const auto status = write([&]() -> Status {
            Status step = Done{};
            if (version == 1) {
                step = runAll(schemaV1);
                if (step) {
                    // Defaults seeded with the first schema: plans, application quotas, gateway, admin/admin.
                    const std::tuple<const char16_t *, const char16_t *, qint64> plans[] = {
                        {u"AsyncGold", u"Allows 50000 events per day", 50000},
                        {u"AsyncSilver", u"Allows 25000 events per day", 25000},
                        {u"AsyncBronze", u"Allows 5000 events per day", 5000},
                        {u"AsyncUnlimited", u"Allows unlimited events", -1}};
                    for (const auto &[name, description, limit] : plans) {
                        Query q(db, QStringLiteral("INSERT INTO plans VALUES(?, ?, ?, 86400)"),
                                {QString::fromUtf16(name), QString::fromUtf16(description), limit});
                        if (!q.ok())
                            return q.status();
                    }
                    const std::tuple<const char16_t *, const char16_t *, qint64> quotas[] = {
                        {u"10PerMin", u"Allows 10 requests per minute", 10},
                        {u"20PerMin", u"Allows 20 requests per minute", 20},
                        {u"50PerMin", u"Allows 50 requests per minute", 50},
                        {u"Unlimited", u"Allows unlimited requests", -1}};
                    for (const auto &[name, description, limit] : quotas) {
                        Query q(db, QStringLiteral("INSERT INTO app_quotas VALUES(?, ?, ?)"),
                                {QString::fromUtf16(name), QString::fromUtf16(description), limit});
                        if (!q.ok())
                            return q.status();
                    }
                    const GatewayEnvironment env;
                    Query e(db, QStringLiteral("INSERT INTO environments VALUES(?, ?, ?, ?, ?, ?)"),
                            {env.name, env.type, env.displayName, env.vhost, env.httpPort, env.httpsPort});
                    if (!e.ok())
                        return e.status();
                    Query u(db, QStringLiteral("INSERT INTO users VALUES(?, ?, ?)"),
                            {QStringLiteral("admin"), PasswordHasher::hash(QStringLiteral("admin")),
                             int(Roles(Role::Admin | Role::Creator | Role::Publisher | Role::Subscriber))});
                    if (!u.ok())
                        return u.status();
                }
            } else if (version == 2) {
                step = runAll(schemaV2);
            } else if (version == 3) {
                step = runAll(schemaV3);
            }
            if (!step)
                return step;
            Query setVersion(db, QStringLiteral("PRAGMA user_version = %1").arg(version));
            return setVersion.status();
        });
        if (!status)
            return status;
        qCInfo(lcStore) << "Migrated" << m_path << "to schema version" << version;
    }
    return Done{};
}

QList<BusinessPlan> Store::plans() const
{
    return collect<BusinessPlan>(
        Query(connection(), QStringLiteral("SELECT name, description, event_limit, window_seconds FROM plans "
                                           "ORDER BY event_limit < 0, event_limit DESC")),
        [](const Query &q) {
            return BusinessPlan{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
                                q.value(3).toLongLong()};
        });
}

std::optional<BusinessPlan> Store::plan(const QString &name) const
{
    for (const auto &p : plans()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

QList<ApplicationQuota> Store::quotas() const
{
    return collect<ApplicationQuota>(
        Query(connection(), QStringLiteral("SELECT name, description, requests_per_minute FROM app_quotas "
                                           "ORDER BY requests_per_minute < 0, requests_per_minute")),
        [](const Query &q) {
            return ApplicationQuota{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
        });
}

std::optional<ApplicationQuota> Store::quota(const QString &name) const
{
    for (const auto &q : quotas()) {
        if (q.name == name)
            return q;
    }
    return std::nullopt;
}

QList<GatewayEnvironment> Store::environments() const
{
    return collect<GatewayEnvironment>(
        Query(connection(),
              QStringLiteral(
                  "SELECT name, type, display_name, vhost, http_port, https_port FROM environments")),
        [](const Query &q) {
            return GatewayEnvironment{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                      q.value(3).toString(), q.value(4).toInt(),    q.value(5).toInt()};
        });
}

std::optional<GatewayEnvironment> Store::environment(const QString &name) const
{
    for (const auto &e : environments()) {
        if (e.name == name)
            return e;
    }
    return std::nullopt;
}

QList<User> Store::users() const
{
    return collect<User>(Query(connection(), QStringLiteral("SELECT name, roles FROM users ORDER BY name")),
                         [](const Query &q) {
                             return User{q.value(0).toString(), Roles(q.value(1).toInt())};
                         });
}

std::optional<UserRecord> Store::user(const QString &name) const
{
    return first(collect<UserRecord>(
        Query(connection(), QStringLiteral("SELECT name, roles, password_hash FROM users WHERE name = ?"),
              {name}),
        [](const Query &q) {
            return UserRecord{User{q.value(0).toString(), Roles(q.value(1).toInt())}, q.value(2).toString()};
        }));
}

Status Store::insertUser(const User &user, const QString &passwordHash) const
{
    return Query(connection(), QStringLiteral("INSERT INTO users VALUES(?, ?, ?)"),
                 {user.name, passwordHash, int(user.roles)})
        .status();
}

Status Store::updateUser(const User &user, const QString &passwordHash) const
{
    Query q(connection(), QStringLiteral("UPDATE users SET roles = ?, password_hash = ? WHERE name = ?"),
            {int(user.roles), passwordHash, user.name});
    return affectOne(q, QStringLiteral("User"));
}

Status Store::deleteUser(const QString &name) const
{
    Query q(connection(), QStringLiteral("DELETE FROM users WHERE name = ?"), {name});
    return affectOne(q, QStringLiteral("User"));
}

QList<Api> Store::apis() const
{
    return collect<Api>(Query(connection(), u"SELECT " + apiColumns + u" FROM apis ORDER BY name, version"),
                        apiFromRow);
}

std::optional<Api> Store::api(const QString &id) const
{
    return first(collect<Api>(Query(connection(), u"SELECT " + apiColumns + u" FROM apis WHERE id = ?", {id}),
                              apiFromRow));
}

std::optional<Api> Store::apiByContext(const QString &context, const QString &version) const
{
    return first(collect<Api>(Query(connection(),
                                    u"SELECT " + apiColumns + u" FROM apis WHERE context = ? AND version = ?",
                                    {context, version}),
                              apiFromRow));
}

Status Store::insertApi(const Api &api) const
{
    return Query(connection(),
                 u"INSERT INTO apis(" + apiColumns + u") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {api.id, api.name, api.context, api.version, api.protocol, api.productionEndpoint,
                  api.sandboxEndpoint, toJsonText(topicsToJson(api.topics)),
                  toJsonText(QJsonArray::fromStringList(api.plans)), Lifecycle::stateName(api.state),
                  api.owner, iso(api.createdAt), iso(api.updatedAt), api.description})
        .status();
}

Status Store::updateApi(const Api &api) const
{
    Query q(connection(),
            QStringLiteral(
                "UPDATE apis SET name = ?, context = ?, version = ?, protocol = ?, production_endpoint = ?,"
                " sandbox_endpoint = ?, topics = ?, plans = ?, state = ?, owner = ?, updated_at = ?,"
                " description = ? WHERE id = ?"),
            {api.name, api.context, api.version, api.protocol, api.productionEndpoint, api.sandboxEndpoint,
             toJsonText(topicsToJson(api.topics)), toJsonText(QJsonArray::fromStringList(api.plans)),
             Lifecycle::stateName(api.state), api.owner, iso(api.updatedAt), api.description, api.id});
    return affectOne(q, QStringLiteral("API"));
}

Status Store::deleteApi(const QString &id) const
{
    Query q(connection(), QStringLiteral("DELETE FROM apis WHERE id = ?"), {id});
    return affectOne(q, QStringLiteral("API"));
}

QList<Revision> Store::revisions(const QString &apiId) const
{
    return collect<Revision>(
        Query(connection(),
              u"SELECT " + revisionColumns + u" FROM revisions WHERE api_id = ? ORDER BY number", {apiId}),
        revisionFromRow);
}

std::optional<Revision> Store::revision(const QString &id) const
{
    return first(collect<Revision>(
        Query(connection(), u"SELECT " + revisionColumns + u" FROM revisions WHERE id = ?", {id}),
        revisionFromRow));
}

Result<int> Store::takeRevisionNumber(const QString &apiId) const
{
    auto db = connection();
    Query bump(db, QStringLiteral("UPDATE apis SET revision_counter = revision_counter + 1 WHERE id = ?"),
               {apiId});
    if (auto s = affectOne(bump, QStringLiteral("API")); !s)
        return s.error();
    Query read(db, QStringLiteral("SELECT revision_counter FROM apis WHERE id = ?"), {apiId});
    if (!read.next())
        return read.status().error();
    return read.value(0).toInt();
}

Status Store::insertRevision(const Revision &r) const
{
    return Query(connection(), u"INSERT INTO revisions(" + revisionColumns + u") VALUES(?, ?, ?, ?, ?, ?)",
                 {r.id, r.apiId, r.number, r.description,
                  QString::fromUtf8(QJsonDocument(apiToJson(r.snapshot)).toJson(QJsonDocument::Compact)),
                  iso(r.createdAt)})
        .status();
}

Status Store::deleteRevision(const QString &id) const
{
    Query q(connection(), QStringLiteral("DELETE FROM revisions WHERE id = ?"), {id});
    return affectOne(q, QStringLiteral("Revision"));
}

QList<Deployment> Store::deployments(const QString &apiId) const
{
    const QString sql =
        QStringLiteral("SELECT api_id, revision_id, environment, vhost, display_on_devportal, deployed_at"
                       " FROM deployments") +
        (apiId.isEmpty() ? QString() : QStringLiteral(" WHERE api_id = ?"));
    return collect<Deployment>(
        Query(connection(), sql, apiId.isEmpty() ? QVariantList{} : QVariantList{apiId}), deploymentFromRow);
}

Status Store::upsertDeployment(const Deployment &d) const
{
    return Query(connection(), QStringLiteral("INSERT OR REPLACE INTO deployments VALUES(?, ?, ?, ?, ?, ?)"),
                 {d.apiId, d.revisionId, d.environment, d.vhost, d.displayOnDevportal, iso(d.deployedAt)})
        .status();
}

Status Store::deleteDeployment(const QString &apiId, const QString &environment) const
{
    Query q(connection(), QStringLiteral("DELETE FROM deployments WHERE api_id = ? AND environment = ?"),
            {apiId, environment});
    return affectOne(q, QStringLiteral("Deployment"));
}

QList<LifecycleEvent> Store::lifecycleEvents(const QString &apiId) const
{
    return collect<LifecycleEvent>(
        Query(connection(),
              QStringLiteral("SELECT api_id, user, from_state, to_state, at FROM lifecycle_events"
                             " WHERE api_id = ? ORDER BY seq"),
              {apiId}),
        [](const Query &q) {
            return LifecycleEvent{
                q.value(0).toString(), q.value(1).toString(),
                Lifecycle::stateFromName(q.value(2).toString()).value_or(LifecycleState::Created),
                Lifecycle::stateFromName(q.value(3).toString()).value_or(LifecycleState::Created),
                fromIso(q.value(4))};
        });
}

Status Store::insertLifecycleEvent(const LifecycleEvent &e) const
{
    return Query(connection(),
                 QStringLiteral("INSERT INTO lifecycle_events(api_id, user, from_state, to_state, at) "
                                "VALUES(?, ?, ?, ?, ?)"),
                 {e.apiId, e.user, Lifecycle::stateName(e.from), Lifecycle::stateName(e.to), iso(e.at)})
        .status();
}

QList<Application> Store::applications(const QString &owner) const
{
    const QString sql = u"SELECT " + applicationColumns + u" FROM applications" +
                        (owner.isEmpty() ? QString() : QStringLiteral(" WHERE owner = ?")) +
                        u" ORDER BY name";
    return collect<Application>(
        Query(connection(), sql, owner.isEmpty() ? QVariantList{} : QVariantList{owner}), applicationFromRow);
}

std::optional<Application> Store::application(const QString &id) const
{
    return first(collect<Application>(
        Query(connection(), u"SELECT " + applicationColumns + u" FROM applications WHERE id = ?", {id}),
        applicationFromRow));
}

Status Store::insertApplication(const Application &a) const
{
    return Query(connection(),
                 u"INSERT INTO applications(" + applicationColumns + u") VALUES(?, ?, ?, ?, ?, ?, ?)",
                 {a.id, a.owner, a.name, a.quota, a.description, Application::tokenTypeName(a.tokenType),
                  iso(a.createdAt)})
        .status();
}

Status Store::updateApplication(const Application &a) const
{
    Query q(connection(),
            QStringLiteral(
                "UPDATE applications SET name = ?, quota = ?, description = ?, token_type = ? WHERE id = ?"),
            {a.name, a.quota, a.description, Application::tokenTypeName(a.tokenType), a.id});
    return affectOne(q, QStringLiteral("Application"));
}

Status Store::deleteApplication(const QString &id) const
{
    Query q(connection(), QStringLiteral("DELETE FROM applications WHERE id = ?"), {id});
    return affectOne(q, QStringLiteral("Application"));
}

QList<KeySet> Store::keySets(const QString &applicationId) const
{
    return collect<KeySet>(
        Query(connection(),
              u"SELECT " + keySetColumns + u" FROM key_sets WHERE application_id = ? ORDER BY key_type",
              {applicationId}),
        keySetFromRow);
}

std::optional<KeySet> Store::keySet(const QString &id) const
{
    return first(collect<KeySet>(
        Query(connection(), u"SELECT " + keySetColumns + u" FROM key_sets WHERE id = ?", {id}),
        keySetFromRow));
}

std::optional<KeySet> Store::keySetByConsumerKey(const QString &consumerKey) const
{
    return first(collect<KeySet>(Query(connection(),
                                       u"SELECT " + keySetColumns + u" FROM key_sets WHERE consumer_key = ?",
                                       {consumerKey}),
                                 keySetFromRow));
}

Status Store::insertKeySet(const KeySet &k) const
{
    return Query(connection(), u"INSERT INTO key_sets(" + keySetColumns + u") VALUES(?, ?, ?, ?, ?, ?, ?)",
                 {k.id, k.applicationId, KeySet::keyTypeName(k.keyType), k.consumerKey, k.secretHash,
                  toJsonText(QJsonArray::fromStringList(k.grantTypes)), k.validitySeconds})
        .status();
}

Status Store::updateKeySetSecret(const QString &id, const QString &secretHash) const
{
    Query q(connection(), QStringLiteral("UPDATE key_sets SET secret_hash = ? WHERE id = ?"),
            {secretHash, id});
    return affectOne(q, QStringLiteral("Key set"));
}

Status Store::deleteKeySet(const QString &id) const
{
    Query q(connection(), QStringLiteral("DELETE FROM key_sets WHERE id = ?"), {id});
    return affectOne(q, QStringLiteral("Key set"));
}

QList<Subscription> Store::subscriptions(const QString &apiId, const QString &applicationId) const
{
    QString sql = u"SELECT " + subscriptionColumns + u" FROM subscriptions WHERE 1 = 1";
    QVariantList binds;
    if (!apiId.isEmpty()) {
        sql += QStringLiteral(" AND api_id = ?");
        binds << apiId;
    }
    if (!applicationId.isEmpty()) {
        sql += QStringLiteral(" AND application_id = ?");
        binds << applicationId;
    }
    return collect<Subscription>(Query(connection(), sql + QStringLiteral(" ORDER BY created_at"), binds),
                                 subscriptionFromRow);
}

std::optional<Subscription> Store::subscription(const QString &id) const
{
    return first(collect<Subscription>(
        Query(connection(), u"SELECT " + subscriptionColumns + u" FROM subscriptions WHERE id = ?", {id}),
        subscriptionFromRow));
}

std::optional<Subscription> Store::subscriptionFor(const QString &applicationId, const QString &apiId) const
{
    return first(
        collect<Subscription>(Query(connection(),
                                    u"SELECT " + subscriptionColumns +
                                        u" FROM subscriptions WHERE application_id = ? AND api_id = ?",
                                    {applicationId, apiId}),
                              subscriptionFromRow));
}

Status Store::insertSubscription(const Subscription &s) const
{
    return Query(
               connection(),
               u"INSERT INTO subscriptions(" + subscriptionColumns + u") VALUES(?, ?, ?, ?, ?, ?)",
               {s.id, s.applicationId, s.apiId, s.plan, Subscription::statusName(s.status), iso(s.createdAt)})
        .status();
}

Status Store::updateSubscriptionStatus(const QString &id, SubscriptionStatus status) const
{
    Query q(connection(), QStringLiteral("UPDATE subscriptions SET status = ? WHERE id = ?"),
            {Subscription::statusName(status), id});
    return affectOne(q, QStringLiteral("Subscription"));
}

Status Store::deleteSubscription(const QString &id) const
{
    Query q(connection(), QStringLiteral("DELETE FROM subscriptions WHERE id = ?"), {id});
    return affectOne(q, QStringLiteral("Subscription"));
}

Status Store::insertToken(const IssuedToken &t) const
{
    return Query(connection(), u"INSERT INTO tokens(" + tokenColumns + u") VALUES(?, ?, ?, ?, ?, ?)",
                 {t.jti, t.keySetId, t.tokenHash.isEmpty() ? QVariant() : QVariant(t.tokenHash),
                  iso(t.issuedAt), iso(t.expiresAt), t.revoked})
        .status();
}

std::optional<IssuedToken> Store::token(const QString &jti) const
{
    return first(collect<IssuedToken>(
        Query(connection(), u"SELECT " + tokenColumns + u" FROM tokens WHERE jti = ?", {jti}), tokenFromRow));
}

std::optional<IssuedToken> Store::tokenByHash(const QByteArray &hash) const
{
    return first(collect<IssuedToken>(
        Query(connection(), u"SELECT " + tokenColumns + u" FROM tokens WHERE token_hash = ?", {hash}),
        tokenFromRow));
}

Result<bool> Store::revokeToken(const QString &jti) const
{
    Query q(connection(), QStringLiteral("UPDATE tokens SET revoked = 1 WHERE jti = ?"), {jti});
    if (!q.ok())
        return q.status().error();
    return q.rowsAffected() > 0;
}

QStringList Store::activeTokenIds(const QString &keySetId) const
{
    return collect<QString>(Query(connection(),
                                  QStringLiteral("SELECT jti FROM tokens WHERE key_set_id = ? AND "
                                                 "revoked = 0 AND expires_at > ?"),
                                  {keySetId, isoNow()}),
                            [](const Query &q) { return q.value(0).toString(); });
}

qint64 Store::eventUsage(const QString &subscriptionId, qint64 windowStart) const
{
    Query q(connection(),
            QStringLiteral("SELECT events FROM event_usage WHERE subscription_id = ? AND window_start = ?"),
            {subscriptionId, windowStart});
    return q.next() ? q.value(0).toLongLong() : 0;
}

Status Store::addEventUsage(const QString &subscriptionId, qint64 windowStart, qint64 events) const
{
    return Query(connection(),
                 QStringLiteral(
                     "INSERT INTO event_usage VALUES(?, ?, ?) ON CONFLICT(subscription_id, window_start)"
                     " DO UPDATE SET events = events + excluded.events"),
                 {subscriptionId, windowStart, events})
        .status();
}

} // namespace sd::models
