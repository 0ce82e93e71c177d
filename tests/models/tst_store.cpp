#include "models/passwordhasher.h"
#include "models/store.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace sd::models;

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void seedsDefaults();
    void apiRoundTrip();
    void uniqueContextVersionIsConflict();
    void revisionNumbersKeepCounting();
    void transactionRollsBackEverything();
    void eventUsageAccumulates();
    void migratesFromSchemaVersion1();
    void migratesFromSchemaVersion2();
    void lifecycleEventsInOrder();
    void refusesDamagedFile_data();
    void refusesDamagedFile();
    void refusesNewerSchema();
    void worksFromAnotherThread();
    void threadsComeAndGo();
    void passwordHashes();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path() const { return m_dir->filePath(QStringLiteral("store.db")); }
};

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStore::seedsDefaults()
{
    const auto store = Store::open(path()).value();
    QCOMPARE(store->schemaVersion(), Store::currentSchemaVersion);
    QStringList plans;
    for (const auto &p : store->plans())
        plans << p.name + u'=' + QString::number(p.eventLimit);
    QCOMPARE(plans, QStringList({QStringLiteral("AsyncGold=50000"), QStringLiteral("AsyncSilver=25000"),
                                 QStringLiteral("AsyncBronze=5000"), QStringLiteral("AsyncUnlimited=-1")}));
    QCOMPARE(store->plan(QStringLiteral("AsyncGold"))->windowSeconds, 86400);
    QStringList quotas;
    for (const auto &q : store->quotas())
        quotas << q.name;
    QCOMPARE(quotas, QStringList({QStringLiteral("10PerMin"), QStringLiteral("20PerMin"),
                                  QStringLiteral("50PerMin"), QStringLiteral("Unlimited")}));
    const auto env = store->environment(QStringLiteral("Default"));
    QVERIFY(env);
    QCOMPARE(env->type, QStringLiteral("hybrid"));
    QCOMPARE(env->displayName, QStringLiteral("Production and Sandbox"));
    QCOMPARE(env->vhost, QStringLiteral("localhost"));
    QCOMPARE(env->httpPort, 8280);
    QCOMPARE(env->httpsPort, 8243);
    const auto admin = store->user(QStringLiteral("admin"));
    QVERIFY(admin);
    QVERIFY(admin->user.isAdmin());
    QVERIFY(admin->passwordHash.startsWith(QStringLiteral("pbkdf2-sha256$")));
    QVERIFY(!admin->passwordHash.contains(QStringLiteral("admin")));
    QVERIFY(PasswordHasher::verify(QStringLiteral("admin"), admin->passwordHash));
    // Reopening does not seed twice.
    const auto again = Store::open(path()).value();
    QCOMPARE(again->plans().size(), 4);
    QCOMPARE(again->users().size(), 1);
}

void TestStore::apiRoundTrip()
{
    const auto store = Store::open(path()).value();
    Api api;
    api.id = QStringLiteral("a1");
    api.name = QStringLiteral("Observer");
    api.context = QStringLiteral("/observer");
    api.version = QStringLiteral("1.0.0");
    api.productionEndpoint = QStringLiteral("http://localhost:8080");
    api.plans = {QStringLiteral("AsyncGold")};
    api.description = QStringLiteral("memory");
    api.state = LifecycleState::Published;
    api.owner = QStringLiteral("admin");
    api.createdAt = api.updatedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(store->insertApi(api));
    const auto back = store->apiByContext(QStringLiteral("/observer"), QStringLiteral("1.0.0"));
    QVERIFY(back);
    QCOMPARE(back->name, api.name);
    QCOMPARE(back->plans, api.plans);
    QCOMPARE(back->topics, api.topics);
    QCOMPARE(back->state, LifecycleState::Published);
    QCOMPARE(back->description, api.description);
    QCOMPARE(back->createdAt.toMSecsSinceEpoch(), api.createdAt.toMSecsSinceEpoch());
    QVERIFY(!store->apiByContext(QStringLiteral("/observer"), QStringLiteral("2.0.0")));
}

void TestStore::uniqueContextVersionIsConflict()
{
    const auto store = Store::open(path()).value();
    Api api;
    api.id = QStringLiteral("a1");
    api.context = QStringLiteral("/x");
    api.version = QStringLiteral("1");
    QVERIFY(store->insertApi(api));
    api.id = QStringLiteral("a2");
    const auto status = store->insertApi(api);
    QVERIFY(!status);
    QCOMPARE(status.error().kind, Error::Kind::Conflict);
}

