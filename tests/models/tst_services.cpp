#include "models/accountservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sd::models;

class TestServices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void tutorialFlow();
    void createApiRules_data();
    void createApiRules();
    void roles_data();
    void roles();
    void publishPreconditions();
    void revisionLimitAndDeletion();
    void restoreRevision();
    void retireUndeploys();
    void publishDeprecatesOldVersions_data();
    void publishDeprecatesOldVersions();
    void lifecycleHistory();
    void publisherViews();
    void subscriptionRules_data();
    void subscriptionRules();
    void applicationsArePrivate();
    void keysAndClientAuthentication();
    void regenerateAndDeleteKeys();
    void accounts();

private:
    Api makeApi(const QString &context = QStringLiteral("/observer"));
    Api publishedApi(const QString &context = QStringLiteral("/observer"));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Store> m_store;
    std::unique_ptr<PublisherService> m_publisher;
    std::unique_ptr<DevPortalService> m_portal;
    std::unique_ptr<AccountService> m_accounts;
    const User m_admin{QStringLiteral("admin"), Role::Admin};
    const User m_creator{QStringLiteral("carol"), Role::Creator};
    const User m_pub{QStringLiteral("pat"), Role::Publisher};
    const User m_sub{QStringLiteral("sam"), Role::Subscriber};
    const User m_sub2{QStringLiteral("sue"), Role::Subscriber};
};

void TestServices::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = Store::open(m_dir->filePath(QStringLiteral("s.db"))).value();
    m_publisher = std::make_unique<PublisherService>(m_store);
    m_portal = std::make_unique<DevPortalService>(m_store);
    m_accounts = std::make_unique<AccountService>(m_store);
}

Api TestServices::makeApi(const QString &context)
{
    ApiDraft draft{QStringLiteral("Observer"), context, QStringLiteral("1.0.0"),
                   QStringLiteral("http://localhost:8080")};
    return m_publisher->createApi(m_creator, draft).value();
}

Api TestServices::publishedApi(const QString &context)
{
    const auto api = makeApi(context);
    m_publisher->setPlans(m_creator, api.id, {QStringLiteral("AsyncGold")});
    return m_publisher->changeLifecycle(m_pub, api.id, QStringLiteral("Publish")).value();
}

void TestServices::tutorialFlow()
{
    QSignalSpy apiChanged(m_publisher.get(), &PublisherService::apiChanged);
    QSignalSpy deployed(m_publisher.get(), &PublisherService::deploymentsChanged);
    QSignalSpy subscribed(m_portal.get(), &DevPortalService::subscriptionChanged);

    const auto api = makeApi();
    QCOMPARE(api.state, LifecycleState::Created);
    QCOMPARE(api.topics, QList<Topic>{Topic{}});
    QVERIFY(m_publisher->setPlans(m_creator, api.id, {QStringLiteral("AsyncGold")}));
    const auto published = m_publisher->changeLifecycle(m_pub, api.id, QStringLiteral("Publish"));
    QVERIFY(published);
    QCOMPARE(published->state, LifecycleState::Published);
    QCOMPARE(apiChanged.count(), 3);

    const auto revision = m_publisher->createRevision(m_pub, api.id, QStringLiteral("first"));
    QVERIFY(revision);
    QCOMPARE(revision->displayName(), QStringLiteral("Revision 1"));
    const auto deployment = m_publisher->deployRevision(
        m_pub, api.id, revision->id, QStringLiteral("Default"), QStringLiteral("localhost"));
    QVERIFY(deployment);
    QCOMPARE(deployed.count(), 1);
    QCOMPARE(m_publisher->deployments(api.id).size(), 1);

    QCOMPARE(m_portal->visibleApis().size(), 1);
    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("DefaultApplication")});
    QVERIFY(app);
    const auto sub = m_portal->subscribe(m_sub, app->id, api.id);
    QVERIFY(sub);
    QCOMPARE(sub->plan, QStringLiteral("AsyncGold")); // the first plan, preselected
    QCOMPARE(sub->status, SubscriptionStatus::Unblocked);
    QCOMPARE(subscribed.count(), 1);
    const auto keys = m_portal->generateKeys(m_sub, app->id, KeyType::Production, {}, 3600);
    QVERIFY(keys);
    QVERIFY(keys->consumerSecret.size() >= 32);
    QVERIFY(!keys->keys.secretHash.contains(keys->consumerSecret));
    QCOMPARE(m_portal->authenticateClient(keys->keys.consumerKey, keys->consumerSecret)->id, keys->keys.id);
}

