// Hostile requests as raw bytes over real sockets, on the gateway port (HTTP and HTTPS) and the management
// port (HTTP and HTTPS): each is answered with its exact status or refused by the connection guard before Qt
// HttpServer 6.4's lenient parser reads it, never left hanging, and the port serves a normal request after.
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QByteArray streamPath = "/observer/1.0.0/memory";
const QByteArray managementPath = "/api/am/publisher/v4/apis";
// What a well-formed request gets: a stream on the gateway; on the management port, where the rows send no
// credentials (no password hashing per row), the REST API's 401.
constexpr int gatewayServed = 200;
constexpr int managementServed = 401;
constexpr int passes = -1; // the row's request is well-formed enough to be served

QByteArray repeated(QByteArrayView line, int times)
{
    QByteArray lines;
    for (int i = 0; i < times; ++i)
        lines += line.toByteArray().replace("{N}", QByteArray::number(i));
    return lines;
}

} // namespace

class TestHostileHttp final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanupTestCase();

    void hostileRequest_data();
    void hostileRequest();

private:
    TestClient *connectClient();
    QByteArray expand(QByteArray request) const;
    void verifyServesNormalRequest();

    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<GatewayFixture> m_plain; // HTTP gateway and management ports
    std::unique_ptr<GatewayFixture> m_tls;   // HTTPS gateway and management ports
    QString m_plainToken;
    QString m_tlsToken;
    std::unique_ptr<QObject> m_clients;
};

void TestHostileHttp::initTestCase_data()
{
    QTest::addColumn<bool>("management");
    QTest::addColumn<bool>("tls");
    QTest::newRow("gateway http") << false << false;
    QTest::newRow("gateway https") << false << true;
    QTest::newRow("management http") << true << false;
    QTest::newRow("management https") << true << true;
}

void TestHostileHttp::initTestCase()
{
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    for (const bool tls : {false, true}) {
        auto fx = std::make_unique<GatewayFixture>(tls);
        const auto started = fx->start([tls](RuntimeOptions &o) {
            o.managementTls = tls;
            o.gateway.stream.heartbeatMs = 0;
        });
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        const auto api = fx->deployedApi(m_backend->endpoint(), {u"AsyncUnlimited"_s});
        QVERIFY2(api, api ? "" : qPrintable(api.error().message));
        const auto sub = fx->subscriber(api->id);
        QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
        (tls ? m_tlsToken : m_plainToken) = sub->production.token;
        (tls ? m_tls : m_plain) = std::move(fx);
    }
}

void TestHostileHttp::init()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_clients = std::make_unique<QObject>();
}

void TestHostileHttp::cleanupTestCase()
{
    m_clients.reset();
    m_plain.reset();
    m_tls.reset();
    m_backend.reset();
}

TestClient *TestHostileHttp::connectClient()
{
    QFETCH_GLOBAL(bool, management);
    QFETCH_GLOBAL(bool, tls);
    const auto &fx = tls ? m_tls : m_plain;
    auto *c = new TestClient(m_clients.get());
    if (tls)
        c->setTrustedCertificate(fx->runtime()->tlsIdentity().certificate());
    c->open(management ? fx->runtime()->managementPort() : fx->gatewayPort());
    return c;
}

// {T} is the port's ordinary target, {A} a header line that the ordinary request carries (the stream's
// token on the gateway, a harmless one on the management port), {FILL} and {FILL+1} padding that makes the
// head exactly as long as the limit allows, or a byte longer.
QByteArray TestHostileHttp::expand(QByteArray request) const
{
    QFETCH_GLOBAL(bool, management);
    QFETCH_GLOBAL(bool, tls);
    const QByteArray token = (tls ? m_tlsToken : m_plainToken).toLatin1();
    request.replace("{T}", management ? managementPath : streamPath)
        .replace("{A}", management ? "X-Request-Id: 1"_ba : "Authorization: Bearer " + token);
    for (const auto &[mark, extra] : {std::pair{"{FILL}"_ba, 0}, std::pair{"{FILL+1}"_ba, 1}}) {
        if (request.contains(mark)) {
            const auto fill = ConnectionLimits().maxHeaderBytes + extra - (request.size() - mark.size());
            request.replace(mark, QByteArray(fill, 'p'));
        }
    }
    return request;
}

