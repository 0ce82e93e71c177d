#include "gateway/relay/chunkedresponder.h"
#include "tests/tools/httptestclient.h"
#include "tests/tools/sseserverprocess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <csignal>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using sd::gateway::ChunkedResponder;
using sd::tools::HttpTestClient;
using sd::tools::SseServerProcess;
using StatusCode = ChunkedResponder::StatusCode;

namespace {

const QList<QByteArray> streamHeaders{"Content-Type: text/event-stream", "Cache-Control: no-store",
                                      "Transfer-Encoding: chunked", "Connection: close"};

const QRegularExpression eventPattern(
    u"^data:\\{\"heap\":(\\d+),\"nonHeap\":(\\d+),\"ts\":(\\d+),\"identifier\":\"ram_(\\d+)\"\\}\\n\\n$"_s);

quint64 eventId(const QByteArray &event)
{
    return eventPattern.match(QString::fromUtf8(event)).captured(4).toULongLong();
}

// Every event well-formed and plausible, identifiers counting up by one; ids receives them.
void checkEvents(const HttpTestClient &client, QList<quint64> *ids = nullptr)
{
    QVERIFY2(client.framingError().isEmpty(), qPrintable(client.framingError()));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<quint64> seen;
    const QList<QByteArray> events = client.events();
    for (const QByteArray &event : events) {
        const QRegularExpressionMatch match = eventPattern.match(QString::fromUtf8(event));
        QVERIFY2(match.hasMatch(), event.constData());
#ifndef __SANITIZE_ADDRESS__ // the sanitizer's allocator replaces the malloc heap that mallinfo2() reports
        QVERIFY(match.captured(1).toLongLong() > 0);
#endif
        const qint64 ts = match.captured(3).toLongLong();
        QVERIFY2(ts > now - 60'000 && ts <= now + 1000, event.constData());
        const quint64 id = match.captured(4).toULongLong();
        if (!seen.isEmpty())
            QCOMPARE(id, seen.last() + 1);
        seen.append(id);
    }
    QVERIFY2(client.body().endsWith("\n\n") || client.body().isEmpty(), client.body().right(200).constData());
    if (ids)
        *ids = seen;
}

} // namespace

class TestSseServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // sse-server, run as a process.
    void streamHeadersAndFraming();
    void eventFormat();
    void sameTickSameEvent();
    void streamLifetime();
    void notFound_data();
    void notFound();
    void methodNotAllowed_data();
    void methodNotAllowed();
    void queryStringIsIgnored();
    void badArguments_data();
    void badArguments();
    void helpAndVersion_data();
    void helpAndVersion();
    void manyConcurrentClients();
    void pipelinedRequestDoesNotCorruptStream();
    void disconnectingClients_data();
    void disconnectingClients();
    void slowClientIsDropped();
    void terminationEndsStreams_data();
    void terminationEndsStreams();
    void subMillisecondInterval();

    // ChunkedResponder, through a QHttpServer in this process.
    void responderChunkFraming();
    void responderCompleteResponse_data();
    void responderCompleteResponse();
    void responderRejectsOutOfOrderCalls();
    void responderWritesAfterPeerLeft();
    void responderOutlivesServer();
    void responderUnansweredGets500();
    void responderDroppedMidStreamAborts();
    void responderDiscardsPipelinedInput();
    void responderLowDelayAndBytesWritten();

private:
    QTcpSocket *serverSocketFor(const HttpTestClient &client) const;
    void openResponder(HttpTestClient &client);

    QTcpServer m_portBlocker;
    std::unique_ptr<QHttpServer> m_http;
    quint16 m_httpPort = 0;
    std::function<void(QHttpServerResponder &&)> m_onRequest;
    std::unique_ptr<ChunkedResponder> m_responder;
    int m_requests = 0;
};

void TestSseServer::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(SSE_SERVER_PATH)), SSE_SERVER_PATH);
    QVERIFY(m_portBlocker.listen(QHostAddress::LocalHost, 0));

    m_http = std::make_unique<QHttpServer>();
    m_http->route(u"/r"_s, [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        ++m_requests;
        m_onRequest(std::move(responder));
    });
    m_httpPort = m_http->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_httpPort != 0);
}