void TestServices::createApiRules_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QStringList>("plans");
    QTest::addColumn<int>("kind"); // -1: accepted
    QTest::addColumn<QString>("field");
    const QStringList gold{QStringLiteral("AsyncGold")};
    QTest::newRow("valid") << QStringLiteral("Observer") << QStringLiteral("/observer")
                           << QStringLiteral("http://localhost:8080") << gold << -1 << QString();
    QTest::newRow("no endpoint yet") << QStringLiteral("Observer") << QStringLiteral("/observer") << QString()
                                     << QStringList() << -1 << QString();
    QTest::newRow("bad context") << QStringLiteral("Observer") << QStringLiteral("observer")
                                 << QStringLiteral("http://localhost:8080") << gold
                                 << int(Error::Kind::Validation) << QStringLiteral("context");
    QTest::newRow("bad endpoint") << QStringLiteral("Observer") << QStringLiteral("/observer")
                                  << QStringLiteral("localhost:8080") << gold << int(Error::Kind::Validation)
                                  << QStringLiteral("productionEndpoint");
    QTest::newRow("unknown plan") << QStringLiteral("Observer") << QStringLiteral("/observer")
                                  << QStringLiteral("http://localhost:8080")
                                  << QStringList{QStringLiteral("Gold")} << int(Error::Kind::Validation)
                                  << QStringLiteral("policies");
    QTest::newRow("duplicate context+version")
        << QStringLiteral("Other") << QStringLiteral("/taken") << QStringLiteral("http://localhost:8080")
        << gold << int(Error::Kind::Conflict) << QString();
}

void TestServices::createApiRules()
{
    QFETCH(QString, name);
    QFETCH(QString, context);
    QFETCH(QString, endpoint);
    QFETCH(QStringList, plans);
    QFETCH(int, kind);
    QFETCH(QString, field);
    makeApi(QStringLiteral("/taken"));
    QSignalSpy changed(m_publisher.get(), &PublisherService::apiChanged);
    ApiDraft draft{name, context, QStringLiteral("1.0.0"), endpoint, {}, plans};
    const auto result = m_publisher->createApi(m_creator, draft);
    QCOMPARE(result.ok(), kind < 0);
    QCOMPARE(changed.count(), kind < 0 ? 1 : 0);
    if (kind >= 0) {
        QCOMPARE(int(result.error().kind), kind);
        QCOMPARE(result.error().field, field);
        QCOMPARE(m_publisher->apis().size(), 1);
    }
}

void TestServices::roles_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("roles");
    QTest::addColumn<bool>("allowed");
    const int admin = int(Role::Admin), creator = int(Role::Creator), publisher = int(Role::Publisher),
              subscriber = int(Role::Subscriber);
    const QList<std::tuple<const char *, int, bool>> rows{
        {"create", creator, true},        {"create", publisher, false},
        {"create", subscriber, false},    {"create", admin, true},
        {"lifecycle", publisher, true},   {"lifecycle", creator, false},
        {"lifecycle", subscriber, false}, {"deploy", publisher, true},
        {"deploy", creator, false},       {"application", subscriber, true},
        {"application", creator, false},  {"application", publisher, false},
        {"block", publisher, true},       {"block", subscriber, false},
        {"users", admin, true},           {"users", creator | publisher | subscriber, false}};
    for (const auto &[op, roles, allowed] : rows)
        QTest::addRow("%s by %d", op, roles) << QString::fromLatin1(op) << roles << allowed;
}

