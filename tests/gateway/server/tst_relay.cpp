// The relay through real sockets, over HTTP and HTTPS: byte-exact pass-through, heartbeats, forwarded
// headers, backend failures, ends and drops on either side, slow readers and many concurrent clients.
#include "gateway/relay/streammonitor.h"
#include "gateway/server/gatewayserver.h"
#include "gateway/sse/sseparser.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");
const QByteArray heartbeat = QByteArrayLiteral(":\n\n");

// `count` dispatched events in every shape SSE.md allows, with comment-only blocks between some of them;
// each block uses one line terminator (LF, CRLF or CR), chosen at random.
QByteArray variedEvents(int count)
{
    QRandomGenerator rng(20240611);
    QByteArray out = "\xEF\xBB\xBF";
    const QByteArray terminators[] = {"\n", "\r\n", "\r"};
    for (int i = 0; i < count; ++i) {
        const auto &eol = terminators[rng.bounded(3)];
        QByteArray block;
        if (i % 5 == 0)
            block += ": comment " + QByteArray::number(i) + eol;
        if (i % 3 == 0)
            block += "id: " + QByteArray::number(i) + eol;
        if (i % 7 == 0)
            block += "event: tick" + eol;
        if (i % 11 == 0)
            block += "retry: " + QByteArray::number(1000 + i) + eol;
        const int lines = 1 + rng.bounded(3);
        for (int l = 0; l < lines; ++l) {
            switch (rng.bounded(4)) {
            case 0:
                block += "data: " + QByteArray::number(rng.generate64()) + eol;
                break;
            case 1:
                block +=
                    "data:{\"n\":" + QByteArray::number(i) + ",\"text\":\"h\xC3\xA9llo \xE2\x9C\x93\"}" + eol;
                break;
            case 2:
                block += "data" + eol; // an empty data line
                break;
            default:
                block += "data:  two spaces: and a colon" + eol;
                break;
            }
        }
        out += block + eol;
        if (i % 13 == 0)
            out += ": keep-alive" + eol + eol; // a block that dispatches nothing
    }
    return out;
}

qsizetype dispatchedCount(const QByteArray &stream)
{
    SseParser parser;
    QList<SseEvent> blocks;
    parser.feed(stream, blocks);
    return std::count_if(blocks.cbegin(), blocks.cend(), [](const SseEvent &e) { return e.dispatched; });
}

qsizetype firstDifference(const QByteArray &a, const QByteArray &b)
{
    const auto n = qMin(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (a[i] != b[i])
            return i;
    }
    return a.size() == b.size() ? -1 : n;
}

} // namespace

Q_DECLARE_METATYPE(TestBackend::Framing)

class TestRelay final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void byteExact_data();
    void byteExact();
    void pipelinedRequestIsIgnored();
    void responseHeaders();
    void heartbeatsOnlyBetweenEvents();
    void heartbeatBeforeTheFirstByte();
    void forwardedHeaders();
    void backendFailures_data();
    void backendFailures();
    void backendEnds_data();
    void backendEnds();
    void clientLeaves_data();
    void clientLeaves();
    void slowReaderIsDropped();
    void oversizedEventEndsTheStream();
    void streamLimit();
    void stopEndsStreamsCleanly_data();
    void stopEndsStreamsCleanly();
    void manyConcurrentClients();

private:
    void setUp(const GatewayFixture::Configure &configure = {}, const QString &endpoint = {});
    TestClient *open(const TestClient::HeaderList &extra = {});

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    Subscriber m_sub;
};

void TestRelay::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestRelay::initTestCase()
{
    // Hundreds of streams take four descriptors each in this one process.
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    limit.rlim_cur = limit.rlim_max;
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
}

