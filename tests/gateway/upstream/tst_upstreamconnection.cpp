#include "gateway/auth/tlsidentity.h"
#include "gateway/upstream/upstreamconnection.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using sd::gateway::HeaderList;
using sd::gateway::UpstreamConnection;
using sd::gateway::UpstreamError;
using sd::gateway::UpstreamRequest;

namespace {

const QByteArray kEvents = "id: 1\ndata: hello\n\n"
                           "event: note\ndata: second line\ndata: third\n\n";

QByteArray chunk(const QByteArray &data, const QByteArray &extension = {})
{
    return QByteArray::number(data.size(), 16) + extension + "\r\n" + data + "\r\n";
}

QByteArray chunkedHead(int status = 200)
{
    return "HTTP/1.1 " + QByteArray::number(status) +
           " OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
}

// Plays the backend: accepts connections and records the bytes each one sent.
class Backend
{
public:
    explicit Backend(QTcpServer *server = nullptr)
        : m_server(server ? server : new QTcpServer)
    {
        QObject::connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, m_server.get(), [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection()) {
                s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                m_sockets.append(s);
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { m_request += s->readAll(); });
                QObject::connect(s, &QTcpSocket::disconnected, s, [this] { ++m_disconnects; });
            }
        });
        m_server->listen(QHostAddress::LocalHost, 0);
    }

    bool isListening() const { return m_server->isListening(); }
    quint16 port() const { return m_server->serverPort(); }
    QUrl url(const QString &pathAndQuery = u"/events"_s, const QString &scheme = u"http"_s) const
    {
        return QUrl(scheme + u"://127.0.0.1:"_s + QString::number(port()) + pathAndQuery);
    }
    QTcpSocket *socket() const { return m_sockets.isEmpty() ? nullptr : m_sockets.last().data(); }
    bool hasRequest() const { return m_request.contains("\r\n\r\n"); }
    const QByteArray &request() const { return m_request; }
    int disconnects() const { return m_disconnects; }

    // step 0 writes everything at once; otherwise in pieces of `step` bytes, each in its own segment.
    void write(const QByteArray &bytes, int step = 0)
    {
        if (step <= 0) {
            socket()->write(bytes);
            socket()->flush();
            return;
        }
        for (qsizetype i = 0; i < bytes.size(); i += step) {
            socket()->write(bytes.mid(i, step));
            socket()->flush();
            QTest::qWait(1);
        }
    }

    // Sends a TCP reset instead of a FIN.
    void reset()
    {
        const linger option{1, 0};
        ::setsockopt(int(socket()->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof option);
        socket()->abort();
    }

private:
    std::unique_ptr<QTcpServer> m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    QByteArray m_request;
    int m_disconnects = 0;
};

// Records everything a connection emits.
class Recorder
{
public:
    explicit Recorder(UpstreamConnection *connection)
    {
        QObject::connect(connection, &UpstreamConnection::responseHead, &m_context,
                         [this](int s, const HeaderList &h) {
                             ++heads;
                             status = s;
                             headers = h;
                         });
        QObject::connect(connection, &UpstreamConnection::bodyData, &m_context,
                         [this](const QByteArray &bytes) {
                             ++bodySignals;
                             body += bytes;
                         });
        QObject::connect(connection, &UpstreamConnection::finished, &m_context, [this] { ++finished; });
        QObject::connect(connection, &UpstreamConnection::failed, &m_context,
                         [this](UpstreamError kind, const QString &detail) {
                             ++failed;
                             error = kind;
                             errorDetail = detail;
                         });
    }

    int ends() const { return finished + failed; }
    int signalCount() const { return heads + bodySignals + ends(); }
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[n, v] : headers) {
            if (name.compare(n, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }

    int heads = 0;
    int status = 0;
    HeaderList headers;
    int bodySignals = 0;
    QByteArray body;
    int finished = 0;
    int failed = 0;
    UpstreamError error = UpstreamError::ConnectFailed;
    QString errorDetail;

private:
    QObject m_context;
};

UpstreamRequest requestFor(const QUrl &url)
{
    UpstreamRequest request;
    request.url = url;
    return request;
}

// A QSslServer that presents the gateway's self-signed identity.
QSslServer *tlsServer(const sd::gateway::TlsIdentity &identity)
{
    auto *server = new QSslServer;
    server->setSslConfiguration(identity.serverConfiguration());
    return server;
}

} // namespace

class TestUpstreamConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void responses_data();
    void responses();
    void responseHeaders();
    void streamsBodyAsItArrives();
    void protocolErrors_data();
    void protocolErrors();
    void headLimitBoundary_data();
    void headLimitBoundary();
    void connectionRefused();
    void invalidUrl();
    void headerTimeout();
    void connectionLost_data();
    void connectionLost();
    void requestBytes();
    void closeDisconnectsBackend_data();
    void closeDisconnectsBackend();
    void closeAndDeleteFromSlots_data();
    void closeAndDeleteFromSlots();
    void pausePropagatesBackpressure();
    void pausedEndOfStream();
    void isEventStream_data();
    void isEventStream();
    void forwardableHeaders_data();
    void forwardableHeaders();
    void httpsWithExtraCa();
    void httpsUntrusted();
    void httpsHandshakeTimeout();
    void manyConcurrentStreams();

private:
    std::optional<sd::gateway::TlsIdentity> m_identity;
    QTemporaryDir m_dir;
};

void TestUpstreamConnection::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QSslSocket::supportsSsl())
        return;
    auto identity =
        sd::gateway::TlsIdentity::loadOrCreate(m_dir.filePath(u"cert.pem"_s), m_dir.filePath(u"key.pem"_s));
    QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().message));
    m_identity = identity.value();
}

void TestUpstreamConnection::responses_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");

    const QByteArray chunked =
        chunkedHead() + chunk(kEvents.first(19)) + chunk(kEvents.sliced(19)) + "0\r\n\r\n";
    const QByteArray withLength = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " +
                                  QByteArray::number(kEvents.size()) + "\r\n\r\n" + kEvents;
    QTest::newRow("chunked in one go") << chunked << 0 << false << 200 << kEvents;
    QTest::newRow("chunked byte by byte") << chunked << 1 << false << 200 << kEvents;
    QTest::newRow("chunked in 5-byte pieces") << chunked << 5 << false << 200 << kEvents;
    QTest::newRow("chunk extensions") << chunkedHead() + chunk(kEvents.first(7), ";name=value") +
                                             chunk(kEvents.sliced(7), ";a;b=\"q\"") + "0;last\r\n\r\n"
                                      << 0 << false << 200 << kEvents;
    QTest::newRow("uppercase hex and trailers")
        << chunkedHead() + QByteArray::number(kEvents.size(), 16).toUpper() + "\r\n" + kEvents +
               "\r\n0\r\nX-Trailer: yes\r\n\r\n"
        << 0 << false << 200 << kEvents;
    QTest::newRow("content-length") << withLength << 0 << false << 200 << kEvents;
    QTest::newRow("content-length byte by byte") << withLength << 1 << false << 200 << kEvents;
    QTest::newRow("close-delimited") << "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + kEvents
                                     << 0 << true << 200 << kEvents;
    QTest::newRow("close-delimited HTTP/1.0")
        << "HTTP/1.0 200 OK\r\n\r\n" + kEvents << 3 << true << 200 << kEvents;
    QTest::newRow("server error with body")
        << QByteArray("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops") << 0 << false
        << 500 << QByteArray("oops");
    QTest::newRow("headers split across reads") << chunked << 7 << false << 200 << kEvents;
    QTest::newRow("no content") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 0 << false << 204
                                << QByteArray();
    QTest::newRow("early hints before the response")
        << "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n" + chunked << 0 << false << 200 << kEvents;
    QTest::newRow("bytes after the response are ignored")
        << withLength + "HTTP/1.1 garbage" << 0 << false << 200 << kEvents;
}

void TestUpstreamConnection::responses()
{
    QFETCH(QByteArray, response);
    QFETCH(int, step);
    QFETCH(bool, closeAfter);
    QFETCH(int, status);
    QFETCH(QByteArray, body);

    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());

    backend.write(response, step);
    if (closeAfter)
        backend.socket()->disconnectFromHost();

    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.failed, 0);
    QCOMPARE(recorder.finished, 1);
    QCOMPARE(recorder.heads, 1);
    QCOMPARE(recorder.status, status);
    QCOMPARE(recorder.body, body);
    if (step == 1 && !body.isEmpty())
        QVERIFY2(recorder.bodySignals > 1, "byte-wise input should be delivered in several pieces");
    // The backend sees the connection go once the response is complete.
    QTRY_COMPARE(backend.disconnects(), 1);
}

