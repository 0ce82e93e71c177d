// SseClient against real sockets: events split anywhere, named and unnamed events, request headers and
// bodies, content types, reconnection with Last-Event-ID, retry and backoff, failures without reconnecting.
#include "gateway/client/sseclient.h"
#include "tests/gateway/client/recordingserver.h"
#include "tests/gateway/server/testbackend.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

class TestSseClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void splitAtEveryByte();
    void namedUnnamedAndComments();
    void batchPerRead();
    void requestHeaders();
    void postWithBody();
    void contentType_data();
    void contentType();
    void reconnectWithLastEventId();
    void backoffOnConsecutiveFailures();
    void noReconnectAfter4xx_data();
    void noReconnectAfter4xx();
    void reconnectAfter5xx();
    void connectionRefused();
    void closeStopsReconnecting();
    void unsupportedUrl();
    void oversizedEvent();
    void runsOnAnotherThread();

private:
    /// A client for the backend's stream, its events collected in m_events.
    SseClient *makeClient(const QString &url);

    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<SseClient> m_client;
    QList<ReceivedEvent> m_events;
    QList<qsizetype> m_batchSizes;
};

void TestSseClient::init()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_events.clear();
    m_batchSizes.clear();
}

void TestSseClient::cleanup()
{
    m_client.reset();
    m_backend.reset();
}

SseClient *TestSseClient::makeClient(const QString &url)
{
    m_client = std::make_unique<SseClient>();
    StreamRequest request;
    request.url = QUrl(url);
    m_client->setRequest(request);
    connect(m_client.get(), &SseClient::eventsReceived, this, [this](const QList<ReceivedEvent> &events) {
        m_events += events;
        m_batchSizes.append(events.size());
    });
    return m_client.get();
}

void TestSseClient::splitAtEveryByte()
{
    // CRLF line ends, a multi-line data field and a two-byte UTF-8 character, split at each byte boundary.
    const QByteArray event =
        "id: 7\r\nevent: tick\r\ndata: {\"name\":\"caf\xC3\xA9\"}\r\ndata: line 2\r\n\r\n";
    auto *client = makeClient(m_backend->endpoint() + u"/memory"_s);
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_COMPARE(client->state(), SseClient::State::Open);

    // qWaitFor polls more often than QTRY_*, which matters over this many round trips.
    constexpr int stepTimeoutMs = 20000;
    qint64 sent = 0;
    for (qsizetype split = 1; split < event.size(); ++split) {
        m_backend->send(0, event.first(split));
        sent += split;
        QVERIFY(QTest::qWaitFor([&] { return client->bytesReceived() == sent; }, stepTimeoutMs));
        m_backend->send(0, event.sliced(split));
        sent += event.size() - split;
        QVERIFY(QTest::qWaitFor([&] { return m_events.size() == split; }, stepTimeoutMs));
    }
    for (const ReceivedEvent &received : std::as_const(m_events)) {
        QVERIFY(received.event.dispatched);
        QCOMPARE(received.event.type, u"tick"_s);
        QCOMPARE(received.event.lastEventId, u"7"_s);
        QCOMPARE(received.event.data, u"{\"name\":\"caf\u00e9\"}\nline 2"_s);
        QVERIFY(received.receivedAt.isValid());
        // Split inside the final CRLF, the block ends at the CR and its LF opens the next block's bytes.
        const QByteArray raw = received.raw.startsWith('\n') ? received.raw.sliced(1) : received.raw;
        QVERIFY2(raw == event || raw == event.chopped(1), raw.constData());
    }
    QByteArray all;
    for (const ReceivedEvent &received : std::as_const(m_events))
        all += received.raw;
    // The last split leaves the final LF waiting for the next block.
    QCOMPARE(all, event.repeated(event.size() - 1).chopped(1));
    QCOMPARE(client->lastEventId(), u"7"_s);
}

