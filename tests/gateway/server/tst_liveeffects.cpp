// Management actions end the open streams they affect within a second, cleanly, and leave the others
// alone; new connections then get the matching error. Over HTTP and HTTPS, on one worker thread and on two
// with the affected streams on both.
#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenservice.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;
using sd::models::SubscriptionStatus;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");

enum class Action {
    RevokeToken,
    BlockSubscription,
    HoldSubscription,
    BlockProductionOnly,
    Unsubscribe,
    DeleteApplication,
    BlockApi,
    RetireApi,
    Undeploy,
};

} // namespace

Q_DECLARE_METATYPE(Action)

class TestLiveEffects final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void endsAffectedStreams_data();
    void endsAffectedStreams();

private:
    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
};

void TestLiveEffects::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("workers");
    QTest::newRow("http") << false << 1;
    QTest::newRow("https") << true << 1;
    QTest::newRow("http, 2 workers") << false << 2;
    QTest::newRow("https, 2 workers") << true << 2;
}

void TestLiveEffects::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestLiveEffects::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestLiveEffects::endsAffectedStreams_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<bool>("apiWide"); // the other application's stream ends too
    QTest::addColumn<int>("status");   // what a new connection then gets
    QTest::addColumn<QString>("code");

    QTest::newRow("token revoked") << Action::RevokeToken << false << 401 << u"900901"_s;
    QTest::newRow("subscription blocked") << Action::BlockSubscription << false << 401 << u"900907"_s;
    QTest::newRow("subscription on hold") << Action::HoldSubscription << false << 401 << u"900909"_s;
    QTest::newRow("production blocked") << Action::BlockProductionOnly << false << 401 << u"900907"_s;
    QTest::newRow("unsubscribed") << Action::Unsubscribe << false << 403 << u"900908"_s;
    QTest::newRow("application deleted") << Action::DeleteApplication << false << 401 << u"900901"_s;
    QTest::newRow("API blocked") << Action::BlockApi << true << 503 << u"700700"_s;
    QTest::newRow("API retired") << Action::RetireApi << true << 404 << u"404"_s;
    QTest::newRow("revision undeployed") << Action::Undeploy << true << 404 << u"404"_s;
}

void TestLiveEffects::endsAffectedStreams()
{
    QFETCH(Action, action);
    QFETCH(bool, apiWide);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH_GLOBAL(int, workers);
    QVERIFY(m_fx->start([workers](RuntimeOptions &o) {
        o.gateway.stream.heartbeatMs = 0;
        o.gateway.workers = workers;
    }));
    const auto api = m_fx->deployedApi(m_backend->endpoint());
    QVERIFY(api);
    const auto sub = m_fx->subscriber(api->id);
    const auto bystander = m_fx->subscriber(api->id);
    QVERIFY(sub && bystander);
    if (action == Action::RetireApi)
        QVERIFY(m_fx->changeLifecycle(api->id, u"Deprecate"_s)); // open streams survive deprecation

    // Two streams of the affected application (one per worker when there are two), then the bystander's.
    auto *affected = m_fx->get(streamPath, sub->production.token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    auto *affectedToo = m_fx->get(streamPath, sub->production.token);
    QTRY_COMPARE(m_backend->requestCount(), 2);
    auto *other = m_fx->get(streamPath, bystander->production.token);
    QTRY_COMPARE(m_backend->requestCount(), 3);
    m_backend->sendAll("data: before\n\n");
    QTRY_COMPARE(affected->events().size(), 1);
    QTRY_COMPARE(affectedToo->events().size(), 1);
    QTRY_COMPARE(other->events().size(), 1);
    QSet<int> affectedWorkers;
    for (const auto &stream : m_fx->runtime()->gateway()->monitor()->openStreams()) {
        if (stream.applicationId == sub->application.id)
            affectedWorkers.insert(stream.worker);
    }
    QCOMPARE(affectedWorkers.size(), workers);

    auto *publisher = m_fx->runtime()->publisher();
    auto *portal = m_fx->runtime()->portal();
    const auto &admin = m_fx->admin();
    QElapsedTimer timer;
    timer.start();
    switch (action) {
    case Action::RevokeToken: {
        const auto jti = m_fx->runtime()->store()->activeTokenIds(sub->production.keys.keys.id);
        QCOMPARE(jti.size(), 1);
        QVERIFY(m_fx->runtime()->tokens()->revokeById(jti[0]));
        break;
    }
    case Action::BlockSubscription:
        QVERIFY(publisher->setSubscriptionStatus(admin, sub->subscriptionId, SubscriptionStatus::Blocked));
        break;
    case Action::HoldSubscription:
        QVERIFY(publisher->setSubscriptionStatus(admin, sub->subscriptionId, SubscriptionStatus::OnHold));
        break;
    case Action::BlockProductionOnly:
        QVERIFY(publisher->setSubscriptionStatus(admin, sub->subscriptionId,
                                                 SubscriptionStatus::ProdOnlyBlocked));
        break;
    case Action::Unsubscribe:
        QVERIFY(portal->unsubscribe(admin, sub->subscriptionId));
        break;
    case Action::DeleteApplication:
        QVERIFY(portal->deleteApplication(admin, sub->application.id));
        break;
    case Action::BlockApi:
        QVERIFY(m_fx->changeLifecycle(api->id, u"Block"_s));
        break;
    case Action::RetireApi:
        QVERIFY(m_fx->changeLifecycle(api->id, u"Retire"_s));
        break;
    case Action::Undeploy: {
        const auto revisions = publisher->revisions(api->id);
        QCOMPARE(revisions.size(), 1);
        QVERIFY(publisher->undeployRevision(admin, api->id, revisions[0].id, u"Default"_s));
        break;
    }
    }

    QTRY_VERIFY_WITH_TIMEOUT(affected->hasEnded() && affectedToo->hasEnded(), 1000);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(u"ended after %1 ms"_s.arg(timer.elapsed())));
    for (auto *client : {affected, affectedToo}) {
        QVERIFY2(client->framingError().isEmpty(), qPrintable(client->framingError()));
        QCOMPARE(client->body(), "data: before\n\n"_ba);
    }
    QTRY_VERIFY(m_backend->isClosed(0) && m_backend->isClosed(1));

    if (apiWide) {
        QTRY_VERIFY_WITH_TIMEOUT(other->hasEnded(), 1000);
        QTRY_VERIFY(m_backend->isClosed(2));
    } else {
        // The other application's stream goes on.
        m_backend->send(2, "data: after\n\n");
        QTRY_COMPARE(other->events().size(), 2);
        QVERIFY(!other->hasEnded());
        QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 1);
    }

    auto *next = m_fx->get(streamPath, sub->production.token);
    QTRY_VERIFY(next->hasEnded());
    QCOMPARE(next->status(), status);
    QCOMPARE(jsonObject(next->body()).value(u"code").toString(), code);
    QCOMPARE(m_backend->connectionCount(), 3);
}

QTEST_GUILESS_MAIN(TestLiveEffects)
#include "tst_liveeffects.moc"