void TestUpstreamConnection::responseHeaders()
{
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());

    backend.write(
        "HTTP/1.1 200 OK\r\nContent-Type:  text/event-stream; charset=utf-8  \r\nX-Empty:\r\n"
        "Set-Cookie: a=1\r\nset-cookie: b=2\r\nCache-Control: no-cache\r\nContent-Length: 0\r\n\r\n",
        9);
    QTRY_COMPARE(recorder.finished, 1);
    const HeaderList expected{{"Content-Type", "text/event-stream; charset=utf-8"},
                              {"X-Empty", ""},
                              {"Set-Cookie", "a=1"},
                              {"set-cookie", "b=2"},
                              {"Cache-Control", "no-cache"},
                              {"Content-Length", "0"}};
    QCOMPARE(recorder.headers, expected);
}

void TestUpstreamConnection::streamsBodyAsItArrives()
{
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());

    backend.write(chunkedHead() + "a\r\ndata: a");
    QTRY_COMPARE(recorder.body, QByteArray("data: a"));
    QCOMPARE(recorder.heads, 1);
    backend.write("b\n\n\r\n");
    QTRY_COMPARE(recorder.body, QByteArray("data: ab\n\n"));
    QCOMPARE(recorder.ends(), 0);
    backend.write(chunk("data: c\n\n"));
    QTRY_COMPARE(recorder.body, QByteArray("data: ab\n\ndata: c\n\n"));
    QCOMPARE(recorder.ends(), 0);
    backend.write("0\r\n\r\n");
    QTRY_COMPARE(recorder.finished, 1);
}

void TestUpstreamConnection::protocolErrors_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("maxHeaderBytes");
    QTest::addColumn<int>("heads");

    QTest::newRow("malformed status line") << QByteArray("HTTP/1.1 two hundred OK\r\n\r\n") << 65536 << 0;
    QTest::newRow("not HTTP at all") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n") << 65536 << 0;
    QTest::newRow("header line without colon")
        << QByteArray("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n") << 65536 << 0;
    QTest::newRow("conflicting content lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde") << 65536 << 0;
    QTest::newRow("head too large") << "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(4000, 'a') + "\r\n\r\n"
                                    << 1024 << 0;
    QTest::newRow("head never ends") << "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(4000, 'a') << 1024 << 0;
    QTest::newRow("invalid chunk size") << chunkedHead() + "zz\r\ndata\r\n" << 65536 << 1;
    QTest::newRow("chunk size overflow") << chunkedHead() + "fffffffffffffffffff\r\n" << 65536 << 1;
    QTest::newRow("switching protocols")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        << 65536 << 0;
}

void TestUpstreamConnection::protocolErrors()
{
    QFETCH(QByteArray, response);
    QFETCH(int, maxHeaderBytes);
    QFETCH(int, heads);

    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    UpstreamRequest request = requestFor(backend.url());
    request.maxHeaderBytes = maxHeaderBytes;
    connection.start(request);
    QTRY_VERIFY(backend.hasRequest());

    backend.write(response);
    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.failed, 1);
    QCOMPARE(recorder.error, UpstreamError::Protocol);
    QVERIFY(!recorder.errorDetail.isEmpty());
    QCOMPARE(recorder.heads, heads);
    QTRY_COMPARE(backend.disconnects(), 1);
}

void TestUpstreamConnection::headLimitBoundary_data()
{
    QTest::addColumn<int>("slack");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("head exactly at the limit") << 0 << true;
    QTest::newRow("head one byte over the limit") << -1 << false;
}

void TestUpstreamConnection::headLimitBoundary()
{
    QFETCH(int, slack);
    QFETCH(bool, accepted);

    const QByteArray head =
        "HTTP/1.1 200 OK\r\nX-Pad: " + QByteArray(500, 'p') + "\r\nContent-Length: 2\r\n\r\n";
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    UpstreamRequest request = requestFor(backend.url());
    request.maxHeaderBytes = head.size() + slack;
    connection.start(request);
    QTRY_VERIFY(backend.hasRequest());

    backend.write(head + "ok");
    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.finished == 1, accepted);
    QCOMPARE(recorder.body, accepted ? QByteArray("ok") : QByteArray());
    if (!accepted)
        QCOMPARE(recorder.error, UpstreamError::Protocol);
}

