// Slow clients over real sockets, HTTP and HTTPS: the gateway stops reading the backend at the high-water
// mark of the client's queue and resumes below the low-water mark, so memory per stream stays bounded, TCP
// backpressure reaches the backend and nothing is lost; a client that stays behind is closed as too slow
// and the events that died in its queue do not count against the quota.
#include "gateway/events/gatewayevents.h"
#include "gateway/metering/eventmeter.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");
const QString limitedPlan = u"Events100k"_s;
constexpr qint64 highWater = 64 * 1024;
constexpr qint64 lowWater = 16 * 1024;
// One read of the backend (Qt's read buffer for it, which a TLS socket can overrun by one record of up to
// 16 KiB plus its overhead) and one event can come on top of the high-water mark.
constexpr qint64 readSlack = 64 * 1024 + 17 * 1024 + 2048;

// `count` numbered events of about 1 KB each.
QByteArray numberedEvents(int count)
{
    QByteArray out;
    out.reserve(qsizetype(count) * 1040);
    for (int i = 0; i < count; ++i)
        out += "id: " + QByteArray::number(i) + "\ndata: " + QByteArray(1000, char('a' + i % 26)) + "\n\n";
    return out;
}

} // namespace

class TestStreamBackpressure final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void pausesAndResumesWithoutLoss();
    void clientThatStaysBehindIsClosed();

private:
    void setUp(const GatewayFixture::Configure &configure);
    StreamInfo streamInfo() const;

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    Subscriber m_sub;
};

void TestStreamBackpressure::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestStreamBackpressure::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestStreamBackpressure::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestStreamBackpressure::setUp(const GatewayFixture::Configure &configure)
{
    const auto started = m_fx->start([&](RuntimeOptions &o) {
        o.gateway.stream.heartbeatMs = 0;
        o.gateway.stream.maxQueuedBytes = highWater;
        o.gateway.stream.resumeQueuedBytes = lowWater;
        configure(o);
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto plan = m_fx->addPlan(limitedPlan, 100000, 86400);
    QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint(), {limitedPlan});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    SubscriberOptions options;
    options.plan = limitedPlan;
    const auto sub = m_fx->subscriber(api->id, options);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

StreamInfo TestStreamBackpressure::streamInfo() const
{
    const auto streams = m_fx->runtime()->gateway()->monitor()->openStreams();
    return streams.isEmpty() ? StreamInfo{} : streams.constFirst();
}

void TestStreamBackpressure::pausesAndResumesWithoutLoss()
{
    setUp([](RuntimeOptions &o) { o.gateway.stream.maxBehindMs = 0; });
    if (QTest::currentTestFailed())
        return;
    auto *client = m_fx->client();
    client->setReading(false);
    client->get(m_fx->gatewayPort(), streamPath,
                {{"Authorization"_ba, "Bearer " + m_sub.production.token.toLatin1()}});
    QTRY_COMPARE(m_backend->requestCount(), 1);

    // Far more than every socket buffer on the way can hold.
    constexpr int eventCount = 16 * 1024;
    const auto events = numberedEvents(eventCount);
    m_backend->send(0, events);
    QTRY_VERIFY(streamInfo().backendPaused);
    QVERIFY(streamInfo().queuedBytes >= highWater);

    client->setReading(true);
    QTRY_COMPARE_WITH_TIMEOUT(client->body().size(), events.size(), 60000);
    QCOMPARE(client->body(), events);
    QVERIFY(client->framingError().isEmpty());
    const auto info = streamInfo();
    QVERIFY(!info.backendPaused);
    QCOMPARE(info.events, eventCount);
    QVERIFY2(info.peakQueuedBytes <= highWater + readSlack,
             qPrintable(u"peak queue %1 bytes"_s.arg(info.peakQueuedBytes)));
    m_backend->end(0);
    QTRY_VERIFY(client->hasEnded());
    const auto usage = m_fx->runtime()->gateway()->meter()->usage(m_sub.subscriptionId);
    QVERIFY(usage);
    QCOMPARE(usage->delivered, eventCount);
}

void TestStreamBackpressure::clientThatStaysBehindIsClosed()
{
    setUp([](RuntimeOptions &o) { o.gateway.stream.maxBehindMs = 1500; });
    if (QTest::currentTestFailed())
        return;
    auto *gateway = m_fx->runtime()->gateway();
    QStringList reasons;
    qint64 backendUnsentAtClose = -1;
    qint64 eventsAtClose = -1;
    qint64 eventsTaken = 0; // as last published while the stream was open: taken from the backend
    QObject receiver;       // ends the connections with this function
    connect(gateway->events(), &GatewayEvents::reported, &receiver, [&](const GatewayEvent &event) {
        if (event.kind != GatewayEvent::Kind::StreamClosed)
            return;
        reasons << event.message;
        backendUnsentAtClose = m_backend->unsentBytes(0);
    });
    connect(gateway->monitor(), &StreamMonitor::streamsChanged, &receiver,
            [&](const QList<StreamInfo> &changes) {
                for (const auto &info : changes) {
                    if (info.open)
                        eventsTaken = qMax(eventsTaken, info.events);
                    else
                        eventsAtClose = info.events;
                }
            });

    auto *client = m_fx->client();
    client->setReading(false);
    client->get(m_fx->gatewayPort(), streamPath,
                {{"Authorization"_ba, "Bearer " + m_sub.production.token.toLatin1()}});
    QTRY_COMPARE(m_backend->requestCount(), 1);
    constexpr int eventCount = 32 * 1024;
    const auto events = numberedEvents(eventCount);
    m_backend->send(0, events);
    QTRY_VERIFY(streamInfo().backendPaused);

    QTRY_COMPARE_WITH_TIMEOUT(reasons.size(), 1, 20000);
    QVERIFY2(reasons[0].startsWith(u"client too slow: "), qPrintable(reasons[0]));
    QTRY_VERIFY(m_backend->isClosed(0));
    // The connection is reset: reading again, the client finds it gone, the stream not ended.
    client->setReading(true);
    QTRY_VERIFY(client->isClosed());
    QVERIFY(!client->hasEnded());
    QVERIFY(events.startsWith(client->body()));
    // In all the time the client was behind, the backend could not hand over most of its bytes.
    QVERIFY2(backendUnsentAtClose > events.size() / 2,
             qPrintable(u"backend had %1 of %2 bytes unsent"_s.arg(backendUnsentAtClose).arg(events.size())));

    // The events still queued for the client when it was closed went back to the quota.
    QTRY_VERIFY(eventsAtClose >= 0);
    const auto usage = gateway->meter()->usage(m_sub.subscriptionId);
    QVERIFY(usage);
    QCOMPARE(usage->delivered, eventsAtClose);
    QVERIFY2(usage->delivered < eventsTaken,
             qPrintable(u"%1 events counted, %2 taken"_s.arg(usage->delivered).arg(eventsTaken)));
    QCOMPARE(gateway->openStreams(), 0);
}

QTEST_MAIN(TestStreamBackpressure)
#include "tst_streambackpressure.moc"
