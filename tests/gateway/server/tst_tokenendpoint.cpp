// The OAuth2 endpoints on the management port (HTTPS): client_credentials tokens, RFC 7009 revocation,
// the JWKS, and opaque tokens; each token is then used on the gateway over HTTP and HTTPS.
#include "gateway/auth/secrets.h"
#include "gateway/auth/signingkey.h"
#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenservice.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");
const QByteArray clientCredentials = QByteArrayLiteral("grant_type=client_credentials");

QJsonObject jwtPart(const QString &token, int index)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(token.toLatin1().split('.').value(index), base64Url))
        .object();
}

// Every file of the store (database, write-ahead log, shared memory) as raw bytes.
QByteArray storeFiles(const QString &dataDir)
{
    QByteArray all;
    for (const auto &name : {u"streamdesk.db"_s, u"streamdesk.db-wal"_s, u"streamdesk.db-shm"_s}) {
        QFile file(QDir(dataDir).filePath(name));
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class TestTokenEndpoint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void clientCredentialsGrant();
    void refusals_data();
    void refusals();
    void validityPeriod();
    void jwksPublishesTheSigningKey();
    void revoke();
    void revokeIsScopedToTheClient();
    void revokeKeySetTokens();
    void opaqueTokens();

private:
    QJsonObject requestToken(const QString &key, const QString &secret,
                             const QByteArray &form = clientCredentials);

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    QString m_apiId;
    Subscriber m_sub;
};

void TestTokenEndpoint::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestTokenEndpoint::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    const auto started = m_fx->start([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint());
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    m_apiId = api->id;
    const auto sub = m_fx->subscriber(m_apiId);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

void TestTokenEndpoint::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

QJsonObject TestTokenEndpoint::requestToken(const QString &key, const QString &secret, const QByteArray &form)
{
    auto *c = m_fx->postForm("/oauth2/token", key, secret, form);
    if (!QTest::qWaitFor([c] { return c->hasEnded(); }, 10000) || c->status() != 200) {
        qInfo() << "token request failed:" << c->status() << c->body() << c->socketError();
        return {};
    }
    return jsonObject(c->body());
}

void TestTokenEndpoint::clientCredentialsGrant()
{
    const auto &keys = m_sub.production.keys;
    auto *c = m_fx->postForm("/oauth2/token", keys.keys.consumerKey, keys.consumerSecret, clientCredentials);
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 10000);
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->header("Content-Type"), "application/json"_ba);
    QCOMPARE(c->header("Cache-Control"), "no-store"_ba);
    const auto reply = jsonObject(c->body());
    QCOMPARE(reply.value(u"token_type").toString(), u"Bearer"_s);
    QCOMPARE(reply.value(u"expires_in").toInteger(), 3600);
    QCOMPARE(reply.value(u"scope").toString(), u"default"_s);
    const auto token = reply.value(u"access_token").toString();
    QCOMPARE(token.count(u'.'), 2);

    const auto header = jwtPart(token, 0);
    QCOMPARE(header.value(u"alg").toString(), u"RS256"_s);
    QVERIFY(!header.value(u"kid").toString().isEmpty());
    const auto claims = jwtPart(token, 1);
    QCOMPARE(claims.value(u"azp").toString(), keys.keys.consumerKey);
    QCOMPARE(claims.value(u"aud").toString(), keys.keys.consumerKey);
    QCOMPARE(claims.value(u"aut").toString(), u"APPLICATION"_s);
    QCOMPARE(claims.value(u"keytype").toString(), u"PRODUCTION"_s);
    QCOMPARE(claims.value(u"scope").toString(), u"default"_s);
    QCOMPARE(claims.value(u"sub").toString(), u"admin"_s);
    QCOMPARE(claims.value(u"iss").toString(),
             u"https://localhost:%1/oauth2/token"_s.arg(m_fx->runtime()->managementPort()));
    QVERIFY(!claims.value(u"jti").toString().isEmpty());
    const auto iat = claims.value(u"iat").toInteger();
    QVERIFY(qAbs(iat - QDateTime::currentSecsSinceEpoch()) <= 5);
    QCOMPARE(claims.value(u"nbf").toInteger(), iat);
    QCOMPARE(claims.value(u"exp").toInteger(), iat + 3600);

    auto *stream = m_fx->get(streamPath, token);
    QTRY_VERIFY(stream->headComplete());
    QCOMPARE(stream->status(), 200);
}