void TestStore::revisionNumbersKeepCounting()
{
    const auto store = Store::open(path()).value();
    Api api;
    api.id = QStringLiteral("a1");
    QVERIFY(store->insertApi(api));
    QCOMPARE(store->takeRevisionNumber(QStringLiteral("a1")).value(), 1);
    QCOMPARE(store->takeRevisionNumber(QStringLiteral("a1")).value(), 2);
    QCOMPARE(store->takeRevisionNumber(QStringLiteral("missing")).error().kind, Error::Kind::NotFound);
}

void TestStore::transactionRollsBackEverything()
{
    const auto store = Store::open(path()).value();
    const auto status = store->write([&]() -> Status {
        Application a{QStringLiteral("app1"),
                      QStringLiteral("u"),
                      QStringLiteral("A"),
                      QStringLiteral("Unlimited"),
                      {},
                      TokenType::Jwt,
                      QDateTime::currentDateTimeUtc()};
        if (auto s = store->insertApplication(a); !s)
            return s;
        a.id = QStringLiteral("app2"); // same owner and name: violates UNIQUE
        return store->insertApplication(a);
    });
    QVERIFY(!status);
    QCOMPARE(status.error().kind, Error::Kind::Conflict);
    QVERIFY(store->applications().isEmpty());
}

void TestStore::eventUsageAccumulates()
{
    const auto store = Store::open(path()).value();
    Api api;
    api.id = QStringLiteral("a1");
    QVERIFY(store->insertApi(api));
    QVERIFY(store->insertApplication({QStringLiteral("app"),
                                      QStringLiteral("u"),
                                      QStringLiteral("A"),
                                      QStringLiteral("Unlimited"),
                                      {},
                                      TokenType::Jwt,
                                      QDateTime::currentDateTimeUtc()}));
    QVERIFY(store->insertSubscription({QStringLiteral("s1"), QStringLiteral("app"), QStringLiteral("a1"),
                                       QStringLiteral("AsyncGold"), SubscriptionStatus::Unblocked,
                                       QDateTime::currentDateTimeUtc()}));
    QCOMPARE(store->eventUsage(QStringLiteral("s1"), 1000), 0);
    QVERIFY(store->addEventUsage(QStringLiteral("s1"), 1000, 3));
    QVERIFY(store->addEventUsage(QStringLiteral("s1"), 1000, 4));
    QVERIFY(store->addEventUsage(QStringLiteral("s1"), 2000, 1));
    QCOMPARE(store->eventUsage(QStringLiteral("s1"), 1000), 7);
    QCOMPARE(store->eventUsage(QStringLiteral("s1"), 2000), 1);
    QVERIFY(!store->addEventUsage(QStringLiteral("unknown"), 1000, 1)); // foreign key enforced
}

void TestStore::migratesFromSchemaVersion1()
{
    {
        const auto old = Store::open(path(), 1).value();
        QCOMPARE(old->schemaVersion(), 1);
    }
    {
        // Write a version-1 row with plain SQL, as an older StreamDesk would have.
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1writer"));
        db.setDatabaseName(path());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO apis(id, name, context, version, protocol, production_endpoint, sandbox_endpoint, "
            "topics,"
            " plans, state, owner, created_at, updated_at) VALUES('old', 'Observer', '/observer', '1.0.0', "
            "'SSE',"
            " 'http://localhost:8080', '', '[{\"target\":\"/*\",\"verb\":\"SUBSCRIBE\"}]', '[\"AsyncGold\"]',"
            " 'PUBLISHED', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1writer"));
    const auto store = Store::open(path()).value();
    QCOMPARE(store->schemaVersion(), Store::currentSchemaVersion);
    const auto api = store->api(QStringLiteral("old"));
    QVERIFY(api);
    QCOMPARE(api->name, QStringLiteral("Observer"));
    QCOMPARE(api->description, QString());
    QCOMPARE(api->state, LifecycleState::Published);
    QCOMPARE(store->plans().size(), 4);
    QCOMPARE(store->integrityCheck(), QStringLiteral("ok"));
}

void TestStore::migratesFromSchemaVersion2()
{
    {
        const auto old = Store::open(path(), 2).value();
        QCOMPARE(old->schemaVersion(), 2);
        Api api;
        api.id = QStringLiteral("old");
        api.state = LifecycleState::Published;
        QVERIFY(old->insertApi(api));
    }
    const auto store = Store::open(path()).value();
    QCOMPARE(store->schemaVersion(), 3);
    QCOMPARE(store->api(QStringLiteral("old"))->state, LifecycleState::Published);
    // An API from before the history has none; new transitions are recorded from now on.
    QVERIFY(store->lifecycleEvents(QStringLiteral("old")).isEmpty());
    const auto at = QDateTime::currentDateTimeUtc();
    QVERIFY(store->insertLifecycleEvent({QStringLiteral("old"), QStringLiteral("admin"),
                                         LifecycleState::Published, LifecycleState::Blocked, at}));
    QCOMPARE(store->lifecycleEvents(QStringLiteral("old")).size(), 1);
    QCOMPARE(store->integrityCheck(), QStringLiteral("ok"));
}