void TestSseServer::init()
{
    m_requests = 0;
    m_onRequest = [this](QHttpServerResponder &&responder) {
        m_responder = std::make_unique<ChunkedResponder>(std::move(responder));
    };
}

void TestSseServer::cleanup()
{
    m_responder.reset();
}

void TestSseServer::streamHeadersAndFraming()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=300"_s, u"--interval=100"_s}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port());

    QTRY_VERIFY(client.headComplete());
    QCOMPARE(client.statusLine(), "HTTP/1.1 200 OK");
    QCOMPARE(client.headerLines(), streamHeaders);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    QVERIFY2(client.framingError().isEmpty(), qPrintable(client.framingError()));
    QVERIFY(client.bodyComplete());
    QVERIFY(client.rawBody().endsWith("\r\n0\r\n\r\n"));
    QCOMPARE(client.rawBody().count("HTTP/"), 0);
}

void TestSseServer::eventFormat()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=1000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.bodyComplete(), 5000);

    QList<quint64> ids;
    checkEvents(client, &ids);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(ids.size() >= 9 && ids.size() <= 10, qPrintable(QString::number(ids.size())));
    QCOMPARE(ids.first(), quint64(1)); // the first client of a fresh server sees the first event
    QCOMPARE(client.body().count("data:"), ids.size());
}

void TestSseServer::sameTickSameEvent()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=1000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    HttpTestClient first;
    HttpTestClient second;
    first.get(server.port());
    second.get(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(first.bodyComplete() && second.bodyComplete(), 5000);
    checkEvents(first);
    checkEvents(second);

    QHash<quint64, QByteArray> byId;
    for (const QByteArray &event : first.events())
        byId.insert(eventId(event), event);
    int common = 0;
    for (const QByteArray &event : second.events()) {
        const auto it = byId.constFind(eventId(event));
        if (it == byId.constEnd())
            continue;
        QCOMPARE(event, it.value());
        ++common;
    }
    QVERIFY2(common >= 8, qPrintable(QString::number(common)));
}

void TestSseServer::streamLifetime()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=500"_s, u"--interval=100"_s}), qPrintable(server.error()));
    HttpTestClient client;
    QElapsedTimer clock;
    clock.start();
    client.get(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    const qint64 elapsed = clock.elapsed();

    checkEvents(client);
    QVERIFY(client.bodyComplete());
    const qsizetype count = client.events().size();
    QVERIFY2(count == 4 || count == 5, qPrintable(QString::number(count)));
    // Ended by --time, not earlier; an upper bound is the QTRY timeout above (a busy machine may be slow).
    QVERIFY2(elapsed >= 480, qPrintable(QString::number(elapsed)));
}

void TestSseServer::notFound_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("root") << QByteArray("/");
    QTest::newRow("otherPath") << QByteArray("/events");
    QTest::newRow("trailingSlash") << QByteArray("/memory/");
    QTest::newRow("longerName") << QByteArray("/memoryx");
    QTest::newRow("subPath") << QByteArray("/memory/1");
    QTest::newRow("upperCase") << QByteArray("/MEMORY");
}

void TestSseServer::notFound()
{
    QFETCH(QByteArray, path);
    SseServerProcess server;
    QVERIFY2(server.start({}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port(), path);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    QCOMPARE(client.statusLine(), "HTTP/1.1 404 Not Found");
    QCOMPARE(client.header("Content-Type"), "text/plain");
    QVERIFY(client.bodyComplete());
    QCOMPARE(client.body(), "not found\n");
}

void TestSseServer::methodNotAllowed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("POST") << QByteArray("POST");
    QTest::newRow("PUT") << QByteArray("PUT");
    QTest::newRow("DELETE") << QByteArray("DELETE");
    QTest::newRow("PATCH") << QByteArray("PATCH");
    QTest::newRow("OPTIONS") << QByteArray("OPTIONS");
}

void TestSseServer::methodNotAllowed()
{
    QFETCH(QByteArray, method);
    SseServerProcess server;
    QVERIFY2(server.start({}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port(), "/memory", method);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    QCOMPARE(client.statusLine(), "HTTP/1.1 405 Method Not Allowed");
    QCOMPARE(client.header("Allow"), "GET");
    QVERIFY(client.bodyComplete());
    QCOMPARE(client.body(), "method not allowed\n");
}

void TestSseServer::queryStringIsIgnored()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=300"_s, u"--interval=100"_s}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port(), "/memory?x=1");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    QCOMPARE(client.statusLine(), "HTTP/1.1 200 OK");
    QVERIFY(client.bodyComplete());
    checkEvents(client);
}

