// The tutorial of REFERENCE.md section 1, end to end: the sample backend as a process, the API created,
// published and deployed through the services, a subscriber's keys and a token from /oauth2/token on the
// management port, and the memory events streamed through the gateway over HTTP and HTTPS.
#include "gateway/metering/eventmeter.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"

#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;
using sd::models::KeyType;

class TestTutorial final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void observerEndToEnd();

private:
    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<QProcess> m_backend;
};

void TestTutorial::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestTutorial::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<QProcess>();
}

void TestTutorial::cleanup()
{
    if (m_backend->state() != QProcess::NotRunning) {
        m_backend->kill();
        m_backend->waitForFinished();
    }
    m_backend.reset();
    m_fx.reset();
}

void TestTutorial::observerEndToEnd()
{
    // Step 6 comes first here: the backend picks a free port, which the API's endpoint then names.
    m_backend->start(QStringLiteral(SSE_SERVER_PATH),
                     {u"--port=0"_s, u"--time=5000"_s, u"--interval=1000"_s});
    QVERIFY2(m_backend->waitForStarted(), qPrintable(m_backend->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_backend->canReadLine(), 10000);
    const auto announce =
        QRegularExpression(u"^sse-server listening on http://127\\.0\\.0\\.1:(\\d+)/memory\\n$"_s)
            .match(QString::fromUtf8(m_backend->readLine()));
    QVERIFY(announce.hasMatch());
    const QString endpoint = u"http://127.0.0.1:"_s + announce.captured(1);

    QVERIFY(m_fx->start());
    auto *runtime = m_fx->runtime();
    const auto admin = runtime->accounts()->authenticate(u"admin"_s, u"admin"_s);
    QVERIFY2(admin, admin ? "" : qPrintable(admin.error().message));

    // Steps 1-2: create the streaming API.
    sd::models::ApiDraft draft;
    draft.name = u"Observer"_s;
    draft.context = u"/observer"_s;
    draft.version = u"1.0.0"_s;
    draft.productionEndpoint = endpoint;
    draft.sandboxEndpoint = endpoint;
    auto *publisher = runtime->publisher();
    const auto api = publisher->createApi(admin.value(), draft);
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    QCOMPARE(api->protocol, u"SSE"_s);
    // Step 3: attach the AsyncGold business plan.
    QVERIFY(publisher->setPlans(admin.value(), api->id, {u"AsyncGold"_s}));
    // Step 4: publish.
    const auto published = publisher->changeLifecycle(admin.value(), api->id, u"Publish"_s);
    QVERIFY2(published, published ? "" : qPrintable(published.error().message));
    // Step 5: Revision 1 deployed to Default (Production and Sandbox), vhost localhost.
    const auto revision = publisher->createRevision(admin.value(), api->id, u"tutorial"_s);
    QVERIFY(revision);
    QCOMPARE(revision->displayName(), u"Revision 1"_s);
    QVERIFY(publisher->deployRevision(admin.value(), api->id, revision->id, u"Default"_s, u"localhost"_s));

    // Step 7: the subscription and key generation wizard.
    auto *portal = runtime->portal();
    sd::models::ApplicationDraft appDraft;
    appDraft.name = u"ObserverClient"_s;
    const auto app = portal->createApplication(admin.value(), appDraft);
    QVERIFY(app);
    const auto sub = portal->subscribe(admin.value(), app->id, api->id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    QCOMPARE(sub->plan, u"AsyncGold"_s);
    const auto keys =
        portal->generateKeys(admin.value(), app->id, KeyType::Production, {u"client_credentials"_s}, 3600);
    QVERIFY(keys);
    auto *tokenReply = m_fx->postForm("/oauth2/token", keys->keys.consumerKey, keys->consumerSecret,
                                      "grant_type=client_credentials");
    QTRY_VERIFY_WITH_TIMEOUT(tokenReply->hasEnded(), 10000);
    QCOMPARE(tokenReply->status(), 200);
    const auto token = jsonObject(tokenReply->body()).value(u"access_token").toString();
    QVERIFY(!token.isEmpty());

    // Step 8: curl http://localhost:8280/observer/1.0.0/memory -H "Authorization: Bearer TOKEN".
    const auto opened = QDateTime::currentMSecsSinceEpoch();
    auto *c = m_fx->get("/observer/1.0.0/memory", token);
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 10000);
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->header("Content-Type"), "text/event-stream"_ba);

    static const QRegularExpression format(
        u"^data:\\{\"heap\":(\\d+),\"nonHeap\":(\\d+),\"ts\":(\\d+),\"identifier\":\"ram_(\\d+)\"\\}$"_s);
    const auto blocks = c->body().split('\n');
    QStringList lines;
    for (const auto &line : blocks) {
        if (!line.isEmpty())
            lines << QString::fromUtf8(line);
    }
    QVERIFY2(lines.size() >= 4 && lines.size() <= 5, c->body().constData());
    // Every event is one data line and a blank line, nothing else.
    QCOMPARE(c->body(), QByteArray(lines.join(u"\n\n"_s).toUtf8() + "\n\n"));
    qint64 previousSeq = -1;
    for (const auto &line : std::as_const(lines)) {
        const auto m = format.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        // The heap figure comes from the allocator (0 under a sanitizer's malloc); the rest is resident.
        QVERIFY(m.captured(2).toLongLong() > 0);
        const auto ts = m.captured(3).toLongLong();
        QVERIFY(ts >= opened - 1000 && ts <= QDateTime::currentMSecsSinceEpoch());
        const auto seq = m.captured(4).toLongLong();
        if (previousSeq >= 0)
            QCOMPARE(seq, previousSeq + 1);
        previousSeq = seq;
    }
    QCOMPARE(c->events().size(), lines.size());
    // Each event counted against AsyncGold's daily 50,000.
    QCOMPARE(runtime->gateway()->meter()->remaining(sub->id, runtime->store()->plan(u"AsyncGold"_s).value()),
             50000 - lines.size());
}

QTEST_GUILESS_MAIN(TestTutorial)
#include "tst_tutorial.moc"