void TestServices::roles()
{
    QFETCH(QString, operation);
    QFETCH(int, roles);
    QFETCH(bool, allowed);
    const User actor{QStringLiteral("actor"), Roles(roles)};
    const auto api = publishedApi();
    const auto revision = m_publisher->createRevision(m_pub, api.id, {}).value();
    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("App")}).value();
    const auto sub = m_portal->subscribe(m_sub, app.id, api.id).value();
    Status status = Done{};
    if (operation == u"create")
        status =
            m_publisher->createApi(actor, {QStringLiteral("N"), QStringLiteral("/n"), QStringLiteral("1")})
                    .ok()
                ? Status(Done{})
                : Status(m_publisher
                             ->createApi(actor,
                                         {QStringLiteral("N"), QStringLiteral("/n2"), QStringLiteral("1")})
                             .error());
    else if (operation == u"lifecycle")
        status = m_publisher->changeLifecycle(actor, api.id, QStringLiteral("Block")).ok()
                     ? Status(Done{})
                     : Status(m_publisher->changeLifecycle(actor, api.id, QStringLiteral("Block")).error());
    else if (operation == u"deploy") {
        const auto d = m_publisher->deployRevision(actor, api.id, revision.id, QStringLiteral("Default"), {});
        status = d ? Status(Done{}) : Status(d.error());
    } else if (operation == u"application") {
        const auto a = m_portal->createApplication(actor, {QStringLiteral("Mine")});
        status = a ? Status(Done{}) : Status(a.error());
    } else if (operation == u"block") {
        const auto b = m_publisher->setSubscriptionStatus(actor, sub.id, SubscriptionStatus::Blocked);
        status = b ? Status(Done{}) : Status(b.error());
    } else if (operation == u"users") {
        const auto u = m_accounts->createUser(actor, QStringLiteral("newbie"), QStringLiteral("secret"),
                                              Role::Subscriber);
        status = u ? Status(Done{}) : Status(u.error());
    }
    QCOMPARE(status.ok(), allowed);
    if (!allowed)
        QCOMPARE(status.error().kind, Error::Kind::Forbidden);
}

void TestServices::publishPreconditions()
{
    const auto noPlan = makeApi();
    auto r = m_publisher->changeLifecycle(m_pub, noPlan.id, QStringLiteral("Publish"));
    QVERIFY(!r);
    QCOMPARE(r.error().field, QStringLiteral("policies"));
    const auto noEndpoint = m_publisher->createApi(m_creator, {QStringLiteral("E"),
                                                               QStringLiteral("/e"),
                                                               QStringLiteral("1"),
                                                               {},
                                                               {},
                                                               {QStringLiteral("AsyncGold")}});
    r = m_publisher->changeLifecycle(m_pub, noEndpoint->id, QStringLiteral("Publish"));
    QVERIFY(!r);
    QCOMPARE(r.error().field, QStringLiteral("endpointConfig"));
    r = m_publisher->changeLifecycle(m_pub, noPlan.id, QStringLiteral("Retire"));
    QCOMPARE(r.error().message, QStringLiteral("Action 'Retire' is not allowed"));
    QCOMPARE(m_publisher->api(noPlan.id)->state, LifecycleState::Created);
}

void TestServices::revisionLimitAndDeletion()
{
    const auto api = publishedApi();
    QList<Revision> revisions;
    for (int i = 0; i < PublisherService::maxRevisions; ++i)
        revisions << m_publisher->createRevision(m_pub, api.id, {}).value();
    const auto sixth = m_publisher->createRevision(m_pub, api.id, {});
    QVERIFY(!sixth);
    QCOMPARE(sixth.error().kind, Error::Kind::Conflict);
    QVERIFY(m_publisher->deployRevision(m_pub, api.id, revisions[0].id, QStringLiteral("Default"), {}));
    const auto deleteDeployed = m_publisher->deleteRevision(m_pub, api.id, revisions[0].id);
    QCOMPARE(deleteDeployed.error().kind, Error::Kind::Conflict);
    QVERIFY(m_publisher->deleteRevision(m_pub, api.id, revisions[1].id));
    const auto next = m_publisher->createRevision(m_pub, api.id, {});
    QVERIFY(next);
    QCOMPARE(next->displayName(), QStringLiteral("Revision 6"));
    // Deploying another revision replaces the deployment on the environment.
    QVERIFY(m_publisher->deployRevision(m_pub, api.id, next->id, QStringLiteral("Default"), {}));
    QCOMPARE(m_publisher->deployments(api.id).size(), 1);
    QCOMPARE(m_publisher->deployments(api.id).first().revisionId, next->id);
    const auto wrongVhost = m_publisher->deployRevision(m_pub, api.id, next->id, QStringLiteral("Default"),
                                                        QStringLiteral("example.com"));
    QCOMPARE(wrongVhost.error().field, QStringLiteral("vhost"));
    QVERIFY(m_publisher->undeployRevision(m_pub, api.id, next->id, QStringLiteral("Default")));
    QVERIFY(m_publisher->deployments(api.id).isEmpty());
}