void TestUpstreamConnection::connectionRefused()
{
    quint16 deadPort = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        deadPort = server.serverPort();
    }
    UpstreamConnection connection;
    Recorder recorder(&connection);
    QElapsedTimer elapsed;
    elapsed.start();
    connection.start(requestFor(QUrl(u"http://127.0.0.1:%1/events"_s.arg(deadPort))));
    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.error, UpstreamError::ConnectFailed);
    QCOMPARE(recorder.heads, 0);
    QVERIFY2(elapsed.elapsed() < 3000, "a refused connection must fail at once, not at the connect timeout");
}

void TestUpstreamConnection::invalidUrl()
{
    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(QUrl(u"ftp://127.0.0.1/events"_s)));
    QCOMPARE(recorder.ends(), 0); // never from inside start()
    QTRY_COMPARE(recorder.failed, 1);
    QCOMPARE(recorder.error, UpstreamError::ConnectFailed);
}

void TestUpstreamConnection::headerTimeout()
{
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    UpstreamRequest request = requestFor(backend.url());
    request.headerTimeoutMs = 300;
    QElapsedTimer elapsed;
    elapsed.start();
    connection.start(request);
    QTRY_VERIFY(backend.hasRequest());
    backend.write("HTTP/1.1 200 OK\r\n"); // a partial head does not reset the timer

    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.error, UpstreamError::Timeout);
    QVERIFY(elapsed.elapsed() >= 290);
    QVERIFY(elapsed.elapsed() < 3000);
    QTRY_COMPARE(backend.disconnects(), 1);
}

void TestUpstreamConnection::connectionLost_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QByteArray>("bodyBeforeLoss");
    QTest::addColumn<int>("heads");
    QTest::addColumn<bool>("reset");

    const QByteArray midChunk = chunkedHead() + chunk("data: 1\n\n") + "20\r\ndata: par";
    QTest::newRow("reset mid-chunk") << midChunk << QByteArray("data: 1\n\ndata: par") << 1 << true;
    QTest::newRow("close mid-chunk") << midChunk << QByteArray("data: 1\n\ndata: par") << 1 << false;
    QTest::newRow("close before the last chunk")
        << chunkedHead() + chunk("data: 1\n\n") << QByteArray("data: 1\n\n") << 1 << false;
    QTest::newRow("close inside content-length body")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ndata: x") << QByteArray("data: x") << 1
        << false;
    QTest::newRow("close inside the head")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Ty") << QByteArray() << 0 << false;
    QTest::newRow("close before any response") << QByteArray() << QByteArray() << 0 << false;
    QTest::newRow("reset before any response") << QByteArray() << QByteArray() << 0 << true;
}

void TestUpstreamConnection::connectionLost()
{
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, bodyBeforeLoss);
    QFETCH(int, heads);
    QFETCH(bool, reset);

    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());

    if (!sent.isEmpty()) {
        backend.write(sent);
        // Let the bytes arrive first: a reset may otherwise discard them in the kernel.
        QTRY_COMPARE(recorder.heads, heads);
        QTRY_COMPARE(recorder.body, bodyBeforeLoss);
    }
    if (reset)
        backend.reset();
    else
        backend.socket()->disconnectFromHost();

    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.failed, 1);
    QCOMPARE(recorder.error, UpstreamError::ConnectionLost);
    QCOMPARE(recorder.heads, heads);
    QCOMPARE(recorder.body, bodyBeforeLoss);
}

void TestUpstreamConnection::requestBytes()
{
    Backend backend;
    QVERIFY(backend.isListening());
    const HeaderList fromClient{{"Host", "gateway.example"},
                                {"Authorization", "Bearer secret-token"},
                                {"Accept", "text/event-stream"},
                                {"Last-Event-ID", "42"},
                                {"Connection", "keep-alive, X-Hop"},
                                {"X-Hop", "private"},
                                {"Cookie", "session=abc"},
                                {"Accept-Encoding", "gzip, br"},
                                {"X-Custom", "v1"}};
    UpstreamRequest request = requestFor(backend.url(u"/stream/a%20b?x=1&y=%2F"_s));
    request.headers = UpstreamConnection::forwardableHeaders(fromClient);
    request.headers.emplaceBack("X-Injected", "a\r\nEvil: 1");
    request.headers.emplaceBack("Bad Name", "x");

    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(request);
    QTRY_VERIFY(backend.hasRequest());

    const QByteArray expected = "GET /stream/a%20b?x=1&y=%2F HTTP/1.1\r\n"
                                "Host: 127.0.0.1:" +
                                QByteArray::number(backend.port()) +
                                "\r\n"
                                "Accept: text/event-stream\r\n"
                                "Accept-Encoding: identity\r\n"
                                "Connection: close\r\n"
                                "Last-Event-ID: 42\r\n"
                                "Cookie: session=abc\r\n"
                                "X-Custom: v1\r\n"
                                "\r\n";
    QCOMPARE(backend.request(), expected);
    QVERIFY(!backend.request().contains("Authorization"));
    QVERIFY(!backend.request().contains("Evil"));
    QCOMPARE(recorder.ends(), 0);
}

