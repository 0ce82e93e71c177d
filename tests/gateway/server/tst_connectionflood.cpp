// Floods on the gateway's HTTP and HTTPS ports and on the management port, over real sockets: connections
// that wait for an answer are capped per client address and in total (503 for plain HTTP, a close for TLS),
// while other clients are still served; stalled TLS handshakes are capped the same way; 10,000 connect and
// disconnect cycles leave descriptors and memory where they were.
#include "gateway/rest/managementserver.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/logrecorder.h"
#include "tests/gateway/server/testbackend.h"

#include <QLoggingCategory>
#include <QScopeGuard>
#include <QTest>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sd::gateway;
using namespace sd::gateway::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray streamPath = "/observer/1.0.0/memory";
const QByteArray halfRequest = "GET " + streamPath + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bea";
constexpr int slowClients = 300;
// Long enough for 300 slow clients (256 TLS handshakes on each side under ASan), a stream and a token request
// on a loaded machine before the first slow client times out; short enough to wait for the 408s.
constexpr int requestTimeoutMs = 15000;
constexpr int handshakeTimeoutMs = 4000;
constexpr int floodCycles = 10000;
// After a warm-up, 10,000 cycles may leave the heap this much larger (glibc keeps freed chunks in its bins
// and arenas); a leak of even one small object per connection (a socket with its private data is over
// 1 KiB) would add more than 10 MiB.
constexpr qint64 rssMarginKiB = 8 * 1024;
const QHostAddress floodAddress(u"127.0.0.2"_s);

// Set for the whole test case: workers log from their own threads.
std::unique_ptr<LogRecorder> g_connectionLog;

int logLinesContaining(const QString &text)
{
    return g_connectionLog->count([&](const QString &line) { return line.contains(text); });
}

// A blocking connect from `from` on loopback: it completes in the kernel's backlog.
int connectRaw(const QHostAddress &from, quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(from.toIPv4Address());
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<const sockaddr *>(&remote), sizeof remote) != 0) {
        const int error = errno;
        ::close(fd);
        return -error;
    }
    return fd;
}

// Closes with a reset instead of a FIN: no TIME_WAIT is left behind.
void resetRaw(int fd)
{
    const linger abortive{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    ::close(fd);
}

// The server closed the connection (end of file or reset); what it sent before is in `received`.
bool closedByServer(int fd, QByteArray *received = nullptr)
{
    char buffer[1024];
    for (;;) {
        const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            if (received)
                received->append(buffer, n);
            continue;
        }
        return n == 0 || errno != EAGAIN;
    }
}

} // namespace

class TestConnectionFlood final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void slowlorisIsCappedPerAddress();
    void stalledHandshakesAreCappedPerAddress();
    void totalCapCoversEveryAddress();
    void connectDisconnectFloodLeavesNothingBehind();

private:
    bool onManagementPort() const;
    quint16 port() const;
    const ConnectionAdmission *admission() const;
    /// A client from 127.0.0.2 that sends an unfinished request head and waits.
    TestClient *slowClient();
    /// A stream on the gateway and a token from the management port, both from 127.0.0.1.
    void verifyOthersServed();

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<QObject> m_clients;
    Subscriber m_subscriber;
};

void TestConnectionFlood::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("management");
    QTest::newRow("gateway http") << false << false;
    QTest::newRow("gateway https") << true << false;
    QTest::newRow("management") << true << true;
}

void TestConnectionFlood::initTestCase()
{
    g_connectionLog = std::make_unique<LogRecorder>("streamdesk.gateway.connections");
}

void TestConnectionFlood::cleanupTestCase()
{
    g_connectionLog.reset();
}