void TestTokenEndpoint::refusals_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("credentials"); // 0 none, 1 right, 2 wrong secret, 3 unknown key
    QTest::addColumn<QByteArray>("form");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");

    QTest::newRow("wrong secret") << "POST"_ba << 2 << clientCredentials << 401 << u"invalid_client"_s;
    QTest::newRow("unknown consumer key")
        << "POST"_ba << 3 << clientCredentials << 401 << u"invalid_client"_s;
    QTest::newRow("no client authentication")
        << "POST"_ba << 0 << clientCredentials << 401 << u"invalid_client"_s;
    QTest::newRow("password grant") << "POST"_ba << 1 << "grant_type=password&username=a&password=b"_ba << 400
                                    << u"unsupported_grant_type"_s;
    QTest::newRow("no grant type") << "POST"_ba << 1 << "scope=default"_ba << 400 << u"invalid_request"_s;
    QTest::newRow("validity not a number")
        << "POST"_ba << 1 << QByteArray(clientCredentials + "&validity_period=soon") << 400
        << u"invalid_request"_s;
    QTest::newRow("validity zero") << "POST"_ba << 1 << QByteArray(clientCredentials + "&validity_period=0")
                                   << 400 << u"invalid_request"_s;
}

void TestTokenEndpoint::refusals()
{
    QFETCH(QByteArray, method);
    QFETCH(int, credentials);
    QFETCH(QByteArray, form);
    QFETCH(int, status);
    QFETCH(QString, error);
    const auto &keys = m_sub.production.keys;
    QString user;
    QString password;
    if (credentials == 1 || credentials == 2) {
        user = keys.keys.consumerKey;
        password = credentials == 1 ? keys.consumerSecret : keys.consumerSecret + u'x';
    } else if (credentials == 3) {
        user = u"no-such-key"_s;
        password = keys.consumerSecret;
    }
    auto *c = m_fx->postForm("/oauth2/token", user, password, form);
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 10000);
    QCOMPARE(c->status(), status);
    const auto reply = jsonObject(c->body());
    QCOMPARE(reply.value(u"error").toString(), error);
    QVERIFY(!reply.contains(u"access_token"));
    if (status == 401)
        QVERIFY(c->header("WWW-Authenticate").startsWith("Basic "));
}

void TestTokenEndpoint::validityPeriod()
{
    const auto &keys = m_sub.production.keys;
    const auto reply = requestToken(keys.keys.consumerKey, keys.consumerSecret,
                                    clientCredentials + "&validity_period=120&scope=read");
    QCOMPARE(reply.value(u"expires_in").toInteger(), 120);
    QCOMPARE(reply.value(u"scope").toString(), u"read"_s);
    const auto claims = jwtPart(reply.value(u"access_token").toString(), 1);
    QCOMPARE(claims.value(u"exp").toInteger() - claims.value(u"iat").toInteger(), 120);
    QCOMPARE(claims.value(u"scope").toString(), u"read"_s);
}

