// Secrets never reach the log: every message of every category (debug included) is captured while a
// subscriber gets keys, takes tokens (right and wrong secrets), streams, revokes, and an admin signs in
// to the REST API with right and wrong passwords; none of the secrets appears in any message.
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const QMutexLocker lock(&logMutex);
        logLines << QString::fromUtf8(context.category) + u": "_s + message;
    }
    if (type != QtDebugMsg)
        previousHandler(type, context, message);
}

} // namespace

class TestSecretsNotLogged final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void noSecretInAnyMessage_data();
    void noSecretInAnyMessage();
};

void TestSecretsNotLogged::initTestCase()
{
    QLoggingCategory::setFilterRules(u"*.debug=true\nqt.*.debug=false"_s);
    previousHandler = qInstallMessageHandler(capture);
}

void TestSecretsNotLogged::cleanupTestCase()
{
    qInstallMessageHandler(previousHandler);
}

void TestSecretsNotLogged::noSecretInAnyMessage_data()
{
    QTest::addColumn<sd::models::TokenType>("tokenType");
    QTest::newRow("jwt") << sd::models::TokenType::Jwt;
    QTest::newRow("opaque") << sd::models::TokenType::OAuth;
}

void TestSecretsNotLogged::noSecretInAnyMessage()
{
    QFETCH(sd::models::TokenType, tokenType);
    {
        const QMutexLocker lock(&logMutex);
        logLines.clear();
    }
    GatewayFixture fx(false);
    TestBackend backend;
    QVERIFY(backend.listen());
    QVERIFY(fx.start());
    const auto api =
        fx.deployedApi(backend.endpoint(), {u"AsyncUnlimited"_s}, u"/secret"_s, backend.endpoint());
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    SubscriberOptions options;
    options.tokenType = tokenType;
    const auto subscriber = fx.subscriber(api->id, options);
    QVERIFY2(subscriber, subscriber ? "" : qPrintable(subscriber.error().message));
    const auto *keys = &subscriber->production.keys;
    const auto secret = keys->consumerSecret;

    // A token for the right secret.
    auto *issued =
        fx.postForm("/oauth2/token", keys->keys.consumerKey, secret, "grant_type=client_credentials");
    QTRY_VERIFY_WITH_TIMEOUT(issued->hasEnded(), 20000);
    QCOMPARE(issued->status(), 200);
    const auto token = jsonObject(issued->body()).value(u"access_token").toString();
    QVERIFY(!token.isEmpty());

    // A stream with it, which the backend answers with one event and ends.
    auto *stream = fx.get("/secret/1.0.0/events", token);
    QTRY_COMPARE_WITH_TIMEOUT(backend.requestCount(), 1, 20000);
    backend.send(0, "data: hello\n\n");
    backend.end(0);
    QTRY_VERIFY_WITH_TIMEOUT(stream->hasEnded(), 20000);
    QCOMPARE(stream->status(), 200);
    QCOMPARE(stream->events().size(), 1);

    // Revocation, and the revoked token refused.
    auto *revoke = fx.postForm("/oauth2/revoke", keys->keys.consumerKey, secret,
                               "token=" + QUrl::toPercentEncoding(token));
    QTRY_VERIFY_WITH_TIMEOUT(revoke->hasEnded(), 20000);
    QCOMPARE(revoke->status(), 200);
    auto *refused = fx.get("/secret/1.0.0/events", token);
    QTRY_VERIFY_WITH_TIMEOUT(refused->hasEnded(), 20000);
    QCOMPARE(refused->status(), 401);

    // A wrong secret (last: it locks the key out for a while).
    auto *wrong = fx.postForm("/oauth2/token", keys->keys.consumerKey, secret + u"x"_s,
                              "grant_type=client_credentials");
    QTRY_VERIFY_WITH_TIMEOUT(wrong->hasEnded() || wrong->isClosed(), 20000);
    QCOMPARE(wrong->status(), 401);

    // The REST API with the admin's password, right and wrong.
    const auto password = u"correct-horse-battery-staple"_s;
    QVERIFY(fx.runtime()->accounts()->changePassword(fx.admin(), u"admin"_s, password));
    for (const auto &attempt : QStringList{password, password + u"!"_s}) {
        const QByteArray basic = "Basic " + (u"admin:"_s + attempt).toUtf8().toBase64();
        auto *call = fx.management("GET", "/api/am/admin/v4/users",
                                   TestClient::HeaderList{{QByteArrayLiteral("Authorization"), basic}});
        QTRY_VERIFY_WITH_TIMEOUT(call->hasEnded(), 20000);
        QCOMPARE(call->status(), attempt == password ? 200 : 401);
    }

    const QMutexLocker lock(&logMutex);
    const auto log = logLines.join(u'\n');
    // The capture works: the gateway did log this story.
    QVERIFY2(log.contains(u"Issued"_s), qPrintable(log));
    QVERIFY2(log.contains(u"Revoked"_s), qPrintable(log));
    QStringList secrets{secret, token, password};
    if (tokenType == sd::models::TokenType::Jwt)
        secrets << token.section(u'.', 2); // the signature alone
    for (const auto &s : std::as_const(secrets))
        QVERIFY2(!log.contains(s), qPrintable(u"logged: "_s + s));
}

QTEST_GUILESS_MAIN(TestSecretsNotLogged)
#include "tst_secretsnotlogged.moc"