void TestConnectionFlood::init()
{
    QFETCH_GLOBAL(bool, tls);
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    m_clients = std::make_unique<QObject>();
    QVERIFY(m_backend->listen());
    const auto started = m_fx->start([](RuntimeOptions &o) {
        o.gateway.connections.requestTimeoutMs = requestTimeoutMs;
        o.gateway.connections.tlsHandshakeTimeoutMs = handshakeTimeoutMs;
        o.gateway.stream.heartbeatMs = 0;
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint());
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_subscriber = sub.value();
    g_connectionLog->clear();
}

void TestConnectionFlood::cleanup()
{
    m_clients.reset();
    m_fx.reset();
    m_backend.reset();
}

bool TestConnectionFlood::onManagementPort() const
{
    QFETCH_GLOBAL(bool, management);
    return management;
}

quint16 TestConnectionFlood::port() const
{
    return onManagementPort() ? m_fx->runtime()->managementPort() : m_fx->gatewayPort();
}

const ConnectionAdmission *TestConnectionFlood::admission() const
{
    return onManagementPort() ? m_fx->runtime()->management()->endpoint().admission()
                              : m_fx->runtime()->gateway()->admission(m_fx->tls());
}

TestClient *TestConnectionFlood::slowClient()
{
    auto *c = new TestClient(m_clients.get());
    if (m_fx->tls())
        c->setTrustedCertificate(m_fx->runtime()->tlsIdentity().certificate());
    c->setLocalAddress(floodAddress);
    c->open(port());
    c->sendRaw(halfRequest);
    return c;
}

void TestConnectionFlood::verifyOthersServed()
{
    auto *stream = m_fx->get(streamPath, m_subscriber.production.token);
    auto *token =
        m_fx->postForm("/oauth2/token", m_subscriber.production.keys.keys.consumerKey,
                       m_subscriber.production.keys.consumerSecret, "grant_type=client_credentials");
    QTRY_VERIFY_WITH_TIMEOUT(stream->headComplete(), 20000);
    QCOMPARE(stream->status(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_backend->requestCount(), 1, 20000);
    m_backend->send(0, "data: served\n\n");
    QTRY_COMPARE_WITH_TIMEOUT(stream->events().size(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(token->hasEnded(), 20000);
    QCOMPARE(token->status(), 200);
    QVERIFY(!jsonObject(token->body()).value(u"access_token"_s).toString().isEmpty());
    stream->abort();
}

void TestConnectionFlood::slowlorisIsCappedPerAddress()
{
    const int cap = ConnectionLimits().maxUnansweredPerAddress;
    QVERIFY(slowClients > cap);
    QList<TestClient *> clients;
    const auto refused = [&] {
        return int(std::count_if(clients.cbegin(), clients.cend(), [](const TestClient *c) {
            return c->isClosed() && (c->status() == 503 || c->status() == 0);
        }));
    };
    for (int i = 0; i < slowClients; ++i)
        clients.append(slowClient());
    QTRY_COMPARE_WITH_TIMEOUT(admission()->of(floodAddress).unanswered + refused(), slowClients, 30000);
    if (m_fx->tls())
        QTRY_COMPARE_WITH_TIMEOUT(admission()->of(floodAddress).handshakes, 0, 30000);
    QCOMPARE(admission()->of(floodAddress).unanswered, cap);
    QCOMPARE(refused(), slowClients - cap);
    for (const auto *c : std::as_const(clients)) {
        if (!c->isClosed())
            continue;
        if (m_fx->tls()) {
            // Nothing can be answered before the handshake: the connection is closed.
            QCOMPARE(c->status(), 0);
            continue;
        }
        QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
        QCOMPARE(c->status(), 503);
        QCOMPARE(c->header("Connection"), "close");
        QCOMPARE(jsonObject(c->body()).value(u"code"_s).toInt(), 503);
        QVERIFY(!jsonObject(c->body()).value(u"message"_s).toString().isEmpty());
    }
    verifyOthersServed();
    // The slow clients were held all along, and one line says why the rest were refused.
    QCOMPARE(admission()->of(floodAddress).unanswered, cap);
    QCOMPARE(logLinesContaining(u"refuses connections from 127.0.0.2"_s), 1);

    if (onManagementPort()) {
        // The management port keeps the default request timeout (30 s): the clients give up instead.
        for (auto *c : std::as_const(clients))
            c->abort();
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(clients.cbegin(), clients.cend(), [](const TestClient *c) { return c->isClosed(); }),
            requestTimeoutMs + 30000);
        QCOMPARE(std::count_if(clients.cbegin(), clients.cend(),
                               [](const TestClient *c) { return c->status() == 408; }),
                 cap);
    }
    QTRY_COMPARE(admission()->total().unanswered, 0);
    QCOMPARE(admission()->total().handshakes, 0);
    QCOMPARE(logLinesContaining(
                 u"admits connections from 127.0.0.2 again after refusing %1"_s.arg(slowClients - cap)),
             1);
}

void TestConnectionFlood::stalledHandshakesAreCappedPerAddress()
{
    if (!m_fx->tls())
        QSKIP("No handshake on plain HTTP");
    const int cap = ConnectionLimits().maxHandshakesPerAddress;
    const int clients = cap + 20;
    QList<int> raw;
    const auto closeRaw = qScopeGuard([&] {
        for (int fd : std::as_const(raw))
            resetRaw(fd);
    });
    // TCP connections that never start their handshake.
    for (int i = 0; i < clients; ++i) {
        const int fd = connectRaw(floodAddress, port());
        QVERIFY2(fd >= 0, strerror(-fd));
        raw.append(fd);
    }
    QTRY_COMPARE_WITH_TIMEOUT(admission()->of(floodAddress).handshakes, cap, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(
        std::count_if(raw.cbegin(), raw.cend(), [](int fd) { return closedByServer(fd); }), clients - cap,
        30000);
    verifyOthersServed();
    // The handshake timeout closes the rest.
    const int timeoutMs = onManagementPort() ? ConnectionLimits().tlsHandshakeTimeoutMs : handshakeTimeoutMs;
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(raw.cbegin(), raw.cend(), [](int fd) { return closedByServer(fd); }),
                             timeoutMs + 30000);
    QTRY_COMPARE(admission()->total().handshakes, 0);
    QTRY_COMPARE(admission()->total().unanswered, 0);
    QCOMPARE(logLinesContaining(u"refuses connections from 127.0.0.2"_s), 1);
}

void TestConnectionFlood::totalCapCoversEveryAddress()
{
    if (onManagementPort())
        QSKIP("The management port's caps are the defaults; the gateway rows test the total");
    // Restart with small caps: three addresses of 10 fill a total of 25.
    m_fx->stop();
    const auto started = m_fx->start([](RuntimeOptions &o) {
        o.gateway.connections.maxUnansweredPerAddress = 10;
        o.gateway.connections.maxHandshakesPerAddress = 10;
        o.gateway.connections.maxUnansweredTotal = 25;
        o.gateway.connections.maxHandshakesTotal = 25;
        o.gateway.connections.requestTimeoutMs = requestTimeoutMs;
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    QList<int> raw;
    const auto closeRaw = qScopeGuard([&] {
        for (int fd : std::as_const(raw))
            resetRaw(fd);
    });
    for (const char *from : {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
        for (int i = 0; i < 10; ++i) {
            const int fd = connectRaw(QHostAddress(QLatin1StringView(from)), port());
            QVERIFY2(fd >= 0, strerror(-fd));
            raw.append(fd);
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(admission()->total().unanswered, 25, 30000);
    QCOMPARE(admission()->of(QHostAddress(u"127.0.0.4"_s)).unanswered, 5);
    QTRY_COMPARE_WITH_TIMEOUT(
        std::count_if(raw.cbegin(), raw.cend(), [](int fd) { return closedByServer(fd); }), 5, 30000);
    // A client from yet another address is refused too.
    auto *other = m_fx->get(streamPath, m_subscriber.production.token);
    QTRY_VERIFY_WITH_TIMEOUT(other->isClosed(), 30000);
    QCOMPARE(other->status(), m_fx->tls() ? 0 : 503);
    QCOMPARE(logLinesContaining(u"refuses connections (the first from 127.0.0.4)"_s), 1);

    for (int fd : std::as_const(raw))
        resetRaw(fd);
    raw.clear();
    QTRY_COMPARE(admission()->total().unanswered, 0);
    QCOMPARE(logLinesContaining(u"admits connections again after refusing 6"_s), 1);
    auto *served = m_fx->get("/nothing-here", QString());
    QTRY_VERIFY_WITH_TIMEOUT(served->hasEnded(), 30000);
    QCOMPARE(served->status(), 404);
}

void TestConnectionFlood::connectDisconnectFloodLeavesNothingBehind()
{
    const QHostAddress from(QHostAddress::LocalHost);
    const auto settled = [&] {
        QCoreApplication::processEvents();
        return QTest::qWaitFor(
            [&] { return admission()->total().unanswered == 0 && admission()->total().handshakes == 0; },
            30000);
    };
    // Every fourth cycle sends half a request, every other one ends with a reset instead of a FIN.
    const auto cycles = [&](int count) {
        for (int i = 0; i < count; ++i) {
            const int fd = connectRaw(from, port());
            if (fd < 0)
                return false;
            if (i % 4 == 1 || i % 4 == 2)
                ::send(fd, halfRequest.constData(), size_t(halfRequest.size()), MSG_NOSIGNAL);
            if (i % 2 == 0)
                resetRaw(fd);
            else
                ::close(fd);
            // The gateway runs on this thread: let it accept and clean up before the backlog fills.
            if (i % 64 == 63 && !settled())
                return false;
        }
        return settled();
    };
    // The first connections create what lives on (TLS contexts, caches).
    QVERIFY(cycles(500));
    const int descriptors = openDescriptors();
    const qint64 rss = residentKiB();

    QVERIFY(cycles(floodCycles));
    QTRY_COMPARE(openDescriptors(), descriptors);
#if !defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps freed memory in quarantine (256 MiB), so only plain builds measure it.
    const qint64 grownKiB = residentKiB() - rss;
    qInfo() << "VmRSS after" << floodCycles << "cycles:" << grownKiB << "KiB more than before";
    QVERIFY2(grownKiB < rssMarginKiB, qPrintable(u"VmRSS grew by %1 KiB"_s.arg(grownKiB)));
#else
    Q_UNUSED(rss);
#endif
    auto *c =
        onManagementPort() ? m_fx->management("GET", "/nothing-here") : m_fx->get("/nothing-here", QString());
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 30000);
    QCOMPARE(c->status(), 404);
}

QTEST_GUILESS_MAIN(TestConnectionFlood)
#include "tst_connectionflood.moc"