void TestTokenEndpoint::jwksPublishesTheSigningKey()
{
    auto *c = m_fx->management("GET", "/oauth2/jwks");
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 10000);
    QCOMPARE(c->status(), 200);
    const auto keysArray = jsonObject(c->body()).value(u"keys").toArray();
    QCOMPARE(keysArray.size(), 1);
    const auto jwk = keysArray[0].toObject();
    QCOMPARE(jwk.value(u"kty").toString(), u"RSA"_s);
    QCOMPARE(jwk.value(u"alg").toString(), u"RS256"_s);
    QCOMPARE(jwk.value(u"use").toString(), u"sig"_s);
    QVERIFY(!jwk.contains(u"d")); // never the private part
    // The key that signs, as stored in the data directory, and the kid of every issued token.
    const auto key = SigningKey::loadOrCreate(QDir(m_fx->dataDir()).filePath(u"keys/signing-key.pem"_s));
    QVERIFY(key);
    QCOMPARE(jwk, key->publicJwk());
    const auto &keys = m_sub.production.keys;
    const auto token =
        requestToken(keys.keys.consumerKey, keys.consumerSecret).value(u"access_token").toString();
    QCOMPARE(jwtPart(token, 0).value(u"kid").toString(), jwk.value(u"kid").toString());
    QCOMPARE(jwtPart(m_sub.production.token, 0).value(u"kid").toString(), jwk.value(u"kid").toString());
}

void TestTokenEndpoint::revoke()
{
    const auto &keys = m_sub.production.keys;
    const auto token =
        requestToken(keys.keys.consumerKey, keys.consumerSecret).value(u"access_token").toString();
    QVERIFY(!token.isEmpty());
    auto *stream = m_fx->get(streamPath, token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "data: one\n\n");
    QTRY_COMPARE(stream->events().size(), 1);

    auto *c = m_fx->postForm("/oauth2/revoke", keys.keys.consumerKey, keys.consumerSecret,
                             "token=" + token.toLatin1() + "&token_type_hint=access_token");
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 10000);
    QCOMPARE(c->status(), 200);
    // The open stream ends within a second of the revocation's answer, cleanly.
    QTRY_VERIFY_WITH_TIMEOUT(stream->hasEnded(), 1000);
    QVERIFY(stream->framingError().isEmpty());
    QTRY_VERIFY(m_backend->isClosed(0));

    auto *refused = m_fx->get(streamPath, token);
    QTRY_VERIFY(refused->hasEnded());
    QCOMPARE(refused->status(), 401);
    QCOMPARE(jsonObject(refused->body()).value(u"code").toString(), u"900901"_s);
    // Other tokens of the same keys still work.
    auto *other = m_fx->get(streamPath, m_sub.production.token);
    QTRY_VERIFY(other->headComplete());
    QCOMPARE(other->status(), 200);

    // RFC 7009: an unknown or already revoked token is not an error; wrong client credentials are.
    auto *again = m_fx->postForm("/oauth2/revoke", keys.keys.consumerKey, keys.consumerSecret,
                                 "token=" + token.toLatin1());
    auto *unknown = m_fx->postForm("/oauth2/revoke", keys.keys.consumerKey, keys.consumerSecret,
                                   "token=not-a-token-we-issued");
    auto *wrong =
        m_fx->postForm("/oauth2/revoke", keys.keys.consumerKey, u"wrong"_s, "token=" + token.toLatin1());
    QTRY_VERIFY_WITH_TIMEOUT(again->hasEnded() && unknown->hasEnded() && wrong->hasEnded(), 10000);
    QCOMPARE(again->status(), 200);
    QCOMPARE(unknown->status(), 200);
    QCOMPARE(wrong->status(), 401);
    QCOMPARE(jsonObject(wrong->body()).value(u"error").toString(), u"invalid_client"_s);
}

void TestTokenEndpoint::revokeIsScopedToTheClient()
{
    const auto other = m_fx->subscriber(m_apiId);
    QVERIFY(other);
    // Another client may not revoke this client's token: the answer is the same, the token stays valid.
    auto *c =
        m_fx->postForm("/oauth2/revoke", other->production.keys.keys.consumerKey,
                       other->production.keys.consumerSecret, "token=" + m_sub.production.token.toLatin1());
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 10000);
    QCOMPARE(c->status(), 200);
    auto *stream = m_fx->get(streamPath, m_sub.production.token);
    QTRY_VERIFY(stream->headComplete());
    QCOMPARE(stream->status(), 200);
}