void TestServices::restoreRevision()
{
    const auto api = publishedApi();
    const auto revision = m_publisher->createRevision(m_pub, api.id, {}).value();
    ApiDraft changed{QStringLiteral("Renamed"),           api.context, api.version,
                     QStringLiteral("http://other:9090"), {},          api.plans};
    QVERIFY(m_publisher->updateApi(m_creator, api.id, changed));
    const auto restored = m_publisher->restoreRevision(m_pub, api.id, revision.id);
    QVERIFY(restored);
    QCOMPARE(restored->name, QStringLiteral("Observer"));
    QCOMPARE(restored->productionEndpoint, QStringLiteral("http://localhost:8080"));
    QCOMPARE(restored->state, LifecycleState::Published);
}

void TestServices::retireUndeploys()
{
    const auto api = publishedApi();
    const auto revision = m_publisher->createRevision(m_pub, api.id, {}).value();
    QVERIFY(m_publisher->deployRevision(m_pub, api.id, revision.id, QStringLiteral("Default"), {}));
    QSignalSpy deployments(m_publisher.get(), &PublisherService::deploymentsChanged);
    QVERIFY(m_publisher->changeLifecycle(m_pub, api.id, QStringLiteral("Deprecate")));
    QVERIFY(m_publisher->changeLifecycle(m_pub, api.id, QStringLiteral("Retire")));
    QCOMPARE(deployments.count(), 1);
    QVERIFY(m_publisher->deployments(api.id).isEmpty());
    QVERIFY(m_portal->visibleApis().isEmpty());
}

void TestServices::publishDeprecatesOldVersions_data()
{
    QTest::addColumn<QStringList>("checklist");
    QTest::addColumn<bool>("oldDeprecated");
    QTest::newRow("ticked") << QStringList{Lifecycle::publishChecklist().constFirst()} << true;
    QTest::newRow("not ticked") << QStringList{} << false;
    QTest::newRow("only re-subscription") << QStringList{Lifecycle::publishChecklist().constLast()} << false;
}

void TestServices::publishDeprecatesOldVersions()
{
    QFETCH(QStringList, checklist);
    QFETCH(bool, oldDeprecated);
    const auto v1 = publishedApi();
    const auto other = publishedApi(QStringLiteral("/other"));
    auto v2 = m_publisher->createApi(m_creator, {QStringLiteral("Observer"),
                                                 v1.context,
                                                 QStringLiteral("2.0.0"),
                                                 v1.productionEndpoint,
                                                 {},
                                                 {QStringLiteral("AsyncGold")}});
    QVERIFY(v2);
    QSignalSpy changed(m_publisher.get(), &PublisherService::apiChanged);
    QVERIFY(m_publisher->changeLifecycle(m_pub, v2->id, QStringLiteral("Publish"), checklist));
    QCOMPARE(m_publisher->api(v1.id)->state,
             oldDeprecated ? LifecycleState::Deprecated : LifecycleState::Published);
    QCOMPARE(m_publisher->api(other.id)->state, LifecycleState::Published);
    QCOMPARE(changed.count(), oldDeprecated ? 2 : 1);
    QCOMPARE(m_publisher->changeLifecycle(m_pub, v2->id, QStringLiteral("Publish"), {QStringLiteral("Bogus")})
                 .error()
                 .field,
             QStringLiteral("lifecycleChecklist"));
}