void TestHostileHttp::verifyServesNormalRequest()
{
    QFETCH_GLOBAL(bool, management);
    auto *c = connectClient();
    c->sendRaw(expand("GET {T} HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(c->headComplete() || c->isClosed(), 30000);
    QCOMPARE(c->status(), management ? managementServed : gatewayServed);
    c->abort();
}

void TestHostileHttp::hostileRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status"); // `passes`: what a well-formed request gets on that port

    const QByteArray get = "GET {T} HTTP/1.1\r\nHost: localhost\r\n{A}\r\n";
    const QByteArray longValue(40 * 1024, 'v');

    QTest::newRow("well-formed") << get + "\r\n" << passes;
    // Request lines.
    QTest::newRow("missing version") << "GET {T}\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("HTTP/0.9 simple request") << "GET {T}\r\n\r\n"_ba << 400;
    QTest::newRow("bad method token") << "G(T {T} HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("two spaces") << "GET  {T} HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("leading space") << " GET {T} HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("text garbage") << "hello there\r\n\r\n"_ba << 400;
    QTest::newRow("binary garbage") << "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"_ba << 400;
    QTest::newRow("TLS hello on a plain port or after the handshake")
        << "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"_ba << 400;
    QTest::newRow("NUL in the target")
        << "GET /observer/1.0.0/mem\0ory HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("NUL in a header value")
        << "GET {T} HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("bare CR") << "GET {T} HTTP/1.1\rHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("bare LF line ends") << "GET {T} HTTP/1.1\nHost: localhost\n{A}\n\n"_ba << passes;
    QTest::newRow("empty lines before the request line") << "\r\n\r\n" + get + "\r\n" << passes;
    QTest::newRow("absurdly long target")
        << "GET {T}?q=" + longValue + " HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"
        << 414;
    QTest::newRow("long target within the limit")
        << "GET {T}?q=" + QByteArray(16 * 1024, 'q') + " HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"
        << passes;
    QTest::newRow("HTTP/2.0 version") << "GET {T} HTTP/2.0\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 505;
    QTest::newRow("malformed version") << "GET {T} HTTP/1.x\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("lower-case version") << "GET {T} http/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    // Header totals and counts.
    QTest::newRow("70 KB header") << get + "X-Padding: " + QByteArray(70 * 1024, 'p') + "\r\n\r\n" << 431;
    QTest::newRow("header total over 32 KiB") << get + "X-Padding: " + longValue + "\r\n\r\n" << 431;
    QTest::newRow("head of exactly 32 KiB") << get + "X-Padding: {FILL}\r\n\r\n" << passes;
    QTest::newRow("head of 32 KiB and a byte") << get + "X-Padding: {FILL+1}\r\n\r\n" << 431;
    QTest::newRow("101 small headers") << get + repeated("X-{N}: y\r\n", 99) + "\r\n" << 431;
    QTest::newRow("100 small headers") << get + repeated("X-{N}: y\r\n", 98) + "\r\n" << passes;
    // Header syntax.
    QTest::newRow("obsolete line folding") << get + "X-Folded: a\r\n b\r\n\r\n" << 400;
    QTest::newRow("folded first field") << "GET {T} HTTP/1.1\r\n Host: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("space before colon") << get + "X-A : b\r\n\r\n" << 400;
    QTest::newRow("no colon") << get + "X-A b\r\n\r\n" << 400;
    QTest::newRow("empty field name") << get + ": b\r\n\r\n" << 400;
    QTest::newRow("no Host in HTTP/1.1") << "GET {T} HTTP/1.1\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("two Hosts") << get + "Host: evil\r\n\r\n" << 400;
    QTest::newRow("no Host in HTTP/1.0") << "GET {T} HTTP/1.0\r\n{A}\r\n\r\n"_ba << passes;
    // Framing (RFC 9112 sections 6.1 and 6.3).
    QTest::newRow("Content-Length with Transfer-Encoding")
        << get + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding with Content-Length")
        << get + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("smuggled request behind Content-Length with Transfer-Encoding")
        << get + "Content-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin "
                 "HTTP/1.1\r\nHost: x\r\n\r\n"
        << 400;
    QTest::newRow("duplicate equal Content-Length")
        << get + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nab" << 400;
    QTest::newRow("conflicting Content-Length")
        << get + "Content-Length: 2\r\nContent-Length: 3\r\n\r\nabc" << 400;
    QTest::newRow("Content-Length list") << get + "Content-Length: 2, 2\r\n\r\nab" << 400;
    QTest::newRow("negative Content-Length") << get + "Content-Length: -1\r\n\r\n" << 400;
    QTest::newRow("hexadecimal Content-Length") << get + "Content-Length: 0x2\r\n\r\nab" << 400;
    QTest::newRow("Content-Length past 64 bits") << get + "Content-Length: 99999999999999999999999\r\n\r\n"
                                                 << 400;
    QTest::newRow("Content-Length past the request limit") << get + "Content-Length: 10000000\r\n\r\n" << 413;
    QTest::newRow("gzip transfer coding") << get + "Transfer-Encoding: gzip\r\n\r\n" << 501;
    QTest::newRow("two Transfer-Encodings")
        << get + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding in HTTP/1.0")
        << "GET {T} HTTP/1.0\r\n{A}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba << 400;
    QTest::newRow("chunked body on GET") << get + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                                         << passes;
    QTest::newRow("Content-Length body on GET") << get + "Content-Length: 10\r\n\r\n0123456789" << passes;
    // Bytes outside ASCII: refused in the target (which must be percent-encoded), carried in field values.
    QTest::newRow("non-UTF-8 in the path")
        << "GET /observer/1.0.0/m\xff\xfeory HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("non-UTF-8 in the query")
        << "GET {T}?q=\xc3\x28 HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("UTF-8 in the path")
        << "GET {T}/\xc3\xa9 HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("percent-encoded non-UTF-8 in the query")
        << "GET {T}?q=%ff%fe HTTP/1.1\r\nHost: localhost\r\n{A}\r\n\r\n"_ba << passes;
    QTest::newRow("non-UTF-8 in a header value") << get + "X-Name: \xff\xfe\xc3\x28\r\n\r\n" << passes;
    QTest::newRow("non-UTF-8 in the Host") << "GET {T} HTTP/1.1\r\nHost: \xff\xfe\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("path in the Host") << "GET {T} HTTP/1.1\r\nHost: evil/x?\r\n{A}\r\n\r\n"_ba << 400;
    QTest::newRow("Host with a port") << "GET {T} HTTP/1.1\r\nHost: localhost:1\r\n{A}\r\n\r\n"_ba << passes;
    QTest::newRow("IPv6 Host") << "GET {T} HTTP/1.1\r\nHost: [::1]:1\r\n{A}\r\n\r\n"_ba << passes;
}

void TestHostileHttp::hostileRequest()
{
    QFETCH_GLOBAL(bool, management);
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const int expected = status == passes ? (management ? managementServed : gatewayServed) : status;

    auto *c = connectClient();
    c->sendRaw(expand(request));
    // Never left hanging: answered, or at worst the request timeout's 408, which fails the comparison.
    QTRY_VERIFY_WITH_TIMEOUT(c->headComplete() || c->isClosed(), 60000);
    QCOMPARE(c->status(), expected);
    if (status != passes) {
        // The guard's own answer: a complete JSON error, then the connection closes.
        QTRY_VERIFY_WITH_TIMEOUT(c->isClosed(), 30000);
        QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
        QVERIFY(c->hasEnded());
        QCOMPARE(c->header("Connection"), "close"_ba);
        QCOMPARE(jsonObject(c->body()).value(u"code"_s).toInt(), status);
    }
    if (!management && status == passes) {
        // A body the client sent with its GET stays at the gateway.
        const auto last = m_backend->connectionCount() - 1;
        QVERIFY(m_backend->requestHeader(last, "Content-Length").isNull());
        QVERIFY(m_backend->requestHeader(last, "Transfer-Encoding").isNull());
    }
    c->abort();
    verifyServesNormalRequest();
}

QTEST_GUILESS_MAIN(TestHostileHttp)
#include "tst_hostilehttp.moc"
