// The OAuth2 endpoints on the management port (HTTPS): client_credentials tokens, RFC 7009 revocation,
// the JWKS, and opaque tokens; each token is then used on the gateway over HTTP and HTTPS. Client
// authentication runs on the crypto workers while streams flow, a full queue answers 503, and failed
// client authentication locks the consumer key and the client address out for a while.
#include "gateway/auth/cryptopool.h"
#include "gateway/auth/secrets.h"
#include "gateway/auth/signingkey.h"
#include "gateway/relay/chunkedresponder.h"
#include "gateway/rest/managementserver.h"
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
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");
const QByteArray clientCredentials = QByteArrayLiteral("grant_type=client_credentials");

// Occupies one crypto worker until released, so that the test decides when queued work may run.
class WorkerHold final
{
    Q_DISABLE_COPY_MOVE(WorkerHold)

public:
    explicit WorkerHold(CryptoPool *pool)
        : m_gate(std::make_shared<QSemaphore>())
        , m_held(pool->run(&m_context, [gate = m_gate] {
            gate->acquire();
            return CryptoPool::Finish([] {});
        }))
    {}
    ~WorkerHold() { release(); }
    bool isHeld() const { return m_held; }
    void release()
    {
        if (std::exchange(m_held, false))
            m_gate->release();
    }

private:
    QObject m_context;
    std::shared_ptr<QSemaphore> m_gate; // shared: the worker may still be inside acquire() when this goes
    bool m_held;
};

ApiRequest tokenRequest(const QString &key, const QString &secret, const QString &address)
{
    ApiRequest request;
    request.method = "POST";
    request.path = u"/oauth2/token"_s;
    request.headers = {{"Content-Type"_ba, "application/x-www-form-urlencoded"_ba},
                       {"Authorization"_ba, "Basic " + (key + u':' + secret).toUtf8().toBase64()}};
    request.body = "grant_type=client_credentials"_ba;
    request.remoteAddress = address;
    return request;
}

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
    void streamsFlowWhileSecretsAreChecked();
    void fullQueueAnswers503();
    void clientGoneBeforeItsResult();
    void lockout_data();
    void lockout();
    void lockedOutAnswerOverHttp();

private:
    /// Restarts the runtime on the same data directory with these crypto limits.
    void restart(const CryptoLimits &limits);
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

void TestTokenEndpoint::restart(const CryptoLimits &limits)
{
    m_fx->stop();
    const auto started = m_fx->start([limits](RuntimeOptions &o) {
        o.gateway.stream.heartbeatMs = 0;
        o.crypto = limits;
    });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
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
    QTRY_VERIFY_WITH_TIMEOUT(again->hasEnded() && unknown->hasEnded(), 10000);
    // Last: a failure locks the key out for a moment.
    auto *wrong =
        m_fx->postForm("/oauth2/revoke", keys.keys.consumerKey, u"wrong"_s, "token=" + token.toLatin1());
    QTRY_VERIFY_WITH_TIMEOUT(wrong->hasEnded(), 10000);
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

void TestTokenEndpoint::streamsFlowWhileSecretsAreChecked()
{
    restart(CryptoLimits{.workers = 1, .maxQueued = 64});
    if (QTest::currentTestFailed())
        return;
    auto *stream = m_fx->get(streamPath, m_sub.production.token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [this] { m_backend->send(0, "data: tick\n\n"); });
    ticker.start(10);
    QTRY_VERIFY(stream->events().size() >= 1);

    // With the only worker held, the 50 requests wait for it: whatever the gateway thread does meanwhile
    // does not depend on their PBKDF2 checks.
    auto *pool = m_fx->runtime()->crypto();
    WorkerHold hold(pool);
    QVERIFY(hold.isHeld());
    const auto &keys = m_sub.production.keys;
    QList<TestClient *> requests;
    QList<qsizetype> eventsAtAnswer;
    for (int i = 0; i < 50; ++i) {
        const auto secret = i % 2 ? keys.consumerSecret : keys.consumerSecret + u"-wrong"_s;
        auto *c = m_fx->postForm("/oauth2/token", keys.keys.consumerKey, secret, clientCredentials);
        connect(c, &TestClient::ended, this,
                [&eventsAtAnswer, stream] { eventsAtAnswer.append(stream->events().size()); });
        requests.append(c);
    }
    QTRY_COMPARE_WITH_TIMEOUT(pool->pending(), 51, 30000);
    const auto eventsWhileQueued = stream->events().size();
    QTRY_VERIFY(stream->events().size() >= eventsWhileQueued + 20);
    QVERIFY(eventsAtAnswer.isEmpty());
    for (const auto *c : std::as_const(requests))
        QVERIFY(!c->headComplete());

    hold.release();
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(requests.cbegin(), requests.cend(), [](const TestClient *c) { return c->hasEnded(); }),
        60000);
    int accepted = 0;
    int refused = 0;
    for (const auto *c : std::as_const(requests)) {
        accepted += c->status() == 200 ? 1 : 0;
        refused += c->status() == 401 ? 1 : 0;
    }
    QCOMPARE(accepted, 25);
    QCOMPARE(refused, 25);
    QCOMPARE(pool->pending(), 0);
    // Events kept arriving while the answers came in.
    QCOMPARE(eventsAtAnswer.size(), 50);
    QVERIFY2(eventsAtAnswer.constLast() > eventsAtAnswer.constFirst(),
             qPrintable(u"%1 events at the first answer, %2 at the last"_s.arg(eventsAtAnswer.constFirst())
                            .arg(eventsAtAnswer.constLast())));
    QVERIFY(stream->isConnected());
    QVERIFY(stream->framingError().isEmpty());
}

