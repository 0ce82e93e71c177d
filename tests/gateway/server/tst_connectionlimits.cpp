// Connection limits that Qt HttpServer 6.4 lacks, over HTTP and HTTPS: a request must be complete within
// the request timeout (408), its head within the header limit (431) and all of it within the byte limit
// (413); a stream, once answered, is not timed out.
#include "gateway/rest/managementserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sd::gateway;
using namespace sd::gateway::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int requestTimeoutMs = 300;
const QByteArray streamPath = "/observer/1.0.0/memory";

// The guard's own answer: a complete JSON error, then the connection closes.
void verifyRefused(const TestClient *c, int status)
{
    QTRY_VERIFY_WITH_TIMEOUT(c->isClosed(), 10000);
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->status(), status);
    QVERIFY(c->hasEnded());
    QCOMPARE(c->header("Connection"), QByteArrayLiteral("close"));
    QCOMPARE(QJsonDocument::fromJson(c->body()).object().value(u"code"_s).toInt(), status);
}

} // namespace

class TestConnectionLimits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void silentConnectionGets408();
    void unfinishedHeadGets408();
    void oversizedHeadGets431();
    void streamOutlivesTheRequestTimeout();
    void managementBodyFarTooLargeGets413();

private:
    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    QString m_token;
};

void TestConnectionLimits::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestConnectionLimits::init()
{
    QFETCH_GLOBAL(bool, tls);
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    const auto started = m_fx->start([](RuntimeOptions &o) {
        o.gateway.connections.requestTimeoutMs = requestTimeoutMs;
        o.gateway.stream.heartbeatMs = 0;
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint());
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_token = sub->production.token;
}

void TestConnectionLimits::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestConnectionLimits::silentConnectionGets408()
{
    auto *c = m_fx->client();
    c->open(m_fx->gatewayPort());
    verifyRefused(c, 408);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestConnectionLimits::unfinishedHeadGets408()
{
    auto *c = m_fx->client();
    c->open(m_fx->gatewayPort());
    c->sendRaw("GET " + streamPath + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ");
    verifyRefused(c, 408);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestConnectionLimits::oversizedHeadGets431()
{
    auto *c =
        m_fx->get(streamPath, m_token, {{"X-Padding", QByteArray(ConnectionLimits().maxRequestBytes, 'a')}});
    verifyRefused(c, 431);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestConnectionLimits::streamOutlivesTheRequestTimeout()
{
    auto *stream = m_fx->get(streamPath, m_token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_VERIFY(stream->headComplete());
    // A connection opened after the stream's request times out later than the stream's own timer would
    // have fired: once it has its 408, the stream has lived past its request timeout.
    auto *idle = m_fx->client();
    idle->open(m_fx->gatewayPort());
    verifyRefused(idle, 408);
    QVERIFY(!stream->isClosed());
    m_backend->send(0, "data: still here\n\n");
    QTRY_COMPARE(stream->events().size(), 1);
    QCOMPARE(stream->events().constFirst().data, u"still here"_s);
}

void TestConnectionLimits::managementBodyFarTooLargeGets413()
{
    // Past body and head limits together, the management port refuses before reading the rest.
    const QByteArray body(ManagementServer::maxBodyBytes + ManagementServer::maxHeadBytes + 1, ' ');
    auto *c = m_fx->management("POST", "/api/am/publisher/v4/apis",
                               {{"Authorization", "Basic " + QByteArray("admin:admin").toBase64()},
                                {"Content-Type", "application/json"}},
                               body);
    verifyRefused(c, 413);
}

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"