void TestUpstreamConnection::closeDisconnectsBackend_data()
{
    QTest::addColumn<bool>("destroy");

    QTest::newRow("close()") << false;
    QTest::newRow("destroyed while streaming") << true;
}

void TestUpstreamConnection::closeDisconnectsBackend()
{
    QFETCH(bool, destroy);

    Backend backend;
    QVERIFY(backend.isListening());
    auto connection = std::make_unique<UpstreamConnection>();
    Recorder recorder(connection.get());
    connection->start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());
    backend.write(chunkedHead() + chunk("data: 1\n\n"));
    QTRY_COMPARE(recorder.body, QByteArray("data: 1\n\n"));

    QElapsedTimer elapsed;
    elapsed.start();
    if (destroy)
        connection.reset();
    else
        connection->close();
    QTRY_COMPARE_WITH_TIMEOUT(backend.disconnects(), 1, 1000);
    QVERIFY(elapsed.elapsed() < 1000);

    if (connection)
        connection->close(); // idempotent
    backend.write(chunk("data: 2\n\n"));
    const int before = recorder.signalCount();
    QTest::qWait(100);
    QCOMPARE(recorder.signalCount(), before);
    QCOMPARE(recorder.ends(), 0);
}

void TestUpstreamConnection::closeAndDeleteFromSlots_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("bodySignals");
    QTest::addColumn<int>("ends");

    const QByteArray full = chunkedHead() + chunk("data: 1\n\n") + "0\r\n\r\n";
    QTest::newRow("in responseHead") << full << 1 << 0 << 0;
    QTest::newRow("in bodyData") << full << 1 << 1 << 0;
    QTest::newRow("in finished") << full << 1 << 1 << 1;
    QTest::newRow("in failed") << chunkedHead() + "zz\r\n" << 1 << 0 << 1;
}

void TestUpstreamConnection::closeAndDeleteFromSlots()
{
    QFETCH(QByteArray, response);
    QFETCH(int, heads);
    QFETCH(int, bodySignals);
    QFETCH(int, ends);

    Backend backend;
    QVERIFY(backend.isListening());
    QPointer<UpstreamConnection> connection = new UpstreamConnection;
    Recorder recorder(connection);
    QObject context;
    const auto closeAndDelete = [connection] {
        connection->close();
        connection->deleteLater();
    };
    const QByteArray where = QTest::currentDataTag();
    if (where == "in responseHead")
        QObject::connect(connection, &UpstreamConnection::responseHead, &context, closeAndDelete);
    else if (where == "in bodyData")
        QObject::connect(connection, &UpstreamConnection::bodyData, &context, closeAndDelete);
    else if (where == "in finished")
        QObject::connect(connection, &UpstreamConnection::finished, &context, closeAndDelete);
    else
        QObject::connect(connection, &UpstreamConnection::failed, &context, closeAndDelete);

    connection->start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());
    backend.write(response); // one read: later signals would follow at once if close() did not stop them
    QTRY_VERIFY(connection.isNull());
    QCOMPARE(recorder.heads, heads);
    QCOMPARE(recorder.bodySignals, bodySignals);
    QCOMPARE(recorder.ends(), ends);
    QTRY_COMPARE(backend.disconnects(), 1);
}

