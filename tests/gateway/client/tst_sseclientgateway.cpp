// SseClient through the real gateway: its 401/403/429 answers explained, and its self-signed HTTPS port
// trusted once the certificate is pinned.
#include "gateway/client/sseclient.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

const QString streamPath = u"/observer/1.0.0/memory"_s;
const QString onePerDay = u"Async1PerDay"_s;

} // namespace

class TestSseClientGateway final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void refused_data();
    void refused();
    void quotaSpent();
    void pinnedCertificate();

private:
    /// Starts the gateway with an API on the test backend (plan Async1PerDay) and a subscriber.
    void setUp(bool tls, bool subscribe = true);
    QString streamUrl() const;
    /// Points the client at the API's stream with `token` (no Authorization header when empty).
    void requestStream(const QString &token);

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<SseClient> m_client;
    Subscriber m_sub;
    QList<ReceivedEvent> m_events;
};

void TestSseClientGateway::init()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_client = std::make_unique<SseClient>();
    m_events.clear();
    connect(m_client.get(), &SseClient::eventsReceived, this,
            [this](const QList<ReceivedEvent> &batch) { m_events += batch; });
}

void TestSseClientGateway::cleanup()
{
    m_client.reset();
    m_fx.reset();
    m_backend.reset();
}

void TestSseClientGateway::setUp(bool tls, bool subscribe)
{
    m_fx = std::make_unique<GatewayFixture>(tls);
    const auto started = m_fx->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto plan = m_fx->addPlan(onePerDay, 1, 86400);
    QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint(), {onePerDay});
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    SubscriberOptions options;
    options.plan = onePerDay;
    options.subscribe = subscribe;
    const auto sub = m_fx->subscriber(api->id, options);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

QString TestSseClientGateway::streamUrl() const
{
    return u"%1://127.0.0.1:%2%3"_s.arg(m_fx->tls() ? u"https"_s : u"http"_s)
        .arg(m_fx->gatewayPort())
        .arg(streamPath);
}

void TestSseClientGateway::requestStream(const QString &token)
{
    StreamRequest request;
    request.url = QUrl(streamUrl());
    if (!token.isEmpty())
        request.setBearerToken(token);
    m_client->setRequest(request);
}

void TestSseClientGateway::refused_data()
{
    QTest::addColumn<QString>("token"); // empty: no Authorization header
    QTest::addColumn<bool>("subscribe");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("summaryPart");
    QTest::newRow("invalid token") << u"not-a-token"_s << true << 401 << u"900901"_s << u"token is invalid"_s;
    QTest::newRow("no Authorization header")
        << QString() << true << 401 << u"900902"_s << u"no Authorization header"_s;
    QTest::newRow("not subscribed") << u"subscriber"_s << false << 403 << u"900908"_s << u"not subscribed"_s;
}

void TestSseClientGateway::refused()
{
    QFETCH(QString, token);
    QFETCH(bool, subscribe);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, summaryPart);
    setUp(false, subscribe);
    if (QTest::currentTestFailed())
        return;

    requestStream(token == u"subscriber"_s ? m_sub.production.token : token);
    QSignalSpy failed(m_client.get(), &SseClient::failed);
    QSignalSpy reconnects(m_client.get(), &SseClient::reconnectScheduled);
    m_client->open();
    QTRY_COMPARE(failed.size(), 1);

    const auto failure = failed[0][0].value<StreamFailure>();
    QCOMPARE(failure.httpStatus, status);
    QCOMPARE(failure.code, code);
    QVERIFY2(failure.summary.contains(summaryPart), qPrintable(failure.summary));
    QVERIFY(!failure.advice.isEmpty());
    QVERIFY(!failure.retryAt);
    QCOMPARE(m_client->state(), SseClient::State::Closed);
    QCOMPARE(reconnects.size(), 0);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestSseClientGateway::quotaSpent()
{
    setUp(false);
    if (QTest::currentTestFailed())
        return;
    requestStream(m_sub.production.token);
    QSignalSpy failed(m_client.get(), &SseClient::failed);
    QSignalSpy reconnects(m_client.get(), &SseClient::reconnectScheduled);
    m_client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_COMPARE(m_client->state(), SseClient::State::Open);

    // The plan allows one event: the gateway ends the stream after it, the client reconnects and is
    // throttled.
    m_backend->send(0, "retry: 20\nid: 1\ndata: one\n\nid: 2\ndata: two\n\n");
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(reconnects.size(), 1);
    QCOMPARE(reconnects[0][0].toInt(), 20);
    const auto dispatched = std::count_if(m_events.cbegin(), m_events.cend(),
                                          [](const ReceivedEvent &e) { return e.event.dispatched; });
    QCOMPARE(dispatched, 1);
    QCOMPARE(m_client->lastEventId(), u"1"_s);

    const auto failure = failed[0][0].value<StreamFailure>();
    QCOMPARE(failure.httpStatus, 429);
    QVERIFY2(failure.summary.contains(u"quota is spent"_s), qPrintable(failure.summary));
    QVERIFY(failure.retryAt);
    const auto now = QDateTime::currentDateTime();
    const auto toMidnightUtc = 86400 - now.toSecsSinceEpoch() % 86400;
    QVERIFY2(qAbs(now.secsTo(*failure.retryAt) - toMidnightUtc) <= 5,
             qPrintable(failure.retryAt->toString(Qt::ISODate)));
    QCOMPARE(m_client->state(), SseClient::State::Closed);
    QCOMPARE(reconnects.size(), 1);
    QCOMPARE(m_backend->connectionCount(), 1);
}

void TestSseClientGateway::pinnedCertificate()
{
    setUp(true);
    if (QTest::currentTestFailed())
        return;
    requestStream(m_sub.production.token);
    QSignalSpy untrusted(m_client.get(), &SseClient::untrustedCertificate);
    QSignalSpy failed(m_client.get(), &SseClient::failed);
    QSignalSpy reconnects(m_client.get(), &SseClient::reconnectScheduled);
    m_client->open();
    QTRY_COMPARE(untrusted.size(), 1);

    const QString hostAndPort = u"127.0.0.1:%1"_s.arg(m_fx->gatewayPort());
    const auto certificate = untrusted[0][1].value<QSslCertificate>();
    QCOMPARE(untrusted[0][0].toString(), hostAndPort);
    QCOMPARE(certificate, m_fx->runtime()->tlsIdentity().certificate());
    QVERIFY(!untrusted[0][2].toString().isEmpty());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed[0][0].value<StreamFailure>().httpStatus, 0);
    QCOMPARE(m_client->state(), SseClient::State::Closed);
    QCOMPARE(reconnects.size(), 0);
    QCOMPARE(m_backend->connectionCount(), 0);

    m_client->pinCertificate(hostAndPort, certificate);
    m_client->open();
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTRY_COMPARE(m_client->state(), SseClient::State::Open);
    m_backend->send(0, "data: {\"heap\":1}\n\n");
    QTRY_COMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].event.data, u"{\"heap\":1}"_s);
    QCOMPARE(untrusted.size(), 1);
    QCOMPARE(m_client->httpStatus(), 200);
}

QTEST_GUILESS_MAIN(TestSseClientGateway)
#include "tst_sseclientgateway.moc"
