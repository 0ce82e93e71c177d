// Event quotas of business plans and per-token connection quotas of applications, through real sockets
// over HTTP and HTTPS: exact counts, clean ends, 429 answers, persistence across restarts.
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");
const QByteArray throttledBody =
    QByteArrayLiteral(": request is throttled out by the server, try again at later point of time\n");
const QString smallPlan = QStringLiteral("Async3PerDay");

QByteArray numberedEvents(int from, int count)
{
    QByteArray out;
    for (int i = from; i < from + count; ++i)
        out += "id: " + QByteArray::number(i) + "\ndata: event " + QByteArray::number(i) + "\n\n";
    return out;
}

void verifyThrottled(const TestClient *c, qint64 maxRetryAfter)
{
    QCOMPARE(c->status(), 429);
    QCOMPARE(c->header("Content-Type"), "text/event-stream"_ba);
    QCOMPARE(c->body(), throttledBody);
    bool ok = false;
    const auto retryAfter = c->header("Retry-After").toLongLong(&ok);
    QVERIFY2(ok && retryAfter >= 1 && retryAfter <= maxRetryAfter, c->header("Retry-After").constData());
}

} // namespace

class TestMetering final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void exactQuota_data();
    void exactQuota();
    void streamsShareTheQuota();
    void quotaSurvivesRestart();
    void applicationQuota();

private:
    void setUp(const QString &quota = u"Unlimited"_s, const GatewayFixture::Configure &configure = {});
    TestClient *open() { return m_fx->get(streamPath, m_sub.production.token); }

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    QString m_apiId;
    Subscriber m_sub;
};

void TestMetering::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestMetering::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestMetering::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestMetering::setUp(const QString &quota, const GatewayFixture::Configure &configure)
{
    const auto started = m_fx->start(configure);
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto plan = m_fx->addPlan(smallPlan, 3, 86400);
    QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint(), {smallPlan, u"AsyncGold"_s});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    m_apiId = api->id;
    SubscriberOptions options;
    options.plan = smallPlan;
    options.quota = quota;
    const auto sub = m_fx->subscriber(api->id, options);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

void TestMetering::exactQuota_data()
{
    QTest::addColumn<int>("piece"); // largest backend write, one per event-loop turn; 0: everything at once
    QTest::addColumn<bool>("quotaEvent");
    QTest::newRow("five events in one read") << 0 << false;
    QTest::newRow("byte by byte") << 1 << false;
    QTest::newRow("pieces of up to 7 bytes") << 7 << false;
    QTest::newRow("with quota-exhausted event") << 0 << true;
}

void TestMetering::exactQuota()
{
    QFETCH(int, piece);
    QFETCH(bool, quotaEvent);
    setUp(u"Unlimited"_s, [&](RuntimeOptions &o) {
        o.gateway.stream.heartbeatMs = 0;
        o.gateway.stream.quotaEvent = quotaEvent;
    });
    if (QTest::currentTestFailed())
        return;

    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_VERIFY(c->headComplete());
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->header("X-Quota-Remaining"), "3"_ba);
    // Comments and id-only blocks are not events and cost nothing.
    const QByteArray events = ": hello\n\nid: 0\n\n" + numberedEvents(1, 5);
    if (piece == 0)
        m_backend->send(0, events);
    else
        m_backend->sendInPieces(0, events, piece, false);

    QTRY_VERIFY(c->hasEnded());
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    const auto delivered = c->events();
    QCOMPARE(delivered.size(), quotaEvent ? 4 : 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(delivered[i].data, u"event %1"_s.arg(i + 1));
    const QByteArray allowed = ": hello\n\nid: 0\n\n" + numberedEvents(1, 3);
    QVERIFY(c->body().startsWith(allowed));
    if (quotaEvent)
        QCOMPARE(delivered[3].type, u"quota-exhausted"_s);
    else
        QCOMPARE(c->body(), allowed);
    // The gateway stops reading the backend at the quota.
    QTRY_VERIFY(m_backend->isClosed(0));

    auto *next = open();
    QTRY_VERIFY(next->hasEnded());
    verifyThrottled(next, 86400);
    const auto now = QDateTime::currentSecsSinceEpoch();
    const auto toMidnight = 86400 - now % 86400;
    QVERIFY(qAbs(next->header("Retry-After").toLongLong() - toMidnight) <= 2);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestMetering::streamsShareTheQuota()
{
    setUp(u"Unlimited"_s, [](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    if (QTest::currentTestFailed())
        return;
    auto *first = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    auto *second = open();
    QTRY_COMPARE(m_backend->requestCount(), 2);
    QTRY_VERIFY(first->headComplete() && second->headComplete());

    m_backend->send(0, numberedEvents(1, 2));
    QTRY_COMPARE(first->events().size(), 2);
    // One event is left; the second stream takes it and ends, then the first can have no more.
    m_backend->send(1, numberedEvents(10, 4));
    QTRY_VERIFY(second->hasEnded());
    QCOMPARE(second->events().size(), 1);
    m_backend->send(0, numberedEvents(3, 4));
    QTRY_VERIFY(first->hasEnded());
    QCOMPARE(first->events().size(), 2);
    QCOMPARE(first->body(), numberedEvents(1, 2));
    QVERIFY(first->framingError().isEmpty() && second->framingError().isEmpty());
}

void TestMetering::quotaSurvivesRestart()
{
    setUp(u"Unlimited"_s, [](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, numberedEvents(1, 2));
    m_backend->end(0);
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->events().size(), 2);

    m_fx->stop();
    const auto restarted = m_fx->start([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY2(restarted, restarted ? "" : qPrintable(restarted.error().message));
    auto *after = open();
    QTRY_COMPARE(m_backend->requestCount(), 2);
    QTRY_VERIFY(after->headComplete());
    QCOMPARE(after->header("X-Quota-Remaining"), "1"_ba);
    m_backend->send(1, numberedEvents(3, 3));
    QTRY_VERIFY(after->hasEnded());
    QCOMPARE(after->body(), numberedEvents(3, 1));

    m_fx->stop();
    QVERIFY(m_fx->start());
    auto *exhausted = open();
    QTRY_VERIFY(exhausted->hasEnded());
    verifyThrottled(exhausted, 86400);
    QCOMPARE(m_backend->connectionCount(), 2);
}

void TestMetering::applicationQuota()
{
    // Connection quotas count per calendar minute; keep all eleven attempts inside one.
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() % 60 < 45, 20000);
    setUp(u"10PerMin"_s);
    if (QTest::currentTestFailed())
        return;
    for (int i = 0; i < 10; ++i) {
        auto *c = open();
        QTRY_VERIFY(c->headComplete());
        QCOMPARE(c->status(), 200);
        c->abort();
    }
    auto *eleventh = open();
    QTRY_VERIFY(eleventh->hasEnded());
    verifyThrottled(eleventh, 60);
    QCOMPARE(m_backend->connectionCount(), 10);

    // Another token of another application is not affected.
    SubscriberOptions options;
    options.plan = u"AsyncGold"_s;
    options.quota = u"10PerMin"_s;
    const auto other = m_fx->subscriber(m_apiId, options);
    QVERIFY(other);
    auto *c = m_fx->get(streamPath, other->production.token);
    QTRY_VERIFY(c->headComplete());
    QCOMPARE(c->status(), 200);
}

QTEST_GUILESS_MAIN(TestMetering)
#include "tst_metering.moc"