void TestUpstreamConnection::pausePropagatesBackpressure()
{
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());

    QByteArray payload(32 * 1024 * 1024, 'x');
    for (qsizetype i = 0; i < payload.size(); i += 4096)
        payload[i] = char('a' + (i / 4096) % 26);
    const QByteArray first = "data: first\n\n";
    backend.write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(first.size() + payload.size()) +
                  "\r\n\r\n" + first);
    QTRY_COMPARE(recorder.body, first);

    connection.setReadPaused(true);
    QVERIFY(connection.isReadPaused());
    backend.socket()->write(payload);
    QTest::qWait(500);
    QCOMPARE(recorder.body, first);
    QVERIFY2(backend.socket()->bytesToWrite() > 0, "the backend must be held back while reading is paused");

    connection.setReadPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ends(), 1, 20000);
    QCOMPARE(recorder.finished, 1);
    QCOMPARE(recorder.body.size(), first.size() + payload.size());
    QVERIFY(recorder.body == first + payload);
}

void TestUpstreamConnection::pausedEndOfStream()
{
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    // Pause from inside bodyData, as a relay does when its client falls behind.
    QObject context;
    QObject::connect(&connection, &UpstreamConnection::bodyData, &context,
                     [&connection] { connection.setReadPaused(true); });
    connection.start(requestFor(backend.url()));
    QTRY_VERIFY(backend.hasRequest());

    backend.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: 1\n\n");
    QTRY_COMPARE(recorder.body, QByteArray("data: 1\n\n"));
    backend.write("data: 2\n\n");
    backend.socket()->disconnectFromHost();
    QTRY_COMPARE(backend.disconnects(), 1);
    QTest::qWait(200);
    QCOMPARE(recorder.body, QByteArray("data: 1\n\n"));
    QCOMPARE(recorder.ends(), 0);

    connection.setReadPaused(false);
    QTRY_COMPARE(recorder.body, QByteArray("data: 1\n\ndata: 2\n\n"));
    QCOMPARE(recorder.ends(), 0); // paused again by the slot
    connection.setReadPaused(false);
    QTRY_COMPARE(recorder.finished, 1);
    QCOMPARE(recorder.failed, 0);
}

void TestUpstreamConnection::isEventStream_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("expected");

    QTest::newRow("plain") << QByteArray("text/event-stream") << true;
    QTest::newRow("mixed case with charset") << QByteArray("Text/Event-Stream; charset=utf-8") << true;
    QTest::newRow("whitespace around") << QByteArray(" text/event-stream ;x=y") << true;
    QTest::newRow("tab before parameter") << QByteArray("text/event-stream\t;charset=utf-8") << true;
    QTest::newRow("longer subtype") << QByteArray("text/event-streamx") << false;
    QTest::newRow("other type") << QByteArray("text/plain") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("only parameters") << QByteArray(";text/event-stream") << false;
}

void TestUpstreamConnection::isEventStream()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, expected);
    QCOMPARE(UpstreamConnection::isEventStream(contentType), expected);
}

void TestUpstreamConnection::forwardableHeaders_data()
{
    QTest::addColumn<HeaderList>("input");
    QTest::addColumn<HeaderList>("expected");

    QTest::newRow("end-to-end headers kept in order")
        << HeaderList{{"Last-Event-ID", "7"}, {"Cookie", "a=b"}, {"X-Request-Id", "r1"}, {"User-Agent", "t"}}
        << HeaderList{{"Last-Event-ID", "7"}, {"Cookie", "a=b"}, {"X-Request-Id", "r1"}, {"User-Agent", "t"}};
    QTest::newRow("hop-by-hop dropped") << HeaderList{{"Connection", "keep-alive"},
                                                      {"Keep-Alive", "timeout=5"},
                                                      {"TE", "trailers"},
                                                      {"Trailer", "X-T"},
                                                      {"Transfer-Encoding", "chunked"},
                                                      {"Upgrade", "h2c"},
                                                      {"Proxy-Authorization", "Basic x"},
                                                      {"Proxy-Connection", "keep-alive"}}
                                        << HeaderList{};
    QTest::newRow("host, credentials, length and encoding dropped")
        << HeaderList{{"Host", "a"},
                      {"Authorization", "Bearer t"},
                      {"Content-Length", "0"},
                      {"Accept-Encoding", "gzip"},
                      {"Accept", "text/event-stream"}}
        << HeaderList{{"Accept", "text/event-stream"}};
    QTest::newRow("headers named in Connection dropped")
        << HeaderList{{"Connection", "keep-alive, X-Secret ,x-other"},
                      {"X-Secret", "1"},
                      {"x-OTHER", "2"},
                      {"X-Keep", "3"}}
        << HeaderList{{"X-Keep", "3"}};
    QTest::newRow("names compared case-insensitively")
        << HeaderList{{"AUTHORIZATION", "x"}, {"connection", "close"}, {"last-event-id", "9"}}
        << HeaderList{{"last-event-id", "9"}};
    QTest::newRow("empty") << HeaderList{} << HeaderList{};
}