void TestSseClient::namedUnnamedAndComments()
{
    const QByteArray stream = "data: plain\n\n"
                              "event: custom\ndata: named\n\n"
                              ": heartbeat\n\n"
                              "data\n\n";
    auto *client = makeClient(m_backend->endpoint());
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->sendInPieces(0, stream, 5, false);
    QTRY_COMPARE(m_events.size(), 4);

    QCOMPARE(m_events[0].event.type, u"message"_s);
    QCOMPARE(m_events[0].event.data, u"plain"_s);
    QCOMPARE(m_events[0].raw, "data: plain\n\n"_ba);
    QCOMPARE(m_events[1].event.type, u"custom"_s);
    QCOMPARE(m_events[1].event.data, u"named"_s);
    QVERIFY(!m_events[2].event.dispatched);
    QCOMPARE(m_events[2].raw, ": heartbeat\n\n"_ba);
    QVERIFY(m_events[3].event.dispatched);
    QCOMPARE(m_events[3].event.data, QString());
    QCOMPARE(client->bytesReceived(), stream.size());
}

void TestSseClient::batchPerRead()
{
    QByteArray stream;
    for (int i = 0; i < 200; ++i)
        stream += "data: " + QByteArray::number(i) + "\n\n";
    auto *client = makeClient(m_backend->endpoint());
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, stream);
    QTRY_COMPARE(m_events.size(), 200);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(m_events[i].event.data, QString::number(i));
    // One signal carries every event of a read: fewer signals than events.
    QCOMPARE(std::accumulate(m_batchSizes.cbegin(), m_batchSizes.cend(), qsizetype(0)), 200);
    QVERIFY2(m_batchSizes.size() < 200, qPrintable(QString::number(m_batchSizes.size())));
}

void TestSseClient::requestHeaders()
{
    auto *client = makeClient(m_backend->endpoint() + u"/memory?x=1"_s);
    StreamRequest request = client->request();
    request.headers = {{"X-Api-Key", "k e y"}, {"X-Trace", "abc"}, {"x-trace", "def"}};
    request.setBearerToken(u"token-1"_s);
    request.lastEventId = u"start-9"_s;
    client->setRequest(request);
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);

    QVERIFY2(m_backend->request(0).startsWith("GET /memory?x=1 HTTP/1.1\r\n"),
             m_backend->request(0).constData());
    QCOMPARE(m_backend->requestHeader(0, "X-Api-Key"), "k e y"_ba);
    QCOMPARE(m_backend->requestHeader(0, "X-Trace"), "abc, def"_ba);
    QCOMPARE(m_backend->requestHeader(0, "Authorization"), "Bearer token-1"_ba);
    QCOMPARE(m_backend->requestHeader(0, "Last-Event-ID"), "start-9"_ba);
    QCOMPARE(m_backend->requestHeader(0, "Accept"), "text/event-stream"_ba);
    QCOMPARE(m_backend->requestHeader(0, "Cache-Control"), "no-cache"_ba);
    QCOMPARE(m_backend->requestHeader(0, "Accept-Encoding"), "identity"_ba);
}

void TestSseClient::postWithBody()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setStream("data: {\"token\":\"Hello\"}\n\ndata: [DONE]\n\n");
    auto *client = makeClient(server.url(u"/v1/chat"_s));
    client->setAutoReconnect(false);
    StreamRequest request = client->request();
    request.method = "POST";
    request.body = R"({"stream":true,"prompt":"hi"})";
    request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    client->setRequest(request);
    client->open();
    QTRY_COMPARE(client->state(), SseClient::State::Closed);

    QCOMPARE(server.requests().size(), 1);
    const auto &received = server.requests().constFirst();
    QCOMPARE(received.method, "POST"_ba);
    QCOMPARE(received.target, "/v1/chat"_ba);
    QCOMPARE(received.body, request.body);
    QCOMPARE(received.header("Content-Type"), "application/json; charset=utf-8"_ba);
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].event.data, u"[DONE]"_s);
}

void TestSseClient::contentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("stream");
    QTest::newRow("text/event-stream") << "text/event-stream"_ba << true;
    QTest::newRow("other case and a charset") << "Text/Event-Stream; charset=utf-8"_ba << true;
    QTest::newRow("html page") << "text/html"_ba << false;
    QTest::newRow("json") << "application/json"_ba << false;
    QTest::newRow("prefix only") << "text/event-streams"_ba << false;
}

