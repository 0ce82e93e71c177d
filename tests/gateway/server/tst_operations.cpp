// What the gateway tells the console, over real sockets (HTTP and HTTPS): refused requests and backend
// failures with their codes, streams opened and closed, closing one stream by id, key type, event rates
// and delivered usage.
#include "gateway/events/gatewayevents.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QTcpServer>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");

} // namespace

class TestOperations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void refusedRequestsAreReported_data();
    void refusedRequestsAreReported();
    void backendFailureIsReported();
    void streamOpenedAndClosedAreReported();
    void closeOneStreamById_data();
    void closeOneStreamById();
    void closingBeforeTheBackendAnswers();
    void streamInfoForTheConsole();

private:
    void setUp(const QString &endpoint = {}, const QStringList &plans = {u"AsyncGold"_s});
    TestClient *open();
    /// The monitor ids of the open streams, oldest first.
    QList<quint64> streamIds() const;

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    sd::models::Api m_api;
    Subscriber m_sub;
    QList<GatewayEvent> m_events;
};

void TestOperations::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestOperations::init()
{
    QFETCH_GLOBAL(bool, tls);
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_events.clear();
}

void TestOperations::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestOperations::setUp(const QString &endpoint, const QStringList &plans)
{
    const auto started = m_fx->start([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    connect(m_fx->runtime()->gateway()->events(), &GatewayEvents::reported, this,
            [this](const GatewayEvent &e) { m_events.append(e); });
    const auto api = m_fx->deployedApi(endpoint.isEmpty() ? m_backend->endpoint() : endpoint, plans);
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    m_api = api.value();
    const auto sub = m_fx->subscriber(m_api.id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

TestClient *TestOperations::open()
{
    return m_fx->get(streamPath, m_sub.production.token);
}

QList<quint64> TestOperations::streamIds() const
{
    QList<quint64> ids;
    for (const auto &s : m_fx->runtime()->gateway()->monitor()->openStreams())
        ids << s.id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

void TestOperations::refusedRequestsAreReported_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("token"); // "sub": the subscriber's, "unsubscribed": an application without one
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("apiKnown");
    QTest::newRow("missing credentials") << streamPath << QString() << 401 << u"900902"_s << true;
    QTest::newRow("invalid token") << streamPath << u"not-a-token"_s << 401 << u"900901"_s << true;
    QTest::newRow("not subscribed") << streamPath << u"unsubscribed"_s << 403 << u"900908"_s << true;
    QTest::newRow("unknown api") << "/nothing/1.0.0"_ba << u"sub"_s << 404 << u"404"_s << false;
}

void TestOperations::refusedRequestsAreReported()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, token);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(bool, apiKnown);
    setUp();
    if (QTest::currentTestFailed())
        return;
    if (token == u"sub") {
        token = m_sub.production.token;
    } else if (token == u"unsubscribed") {
        SubscriberOptions options;
        options.subscribe = false;
        const auto other = m_fx->subscriber(m_api.id, options);
        QVERIFY(other);
        token = other->production.token;
    }
    auto *c = m_fx->get(path, token);
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), status);
    QTRY_COMPARE(m_events.size(), 1);
    const auto &e = m_events.constFirst();
    QCOMPARE(e.kind, GatewayEvent::Kind::Refused);
    QCOMPARE(e.level, GatewayEvent::Level::Warning);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.code, code);
    QCOMPARE(e.method, u"GET"_s);
    QCOMPARE(e.path, QString::fromLatin1(path));
    QCOMPARE(e.client, u"127.0.0.1"_s);
    QVERIFY(!e.message.isEmpty());
    QVERIFY(e.time.isValid());
    QCOMPARE(e.apiId, apiKnown ? m_api.id : QString());
    QCOMPARE(e.apiName, apiKnown ? m_api.name : QString());
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestOperations::backendFailureIsReported()
{
    // A port that was free a moment ago: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const auto endpoint = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
    probe.close();
    setUp(endpoint);
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), 503);
    QTRY_COMPARE(m_events.size(), 1);
    const auto &e = m_events.constFirst();
    QCOMPARE(e.kind, GatewayEvent::Kind::BackendFailed);
    QCOMPARE(e.level, GatewayEvent::Level::Error);
    QCOMPARE(e.httpStatus, 503);
    QCOMPARE(e.code, u"101503"_s);
    QCOMPARE(e.apiId, m_api.id);
    QCOMPARE(e.path, QString::fromLatin1(streamPath));
}

void TestOperations::streamOpenedAndClosedAreReported()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_VERIFY(c->headComplete());
    QTRY_COMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].kind, GatewayEvent::Kind::StreamOpened);
    QCOMPARE(m_events[0].level, GatewayEvent::Level::Info);
    QCOMPARE(m_events[0].httpStatus, 200);
    QCOMPARE(m_events[0].apiId, m_api.id);
    QCOMPARE(m_events[0].streamId, streamIds().value(0));
    c->abort();
    QTRY_COMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].kind, GatewayEvent::Kind::StreamClosed);
    QCOMPARE(m_events[1].level, GatewayEvent::Level::Info);
    QCOMPARE(m_events[1].streamId, m_events[0].streamId);
    QCOMPARE(m_events[1].message, u"client disconnected"_s);
}