void TestTokenEndpoint::revokeKeySetTokens()
{
    const auto &keys = m_sub.production.keys;
    const auto second =
        requestToken(keys.keys.consumerKey, keys.consumerSecret).value(u"access_token").toString();
    QVERIFY(!second.isEmpty());
    auto *stream = m_fx->get(streamPath, m_sub.production.token);
    QTRY_COMPARE(m_backend->requestCount(), 1);

    const auto revoked = m_fx->runtime()->tokens()->revokeKeySetTokens(keys.keys.id);
    QVERIFY(revoked);
    QCOMPARE(revoked.value(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(stream->hasEnded(), 1000);
    for (const auto &token : {m_sub.production.token, second}) {
        auto *refused = m_fx->get(streamPath, token);
        QTRY_VERIFY(refused->hasEnded());
        QCOMPARE(refused->status(), 401);
    }
    // Another application's tokens are untouched.
    const auto other = m_fx->subscriber(m_apiId);
    QVERIFY(other);
    auto *untouched = m_fx->get(streamPath, other->production.token);
    QTRY_VERIFY(untouched->headComplete());
    QCOMPARE(untouched->status(), 200);
    QCOMPARE(m_fx->runtime()->tokens()->revokeKeySetTokens(keys.keys.id).value(), 0);
}

void TestTokenEndpoint::opaqueTokens()
{
    SubscriberOptions options;
    options.tokenType = sd::models::TokenType::OAuth;
    const auto sub = m_fx->subscriber(m_apiId, options);
    QVERIFY(sub);
    const auto &keys = sub->production.keys;
    const auto reply = requestToken(keys.keys.consumerKey, keys.consumerSecret);
    const auto token = reply.value(u"access_token").toString();
    QCOMPARE(reply.value(u"token_type").toString(), u"Bearer"_s);
    QCOMPARE(reply.value(u"expires_in").toInteger(), 3600);
    // 256 random bits, base64url without padding: 43 characters and no JWT structure.
    QCOMPARE(token.size(), 43);
    QVERIFY(!token.contains(u'.'));
    QVERIFY(QRegularExpression(u"^[A-Za-z0-9_-]+$"_s).match(token).hasMatch());

    auto *stream = m_fx->get(streamPath, token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    m_backend->send(0, "data: opaque\n\n");
    QTRY_COMPARE(stream->events().size(), 1);
    QCOMPARE(stream->status(), 200);

    // Stored only as a hash: neither token appears anywhere in the store's files.
    m_fx->runtime()->gateway()->meter()->flush();
    const auto files = storeFiles(m_fx->dataDir());
    QVERIFY(!files.isEmpty());
    QVERIFY(!files.contains(token.toLatin1()));
    QVERIFY(!files.contains(sub->production.token.toLatin1()));
    QVERIFY(files.contains(Secrets::tokenHash(token.toLatin1()).toLatin1()));
    QVERIFY(m_fx->runtime()->store()->tokenByHash(Secrets::tokenHash(token.toLatin1()).toLatin1()));

    // Revoked through RFC 7009 like a JWT.
    auto *revoke = m_fx->postForm("/oauth2/revoke", keys.keys.consumerKey, keys.consumerSecret,
                                  "token=" + token.toLatin1());
    QTRY_VERIFY_WITH_TIMEOUT(revoke->hasEnded(), 10000);
    QCOMPARE(revoke->status(), 200);
    QTRY_VERIFY_WITH_TIMEOUT(stream->hasEnded(), 1000);
    auto *refused = m_fx->get(streamPath, token);
    QTRY_VERIFY(refused->hasEnded());
    QCOMPARE(refused->status(), 401);
    QCOMPARE(jsonObject(refused->body()).value(u"code").toString(), u"900901"_s);
}

QTEST_GUILESS_MAIN(TestTokenEndpoint)
#include "tst_tokenendpoint.moc"