void TestSseServer::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("nonNumericInterval") << QStringList{u"--interval=abc"_s} << u"--interval"_s;
    QTest::newRow("zeroInterval") << QStringList{u"--interval=0"_s} << u"--interval"_s;
    QTest::newRow("negativeInterval") << QStringList{u"--interval=-5"_s} << u"--interval"_s;
    QTest::newRow("infiniteInterval") << QStringList{u"--interval=inf"_s} << u"--interval"_s;
    QTest::newRow("nonNumericTime") << QStringList{u"--time=soon"_s} << u"--time"_s;
    QTest::newRow("zeroTime") << QStringList{u"--time=0"_s} << u"--time"_s;
    QTest::newRow("negativeTime") << QStringList{u"--time=-1000"_s} << u"--time"_s;
    QTest::newRow("fractionalTime") << QStringList{u"--time=1.5"_s} << u"--time"_s;
    QTest::newRow("portTooLarge") << QStringList{u"--port=65536"_s} << u"--port"_s;
    QTest::newRow("negativePort") << QStringList{u"--port=-1"_s} << u"--port"_s;
    QTest::newRow("nonNumericPort") << QStringList{u"--port=http"_s} << u"--port"_s;
    QTest::newRow("badBindAddress") << QStringList{u"--bind=localhost.invalid"_s} << u"--bind"_s;
    QTest::newRow("unknownOption") << QStringList{u"--frequency=5"_s} << u"frequency"_s;
    QTest::newRow("missingValue") << QStringList{u"--time"_s} << u"--time"_s;
    QTest::newRow("positionalArgument") << QStringList{u"memory"_s} << u"memory"_s;
    QTest::newRow("portInUse") << QStringList{u"--port=%1"_s.arg(m_portBlocker.serverPort())}
                               << QString::number(m_portBlocker.serverPort());
}

void TestSseServer::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QProcess process;
    process.start(QStringLiteral(SSE_SERVER_PATH), arguments);
    QVERIFY(process.waitForFinished(10000));
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    QVERIFY2(error.startsWith(u"sse-server: error: "_s), qPrintable(error));
    QVERIFY2(error.endsWith(u'\n') && error.count(u'\n') == 1, qPrintable(error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestSseServer::helpAndVersion_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("help") << u"--help"_s << u"--interval <ms>"_s;
    QTest::newRow("version") << u"--version"_s << u"sse-server " STREAMDESK_VERSION ""_s;
}

void TestSseServer::helpAndVersion()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    QProcess process;
    process.start(QStringLiteral(SSE_SERVER_PATH), {option});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(output.contains(expected), qPrintable(output));
}

void TestSseServer::manyConcurrentClients()
{
    constexpr int clientCount = 300;
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=2500"_s, u"--interval=100"_s}), qPrintable(server.error()));
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>());
        clients.back()->get(server.port());
    }
    const auto allClosed = [&clients] {
        return std::all_of(clients.begin(), clients.end(), [](const auto &c) { return c->isClosed(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allClosed(), 20000);

    // Each stream is gap-free; the ticks all streams were open for reached every one of them, byte-equal.
    quint64 latestFirst = 0;
    quint64 earliestLast = std::numeric_limits<quint64>::max();
    QHash<quint64, QByteArray> byId;
    for (const auto &client : clients) {
        QCOMPARE(client->statusLine(), "HTTP/1.1 200 OK");
        QVERIFY(client->bodyComplete());
        QList<quint64> ids;
        checkEvents(*client, &ids);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!ids.isEmpty());
        latestFirst = std::max(latestFirst, ids.first());
        earliestLast = std::min(earliestLast, ids.last());
        for (const QByteArray &event : client->events()) {
            const auto it = byId.constFind(eventId(event));
            if (it == byId.constEnd())
                byId.insert(eventId(event), event);
            else
                QCOMPARE(event, it.value());
        }
    }
    QVERIFY2(earliestLast >= latestFirst + 10,
             qPrintable(u"shared ticks %1..%2"_s.arg(latestFirst).arg(earliestLast)));
    QCOMPARE(server.process().state(), QProcess::Running);
}

void TestSseServer::pipelinedRequestDoesNotCorruptStream()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=1000"_s, u"--interval=50"_s}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port());
    QTRY_VERIFY(!client.events().isEmpty());
    client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /memory HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);

    checkEvents(client);
    QVERIFY(client.bodyComplete());
    QCOMPARE(client.rawBody().count("HTTP/"), 0);
    QVERIFY(client.events().size() >= 15);
}