void TestServices::lifecycleHistory()
{
    const auto before = QDateTime::currentDateTimeUtc();
    const auto v1 = publishedApi();
    QVERIFY(m_publisher->changeLifecycle(m_admin, v1.id, QStringLiteral("Block")));
    QVERIFY(m_publisher->changeLifecycle(m_pub, v1.id, QStringLiteral("Re-Publish")));
    // A refused transition leaves no trace.
    QVERIFY(!m_publisher->changeLifecycle(m_pub, v1.id, QStringLiteral("Retire")));
    QVERIFY(!m_publisher->changeLifecycle(m_creator, v1.id, QStringLiteral("Block")));

    const auto history = m_publisher->lifecycleHistory(v1.id);
    QStringList steps;
    for (const auto &e : history) {
        QCOMPARE(e.apiId, v1.id);
        QVERIFY(e.at >= before);
        steps << QStringLiteral("%1:%2>%3")
                     .arg(e.user, Lifecycle::stateName(e.from), Lifecycle::stateName(e.to));
    }
    QCOMPARE(steps,
             QStringList({QStringLiteral("pat:CREATED>PUBLISHED"), QStringLiteral("admin:PUBLISHED>BLOCKED"),
                          QStringLiteral("pat:BLOCKED>PUBLISHED")}));
    QCOMPARE(history.last().at, m_publisher->api(v1.id)->updatedAt);

    // "Deprecate old versions" records the older version's transition too, by the same user.
    const auto v2 = m_publisher->createApi(m_creator, {QStringLiteral("Observer"),
                                                       v1.context,
                                                       QStringLiteral("2.0.0"),
                                                       v1.productionEndpoint,
                                                       {},
                                                       {QStringLiteral("AsyncGold")}});
    QVERIFY(v2);
    QVERIFY(m_publisher->changeLifecycle(m_admin, v2->id, QStringLiteral("Publish"),
                                         {Lifecycle::publishChecklist().constFirst()}));
    const auto older = m_publisher->lifecycleHistory(v1.id);
    QCOMPARE(older.size(), 4);
    QCOMPARE(older.last().user, QStringLiteral("admin"));
    QCOMPARE(older.last().from, LifecycleState::Published);
    QCOMPARE(older.last().to, LifecycleState::Deprecated);
    QCOMPARE(m_publisher->lifecycleHistory(v2->id).size(), 1);
    QVERIFY(m_publisher->lifecycleHistory(QStringLiteral("unknown")).isEmpty());

    // The history survives reopening the file.
    m_publisher.reset();
    m_portal.reset();
    m_accounts.reset();
    m_store.reset();
    m_store = Store::open(m_dir->filePath(QStringLiteral("s.db"))).value();
    m_publisher = std::make_unique<PublisherService>(m_store);
    QCOMPARE(m_publisher->lifecycleHistory(v1.id).size(), 4);
}

void TestServices::publisherViews()
{
    const auto environments = m_publisher->environments();
    QCOMPARE(environments.size(), 1);
    QCOMPARE(environments.first().name, QStringLiteral("Default"));
    QCOMPARE(environments.first().displayName, QStringLiteral("Production and Sandbox"));
    QCOMPARE(environments.first().vhost, QStringLiteral("localhost"));

    const auto api = publishedApi();
    const auto first = m_publisher->createRevision(m_pub, api.id, QStringLiteral("first")).value();
    const auto second = m_publisher->createRevision(m_pub, api.id, QStringLiteral("second")).value();
    QVERIFY(m_publisher->deployRevision(m_pub, api.id, first.id, QStringLiteral("Default"), {}));
    const auto undeployed = m_publisher->undeployedRevisions(api.id);
    QCOMPARE(undeployed.size(), 1);
    QCOMPARE(undeployed.first().id, second.id);

    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("Dashboard")}).value();
    const auto sub = m_portal->subscribe(m_sub, app.id, api.id).value();
    const auto subscribers = m_publisher->subscribers(m_pub, api.id);
    QCOMPARE(subscribers.size(), 1);
    QCOMPARE(subscribers.first().subscription.id, sub.id);
    QCOMPARE(subscribers.first().applicationName, QStringLiteral("Dashboard"));
    QCOMPARE(subscribers.first().subscriber, m_sub.name);
    QVERIFY(m_publisher->subscribers(m_sub, api.id).isEmpty());
}

void TestServices::subscriptionRules_data()
{
    QTest::addColumn<QString>("action"); // lifecycle action applied after publishing, or empty
    QTest::addColumn<QString>("plan");
    QTest::addColumn<int>("kind");
    QTest::newRow("published, default plan") << QString() << QString() << -1;
    QTest::newRow("published, offered plan") << QString() << QStringLiteral("AsyncGold") << -1;
    QTest::newRow("plan not offered")
        << QString() << QStringLiteral("AsyncBronze") << int(Error::Kind::Validation);
    QTest::newRow("deprecated") << QStringLiteral("Deprecate") << QString() << int(Error::Kind::Validation);
    QTest::newRow("blocked (hidden)") << QStringLiteral("Block") << QString() << int(Error::Kind::NotFound);
    QTest::newRow("created (hidden)")
        << QStringLiteral("Demote to Created") << QString() << int(Error::Kind::NotFound);
    QTest::newRow("prototyped") << QStringLiteral("Deploy as a Prototype") << QString() << -1;
}