void TestRelay::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestRelay::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestRelay::setUp(const GatewayFixture::Configure &configure, const QString &endpoint)
{
    const auto started = m_fx->start(configure);
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api =
        m_fx->deployedApi(endpoint.isEmpty() ? m_backend->endpoint() : endpoint, {u"AsyncUnlimited"_s});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

TestClient *TestRelay::open(const TestClient::HeaderList &extra)
{
    return m_fx->get(streamPath, m_sub.production.token, extra);
}

void TestRelay::byteExact_data()
{
    QTest::addColumn<TestBackend::Framing>("framing");
    QTest::newRow("close-delimited backend") << TestBackend::Framing::CloseDelimited;
    QTest::newRow("chunked backend") << TestBackend::Framing::Chunked;
}

void TestRelay::byteExact()
{
    QFETCH(TestBackend::Framing, framing);
    m_backend->setResponseHead(200, "text/event-stream"_ba, framing);
    setUp([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    if (QTest::currentTestFailed())
        return;
    const auto events = variedEvents(10000);
    QCOMPARE(dispatchedCount(events), 10000);
    connect(m_backend.get(), &TestBackend::requestReceived, this,
            [&](qsizetype index) { m_backend->sendInPieces(index, events, 16 * 1024, true); });

    auto *c = open();
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 30000);
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->status(), 200);
    QVERIFY(c->isChunked());
    const auto at = firstDifference(c->body(), events);
    QVERIFY2(at < 0, qPrintable(u"bodies differ at byte %1 of %2 (received %3)"_s.arg(at)
                                    .arg(events.size())
                                    .arg(c->body().size())));
    QCOMPARE(c->events().size(), 10000);
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestRelay::pipelinedRequestIsIgnored()
{
    setUp([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    // A second request on the same connection, right behind the first.
    c->sendRaw("GET " + streamPath + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
               m_sub.production.token.toLatin1() + "\r\n\r\n");
    QTRY_COMPARE(m_backend->requestCount(), 1);
    const QByteArray events = "data: one\n\ndata: two\n\n";
    m_backend->send(0, events);
    m_backend->end(0);
    QTRY_VERIFY(c->hasEnded());
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->body(), events);
    QTRY_VERIFY(c->isClosed());
    QCOMPARE(m_backend->requestCount(), 1);
}

void TestRelay::responseHeaders()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *c = open({{"Accept-Encoding"_ba, "gzip, deflate, br"_ba}});
    QTRY_VERIFY(c->headComplete());
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->header("Content-Type"), "text/event-stream"_ba);
    QCOMPARE(c->header("Cache-Control"), "no-cache"_ba);
    QCOMPARE(c->header("X-Accel-Buffering"), "no"_ba);
    QCOMPARE(c->header("Transfer-Encoding"), "chunked"_ba);
    QCOMPARE(c->headerCount("Content-Length"), 0);
    QCOMPARE(c->headerCount("Content-Encoding"), 0);
    // The backend is not asked to compress either.
    QCOMPARE(m_backend->requestHeader(0, "Accept-Encoding"), "identity"_ba);
    // Each event reaches the client on its own, as soon as its blank line arrives.
    m_backend->send(0, "data: first\n\n");
    QTRY_COMPARE(c->body(), "data: first\n\n"_ba);
    m_backend->send(0, "data: sec");
    m_backend->send(0, "ond\n\n");
    QTRY_COMPARE(c->body(), "data: first\n\ndata: second\n\n"_ba);
}

void TestRelay::heartbeatsOnlyBetweenEvents()
{
    constexpr int heartbeatMs = 40;
    setUp([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = heartbeatMs; });
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "data: one\n\n");
    QTRY_VERIFY(c->body().contains("data: one\n\n"));
    // Silence between events is filled with comments.
    QTRY_VERIFY(c->body().sliced(c->body().indexOf("data: one\n\n")).count(heartbeat) >= 2);

    // The backend stops in the middle of an event for many heartbeat periods.
    m_backend->send(0, "id: 7\ndata: tw");
    QTimer::singleShot(12 * heartbeatMs, m_backend.get(), [this] { m_backend->send(0, "o\n\n"); });
    QTRY_VERIFY(c->body().contains("data: two\n\n"));
    QTRY_VERIFY(c->body().sliced(c->body().indexOf("data: two\n\n")).count(heartbeat) >= 2);
    m_backend->end(0);
    QTRY_VERIFY(c->hasEnded());

    const auto body = c->body();
    QVERIFY2(body.contains("id: 7\ndata: two\n\n"), body.constData());
    // Without the heartbeats the body is exactly what the backend sent.
    auto stripped = body;
    stripped.replace(heartbeat, "");
    QCOMPARE(stripped, "data: one\n\nid: 7\ndata: two\n\n"_ba);
    QCOMPARE(c->events().size(), 2);
}

void TestRelay::heartbeatBeforeTheFirstByte()
{
    constexpr int heartbeatMs = 40;
    setUp([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = heartbeatMs; });
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_VERIFY(c->headComplete());
    // The backend answered but sends nothing for a while: comments keep the connection busy.
    QTRY_VERIFY(c->body().count(heartbeat) >= 2);
    // A BOM no longer stands at the start of the client's stream, so it must not make the first field
    // name unknown: the event still arrives.
    m_backend->send(0, "\xEF\xBB\xBF"
                       "data: first\n\n");
    QTRY_COMPARE(c->events().size(), 1);
    QCOMPARE(c->events().constFirst().data, u"first"_s);
    // Heartbeats go on into the silence after it.
    auto body = c->body();
    body.replace(heartbeat, "");
    QVERIFY(body.endsWith("data: first\n\n"));
}