void TestTokenEndpoint::fullQueueAnswers503()
{
    restart(CryptoLimits{.workers = 1, .maxQueued = 1, .retryAfterSeconds = 3});
    if (QTest::currentTestFailed())
        return;
    WorkerHold hold(m_fx->runtime()->crypto());
    QVERIFY(hold.isHeld());
    const auto &keys = m_sub.production.keys;
    auto *token =
        m_fx->postForm("/oauth2/token", keys.keys.consumerKey, keys.consumerSecret, clientCredentials);
    auto *rest = m_fx->management("GET", "/api/am/devportal/v3/applications",
                                  {{"Authorization"_ba, "Basic " + "admin:admin"_ba.toBase64()}});
    QTRY_VERIFY_WITH_TIMEOUT(token->hasEnded() && rest->hasEnded(), 10000);
    QCOMPARE(token->status(), 503);
    QCOMPARE(token->header("Retry-After"), "3"_ba);
    QCOMPARE(token->header("Content-Type"), "application/json"_ba);
    QCOMPARE(jsonObject(token->body()).value(u"error").toString(), u"temporarily_unavailable"_s);
    QVERIFY(!jsonObject(token->body()).value(u"error_description").toString().isEmpty());
    QCOMPARE(rest->status(), 503);
    QCOMPARE(rest->header("Retry-After"), "3"_ba);
    const auto restBody = jsonObject(rest->body());
    QCOMPARE(restBody.value(u"code").toInteger(), 503);
    QCOMPARE(restBody.value(u"message").toString(), u"Service Unavailable"_s);
    QVERIFY(!restBody.value(u"description").toString().isEmpty());

    // Room again: the same requests succeed.
    hold.release();
    QTRY_COMPARE(m_fx->runtime()->crypto()->pending(), 0);
    QVERIFY(!requestToken(keys.keys.consumerKey, keys.consumerSecret)
                 .value(u"access_token")
                 .toString()
                 .isEmpty());
    auto *again = m_fx->management("GET", "/api/am/devportal/v3/applications",
                                   {{"Authorization"_ba, "Basic " + "admin:admin"_ba.toBase64()}});
    QTRY_VERIFY_WITH_TIMEOUT(again->hasEnded(), 10000);
    QCOMPARE(again->status(), 200);
}

void TestTokenEndpoint::clientGoneBeforeItsResult()
{
    restart(CryptoLimits{.workers = 1, .maxQueued = 4});
    if (QTest::currentTestFailed())
        return;
    auto *pool = m_fx->runtime()->crypto();
    auto *management = m_fx->runtime()->management();
    WorkerHold hold(pool);
    QVERIFY(hold.isHeld());
    const auto &keys = m_sub.production.keys;
    auto *token =
        m_fx->postForm("/oauth2/token", keys.keys.consumerKey, keys.consumerSecret, clientCredentials);
    auto *rest = m_fx->management("GET", "/api/am/devportal/v3/applications",
                                  {{"Authorization"_ba, "Basic " + "admin:admin"_ba.toBase64()}});
    QTRY_COMPARE_WITH_TIMEOUT(pool->pending(), 3, 10000);
    token->abort();
    rest->abort();
    // The server has noticed: the responders of both requests are gone.
    QTRY_COMPARE(management->findChildren<ChunkedResponder *>().size(), 0);

    hold.release();
    QTRY_COMPARE(pool->dropped(), 2);
    QCOMPARE(pool->pending(), 0);
    // Nothing was answered into a closed connection, and the endpoint still serves.
    QVERIFY(!requestToken(keys.keys.consumerKey, keys.consumerSecret)
                 .value(u"access_token")
                 .toString()
                 .isEmpty());
}

