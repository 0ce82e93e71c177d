// Dead and stalled peers over real sockets, HTTP and HTTPS: keepalive and TCP_USER_TIMEOUT are set on the
// client's and the backend's socket, a client that takes nothing for sendTimeoutMs is closed, and one that
// stops reading after its response ended is aborted lingerMs later; either way its descriptor is released.
#include "gateway/events/gatewayevents.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QDir>
#include <QRegularExpression>
#include <QTest>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");

// This process's TCP socket connected to 127.0.0.1:`peerPort`, or -1.
int socketWithPeerPort(quint16 peerPort)
{
    const auto entries = QDir(u"/proc/self/fd"_s).entryList(QDir::Files | QDir::System);
    for (const auto &entry : entries) {
        const int fd = entry.toInt();
        sockaddr_in address{};
        socklen_t length = sizeof(address);
        if (::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0 &&
            address.sin_family == AF_INET && ntohs(address.sin_port) == peerPort)
            return fd;
    }
    return -1;
}

// About 16 MiB of 1 KB events: more than the socket buffers on the way hold.
QByteArray manyEvents()
{
    const QByteArray event = "data: " + QByteArray(1000, 'x') + "\n\n";
    return event.repeated(16 * 1024);
}

int option(int fd, int level, int name)
{
    int value = -1;
    socklen_t length = sizeof(value);
    return ::getsockopt(fd, level, name, &value, &length) == 0 ? value : -1;
}

} // namespace

class TestStreamTimeouts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void keepAliveOnBothSides();
    void sendTimeoutClosesAClientThatTakesNothing();
    void closeDeadlineAfterTheEnd();

private:
    void setUp(const GatewayFixture::Configure &configure);
    TestClient *openNotReading();

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    Subscriber m_sub;
    QStringList m_closeReasons;
};

void TestStreamTimeouts::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestStreamTimeouts::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_closeReasons.clear();
}

void TestStreamTimeouts::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestStreamTimeouts::setUp(const GatewayFixture::Configure &configure)
{
    const auto started = m_fx->start([&](RuntimeOptions &o) {
        o.gateway.stream.heartbeatMs = 0;
        o.gateway.stream.maxBehindMs = 0;
        configure(o);
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint(), {u"AsyncUnlimited"_s});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
    connect(m_fx->runtime()->gateway()->events(), &GatewayEvents::reported, this,
            [this](const GatewayEvent &event) {
                if (event.kind == GatewayEvent::Kind::StreamClosed)
                    m_closeReasons << event.message;
            });
}

TestClient *TestStreamTimeouts::openNotReading()
{
    auto *client = m_fx->client();
    client->setReading(false);
    client->get(m_fx->gatewayPort(), streamPath,
                {{"Authorization"_ba, "Bearer " + m_sub.production.token.toLatin1()}});
    return client;
}

void TestStreamTimeouts::keepAliveOnBothSides()
{
    setUp([](RuntimeOptions &o) {
        o.gateway.stream.keepAliveIdleS = 7;
        o.gateway.stream.keepAliveIntervalS = 3;
        o.gateway.stream.keepAliveCount = 4;
        o.gateway.stream.tcpUserTimeoutMs = 19000;
    });
    if (QTest::currentTestFailed())
        return;
    auto *client = m_fx->get(streamPath, m_sub.production.token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "data: one\n\n");
    QTRY_COMPARE(client->events().size(), 1);

    const int toClient = socketWithPeerPort(client->localPort());
    const int toBackend = socketWithPeerPort(m_backend->port());
    QVERIFY(toClient >= 0);
    QVERIFY(toBackend >= 0);
    for (const int fd : {toClient, toBackend}) {
        QCOMPARE(option(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
        QCOMPARE(option(fd, IPPROTO_TCP, TCP_KEEPIDLE), 7);
        QCOMPARE(option(fd, IPPROTO_TCP, TCP_KEEPINTVL), 3);
        QCOMPARE(option(fd, IPPROTO_TCP, TCP_KEEPCNT), 4);
        QCOMPARE(option(fd, IPPROTO_TCP, TCP_USER_TIMEOUT), 19000);
    }
}

void TestStreamTimeouts::sendTimeoutClosesAClientThatTakesNothing()
{
    setUp([](RuntimeOptions &o) { o.gateway.stream.sendTimeoutMs = 1000; });
    if (QTest::currentTestFailed())
        return;
    auto *client = openNotReading();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_VERIFY(socketWithPeerPort(client->localPort()) >= 0);
    m_backend->send(0, manyEvents());

    QTRY_COMPARE_WITH_TIMEOUT(m_closeReasons.size(), 1, 20000);
    QVERIFY2(m_closeReasons[0].contains(u"send timeout"), qPrintable(m_closeReasons[0]));
    QTRY_VERIFY(m_backend->isClosed(0));
    QTRY_COMPARE(socketWithPeerPort(client->localPort()), -1);
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 0);
}

void TestStreamTimeouts::closeDeadlineAfterTheEnd()
{
    setUp([](RuntimeOptions &o) {
        o.gateway.stream.maxQueuedBytes = 64 * 1024 * 1024; // no backpressure: the whole body is queued
        o.gateway.stream.sendTimeoutMs = 0;
        o.gateway.stream.lingerMs = 1000;
    });
    if (QTest::currentTestFailed())
        return;
    auto *client = openNotReading();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_VERIFY(socketWithPeerPort(client->localPort()) >= 0);
    m_backend->send(0, manyEvents());
    m_backend->end(0);

    QTRY_COMPARE_WITH_TIMEOUT(m_closeReasons.size(), 1, 20000);
    QCOMPARE(m_closeReasons[0], u"backend ended the stream"_s);
    // The client never takes the rest: lingerMs after the last chunk was queued, the gateway lets go.
    QTRY_COMPARE_WITH_TIMEOUT(socketWithPeerPort(client->localPort()), -1, 20000);
    client->setReading(true);
    QTRY_VERIFY(client->isClosed());
    QVERIFY(!client->hasEnded());
}

QTEST_MAIN(TestStreamTimeouts)
#include "tst_streamtimeouts.moc"