void TestSseClient::contentType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, stream);
    m_backend->setResponseHead(200, contentType);
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy started(client, &SseClient::responseStarted);
    QSignalSpy failed(client, &SseClient::failed);
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(started.size(), 1);
    QCOMPARE(started[0][0].toInt(), 200);
    QCOMPARE(started[0][1].toByteArray(), contentType);
    if (stream) {
        QTRY_COMPARE(client->state(), SseClient::State::Open);
        QCOMPARE(failed.size(), 0);
        return;
    }
    QTRY_COMPARE(failed.size(), 1);
    const auto failure = failed[0][0].value<StreamFailure>();
    QCOMPARE(failure.httpStatus, 200);
    QVERIFY2(failure.summary.contains(QString::fromLatin1(contentType)), qPrintable(failure.summary));
    QVERIFY(!failure.advice.isEmpty());
    QCOMPARE(client->state(), SseClient::State::Closed);
    QCOMPARE(reconnects.size(), 0);
}

void TestSseClient::reconnectWithLastEventId()
{
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    QSignalSpy states(client, &SseClient::stateChanged);
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QCOMPARE(m_backend->requestHeader(0, "Last-Event-ID"), QByteArray());
    m_backend->send(0, "retry: 40\nid: 41\ndata: first\n\nid: 42\ndata: second\n\ndata: no id\n\n");
    QTRY_COMPARE(m_events.size(), 3);
    m_backend->end(0);

    QTRY_COMPARE(reconnects.size(), 1);
    QCOMPARE(reconnects[0][0].toInt(), 40);
    QCOMPARE(reconnects[0][1].toInt(), 1);
    QTRY_COMPARE(m_backend->requestCount(), 2);
    QCOMPARE(m_backend->requestHeader(1, "Last-Event-ID"), "42"_ba);
    QTRY_COMPARE(client->state(), SseClient::State::Open);
    QCOMPARE(client->lastEventId(), u"42"_s);

    const QList<SseClient::State> expected{SseClient::State::Connecting, SseClient::State::Open,
                                           SseClient::State::WaitingToReconnect, SseClient::State::Connecting,
                                           SseClient::State::Open};
    QList<SseClient::State> seen;
    for (const auto &args : std::as_const(states))
        seen.append(args[0].value<SseClient::State>());
    QCOMPARE(seen, expected);
}

void TestSseClient::backoffOnConsecutiveFailures()
{
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "retry: 30\ndata: x\n\n");
    QTRY_COMPARE(m_events.size(), 1);
    m_backend->end(0);
    QTRY_COMPARE(m_backend->requestCount(), 2);

    // Connections that deliver nothing double the delay; an event resets it.
    const QList<int> delays{30, ReconnectBackoff::minBackoffMs * 2, ReconnectBackoff::minBackoffMs * 4};
    for (qsizetype i = 1; i < delays.size(); ++i) {
        QTRY_COMPARE(client->state(), SseClient::State::Open);
        m_backend->end(i);
        QTRY_COMPARE(m_backend->requestCount(), i + 2);
    }
    QTRY_COMPARE(client->state(), SseClient::State::Open);
    m_backend->send(3, "data: y\n\n");
    QTRY_COMPARE(m_events.size(), 2);
    m_backend->end(3);
    QTRY_COMPARE(reconnects.size(), 4);

    QList<int> seen;
    QList<int> attempts;
    for (const auto &args : std::as_const(reconnects)) {
        seen.append(args[0].toInt());
        attempts.append(args[1].toInt());
    }
    QCOMPARE(seen, delays + QList<int>{30});
    QCOMPARE(attempts, (QList<int>{1, 2, 3, 1}));
}

void TestSseClient::noReconnectAfter4xx_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("401") << 401;
    QTest::newRow("403") << 403;
    QTest::newRow("404") << 404;
    QTest::newRow("429") << 429;
}

void TestSseClient::noReconnectAfter4xx()
{
    QFETCH(int, status);
    m_backend->setResponseHead(status, "text/plain");
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy failed(client, &SseClient::failed);
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(failed.size(), 1);
    const auto failure = failed[0][0].value<StreamFailure>();
    QCOMPARE(failure.httpStatus, status);
    QCOMPARE(failure.body, "failed"_ba);
    QVERIFY(!failure.summary.isEmpty());
    QCOMPARE(client->httpStatus(), status);
    QCOMPARE(client->state(), SseClient::State::Closed);
    QCOMPARE(reconnects.size(), 0);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSseClient::reconnectAfter5xx()
{
    m_backend->setResponseHead(503, "application/json");
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy failed(client, &SseClient::failed);
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed[0][0].value<StreamFailure>().httpStatus, 503);
    QCOMPARE(reconnects.size(), 1);
    QCOMPARE(reconnects[0][0].toInt(), ReconnectBackoff::defaultDelayMs);
    QCOMPARE(client->state(), SseClient::State::WaitingToReconnect);
    client->close();
    QCOMPARE(client->state(), SseClient::State::Closed);
}

