// Backend faults over real sockets and a real backend process, HTTP and HTTPS: a backend killed mid-stream
// (the client gets a clean end, the Gateway log says why), a backend trickling its bytes (events arrive
// whole, heartbeats fill the pauses between them, an event that never ends is cut at the size limit instead
// of being buffered for ever). Refused connections and oversized events in one piece are in tst_gatewayerrors
// and tst_relay.
#include "gateway/events/gatewayevents.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = "/observer/1.0.0/memory";
const QByteArray heartbeat = ":\n\n";
constexpr int heartbeatMs = 100;
constexpr int tickMs = 20; // one byte per tick: a second per byte, scaled down

// The message of the StreamClosed event the Gateway log got, if any.
QString closeReason(const QSignalSpy &events)
{
    for (const auto &arguments : events) {
        const auto event = arguments.constFirst().value<GatewayEvent>();
        if (event.kind == GatewayEvent::Kind::StreamClosed)
            return event.message;
    }
    return {};
}

} // namespace

class TestFaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void backendProcessKilledMidStream();
    void tricklingBackend();
    void endlessEventIsCutAtTheLimit();

private:
    TestClient *openStream(const QString &endpoint, const GatewayFixture::Configure &configure);
    /// Writes `bytes` to backend connection 0 one byte per tick.
    void trickle(const QByteArray &bytes);

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<QSignalSpy> m_events;
    QTimer m_ticks;
    QByteArray m_toTrickle;
};

void TestFaults::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestFaults::init()
{
    QFETCH_GLOBAL(bool, tls);
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_toTrickle.clear();
    m_ticks.setInterval(tickMs);
    m_ticks.disconnect(this);
    connect(&m_ticks, &QTimer::timeout, this, [this] {
        if (m_toTrickle.isEmpty() || m_backend->isClosed(0)) {
            m_ticks.stop();
            return;
        }
        m_backend->send(0, m_toTrickle.first(1));
        m_toTrickle.remove(0, 1);
    });
}

void TestFaults::cleanup()
{
    m_ticks.stop();
    m_events.reset();
    m_fx.reset();
    m_backend.reset();
}

TestClient *TestFaults::openStream(const QString &endpoint, const GatewayFixture::Configure &configure)
{
    const auto started = m_fx->start(configure);
    if (!started) {
        qWarning("%s", qPrintable(started.error().message));
        return nullptr;
    }
    m_events = std::make_unique<QSignalSpy>(m_fx->runtime()->gateway()->events(), &GatewayEvents::reported);
    const auto api = m_fx->deployedApi(endpoint, {u"AsyncUnlimited"_s});
    const auto sub = api ? m_fx->subscriber(api->id) : sd::models::Result<Subscriber>(api.error());
    if (!sub) {
        qWarning("%s", qPrintable(sub.error().message));
        return nullptr;
    }
    return m_fx->get(streamPath, sub->production.token);
}

void TestFaults::trickle(const QByteArray &bytes)
{
    m_toTrickle += bytes;
    m_ticks.start();
}

void TestFaults::backendProcessKilledMidStream()
{
    QProcess backend;
    backend.start(QStringLiteral(SSE_SERVER_PATH), {u"--port=0"_s, u"--time=600000"_s, u"--interval=20"_s});
    QVERIFY2(backend.waitForStarted(), qPrintable(backend.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(backend.canReadLine(), 10000);
    const auto announce =
        QRegularExpression(u"^sse-server listening on (http://127\\.0\\.0\\.1:\\d+)/memory\\n$"_s)
            .match(QString::fromUtf8(backend.readLine()));
    QVERIFY(announce.hasMatch());
    auto *c = openStream(announce.captured(1), [](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY(c);
    QTRY_VERIFY_WITH_TIMEOUT(c->events().size() >= 3, 20000);

    backend.kill();
    QVERIFY(backend.waitForFinished());
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 20000);
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->status(), 200);
    // Only whole events reach the client: what was cut off with the process is dropped.
    QVERIFY(c->body().endsWith("\n\n"));
    for (const auto &event : c->events())
        QVERIFY2(event.data.startsWith(u'{') && event.data.endsWith(u'}'), qPrintable(event.data));
    QTRY_VERIFY(!closeReason(*m_events).isEmpty());
    QVERIFY2(closeReason(*m_events).contains(u"backend"_s), qPrintable(closeReason(*m_events)));
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestFaults::tricklingBackend()
{
    auto *c = openStream(m_backend->endpoint(),
                         [](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = heartbeatMs; });
    QVERIFY(c);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    const QByteArray first = "data: one\n\n";
    const QByteArray second = "id: 2\nevent: tick\ndata: two\ndata: lines\n\n";
    trickle(first);
    QTRY_COMPARE(c->events().size(), 1);
    // The pause after a whole event is filled with heartbeats that keep the client's connection alive.
    QTRY_VERIFY(c->body().count(heartbeat) >= 2);
    trickle(second);
    QTRY_COMPARE(c->events().size(), 2);
    m_backend->end(0);
    QTRY_VERIFY(c->hasEnded());
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    // No heartbeat was put inside a trickling event: without them the body is exactly what was sent.
    auto stripped = c->body();
    stripped.replace(heartbeat, "");
    QCOMPARE(stripped, first + second);
    QCOMPARE(c->events().at(1).data, u"two\nlines"_s);
    QCOMPARE(c->events().at(1).type, u"tick"_s);
}

void TestFaults::endlessEventIsCutAtTheLimit()
{
    constexpr int maxEventBytes = 64;
    auto *c = openStream(m_backend->endpoint(), [](RuntimeOptions &o) {
        o.gateway.stream.heartbeatMs = heartbeatMs;
        o.gateway.stream.maxEventBytes = maxEventBytes;
    });
    QVERIFY(c);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    trickle("data: whole\n\n");
    QTRY_COMPARE(c->events().size(), 1);
    // An event that never ends is not held for ever: past the limit the stream ends, cleanly.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"block exceeds %1 bytes"_s.arg(maxEventBytes)));
    trickle("data: " + QByteArray(2 * maxEventBytes, 'x'));
    QTRY_VERIFY(c->hasEnded());
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->events().size(), 1);
    QTRY_VERIFY(m_backend->isClosed(0));
    QTRY_VERIFY(!closeReason(*m_events).isEmpty());
    QVERIFY2(closeReason(*m_events).contains(u"too large"_s), qPrintable(closeReason(*m_events)));
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