void TestServices::subscriptionRules()
{
    QFETCH(QString, action);
    QFETCH(QString, plan);
    QFETCH(int, kind);
    const auto api = publishedApi();
    if (!action.isEmpty())
        QVERIFY(m_publisher->changeLifecycle(m_pub, api.id, action));
    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("App")}).value();
    const auto sub = m_portal->subscribe(m_sub, app.id, api.id, plan);
    QCOMPARE(sub.ok(), kind < 0);
    if (kind >= 0) {
        QCOMPARE(int(sub.error().kind), kind);
    } else {
        const auto twice = m_portal->subscribe(m_sub, app.id, api.id, plan);
        QCOMPARE(twice.error().kind, Error::Kind::Conflict);
        QCOMPARE(m_publisher->deleteApi(m_admin, api.id).error().kind, Error::Kind::Conflict);
    }
}

void TestServices::applicationsArePrivate()
{
    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("App")}).value();
    QCOMPARE(m_portal->createApplication(m_sub, {QStringLiteral("app")}).error().kind, Error::Kind::Conflict);
    QVERIFY(m_portal->createApplication(m_sub2, {QStringLiteral("App")})); // unique per owner only
    QCOMPARE(m_portal->applications(m_sub).size(), 1);
    QCOMPARE(m_portal->applications(m_admin).size(), 2);
    QCOMPARE(m_portal->application(m_sub2, app.id).error().kind, Error::Kind::NotFound);
    QCOMPARE(m_portal->deleteApplication(m_sub2, app.id).error().kind, Error::Kind::NotFound);
    QCOMPARE(
        m_portal->createApplication(m_sub, {QStringLiteral("Q"), QStringLiteral("9PerMin")}).error().field,
        QStringLiteral("throttlingPolicy"));
    QSignalSpy changed(m_portal.get(), &DevPortalService::applicationChanged);
    const auto renamed =
        m_portal->updateApplication(m_sub, app.id, {QStringLiteral("Renamed"), QStringLiteral("10PerMin")});
    QVERIFY(renamed);
    QCOMPARE(renamed->name, QStringLiteral("Renamed"));
    QCOMPARE(m_portal->application(m_sub, app.id)->quota, QStringLiteral("10PerMin"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_portal->updateApplication(m_sub2, app.id, {QStringLiteral("Stolen")}).error().kind,
             Error::Kind::NotFound);
    QVERIFY(m_portal->createApplication(m_sub, {QStringLiteral("Other")}));
    QCOMPARE(m_portal->updateApplication(m_sub, app.id, {QStringLiteral("other")}).error().kind,
             Error::Kind::Conflict);
    QSignalSpy removed(m_portal.get(), &DevPortalService::applicationRemoved);
    QVERIFY(m_portal->deleteApplication(m_sub, app.id));
    QCOMPARE(removed.count(), 1);
}

void TestServices::keysAndClientAuthentication()
{
    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("App")}).value();
    const auto prod = m_portal->generateKeys(m_sub, app.id, KeyType::Production, {}, 3600).value();
    const auto sandbox = m_portal->generateKeys(m_sub, app.id, KeyType::Sandbox, {}, 3600).value();
    QVERIFY(prod.keys.consumerKey != sandbox.keys.consumerKey);
    QVERIFY(prod.consumerSecret != sandbox.consumerSecret);
    QCOMPARE(m_portal->generateKeys(m_sub, app.id, KeyType::Production, {}, 3600).error().kind,
             Error::Kind::Conflict);
    QCOMPARE(m_portal->generateKeys(m_sub, app.id, KeyType::Production, {QStringLiteral("password")}, 3600)
                 .error()
                 .field,
             QStringLiteral("grantTypesToBeSupported"));
    QCOMPARE(m_portal->authenticateClient(prod.keys.consumerKey, sandbox.consumerSecret).error().kind,
             Error::Kind::Unauthorized);
    QCOMPARE(m_portal->authenticateClient(QStringLiteral("nobody"), prod.consumerSecret).error().kind,
             Error::Kind::Unauthorized);
    QCOMPARE(m_portal->keySets(m_sub, app.id).size(), 2);
    QCOMPARE(m_portal->keySets(m_sub2, app.id).size(), 0);
}