void TestRelay::forwardedHeaders()
{
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *c = m_fx->get(streamPath + "?since=10&x=%20y", m_sub.production.token,
                        {{"Last-Event-ID"_ba, "ram_41"_ba},
                         {"X-Client"_ba, "test"_ba},
                         {"X-Forwarded-For"_ba, "203.0.113.7"_ba},
                         {"Connection"_ba, "X-Hop"_ba},
                         {"X-Hop"_ba, "dropped"_ba}});
    QTRY_COMPARE(m_backend->requestCount(), 1);
    const auto request = m_backend->request(0);
    QVERIFY2(request.startsWith("GET /memory?since=10&x=%20y HTTP/1.1\r\n"), request.constData());
    QCOMPARE(m_backend->requestHeader(0, "Last-Event-ID"), "ram_41"_ba);
    QCOMPARE(m_backend->requestHeader(0, "X-Client"), "test"_ba);
    QCOMPARE(m_backend->requestHeader(0, "X-Forwarded-For"), "203.0.113.7, 127.0.0.1"_ba);
    QCOMPARE(request.count("X-Forwarded-For"), 1);
    QCOMPARE(m_backend->requestHeader(0, "Host"), "127.0.0.1:"_ba + QByteArray::number(m_backend->port()));
    QVERIFY2(!request.toLower().contains("authorization"), request.constData());
    QVERIFY2(!request.contains(m_sub.production.token.toLatin1()), request.constData());
    QCOMPARE(m_backend->requestHeader(0, "X-Hop"), QByteArray());
    QTRY_VERIFY(c->headComplete());
}

void TestRelay::backendFailures_data()
{
    QTest::addColumn<int>("backendStatus");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QByteArray>("expectedCode");
    QTest::addColumn<QString>("descriptionContains");

    QTest::newRow("backend 500") << 500 << "text/html"_ba << 502 << "101506"_ba << u"HTTP 500"_s;
    QTest::newRow("backend 404") << 404 << "text/event-stream"_ba << 502 << "101506"_ba << u"HTTP 404"_s;
    QTest::newRow("wrong media type") << 200 << "text/plain"_ba << 502 << "101506"_ba << u"text/plain"_s;
    QTest::newRow("media type case and parameters")
        << 200 << "Text/Event-Stream; Charset=UTF-8"_ba << 200 << QByteArray() << QString();
    QTest::newRow("refused") << -1 << QByteArray() << 503 << "101503"_ba << QString();
    QTest::newRow("silent") << 0 << QByteArray() << 503 << "101504"_ba << QString();
}

void TestRelay::backendFailures()
{
    QFETCH(int, backendStatus);
    QFETCH(QByteArray, contentType);
    QFETCH(int, expectedStatus);
    QFETCH(QByteArray, expectedCode);
    QFETCH(QString, descriptionContains);

    QString endpoint;
    if (backendStatus < 0) {
        QTcpServer closed; // a port that was free a moment ago and now refuses
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        endpoint = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
    } else if (backendStatus == 0) {
        m_backend->setSilent(true);
    } else {
        m_backend->setResponseHead(backendStatus, contentType);
    }
    setUp(
        [](RuntimeOptions &o) {
            o.gateway.stream.connectTimeoutMs = 300;
            o.gateway.stream.headerTimeoutMs = 300;
        },
        endpoint);
    if (QTest::currentTestFailed())
        return;

    QElapsedTimer timer;
    timer.start();
    auto *c = open();
    if (expectedStatus == 200) {
        QTRY_VERIFY(c->headComplete());
        QCOMPARE(c->status(), 200);
        QCOMPARE(c->header("Content-Type"), contentType);
        m_backend->send(0, "data: x\n\n");
        QTRY_COMPARE(c->events().size(), 1);
        return;
    }
    QTRY_VERIFY(c->hasEnded());
    QVERIFY(timer.elapsed() < 5000);
    QCOMPARE(c->status(), expectedStatus);
    QCOMPARE(c->header("Content-Type"), "application/json"_ba);
    const auto body = jsonObject(c->body());
    QCOMPARE(body.value(u"code").toString(), QString::fromLatin1(expectedCode));
    QVERIFY(!body.value(u"message").toString().isEmpty());
    QVERIFY2(body.value(u"description").toString().contains(descriptionContains), c->body().constData());
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
    if (backendStatus != -1)
        QTRY_COMPARE(m_backend->openCount(), 0);
}

