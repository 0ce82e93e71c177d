// How request paths reach the backend, over real sockets and HTTP and HTTPS: dot segments resolved inside
// the API, paths that leave it refused with 400, the remainder re-encoded exactly once, queries unchanged.
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway::test;

class TestPathMapping final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void mapsPath_data();
    void mapsPath();

private:
    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    QString m_ptToken;
    QString m_observerToken;
};

void TestPathMapping::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestPathMapping::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_fx = std::make_unique<GatewayFixture>(tls);
    const auto started = m_fx->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    // The API of the issue: context /pt on an endpoint with a base path; and one without a base path.
    const auto pt = m_fx->deployedApi(m_backend->endpoint() + u"/base"_s, {u"AsyncUnlimited"_s}, u"/pt"_s);
    QVERIFY2(pt, pt ? "" : qPrintable(pt.error().message));
    const auto observer = m_fx->deployedApi(m_backend->endpoint(), {u"AsyncUnlimited"_s});
    QVERIFY2(observer, observer ? "" : qPrintable(observer.error().message));
    const auto ptSub = m_fx->subscriber(pt->id);
    QVERIFY2(ptSub, ptSub ? "" : qPrintable(ptSub.error().message));
    const auto observerSub = m_fx->subscriber(observer->id);
    QVERIFY2(observerSub, observerSub ? "" : qPrintable(observerSub.error().message));
    m_ptToken = ptSub->production.token;
    m_observerToken = observerSub->production.token;
}

void TestPathMapping::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestPathMapping::mapsPath_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("backendTarget"); // empty: the backend must not be asked

    QTest::newRow("ordinary, no base path") << "/observer/1.0.0/memory"_ba << 200 << "/memory"_ba;
    QTest::newRow("ordinary") << "/pt/1.0.0/memory"_ba << 200 << "/base/memory"_ba;
    QTest::newRow("empty remainder") << "/pt/1.0.0"_ba << 200 << "/base"_ba;
    QTest::newRow("trailing slash") << "/pt/1.0.0/"_ba << 200 << "/base/"_ba;
    QTest::newRow("query unchanged") << "/pt/1.0.0/memory?since=10&x=%20y&p=%2F%25%252e"_ba << 200
                                     << "/base/memory?since=10&x=%20y&p=%2F%25%252e"_ba;
    QTest::newRow("double slash") << "/pt/1.0.0//x"_ba << 200 << "/base//x"_ba;
    QTest::newRow("dot") << "/pt/1.0.0/./a/."_ba << 200 << "/base/a/"_ba;
    QTest::newRow("dot dot inside the remainder") << "/pt/1.0.0/a/../b"_ba << 200 << "/base/b"_ba;
    QTest::newRow("dot dot back to the version") << "/pt/1.0.0/a/.."_ba << 200 << "/base/"_ba;
    QTest::newRow("issue: dot dot above the version") << "/pt/1.0.0/../../admin"_ba << 400 << ""_ba;
    QTest::newRow("issue: encoded dot dot above the version")
        << "/pt/1.0.0/%2e%2e/%2e%2e/admin"_ba << 400 << ""_ba;
    QTest::newRow("issue: dot dot with encoded slashes") << "/pt/1.0.0/..%2f..%2fadmin"_ba << 400 << ""_ba;
    QTest::newRow("issue: double-encoded dot dot reaches the backend encoded once")
        << "/pt/1.0.0/%252e%252e/admin"_ba << 200 << "/base/%252e%252e/admin"_ba;
    QTest::newRow("issue: encoded slash") << "/pt/1.0.0/a%2Fb"_ba << 400 << ""_ba;
    QTest::newRow("half-encoded dot dot") << "/pt/1.0.0/.%2E/x"_ba << 400 << ""_ba;
    QTest::newRow("dot dot onto the version") << "/pt/1.0.0/.."_ba << 400 << ""_ba;
    QTest::newRow("dot dot back into the version") << "/pt/1.0.0/../1.0.0/x"_ba << 400 << ""_ba;
    QTest::newRow("dot dot into another API") << "/pt/1.0.0/../../observer/1.0.0/memory"_ba << 400 << ""_ba;
    QTest::newRow("dot dot above the root") << "/pt/1.0.0/../../../admin"_ba << 400 << ""_ba;
    QTest::newRow("encoded percent") << "/pt/1.0.0/100%25"_ba << 200 << "/base/100%25"_ba;
    QTest::newRow("stray percent, repaired by Qt") << "/pt/1.0.0/100%"_ba << 200 << "/base/100%25"_ba;
    QTest::newRow("unicode") << "/pt/1.0.0/%c3%a9t%C3%A9"_ba << 200 << "/base/%C3%A9t%C3%A9"_ba;
    QTest::newRow("encoded unreserved") << "/pt/1.0.0/%41%7e"_ba << 200 << "/base/A~"_ba;
    QTest::newRow("encoded query and fragment characters")
        << "/pt/1.0.0/a%3Fb%23c"_ba << 200 << "/base/a%3Fb%23c"_ba;
    QTest::newRow("sub-delimiters") << "/pt/1.0.0/a!$&'()*+,;=:@b"_ba << 200 << "/base/a!$&'()*+,;=:@b"_ba;
    QTest::newRow("space and backslash") << "/pt/1.0.0/a%20b%5Cc"_ba << 200 << "/base/a%20b%5Cc"_ba;
    QTest::newRow("no API") << "/nothing/1.0.0/x"_ba << 404 << ""_ba;
}

void TestPathMapping::mapsPath()
{
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, backendTarget);
    if (QTest::currentTestFailed())
        return;

    const auto token = target.startsWith("/observer/") ? m_observerToken : m_ptToken;
    auto *c = m_fx->get(target, token);
    if (backendTarget.isEmpty()) {
        QTRY_VERIFY(c->hasEnded());
        QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
        QCOMPARE(c->status(), status);
        QCOMPARE(c->header("Content-Type"), "application/json"_ba);
        const auto body = jsonObject(c->body());
        QCOMPARE(body.value(u"code").toString(), QString::number(status));
        QVERIFY(!body.value(u"description").toString().isEmpty());
        QCOMPARE(m_backend->requestCount(), 0);
        return;
    }
    QTRY_COMPARE(m_backend->requestCount(), 1);
    const auto request = m_backend->request(0);
    const QByteArray expected = "GET " + backendTarget + " HTTP/1.1\r\n";
    QVERIFY2(request.startsWith(expected), request.constData());
    m_backend->end(0);
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), status);
}

QTEST_GUILESS_MAIN(TestPathMapping)

#include "tst_pathmapping.moc"