void TestStore::lifecycleEventsInOrder()
{
    const auto store = Store::open(path()).value();
    Api api;
    api.id = QStringLiteral("a1");
    QVERIFY(store->insertApi(api));
    const auto at = QDateTime::currentDateTimeUtc();
    // Same timestamp twice: the order of recording decides.
    QVERIFY(store->insertLifecycleEvent(
        {api.id, QStringLiteral("pat"), LifecycleState::Created, LifecycleState::Published, at}));
    QVERIFY(store->insertLifecycleEvent(
        {api.id, QStringLiteral("ann"), LifecycleState::Published, LifecycleState::Blocked, at}));
    const auto events = store->lifecycleEvents(api.id);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].user, QStringLiteral("pat"));
    QCOMPARE(events[0].from, LifecycleState::Created);
    QCOMPARE(events[0].to, LifecycleState::Published);
    QCOMPARE(events[0].at.toMSecsSinceEpoch(), at.toMSecsSinceEpoch());
    QCOMPARE(events[1].user, QStringLiteral("ann"));
    QCOMPARE(events[1].to, LifecycleState::Blocked);
    QVERIFY(!store->insertLifecycleEvent({QStringLiteral("missing"), QStringLiteral("pat"),
                                          LifecycleState::Created, LifecycleState::Published, at}));
    QVERIFY(store->deleteApi(api.id));
    QVERIFY(store->lifecycleEvents(api.id).isEmpty());
}

void TestStore::refusesDamagedFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text file") << QByteArray("this is not a database\n");
    QTest::newRow("truncated sqlite header") << QByteArray("SQLite format 3\0garbagegarbage", 31);
}

void TestStore::refusesDamagedFile()
{
    QFETCH(QByteArray, content);
    {
        QFile f(path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const auto result = Store::open(path());
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(path()), qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(QStringLiteral("untouched")));
    QFile f(path());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), content);
}

void TestStore::refusesNewerSchema()
{
    QVERIFY(Store::open(path()));
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
        db.setDatabaseName(path());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    const auto result = Store::open(path());
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(QStringLiteral("newer")), qPrintable(result.error().message));
}

void TestStore::worksFromAnotherThread()
{
    const auto store = Store::open(path()).value();
    int usersSeen = 0;
    std::unique_ptr<QThread> thread(QThread::create([&] { usersSeen = int(store->users().size()); }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QCOMPARE(usersSeen, 1);
}

// Thread pools end idle threads and start new ones, whose ids the system reuses: each new thread gets a
// working connection, and an ended thread's connection (a descriptor) is closed.
void TestStore::threadsComeAndGo()
{
    const auto store = Store::open(path()).value();
    const auto openDescriptors = [] { return QDir(QStringLiteral("/proc/self/fd")).count(); };
    const auto before = openDescriptors();
    constexpr int threads = 40;
    int worked = 0;
    for (int i = 0; i < threads; ++i) {
        std::unique_ptr<QThread> thread(QThread::create([&] {
            if (store->users().size() == 1)
                ++worked;
        }));
        thread->start();
        QVERIFY(thread->wait(10000));
    }
    QCOMPARE(worked, threads);
    // A leak would hold one descriptor per ended thread; a few may belong to the test framework.
    QVERIFY2(
        openDescriptors() < before + threads / 4,
        qPrintable(QStringLiteral("%1 descriptors before, %2 after").arg(before).arg(openDescriptors())));
}

void TestStore::passwordHashes()
{
    const auto h1 = PasswordHasher::hash(QStringLiteral("secret"), 1000);
    const auto h2 = PasswordHasher::hash(QStringLiteral("secret"), 1000);
    QVERIFY(h1 != h2); // salted
    QVERIFY(PasswordHasher::verify(QStringLiteral("secret"), h1));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("Secret"), h1));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("secret"), QStringLiteral("plain")));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("secret"), QStringLiteral("pbkdf2-sha256$0$AA==$AA==")));
    QCOMPARE(PasswordHasher::randomToken(32).size(), 43);
    QVERIFY(PasswordHasher::randomToken(16) != PasswordHasher::randomToken(16));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