void TestUpstreamConnection::forwardableHeaders()
{
    QFETCH(HeaderList, input);
    QFETCH(HeaderList, expected);
    QCOMPARE(UpstreamConnection::forwardableHeaders(input), expected);
}

void TestUpstreamConnection::httpsWithExtraCa()
{
    if (!m_identity)
        QSKIP("no TLS backend");
    Backend backend(tlsServer(*m_identity));
    QVERIFY(backend.isListening());

    UpstreamConnection connection;
    Recorder recorder(&connection);
    UpstreamRequest request = requestFor(backend.url(u"/secure?x=1"_s, u"https"_s));
    request.extraCaCertificates = {m_identity->certificate()};
    connection.start(request);
    QTRY_VERIFY_WITH_TIMEOUT(backend.hasRequest(), 10000);
    QVERIFY(backend.request().startsWith("GET /secure?x=1 HTTP/1.1\r\n"));

    backend.write(chunkedHead() + chunk(kEvents) + "0\r\n\r\n");
    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.finished, 1);
    QCOMPARE(recorder.status, 200);
    QCOMPARE(recorder.body, kEvents);
}

void TestUpstreamConnection::httpsUntrusted()
{
    if (!m_identity)
        QSKIP("no TLS backend");
    Backend backend(tlsServer(*m_identity));
    QVERIFY(backend.isListening());

    UpstreamConnection connection;
    Recorder recorder(&connection);
    connection.start(requestFor(backend.url(u"/secure"_s, u"https"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.ends(), 1, 10000);
    QCOMPARE(recorder.error, UpstreamError::Tls);
    QVERIFY2(recorder.errorDetail.contains(u"self signed"_s, Qt::CaseInsensitive) ||
                 recorder.errorDetail.contains(u"self-signed"_s, Qt::CaseInsensitive),
             qPrintable(recorder.errorDetail));
    QVERIFY(!backend.hasRequest());
}

void TestUpstreamConnection::httpsHandshakeTimeout()
{
    // A plain TCP server that never answers the TLS client hello: the connect timeout covers the handshake.
    Backend backend;
    QVERIFY(backend.isListening());
    UpstreamConnection connection;
    Recorder recorder(&connection);
    UpstreamRequest request = requestFor(backend.url(u"/events"_s, u"https"_s));
    request.connectTimeoutMs = 300;
    QElapsedTimer elapsed;
    elapsed.start();
    connection.start(request);
    QTRY_COMPARE(recorder.ends(), 1);
    QCOMPARE(recorder.error, UpstreamError::Timeout);
    QVERIFY(elapsed.elapsed() >= 290);
    QTRY_COMPARE(backend.disconnects(), 1);
}

void TestUpstreamConnection::manyConcurrentStreams()
{
    constexpr int kStreams = 300;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    // Answers every request as soon as its head is complete.
    QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                if (!s->property("answered").toBool() && s->peek(4096).contains("\r\n\r\n")) {
                    s->setProperty("answered", true);
                    s->write(chunkedHead() + chunk(kEvents) + "0\r\n\r\n");
                }
            });
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });

    std::vector<std::unique_ptr<UpstreamConnection>> connections;
    std::vector<std::unique_ptr<Recorder>> recorders;
    for (int i = 0; i < kStreams; ++i) {
        connections.push_back(std::make_unique<UpstreamConnection>());
        recorders.push_back(std::make_unique<Recorder>(connections.back().get()));
        connections.back()->start(
            requestFor(QUrl(u"http://127.0.0.1:%1/events/%2"_s.arg(server.serverPort()).arg(i))));
    }
    const auto finishedCount = [&recorders] {
        return std::count_if(recorders.begin(), recorders.end(),
                             [](const auto &r) { return r->finished == 1; });
    };
    QTRY_COMPARE_WITH_TIMEOUT(finishedCount(), kStreams, 20000);
    for (const auto &r : recorders)
        QCOMPARE(r->body, kEvents);
}

QTEST_GUILESS_MAIN(TestUpstreamConnection)
#include "tst_upstreamconnection.moc"
