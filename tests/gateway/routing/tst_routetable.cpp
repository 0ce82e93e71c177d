#include "gateway/routing/routetable.h"
#include "models/publisherservice.h"

#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <thread>

using namespace sd;
using namespace sd::gateway;

class TestRouteTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void matchesDeployedApis();
    void lookupsDuringReloads();

private:
    QString deployedApi(const QString &context);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<models::Store> m_store;
    std::unique_ptr<models::PublisherService> m_publisher;
    const models::User m_admin{QStringLiteral("admin"), models::Role::Admin};
};

void TestRouteTable::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto store = models::Store::open(m_dir->filePath(QStringLiteral("streamdesk.db")));
    QVERIFY(store);
    m_store = store.value();
    m_publisher = std::make_unique<models::PublisherService>(m_store);
}

void TestRouteTable::cleanup()
{
    m_publisher.reset();
    m_store.reset();
    m_dir.reset();
}

// Created, published and deployed to Default; empty on failure.
QString TestRouteTable::deployedApi(const QString &context)
{
    models::ApiDraft draft;
    draft.name = QStringLiteral("Api") + QString(context).remove(u'/');
    draft.context = context;
    draft.version = QStringLiteral("1.0.0");
    draft.productionEndpoint = QStringLiteral("http://127.0.0.1:1") + context;
    draft.plans = {QStringLiteral("AsyncGold")};
    const auto api = m_publisher->createApi(m_admin, draft);
    if (!api || !m_publisher->changeLifecycle(m_admin, api->id, QStringLiteral("Publish")))
        return {};
    const auto revision = m_publisher->createRevision(m_admin, api->id, QStringLiteral("first"));
    if (!revision || !m_publisher->deployRevision(m_admin, api->id, revision->id, QStringLiteral("Default"),
                                                  QStringLiteral("localhost")))
        return {};
    return api->id;
}

void TestRouteTable::matchesDeployedApis()
{
    const auto observer = deployedApi(QStringLiteral("/observer"));
    const auto nested = deployedApi(QStringLiteral("/feeds/prices"));
    QVERIFY(!observer.isEmpty() && !nested.isEmpty());
    RouteTable table;
    QCOMPARE(table.size(), 0);
    QVERIFY(!table.match(u"/observer/1.0.0"));
    table.reload(*m_store);
    QCOMPARE(table.size(), 2);

    const auto match = table.match(u"/observer/1.0.0/events?x=1");
    QVERIFY(match);
    QCOMPARE(match->route.apiId, observer);
    QCOMPARE(match->route.productionEndpoint, QStringLiteral("http://127.0.0.1:1/observer"));
    QCOMPARE(match->remainder, QStringLiteral("/events?x=1"));
    const auto exact = table.match(u"/feeds/prices/1.0.0");
    QVERIFY(exact);
    QCOMPARE(exact->route.apiId, nested);
    QCOMPARE(exact->remainder, QString());
    QVERIFY(!table.match(u"/observer/2.0.0"));
    QVERIFY(!table.match(u"observer/1.0.0"));
    QCOMPARE(table.route(nested)->context, QStringLiteral("/feeds/prices"));
    QVERIFY(!table.route(QStringLiteral("unknown")));

    RouteTable other(QStringLiteral("Elsewhere"));
    other.reload(*m_store);
    QCOMPARE(other.size(), 0);
}

void TestRouteTable::lookupsDuringReloads()
{
    const auto steady = deployedApi(QStringLiteral("/steady"));
    const auto flapping = deployedApi(QStringLiteral("/flapping"));
    QVERIFY(!steady.isEmpty() && !flapping.isEmpty());
    const auto revision = m_publisher->deployments(flapping).value(0).revisionId;
    RouteTable table;
    table.reload(*m_store);

    std::atomic<bool> done{false};
    std::atomic<int> wrong{0};
    std::atomic<int> lookups{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r) {
        readers.emplace_back([&] {
            while (!done.load()) {
                const auto s = table.match(u"/steady/1.0.0/events");
                if (!s || s->route.apiId != steady || s->remainder != u"/events")
                    ++wrong;
                const auto f = table.match(u"/flapping/1.0.0");
                if (f && f->route.apiId != flapping)
                    ++wrong;
                if (table.route(steady).value_or(Route{}).apiId != steady)
                    ++wrong;
                ++lookups;
            }
        });
    }
    // The flapping API is undeployed and deployed again while the readers look up.
    for (int i = 0; i < 20; ++i) {
        const int before = lookups.load();
        QVERIFY(i % 2
                    ? bool(m_publisher->deployRevision(m_admin, flapping, revision, QStringLiteral("Default"),
                                                       QStringLiteral("localhost")))
                    : bool(m_publisher->undeployRevision(m_admin, flapping, revision,
                                                         QStringLiteral("Default"))));
        table.reload(*m_store);
        QCOMPARE(table.size(), i % 2 ? 2 : 1);
        QTRY_VERIFY(lookups.load() > before);
    }
    done.store(true);
    for (auto &reader : readers)
        reader.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_GUILESS_MAIN(TestRouteTable)
#include "tst_routetable.moc"