void TestServices::regenerateAndDeleteKeys()
{
    const auto app = m_portal->createApplication(m_sub, {QStringLiteral("App")}).value();
    const auto prod = m_portal->generateKeys(m_sub, app.id, KeyType::Production, {}, 3600).value();
    QVERIFY(m_portal->authenticateClient(prod.keys.consumerKey, prod.consumerSecret));
    QSignalSpy changed(m_portal.get(), &DevPortalService::keysGenerated);

    QCOMPARE(m_portal->regenerateSecret(m_sub2, prod.keys.id).error().kind, Error::Kind::NotFound);
    const auto regenerated = m_portal->regenerateSecret(m_sub, prod.keys.id);
    QVERIFY(regenerated);
    const QString secret = regenerated.value();
    QVERIFY(secret != prod.consumerSecret);
    QCOMPARE(m_portal->authenticateClient(prod.keys.consumerKey, prod.consumerSecret).error().kind,
             Error::Kind::Unauthorized);
    QCOMPARE(m_portal->authenticateClient(prod.keys.consumerKey, secret)->id, prod.keys.id);
    QCOMPARE(changed.count(), 1);

    QCOMPARE(m_portal->deleteKeys(m_sub2, prod.keys.id).error().kind, Error::Kind::NotFound);
    QVERIFY(m_portal->deleteKeys(m_sub, prod.keys.id));
    QCOMPARE(changed.count(), 2);
    QVERIFY(m_portal->keySets(m_sub, app.id).isEmpty());
    QCOMPARE(m_portal->authenticateClient(prod.keys.consumerKey, secret).error().kind,
             Error::Kind::Unauthorized);
    QCOMPARE(m_portal->deleteKeys(m_sub, prod.keys.id).error().kind, Error::Kind::NotFound);
    // The key type is free again.
    QVERIFY(m_portal->generateKeys(m_sub, app.id, KeyType::Production, {}, 3600));
}

void TestServices::accounts()
{
    QVERIFY(m_accounts->authenticate(QStringLiteral("admin"), QStringLiteral("admin")));
    QCOMPARE(m_accounts->authenticate(QStringLiteral("admin"), QStringLiteral("wrong")).error().kind,
             Error::Kind::Unauthorized);
    QCOMPARE(m_accounts->authenticate(QStringLiteral("ghost"), QStringLiteral("admin")).error().kind,
             Error::Kind::Unauthorized);
    const auto admin = m_accounts->user(QStringLiteral("admin")).value();
    QVERIFY(
        m_accounts->createUser(admin, QStringLiteral("dev"), QStringLiteral("devpass"), Role::Subscriber));
    QCOMPARE(m_accounts->createUser(admin, QStringLiteral("dev"), QStringLiteral("x1234"), Role::Subscriber)
                 .error()
                 .kind,
             Error::Kind::Conflict);
    const auto dev = m_accounts->authenticate(QStringLiteral("dev"), QStringLiteral("devpass"));
    QVERIFY(dev);
    QVERIFY(dev->has(Role::Subscriber));
    QVERIFY(!dev->has(Role::Creator));
    QVERIFY(m_accounts->changePassword(dev.value(), QStringLiteral("dev"), QStringLiteral("newpass")));
    QVERIFY(!m_accounts->authenticate(QStringLiteral("dev"), QStringLiteral("devpass")));
    QVERIFY(m_accounts->authenticate(QStringLiteral("dev"), QStringLiteral("newpass")));
    QCOMPARE(m_accounts->changePassword(dev.value(), QStringLiteral("admin"), QStringLiteral("hijack"))
                 .error()
                 .kind,
             Error::Kind::Forbidden);
    QCOMPARE(m_accounts->deleteUser(admin, QStringLiteral("admin")).error().kind, Error::Kind::Conflict);
    QCOMPARE(m_accounts->setRoles(admin, QStringLiteral("admin"), Role::Creator).error().kind,
             Error::Kind::Conflict);
    QVERIFY(m_accounts->deleteUser(admin, QStringLiteral("dev")));
    QVERIFY(!m_accounts->authenticate(QStringLiteral("dev"), QStringLiteral("newpass")));
}

QTEST_GUILESS_MAIN(TestServices)
#include "tst_services.moc"