void TestSseClient::connectionRefused()
{
    // A port that was free a moment ago: nothing listens there now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    auto *client = makeClient(u"http://127.0.0.1:%1/memory"_s.arg(port));
    QSignalSpy failed(client, &SseClient::failed);
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(failed.size(), 1);
    const auto failure = failed[0][0].value<StreamFailure>();
    QCOMPARE(failure.httpStatus, 0);
    QVERIFY2(failure.summary.contains(u"refused"_s), qPrintable(failure.summary));
    QVERIFY(!failure.advice.isEmpty());
    QCOMPARE(reconnects.size(), 1);
    QCOMPARE(reconnects[0][0].toInt(), ReconnectBackoff::defaultDelayMs);
    QCOMPARE(client->state(), SseClient::State::WaitingToReconnect);

    client->setAutoReconnect(false);
    QCOMPARE(client->state(), SseClient::State::Closed);
}

void TestSseClient::closeStopsReconnecting()
{
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "retry: 0\ndata: x\n\n");
    QTRY_COMPARE(m_events.size(), 1);
    client->close();
    QCOMPARE(client->state(), SseClient::State::Closed);
    QTRY_VERIFY(m_backend->isClosed(0));
    QCOMPARE(reconnects.size(), 0);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSseClient::unsupportedUrl()
{
    auto *client = makeClient(u"ftp://127.0.0.1/memory"_s);
    QSignalSpy failed(client, &SseClient::failed);
    client->open();
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed[0][0].value<StreamFailure>().summary.isEmpty());
    QCOMPARE(client->state(), SseClient::State::Closed);
}

void TestSseClient::oversizedEvent()
{
    auto *client = makeClient(m_backend->endpoint());
    QSignalSpy failed(client, &SseClient::failed);
    QSignalSpy reconnects(client, &SseClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"block exceeds"_s));
    m_backend->send(0, "data: ok\n\ndata: " + QByteArray(SseParser::defaultMaxBlockSize, 'x'));
    QTRY_COMPARE(failed.size(), 1);
    const auto failure = failed[0][0].value<StreamFailure>();
    QCOMPARE(failure.httpStatus, 200);
    QVERIFY2(failure.summary.contains(u"larger than"_s), qPrintable(failure.summary));
    QCOMPARE(client->state(), SseClient::State::Closed);
    QCOMPARE(reconnects.size(), 0);
    QCOMPARE(m_events.size(), 1);
    QTRY_VERIFY(m_backend->isClosed(0));
}

void TestSseClient::runsOnAnotherThread()
{
    QThread thread;
    thread.start();
    QObject context;
    context.moveToThread(&thread);
    SseClient *client = nullptr;
    std::atomic<int> received = 0;
    std::atomic<bool> open = false;
    const QString url = m_backend->endpoint();
    QMetaObject::invokeMethod(
        &context,
        [&] {
            client = new SseClient;
            StreamRequest request;
            request.url = QUrl(url);
            client->setRequest(request);
            connect(client, &SseClient::stateChanged, client,
                    [&](SseClient::State state) { open = state == SseClient::State::Open; });
            connect(client, &SseClient::eventsReceived, client,
                    [&](const QList<ReceivedEvent> &events) { received += static_cast<int>(events.size()); });
            client->open();
        },
        Qt::BlockingQueuedConnection);
    QTRY_VERIFY(open);
    QCOMPARE(client->thread(), &thread);
    m_backend->send(0, "data: a\n\ndata: b\n\n");
    QTRY_COMPARE(received.load(), 2);
    QMetaObject::invokeMethod(
        &context, [&] { delete client; }, Qt::BlockingQueuedConnection);
    QTRY_VERIFY(m_backend->isClosed(0));
    thread.quit();
    thread.wait();
}

QTEST_GUILESS_MAIN(TestSseClient)
#include "tst_sseclient.moc"
