// Token lifetime over real sockets, HTTP and HTTPS, for JWT and opaque tokens: a stream ends when its access
// token expires, with a final `: token expired` comment and a gateway event, while a stream whose token is
// still valid goes on.
#include "gateway/events/gatewayevents.h"
#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenservice.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;
using sd::models::TokenType;

namespace {
const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");
} // namespace

Q_DECLARE_METATYPE(TokenType)

class TestStreamTokenExpiry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void streamEndsAtTokenExpiry_data();
    void streamEndsAtTokenExpiry();

private:
    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
};

void TestStreamTokenExpiry::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestStreamTokenExpiry::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestStreamTokenExpiry::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestStreamTokenExpiry::streamEndsAtTokenExpiry_data()
{
    QTest::addColumn<TokenType>("tokenType");
    QTest::newRow("jwt") << TokenType::Jwt;
    QTest::newRow("opaque") << TokenType::OAuth;
}

void TestStreamTokenExpiry::streamEndsAtTokenExpiry()
{
    QFETCH(TokenType, tokenType);
    const auto started = m_fx->start([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint(), {u"AsyncUnlimited"_s});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    SubscriberOptions options;
    options.tokenType = tokenType;
    const auto sub = m_fx->subscriber(api->id, options);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    const auto shortLived = m_fx->runtime()->tokens()->issue(sub->production.keys.keys, 4);
    QVERIFY2(shortLived, shortLived ? "" : qPrintable(shortLived.error().message));
    QStringList closeReasons;
    QObject receiver; // ends the connection with this function
    connect(m_fx->runtime()->gateway()->events(), &GatewayEvents::reported, &receiver,
            [&](const GatewayEvent &event) {
                if (event.kind == GatewayEvent::Kind::StreamClosed)
                    closeReasons << event.message;
            });

    auto *expiring = m_fx->get(streamPath, shortLived->accessToken);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    auto *lasting = m_fx->get(streamPath, sub->production.token);
    QTRY_COMPARE(m_backend->requestCount(), 2);
    m_backend->sendAll("data: one\n\n");
    QTRY_COMPARE(expiring->events().size(), 1);
    QTRY_COMPARE(lasting->events().size(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(expiring->hasEnded(), 20000);
    QCOMPARE(expiring->body(), "data: one\n\n: token expired\n\n"_ba);
    QVERIFY(expiring->framingError().isEmpty());
    QCOMPARE(closeReasons, QStringList{u"token expired"_s});
    QTRY_VERIFY(m_backend->isClosed(0));

    // The stream with a valid token goes on.
    m_backend->send(1, "data: two\n\n");
    QTRY_COMPARE(lasting->events().size(), 2);
    QVERIFY(!lasting->hasEnded());
    QCOMPARE(m_fx->runtime()->gateway()->openStreams(), 1);
}

QTEST_MAIN(TestStreamTokenExpiry)
#include "tst_streamtokenexpiry.moc"
