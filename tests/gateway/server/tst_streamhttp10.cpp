// HTTP/1.0 clients over real sockets, HTTP and HTTPS: a stream comes as a close-delimited body (no
// Transfer-Encoding, which HTTP/1.0 does not know; RFC 9112 section 6.3) and a complete answer with its
// Content-Length; HTTP/1.1 clients still get chunked framing.
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
} // namespace

class TestStreamHttp10 final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void streamIsCloseDelimited();
    void completeAnswerHasContentLength();

private:
    void setUp();
    /// Sends a raw HTTP/1.0 GET of the stream path with `headers` (each line ending in CRLF).
    TestClient *getHttp10(const QByteArray &headers);

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    Subscriber m_sub;
};

void TestStreamHttp10::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestStreamHttp10::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestStreamHttp10::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestStreamHttp10::setUp()
{
    const auto started = m_fx->start([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint(), {u"AsyncUnlimited"_s});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

TestClient *TestStreamHttp10::getHttp10(const QByteArray &headers)
{
    auto *client = m_fx->client();
    client->open(m_fx->gatewayPort());
    client->sendRaw("GET " + streamPath + " HTTP/1.0\r\n" + headers + "\r\n");
    return client;
}

void TestStreamHttp10::streamIsCloseDelimited()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *client = getHttp10("Authorization: Bearer " + m_sub.production.token.toLatin1() + "\r\n");
    auto *chunked = m_fx->get(streamPath, m_sub.production.token);
    QTRY_COMPARE(m_backend->requestCount(), 2);
    const QByteArray events = "id: 1\ndata: one\n\n: comment\n\ndata: two\ndata: lines\n\n";
    m_backend->sendAll(events);

    QTRY_COMPARE(client->body(), events);
    QCOMPARE(client->status(), 200);
    QCOMPARE(client->headerCount("Transfer-Encoding"), 0);
    QCOMPARE(client->headerCount("Content-Length"), 0);
    QCOMPARE(client->header("Connection"), "close"_ba);
    QCOMPARE(client->header("Content-Type"), "text/event-stream"_ba);
    QVERIFY(!client->isChunked());
    QVERIFY(!client->hasEnded());
    QTRY_COMPARE(chunked->body(), events);
    QVERIFY(chunked->isChunked());

    // The end of the stream is the end of the connection.
    m_backend->endAll();
    QTRY_VERIFY(client->hasEnded());
    QCOMPARE(client->body(), events);
    QVERIFY(client->framingError().isEmpty());
    QTRY_VERIFY(chunked->hasEnded());
    QVERIFY(chunked->framingError().isEmpty());
}

void TestStreamHttp10::completeAnswerHasContentLength()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *client = getHttp10({});
    QTRY_VERIFY(client->hasEnded());
    QCOMPARE(client->status(), 401);
    QCOMPARE(client->headerCount("Transfer-Encoding"), 0);
    QCOMPARE(client->header("Content-Length").toLongLong(), client->body().size());
    QCOMPARE(jsonObject(client->body()).value(u"code"_s).toString(), u"900902"_s);
    QVERIFY(client->framingError().isEmpty());
    QTRY_VERIFY(client->isClosed());
}

QTEST_MAIN(TestStreamHttp10)
#include "tst_streamhttp10.moc"