void TestSseServer::disconnectingClients_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("waitForEvent");
    const QByteArray get = "GET /memory HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::newRow("afterFirstEvent") << get << true;
    QTest::newRow("beforeAnyEvent") << get << false;
    QTest::newRow("midRequest") << QByteArray("GET /mem") << false;
    QTest::newRow("afterNotFound") << QByteArray("GET /x HTTP/1.1\r\nHost: x\r\n\r\n") << false;
}

void TestSseServer::disconnectingClients()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, waitForEvent);
    constexpr int leavers = 50;
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=500"_s, u"--interval=1"_s}), qPrintable(server.error()));
    // One stream stays open throughout, so the timer keeps writing while the others leave.
    HttpTestClient stayer;
    stayer.get(server.port());
    QTRY_VERIFY(!stayer.events().isEmpty());
    for (int i = 0; i < leavers; ++i) {
        HttpTestClient leaver;
        leaver.connectTo(server.port());
        QVERIFY(leaver.waitForConnected());
        leaver.send(request);
        if (waitForEvent)
            QVERIFY(QTest::qWaitFor([&leaver] { return !leaver.events().isEmpty(); }, 5000));
        leaver.abort();
    }
    QTRY_VERIFY_WITH_TIMEOUT(stayer.isClosed(), 5000);
    checkEvents(stayer);
    QVERIFY(stayer.bodyComplete());

    HttpTestClient next;
    next.get(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(next.isClosed(), 5000);
    QVERIFY(next.bodyComplete());
    checkEvents(next);
    QCOMPARE(server.process().state(), QProcess::Running);
}

void TestSseServer::slowClientIsDropped()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=30000"_s, u"--interval=0.01"_s}), qPrintable(server.error()));
    // Stops reading after 1 KiB: kernel buffers fill, then the server's queue for it grows.
    QTcpSocket slow;
    slow.setReadBufferSize(1024);
    slow.connectToHost(QHostAddress::LocalHost, server.port());
    slow.write("GET /memory HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray serverLog;
    QTRY_VERIFY_WITH_TIMEOUT((serverLog += server.process().readAllStandardError())
                                 .contains("dropping a client that does not read"),
                             15000);

    HttpTestClient next;
    next.get(server.port());
    QTRY_VERIFY(next.events().size() >= 10);
    checkEvents(next);
    QCOMPARE(server.process().state(), QProcess::Running);
}

void TestSseServer::terminationEndsStreams_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestSseServer::terminationEndsStreams()
{
    QFETCH(int, signal);
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=60000"_s, u"--interval=50"_s}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port());
    QTRY_VERIFY(!client.events().isEmpty());

    QCOMPARE(::kill(pid_t(server.process().processId()), signal), 0);
    QVERIFY(server.process().waitForFinished(5000));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    QTRY_VERIFY(client.isClosed());
    QVERIFY(client.bodyComplete());
    checkEvents(client);
}