void TestRelay::backendEnds_data()
{
    QTest::addColumn<TestBackend::Framing>("framing");
    QTest::addColumn<bool>("drop");
    QTest::newRow("close-delimited, ends") << TestBackend::Framing::CloseDelimited << false;
    QTest::newRow("chunked, ends") << TestBackend::Framing::Chunked << false;
    QTest::newRow("chunked, drops mid-event") << TestBackend::Framing::Chunked << true;
    QTest::newRow("close-delimited, closes mid-event") << TestBackend::Framing::CloseDelimited << true;
}

void TestRelay::backendEnds()
{
    QFETCH(TestBackend::Framing, framing);
    QFETCH(bool, drop);
    m_backend->setResponseHead(200, "text/event-stream"_ba, framing);
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "data: one\n\ndata: two\n\n");
    if (drop) {
        // The unfinished event is never delivered; for a chunked body this is a lost connection, not an end.
        m_backend->send(0, "data: unfinished");
        m_backend->drop(0);
    } else {
        m_backend->end(0);
    }
    QTRY_VERIFY(c->hasEnded());
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->body(), "data: one\n\ndata: two\n\n"_ba);
    QTRY_VERIFY(c->isClosed());
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestRelay::clientLeaves_data()
{
    QTest::addColumn<bool>("abort");
    QTest::addColumn<bool>("streaming");
    QTest::newRow("client closes") << false << true;
    QTest::newRow("client resets") << true << true;
    QTest::newRow("client leaves before the backend answers") << true << false;
}

void TestRelay::clientLeaves()
{
    QFETCH(bool, abort);
    QFETCH(bool, streaming);
    m_backend->setSilent(!streaming);
    setUp();
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    if (streaming) {
        m_backend->send(0, "data: one\n\n");
        QTRY_COMPARE(c->events().size(), 1);
    }

    QElapsedTimer timer;
    timer.start();
    if (abort)
        c->abort();
    else
        c->close();
    QTRY_VERIFY_WITH_TIMEOUT(m_backend->isClosed(0), 1000);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(u"backend closed after %1 ms"_s.arg(timer.elapsed())));
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestRelay::slowReaderIsDropped()
{
    constexpr qint64 cap = 256 * 1024;
    setUp([](RuntimeOptions &o) {
        o.gateway.stream.maxQueuedBytes = cap;
        o.gateway.stream.maxBehindMs = 1000;
        o.gateway.stream.heartbeatMs = 0;
    });
    if (QTest::currentTestFailed())
        return;
    QStringList closeReasons;
    connect(m_fx->runtime()->gateway()->monitor(), &StreamMonitor::streamsChanged, this,
            [&](const QList<StreamInfo> &changes) {
                for (const auto &info : changes) {
                    if (!info.open)
                        closeReasons << info.closeReason;
                }
            });

    auto *slow = m_fx->client();
    slow->setReading(false);
    slow->get(m_fx->gatewayPort(), streamPath,
              {{"Authorization"_ba, "Bearer " + m_sub.production.token.toLatin1()}});
    QTRY_COMPARE(m_backend->requestCount(), 1);
    auto *healthy = open();
    QTRY_COMPARE(m_backend->requestCount(), 2);
    QTRY_VERIFY(healthy->headComplete());

    const auto rssBefore = residentKiB();
    const QByteArray unit = "data: " + QByteArray(1000, 'x') + "\n\n";
    m_backend->flood(0, unit);
    m_backend->send(1, "data: before\n\n");
    // What the backend can push before the drop is the socket buffers plus the cap; far more means the
    // gateway queues without bound. The client is dropped once it has been behind for maxBehindMs.
    constexpr qint64 unbounded = 128 * 1024 * 1024;
    QTRY_VERIFY_WITH_TIMEOUT(m_backend->isClosed(0) || m_backend->bytesSent(0) > unbounded, 30000);
    const auto rssAfter = residentKiB();
    const auto flooded = m_backend->bytesSent(0);
    QVERIFY2(m_backend->isClosed(0),
             qPrintable(u"not dropped after %1 bytes; resident memory grew from %2 to %3 KiB"_s.arg(flooded)
                            .arg(rssBefore)
                            .arg(rssAfter)));
    QVERIFY2(rssAfter - rssBefore < 64 * 1024,
             qPrintable(u"resident memory grew from %1 to %2 KiB"_s.arg(rssBefore).arg(rssAfter)));
    QTRY_COMPARE(closeReasons.size(), 1);
    QVERIFY2(closeReasons[0].contains(u"too slow"), qPrintable(closeReasons[0]));

    // The other stream goes on.
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 1);
    m_backend->send(1, "data: after\n\n");
    QTRY_COMPARE(healthy->body(), "data: before\n\ndata: after\n\n"_ba);
    QVERIFY(!healthy->isClosed());
}

