// Shared upstreams (fan-out): clients of an API that shares its upstreams, on one worker, read one backend
// stream; each gets the events from when it joined, its own metering and its own end.
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/feed?symbol=ACME");
const QString smallPlan = QStringLiteral("Async3PerDay");

QByteArray numberedEvents(int from, int count)
{
    QByteArray out;
    for (int i = from; i < from + count; ++i)
        out += "data: event " + QByteArray::number(i) + "\n\n";
    return out;
}

} // namespace

class TestSharedUpstream final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void clientsShareOneConnection();
    void lateClientStartsAtNextEvent();
    void lateClientAtBoundaryGetsNextEvent();
    void oneLeavingKeepsOthersStreaming();
    void lastLeavingClosesBackend();
    void backendEndReachesAll();
    void backendFailureReachesAll();
    void offByDefault();
    void otherQueryGetsOwnConnection();
    void lastEventIdGetsOwnConnection();
    void meteringPerClient();
    void settingsNameTheApis();
    void budgetHoldsSharedClientsOneEach();
    void budgetHoldsDirectStreamsTwoEach();
    void newSharedUpstreamCostsTwo();
    void resumingClientCostsTwo();
    void lastLeavingGivesUpstreamDescriptorBack();
    void backendEndGivesEveryDescriptorBack();

private:
    void setUp(bool shared, const QString &plan = {});
    /// Opens `count` clients of the subscriber and waits for their response heads.
    QList<TestClient *> open(int count, const QByteArray &path = streamPath);
    /// Opens one more client and checks that the gateway refuses it: its stream budget is spent.
    void expectBusy(const QByteArray &path = streamPath);
    qsizetype heldDescriptors() const { return m_fx->runtime()->gateway()->streamDescriptors(); }

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    QStringList m_sharedApis;
    int m_descriptorBudget = 0; // 0: the default
    QString m_apiId;
    Subscriber m_sub;
};

void TestSharedUpstream::init()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_sharedApis = {u"/observer/1.0.0"_s};
    m_descriptorBudget = 0;
    m_fx = std::make_unique<GatewayFixture>(false);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestSharedUpstream::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestSharedUpstream::setUp(bool shared, const QString &plan)
{
    const auto started = m_fx->start([&](RuntimeOptions &o) {
        o.gateway.workers = 1; // the clients must share a worker
        o.gateway.stream.heartbeatMs = 0;
        if (shared)
            o.gateway.sharedUpstreams = m_sharedApis;
        if (m_descriptorBudget > 0)
            o.gateway.maxStreamDescriptors = m_descriptorBudget;
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    if (!plan.isEmpty()) {
        const auto added = m_fx->addPlan(plan, 3, 86400);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));
    }
    const auto api = m_fx->deployedApi(m_backend->endpoint(),
                                       plan.isEmpty() ? QStringList{u"AsyncGold"_s} : QStringList{plan});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    m_apiId = api->id;
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

QList<TestClient *> TestSharedUpstream::open(int count, const QByteArray &path)
{
    QList<TestClient *> clients;
    for (int i = 0; i < count; ++i)
        clients.append(m_fx->get(path, m_sub.production.token));
    for (auto *c : std::as_const(clients)) {
        [&] { QTRY_VERIFY(c->headComplete()); }();
        [&] { QCOMPARE(c->status(), 200); }();
    }
    return clients;
}

void TestSharedUpstream::expectBusy(const QByteArray &path)
{
    auto *refused = m_fx->get(path, m_sub.production.token);
    QTRY_VERIFY(refused->hasEnded());
    QCOMPARE(refused->status(), 503);
    QCOMPARE(jsonObject(refused->body()).value(u"code").toString(), u"101505"_s);
}

void TestSharedUpstream::clientsShareOneConnection()
{
    setUp(true);
    const auto clients = open(3);
    QCOMPARE(m_backend->requestCount(), 1);
    QVERIFY(m_backend->request(0).startsWith("GET /feed?symbol=ACME HTTP/1.1\r\n"));
    m_backend->sendAll(numberedEvents(1, 4));
    for (auto *c : clients) {
        QTRY_COMPARE(c->events().size(), 4);
        QCOMPARE(c->body(), numberedEvents(1, 4));
        QCOMPARE(c->header("Content-Type"), "text/event-stream"_ba);
    }
    QCOMPARE(m_backend->connectionCount(), 1);
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 3);
}