void TestSseServer::subMillisecondInterval()
{
    SseServerProcess server;
    QVERIFY2(server.start({u"--time=1000"_s, u"--interval=0.1"_s}), qPrintable(server.error()));
    HttpTestClient client;
    client.get(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    QList<quint64> ids;
    checkEvents(client, &ids);
    QVERIFY(client.bodyComplete());
    // 10,000 events in the second: far more than the 1,000 timer ticks a millisecond timer can give.
    QVERIFY2(ids.size() >= 6000 && ids.size() <= 10'100, qPrintable(QString::number(ids.size())));
}

QTcpSocket *TestSseServer::serverSocketFor(const HttpTestClient &client) const
{
    const auto sockets = m_http->servers().constFirst()->findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        if (socket->peerPort() == client.localPort())
            return socket;
    }
    return nullptr;
}

void TestSseServer::openResponder(HttpTestClient &client)
{
    client.get(m_httpPort, "/r");
    QTRY_VERIFY(m_responder);
    QCOMPARE(m_responder->state(), ChunkedResponder::State::Idle);
    QVERIFY(m_responder->isConnected());
}

void TestSseServer::responderChunkFraming()
{
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_responder->begin(StatusCode::Ok, {{"Content-Type", "text/plain"}}));
    QCOMPARE(m_responder->state(), ChunkedResponder::State::Streaming);
    QTRY_VERIFY(client.headComplete()); // headers are sent before any chunk
    QCOMPARE(client.statusLine(), "HTTP/1.1 200 OK");
    QCOMPARE(client.headerLines(), (QList<QByteArray>{"Content-Type: text/plain",
                                                      "Transfer-Encoding: chunked", "Connection: close"}));

    const QByteArray big(300, 'x');
    QVERIFY(m_responder->writeChunk("hello"));
    QVERIFY(m_responder->writeChunk(QByteArrayView()));
    QVERIFY(m_responder->writeChunk(big));
    QVERIFY(m_responder->end());
    QCOMPARE(m_responder->state(), ChunkedResponder::State::Finished);
    QTRY_VERIFY(client.isClosed());
    QCOMPARE(client.rawBody(), "5\r\nhello\r\n12c\r\n" + big + "\r\n0\r\n\r\n");
    QVERIFY(client.framingError().isEmpty());
    QCOMPARE(m_requests, 1);
}

void TestSseServer::responderCompleteResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::newRow("forbiddenJson") << 403 << QByteArray("application/json")
                                   << QByteArray(R"({"code":900908,"message":"Resource forbidden"})")
                                   << QByteArray("HTTP/1.1 403 Forbidden");
    QTest::newRow("tooManyRequests") << 429 << QByteArray("application/json")
                                     << QByteArray(R"({"code":900800})")
                                     << QByteArray("HTTP/1.1 429 Too Many Requests");
    QTest::newRow("badGatewayEmpty") << 502 << QByteArray() << QByteArray()
                                     << QByteArray("HTTP/1.1 502 Bad Gateway");
}

void TestSseServer::responderCompleteResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, statusLine);
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy gone(m_responder.get(), &ChunkedResponder::disconnected);
    ChunkedResponder::HeaderList headers;
    if (!contentType.isEmpty())
        headers.append({"Content-Type", contentType});
    QVERIFY(m_responder->respond(StatusCode(status), headers, body));
    QVERIFY(!m_responder->writeChunk("x"));
    QTRY_VERIFY(client.isClosed());

    QByteArray expected = statusLine + "\r\n";
    if (!contentType.isEmpty())
        expected += "Content-Type: " + contentType + "\r\n";
    expected += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    QCOMPARE(client.raw(), expected);
    QTRY_COMPARE(gone.count(), 1);
    QVERIFY(!m_responder->isConnected());
}

void TestSseServer::responderRejectsOutOfOrderCalls()
{
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!m_responder->writeChunk("early"));
    QVERIFY(!m_responder->end());
    QVERIFY(m_responder->begin(StatusCode::Ok, {}));
    QVERIFY(!m_responder->begin(StatusCode::Ok, {}));
    QVERIFY(!m_responder->respond(StatusCode::NotFound, {}, "no"));
    QVERIFY(m_responder->end());
    QVERIFY(!m_responder->end());
    QVERIFY(!m_responder->writeChunk("late"));
    QTRY_VERIFY(client.isClosed());
    QCOMPARE(client.raw(),
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
}

void TestSseServer::responderWritesAfterPeerLeft()
{
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    const QPointer<QTcpSocket> socket = serverSocketFor(client);
    QVERIFY(socket);
    QVERIFY(m_responder->begin(StatusCode::Ok, {}));
    QTRY_VERIFY(client.headComplete());
    QSignalSpy gone(m_responder.get(), &ChunkedResponder::disconnected);

    client.abort();
    QTRY_COMPARE(gone.count(), 1);
    QVERIFY(!m_responder->isConnected());
    QCOMPARE(m_responder->state(), ChunkedResponder::State::Finished);
    QCOMPARE(m_responder->bytesToWrite(), 0);
    QVERIFY(!m_responder->writeChunk("x"));

    // Qt frees the socket after its disconnected signal; the responder must never touch it again.
    QTRY_VERIFY(socket.isNull());
    QVERIFY(!m_responder->writeChunk("x"));
    QVERIFY(!m_responder->end());
    QVERIFY(!m_responder->respond(StatusCode::Ok, {}, "x"));
    m_responder->abort();
    QCOMPARE(m_responder->bytesToWrite(), 0);
    QCOMPARE(gone.count(), 1);
}