void TestOperations::closeOneStreamById_data()
{
    QTest::addColumn<bool>("fromAnotherThread");
    QTest::newRow("GatewayServer::closeStream") << false;
    QTest::newRow("StreamMonitor::requestClose from another thread") << true;
}

void TestOperations::closeOneStreamById()
{
    QFETCH(bool, fromAnotherThread);
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *first = open();
    QTRY_VERIFY(first->headComplete());
    auto *second = open();
    QTRY_VERIFY(second->headComplete());
    auto *third = open();
    QTRY_VERIFY(third->headComplete());
    QTRY_COMPARE(m_backend->requestCount(), 3);
    const auto ids = streamIds();
    QCOMPARE(ids.size(), 3);
    m_backend->sendAll("data: one\n\n");
    QTRY_VERIFY(first->events().size() == 1 && second->events().size() == 1 && third->events().size() == 1);

    QStringList closeReasons;
    auto *monitor = m_fx->runtime()->gateway()->monitor();
    connect(monitor, &StreamMonitor::streamsChanged, this, [&](const QList<StreamInfo> &changes) {
        for (const auto &info : changes) {
            if (!info.open)
                closeReasons << u"%1:%2"_s.arg(info.id).arg(info.closeReason);
        }
    });
    const auto reason = u"closed from the console by admin"_s;
    const auto target = ids[1]; // the second stream opened
    if (fromAnotherThread) {
        std::unique_ptr<QThread> thread(QThread::create([&] { monitor->requestClose(target, reason); }));
        thread->start();
        QVERIFY(thread->wait());
    } else {
        m_fx->runtime()->gateway()->closeStream(target, reason);
    }
    // A clean end: the last chunk, nothing malformed.
    QTRY_VERIFY(second->hasEnded());
    QVERIFY(second->framingError().isEmpty());
    QCOMPARE(second->body(), "data: one\n\n"_ba);
    QTRY_COMPARE(closeReasons, QStringList{u"%1:%2"_s.arg(target).arg(reason)});
    QTRY_VERIFY(m_backend->isClosed(1));
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 2);
    const auto closedEvent = std::find_if(m_events.cbegin(), m_events.cend(), [](const GatewayEvent &e) {
        return e.kind == GatewayEvent::Kind::StreamClosed;
    });
    QVERIFY(closedEvent != m_events.cend());
    QCOMPARE(closedEvent->streamId, target);
    QCOMPARE(closedEvent->message, reason);

    // The others go on; an unknown id changes nothing.
    m_fx->runtime()->gateway()->closeStream(9999, reason);
    m_backend->sendAll("data: two\n\n");
    QTRY_VERIFY(first->events().size() == 2 && third->events().size() == 2);
    QVERIFY(!first->hasEnded() && !third->hasEnded());
    QCOMPARE(streamIds(), QList<quint64>({ids[0], ids[2]}));
}

void TestOperations::closingBeforeTheBackendAnswers()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    m_backend->setSilent(true);
    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    const auto ids = streamIds();
    QCOMPARE(ids.size(), 1);
    m_fx->runtime()->gateway()->closeStream(ids[0], u"closed from the console by admin"_s);
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), 503);
    QVERIFY(
        jsonObject(c->body()).value(u"description").toString().contains(u"closed from the console by admin"));
    QTRY_COMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].kind, GatewayEvent::Kind::Refused);
    QCOMPARE(m_events[0].httpStatus, 503);
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestOperations::streamInfoForTheConsole()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    const auto sandbox = m_fx->credentials(m_sub.application.id, sd::models::KeyType::Sandbox);
    QVERIFY(sandbox);
    auto *c = m_fx->get(streamPath, sandbox->token);
    QTRY_VERIFY(c->headComplete());
    QCOMPARE(c->status(), 200);
    auto *monitor = m_fx->runtime()->gateway()->monitor();
    QCOMPARE(monitor->openCount(), 1);
    const auto info = monitor->openStreams().constFirst();
    QCOMPARE(info.keyType, sd::models::KeyType::Sandbox);
    QCOMPARE(info.applicationName, m_sub.application.name);
    QCOMPARE(info.apiName, m_api.name);
    QCOMPARE(info.client, u"127.0.0.1"_s);

    // Three events delivered: the rate goes above zero, and usage counts the three, not the lease.
    m_backend->sendAll("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    QTRY_COMPARE(c->events().size(), 3);
    QTRY_VERIFY(monitor->openStreams().constFirst().eventsPerSecond > 0.0);
    QTRY_COMPARE(monitor->openStreams().constFirst().quotaLeft, 50000 - 3);
    auto *meter = m_fx->runtime()->gateway()->meter();
    const auto usage = meter->usage(m_sub.subscriptionId);
    QVERIFY(usage);
    QCOMPARE(usage->delivered, 3);
    QCOMPARE(usage->limit, 50000);
}

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