void TestTokenEndpoint::lockout_data()
{
    QTest::addColumn<bool>("guessKey"); // the failure guesses a consumer key rather than our key's secret
    QTest::addColumn<QString>("failFrom");
    QTest::addColumn<QString>("lockedFrom"); // where our key with its right secret is then refused
    QTest::addColumn<bool>("otherKeyFree");  // which key is then accepted from freeFrom
    QTest::addColumn<QString>("freeFrom");

    // The key is locked out, whatever the address and however right the secret; another key is not.
    QTest::newRow("per consumer key") << false << u"10.0.0.1"_s << u"10.0.0.2"_s << true << u"10.0.0.3"_s;
    // Guessing keys from one address locks that address out for every key; other addresses are not.
    QTest::newRow("per client address") << true << u"10.0.0.9"_s << u"10.0.0.9"_s << false << u"10.0.0.10"_s;
}

void TestTokenEndpoint::lockout()
{
    QFETCH(bool, guessKey);
    QFETCH(QString, failFrom);
    QFETCH(QString, lockedFrom);
    QFETCH(bool, otherKeyFree);
    QFETCH(QString, freeFrom);
    restart(CryptoLimits{.tokenLockoutFirstMs = 300, .tokenLockoutMaxMs = 600});
    if (QTest::currentTestFailed())
        return;
    const auto other = m_fx->subscriber(m_apiId);
    QVERIFY(other);
    auto *server = m_fx->runtime()->management();
    const auto &keys = m_sub.production.keys;
    const auto &free = otherKeyFree ? other->production.keys : keys;

    const auto failing = guessKey ? tokenRequest(u"guessed-key"_s, u"guess"_s, failFrom)
                                  : tokenRequest(keys.keys.consumerKey, u"wrong"_s, failFrom);
    QCOMPARE(server->dispatch(failing).status, 401);
    const auto locked =
        server->dispatch(tokenRequest(keys.keys.consumerKey, keys.consumerSecret, lockedFrom));
    QCOMPARE(locked.status, 429);
    QCOMPARE(jsonObject(locked.body).value(u"error").toString(), u"invalid_client"_s);
    QCOMPARE(server->dispatch(tokenRequest(free.keys.consumerKey, free.consumerSecret, freeFrom)).status,
             200);
    // After the lockout the right secret is accepted again.
    QTRY_COMPARE(
        server->dispatch(tokenRequest(keys.keys.consumerKey, keys.consumerSecret, lockedFrom)).status, 200);
}

void TestTokenEndpoint::lockedOutAnswerOverHttp()
{
    restart(CryptoLimits{.tokenLockoutFirstMs = 1500, .tokenLockoutMaxMs = 3000});
    if (QTest::currentTestFailed())
        return;
    const auto &keys = m_sub.production.keys;
    auto *wrong = m_fx->postForm("/oauth2/token", keys.keys.consumerKey, u"wrong"_s, clientCredentials);
    QTRY_VERIFY_WITH_TIMEOUT(wrong->hasEnded(), 10000);
    QCOMPARE(wrong->status(), 401);
    auto *locked =
        m_fx->postForm("/oauth2/token", keys.keys.consumerKey, keys.consumerSecret, clientCredentials);
    QTRY_VERIFY_WITH_TIMEOUT(locked->hasEnded(), 10000);
    if (locked->status() == 200)
        QSKIP("The machine took longer than the lockout between two requests");
    QCOMPARE(locked->status(), 429);
    QCOMPARE(locked->header("Cache-Control"), "no-store"_ba);
    const auto retryAfter = locked->header("Retry-After").toInt();
    QVERIFY(retryAfter >= 1 && retryAfter <= 2);
    const auto body = jsonObject(locked->body());
    QCOMPARE(body.value(u"error").toString(), u"invalid_client"_s);
    QVERIFY(!body.contains(u"access_token"));
}

QTEST_GUILESS_MAIN(TestTokenEndpoint)
#include "tst_tokenendpoint.moc"