void TestRelay::oversizedEventEndsTheStream()
{
    setUp([](RuntimeOptions &o) {
        o.gateway.stream.maxEventBytes = 1024;
        o.gateway.stream.heartbeatMs = 0;
    });
    if (QTest::currentTestFailed())
        return;
    auto *c = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "data: small\n\n");
    QTRY_COMPARE(c->events().size(), 1);
    // An event past the limit is never delivered; the stream ends cleanly instead of buffering it.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"block exceeds 1024 bytes"_s));
    m_backend->send(0, "data: " + QByteArray(4096, 'x') + "\n\n");
    QTRY_VERIFY(c->hasEnded());
    QVERIFY(c->framingError().isEmpty());
    QCOMPARE(c->body(), "data: small\n\n"_ba);
    QTRY_VERIFY(m_backend->isClosed(0));
}

void TestRelay::streamLimit()
{
    setUp([](RuntimeOptions &o) { o.gateway.maxStreamDescriptors = 4; }); // two streams of their own backend
    if (QTest::currentTestFailed())
        return;
    auto *first = open();
    auto *second = open();
    QTRY_COMPARE(m_backend->requestCount(), 2);
    auto *third = open();
    QTRY_VERIFY(third->hasEnded());
    QCOMPARE(third->status(), 503);
    QCOMPARE(jsonObject(third->body()).value(u"code").toString(), u"101505"_s);
    QCOMPARE(m_backend->connectionCount(), 2);
    // A place frees up when a stream ends.
    first->abort();
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 1);
    auto *fourth = open();
    QTRY_VERIFY(fourth->headComplete());
    QCOMPARE(fourth->status(), 200);
    QVERIFY(second->headComplete());
}

void TestRelay::stopEndsStreamsCleanly_data()
{
    QTest::addColumn<bool>("destroy");
    QTest::newRow("stop()") << false;
    QTest::newRow("runtime destroyed") << true;
}

void TestRelay::stopEndsStreamsCleanly()
{
    QFETCH(bool, destroy);
    setUp([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    if (QTest::currentTestFailed())
        return;
    auto *streaming = open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->setSilent(true);
    auto *waiting = open();
    QTRY_COMPARE(m_backend->requestCount(), 2);
    m_backend->send(0, "data: one\n\n");
    QTRY_COMPARE(streaming->events().size(), 1);

    if (destroy)
        m_fx->stop();
    else
        m_fx->runtime()->stop();
    // The stream ends with its last chunk; the request still waiting for the backend gets an answer.
    QTRY_VERIFY(streaming->hasEnded());
    QVERIFY(streaming->framingError().isEmpty());
    QCOMPARE(streaming->body(), "data: one\n\n"_ba);
    QTRY_VERIFY(waiting->hasEnded());
    QCOMPARE(waiting->status(), 503);
    QTRY_VERIFY(m_backend->isClosed(0) && m_backend->isClosed(1));
}

void TestRelay::manyConcurrentClients()
{
    constexpr int clients = 200;
    constexpr int events = 5;
    setUp([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    if (QTest::currentTestFailed())
        return;
    QList<TestClient *> all;
    for (int i = 0; i < clients; ++i)
        all << open();
    QTRY_COMPARE_WITH_TIMEOUT(m_backend->requestCount(), clients, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(all.cbegin(), all.cend(), [](auto *c) { return c->headComplete(); }),
                             30000);
    QByteArray expected;
    for (int e = 0; e < events; ++e) {
        const QByteArray event =
            "id: " + QByteArray::number(e) + "\ndata: event " + QByteArray::number(e) + "\n\n";
        m_backend->sendAll(event);
        expected += event;
    }
    m_backend->endAll();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(all.cbegin(), all.cend(), [](auto *c) { return c->hasEnded(); }),
                             30000);
    for (const auto *c : std::as_const(all)) {
        QCOMPARE(c->status(), 200);
        QCOMPARE(c->body(), expected);
        QVERIFY(c->framingError().isEmpty());
    }
    QTRY_COMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

QTEST_GUILESS_MAIN(TestRelay)
#include "tst_relay.moc"