void TestSharedUpstream::lateClientStartsAtNextEvent()
{
    setUp(true);
    auto *first = open(1).constFirst();
    // One write: the half event reaches the gateway with the whole one before it.
    m_backend->sendAll("data: one\n\ndata: tw");
    QTRY_COMPARE(first->body(), "data: one\n\n"_ba);
    auto *late = open(1).constFirst();
    m_backend->sendAll("o\n\ndata: three\n\n");
    QTRY_COMPARE(first->body(), "data: one\n\ndata: two\n\ndata: three\n\n"_ba);
    QTRY_COMPARE(late->body(), "data: three\n\n"_ba);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSharedUpstream::lateClientAtBoundaryGetsNextEvent()
{
    setUp(true);
    auto *first = open(1).constFirst();
    m_backend->sendAll("data: one\n\n");
    QTRY_COMPARE(first->body(), "data: one\n\n"_ba);
    auto *late = open(1).constFirst();
    m_backend->sendAll("data: two\n\n");
    QTRY_COMPARE(late->body(), "data: two\n\n"_ba);
    QTRY_COMPARE(first->body(), "data: one\n\ndata: two\n\n"_ba);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSharedUpstream::oneLeavingKeepsOthersStreaming()
{
    setUp(true);
    const auto clients = open(3);
    m_backend->sendAll(numberedEvents(1, 1));
    for (auto *c : clients)
        QTRY_COMPARE(c->events().size(), 1);
    clients[1]->abort();
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 2);
    m_backend->sendAll(numberedEvents(2, 2));
    QTRY_COMPARE(clients[0]->body(), numberedEvents(1, 3));
    QTRY_COMPARE(clients[2]->body(), numberedEvents(1, 3));
    QVERIFY(!m_backend->isClosed(0));
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSharedUpstream::lastLeavingClosesBackend()
{
    setUp(true);
    const auto clients = open(2);
    clients[0]->abort();
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 1);
    QVERIFY(!m_backend->isClosed(0));
    clients[1]->abort();
    QTRY_VERIFY(m_backend->isClosed(0));
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
    // The next client opens a new backend stream.
    auto *next = open(1).constFirst();
    QCOMPARE(m_backend->connectionCount(), 2);
    m_backend->send(1, numberedEvents(1, 1));
    QTRY_COMPARE(next->body(), numberedEvents(1, 1));
}

void TestSharedUpstream::backendEndReachesAll()
{
    setUp(true);
    const auto clients = open(3);
    m_backend->sendAll(numberedEvents(1, 2));
    m_backend->end(0);
    for (auto *c : clients) {
        QTRY_VERIFY(c->hasEnded());
        QCOMPARE(c->body(), numberedEvents(1, 2));
        QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    }
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestSharedUpstream::backendFailureReachesAll()
{
    setUp(true);
    m_backend->setResponseHead(200, "text/event-stream", TestBackend::Framing::Chunked);
    const auto clients = open(2);
    m_backend->sendAll(numberedEvents(1, 1));
    for (auto *c : clients)
        QTRY_COMPARE(c->events().size(), 1);
    m_backend->drop(0); // no last chunk: the body did not end
    for (auto *c : clients)
        QTRY_VERIFY(c->isClosed());
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestSharedUpstream::offByDefault()
{
    setUp(false);
    const auto clients = open(3);
    QCOMPARE(m_backend->connectionCount(), 3);
    m_backend->sendAll(numberedEvents(1, 2));
    for (auto *c : clients)
        QTRY_COMPARE(c->body(), numberedEvents(1, 2));
}

void TestSharedUpstream::otherQueryGetsOwnConnection()
{
    setUp(true);
    open(2);
    open(1, "/observer/1.0.0/feed?symbol=OTHER");
    QCOMPARE(m_backend->connectionCount(), 2);
}

void TestSharedUpstream::lastEventIdGetsOwnConnection()
{
    setUp(true);
    const auto shared = open(2);
    auto *resuming = m_fx->get(streamPath, m_sub.production.token, {{"Last-Event-ID", "41"}});
    QTRY_VERIFY(resuming->headComplete());
    QCOMPARE(m_backend->connectionCount(), 2);
    QCOMPARE(m_backend->requestHeader(0, "Last-Event-ID"), QByteArray());
    QCOMPARE(m_backend->requestHeader(1, "Last-Event-ID"), "41"_ba);
    m_backend->send(1, "id: 42\ndata: resumed\n\n");
    QTRY_COMPARE(resuming->body(), "id: 42\ndata: resumed\n\n"_ba);
    for (auto *c : shared)
        QVERIFY(c->body().isEmpty());
}

void TestSharedUpstream::settingsNameTheApis()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile ini(dir.filePath(u"settings.ini"_s));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[gateway]\nsharedUpstreams=observer/1.0.0, /ticker/2.0.0\n");
    ini.close();
    RuntimeOptions options;
    QVERIFY(options.gateway.sharedUpstreams.isEmpty()); // off by default
    options.dataDir = dir.path();
    QStringList errors;
    options.loadSettings(&errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QCOMPARE(options.gateway.sharedUpstreams, (QStringList{u"observer/1.0.0"_s, u"/ticker/2.0.0"_s}));

    // Without the leading '/' the context names the same API.
    m_sharedApis = options.gateway.sharedUpstreams;
    setUp(true);
    open(2);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSharedUpstream::meteringPerClient()
{
    setUp(true, smallPlan);
    SubscriberOptions options;
    options.plan = smallPlan;
    const auto other = m_fx->subscriber(m_apiId, options);
    QVERIFY2(other, other ? "" : qPrintable(other.error().message));
    auto *first = open(1).constFirst();
    QCOMPARE(first->header("X-Quota-Remaining"), "3"_ba);
    auto *second = m_fx->get(streamPath, other->production.token);
    QTRY_VERIFY(second->headComplete());
    QCOMPARE(second->header("X-Quota-Remaining"), "3"_ba);
    m_backend->sendAll(numberedEvents(1, 2));
    QTRY_COMPARE(first->events().size(), 2);
    QTRY_COMPARE(second->events().size(), 2);
    // The first subscriber's second stream counts against its plan alone: one event left between its two.
    auto *third = open(1).constFirst();
    QCOMPARE(third->header("X-Quota-Remaining"), "1"_ba);
    m_backend->sendAll(numberedEvents(3, 3));
    QTRY_VERIFY(first->hasEnded());
    QTRY_VERIFY(second->hasEnded());
    QTRY_VERIFY(third->hasEnded());
    QCOMPARE(second->body(), numberedEvents(1, 3));
    // Of event 3, one of the first subscriber's streams got the last unit of quota, the other none.
    QCOMPARE(first->events().size() + third->events().size(), 3);
    QCOMPARE(m_backend->connectionCount(), 1);
    QTRY_VERIFY(m_backend->isClosed(0));
}

void TestSharedUpstream::budgetHoldsSharedClientsOneEach()
{
    m_descriptorBudget = 5;
    setUp(true);
    // The first client holds its own descriptor and the shared backend's, each later one its own.
    const auto clients = open(4);
    QCOMPARE(m_backend->connectionCount(), 1);
    QCOMPARE(heldDescriptors(), 5);
    expectBusy();
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 4);
    // A client that leaves gives its descriptor back: the next one fits again.
    clients[2]->abort();
    QTRY_COMPARE(heldDescriptors(), 4);
    auto *next = open(1).constFirst();
    QCOMPARE(heldDescriptors(), 5);
    QCOMPARE(m_backend->connectionCount(), 1);
    m_backend->sendAll(numberedEvents(1, 1));
    QTRY_COMPARE(next->body(), numberedEvents(1, 1));
    QTRY_COMPARE(clients[0]->body(), numberedEvents(1, 1));
}

void TestSharedUpstream::budgetHoldsDirectStreamsTwoEach()
{
    m_descriptorBudget = 5;
    setUp(false);
    const auto clients = open(2);
    QCOMPARE(heldDescriptors(), 4);
    expectBusy(); // one descriptor is left, a stream of its own needs two
    QCOMPARE(m_backend->connectionCount(), 2);
    clients[0]->abort();
    QTRY_COMPARE(heldDescriptors(), 2);
    open(1);
    QCOMPARE(heldDescriptors(), 4);
    QCOMPARE(m_backend->connectionCount(), 3);
}

void TestSharedUpstream::newSharedUpstreamCostsTwo()
{
    m_descriptorBudget = 5;
    setUp(true);
    open(2);
    QCOMPARE(heldDescriptors(), 3);
    // Another query opens a second shared backend stream: two descriptors, the last two.
    open(1, "/observer/1.0.0/feed?symbol=OTHER");
    QCOMPARE(m_backend->connectionCount(), 2);
    QCOMPARE(heldDescriptors(), 5);
    expectBusy();
    expectBusy("/observer/1.0.0/feed?symbol=THIRD");
}

void TestSharedUpstream::resumingClientCostsTwo()
{
    m_descriptorBudget = 5;
    setUp(true);
    open(2);
    // Resuming needs a backend stream of its own.
    auto *resuming = m_fx->get(streamPath, m_sub.production.token, {{"Last-Event-ID", "41"}});
    QTRY_VERIFY(resuming->headComplete());
    QCOMPARE(resuming->status(), 200);
    QCOMPARE(heldDescriptors(), 5);
    expectBusy();
}

void TestSharedUpstream::lastLeavingGivesUpstreamDescriptorBack()
{
    m_descriptorBudget = 5;
    setUp(true);
    auto clients = open(2);
    QCOMPARE(heldDescriptors(), 3);
    clients[0]->abort();
    QTRY_COMPARE(heldDescriptors(), 2); // the backend stays open for the other client
    QVERIFY(!m_backend->isClosed(0));
    clients[1]->abort();
    QTRY_COMPARE(heldDescriptors(), 0);
    QTRY_VERIFY(m_backend->isClosed(0));
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
    // The whole budget is free again: a new shared stream and three more clients.
    clients = open(4);
    QCOMPARE(heldDescriptors(), 5);
    QCOMPARE(m_backend->connectionCount(), 2);
    expectBusy();
}

void TestSharedUpstream::backendEndGivesEveryDescriptorBack()
{
    m_descriptorBudget = 5;
    setUp(true);
    const auto clients = open(4);
    QCOMPARE(heldDescriptors(), 5);
    m_backend->sendAll(numberedEvents(1, 1));
    m_backend->end(0);
    for (auto *c : clients)
        QTRY_VERIFY(c->hasEnded());
    QTRY_COMPARE(heldDescriptors(), 0);
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
    open(4);
    QCOMPARE(heldDescriptors(), 5);
    QCOMPARE(m_backend->connectionCount(), 2);
}

QTEST_GUILESS_MAIN(TestSharedUpstream)
#include "tst_sharedupstream.moc"