void TestSseServer::responderOutlivesServer()
{
    QHttpServer http;
    std::unique_ptr<ChunkedResponder> responder;
    http.route(u"/r"_s, [&responder](const QHttpServerRequest &, QHttpServerResponder &&r) {
        responder = std::make_unique<ChunkedResponder>(std::move(r));
    });
    const quint16 port = http.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    HttpTestClient client;
    client.get(port, "/r");
    QTRY_VERIFY(responder);
    QVERIFY(responder->begin(StatusCode::Ok, {}));
    QSignalSpy gone(responder.get(), &ChunkedResponder::disconnected);

    const auto servers = http.servers();
    for (QTcpServer *server : servers)
        delete server; // takes its sockets along
    QCOMPARE(gone.count(), 1);
    QVERIFY(!responder->writeChunk("x"));
    QVERIFY(!responder->end());
}

void TestSseServer::responderUnansweredGets500()
{
    m_onRequest = [](QHttpServerResponder &&responder) { ChunkedResponder dropped(std::move(responder)); };
    QTest::ignoreMessage(QtWarningMsg, "request dropped without an answer, sending 500");
    HttpTestClient client;
    client.get(m_httpPort, "/r");
    QTRY_VERIFY(client.isClosed());
    QCOMPARE(client.raw(),
             "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

void TestSseServer::responderDroppedMidStreamAborts()
{
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_responder->begin(StatusCode::Ok, {}));
    QVERIFY(m_responder->writeChunk("a"));
    QTRY_COMPARE(client.body(), "a");
    m_responder.reset();
    QTRY_VERIFY(client.isClosed());
    QVERIFY(!client.bodyComplete()); // no terminator: the client sees a failed stream, not a clean end
}

void TestSseServer::responderDiscardsPipelinedInput()
{
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    QTcpSocket *socket = serverSocketFor(client);
    QVERIFY(socket);
    QVERIFY(m_responder->begin(StatusCode::Ok, {}));
    QTRY_VERIFY(client.headComplete());

    QSignalSpy input(socket, &QIODevice::readyRead);
    client.send("GET /r HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(input.count() > 0);
    QCOMPARE(socket->bytesAvailable(), 0);
    QCOMPARE(m_requests, 1);

    QVERIFY(m_responder->writeChunk("after"));
    QVERIFY(m_responder->end());
    QTRY_VERIFY(client.isClosed());
    QCOMPARE(client.rawBody(), "5\r\nafter\r\n0\r\n\r\n");
    QCOMPARE(m_requests, 1);
}

void TestSseServer::responderLowDelayAndBytesWritten()
{
    HttpTestClient client;
    openResponder(client);
    if (QTest::currentTestFailed())
        return;
    QTcpSocket *socket = serverSocketFor(client);
    QVERIFY(socket);
    QCOMPARE(socket->socketOption(QAbstractSocket::LowDelayOption).toInt(), 1);

    QSignalSpy written(m_responder.get(), &ChunkedResponder::bytesWritten);
    QVERIFY(m_responder->begin(StatusCode::Ok, {}));
    QVERIFY(m_responder->writeChunk("x"));
    // A chunk reaches the kernel at once, not on a later pass of the event loop.
    QCOMPARE(m_responder->bytesToWrite(), 0);
    QVERIFY(!written.isEmpty());
    QVERIFY(m_responder->end());
    QTRY_VERIFY(client.isClosed());
    qint64 total = 0;
    for (const QList<QVariant> &arguments : std::as_const(written))
        total += arguments.constFirst().toLongLong();
    QCOMPARE(total, client.raw().size());
}

QTEST_GUILESS_MAIN(TestSseServer)
#include "tst_sseserver.moc"
