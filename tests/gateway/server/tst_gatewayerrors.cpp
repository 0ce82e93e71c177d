// Every answer the gateway gives instead of a stream (REFERENCE.md section 7), JWT attacks, routing and
// CORS, backend failures whose bodies keep the backend's internals to themselves, over HTTP and HTTPS.
#include "gateway/auth/jwt.h"
#include "gateway/auth/signingkey.h"
#include "gateway/auth/tlsidentity.h"
#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenservice.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;
using sd::models::KeyType;
using sd::models::SubscriptionStatus;

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QByteArray streamPath = QByteArrayLiteral("/observer/1.0.0/memory");

enum class BackendFault { Refused, SelfSignedTls, UnknownHost, Silent };

enum class Forgery {
    None,
    Missing,
    OtherScheme,
    NotAToken,
    ThreeGarbageParts,
    BadSignature,
    TamperedPayload,
    AlgNone,
    Hs256WithPublicKey,
    ForeignKey,
    ForeignKeyOurKid,
    Expired,
    NotYetValid,
    Revoked,
    UnknownJti,
    UnknownOpaque,
};

QByteArray encodeJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64(base64Url);
}

QJsonObject decodePart(const QByteArray &part)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(part, base64Url)).object();
}

QByteArray signWith(const QJsonObject &header, const QJsonObject &claims, const SigningKey &key)
{
    const QByteArray input = encodeJson(header) + '.' + encodeJson(claims);
    return input + '.' + key.sign(input).toBase64(base64Url);
}

// Expects one complete JSON error answer.
void verifyError(const TestClient *c, int status, const QByteArray &code, const QString &message,
                 bool challenge)
{
    QVERIFY2(c->framingError().isEmpty(), qPrintable(c->framingError()));
    QCOMPARE(c->status(), status);
    QCOMPARE(c->header("Content-Type"), QByteArrayLiteral("application/json"));
    QCOMPARE(c->header("Content-Length").toLongLong(), c->body().size());
    const auto body = jsonObject(c->body());
    QCOMPARE(body.value(u"code").toString(), QString::fromLatin1(code));
    QCOMPARE(body.value(u"message").toString(), message);
    QVERIFY(!body.value(u"description").toString().isEmpty());
    QCOMPARE(c->headerCount("WWW-Authenticate"), challenge ? 1 : 0);
    if (challenge)
        QVERIFY(c->header("WWW-Authenticate").startsWith("Bearer "));
}

} // namespace

Q_DECLARE_METATYPE(Forgery)
Q_DECLARE_METATYPE(BackendFault)
Q_DECLARE_METATYPE(SubscriptionStatus)

class TestGatewayErrors final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void credentials_data();
    void credentials();
    void subscriptionStatus_data();
    void subscriptionStatus();
    void sandboxKeysPassProdOnlyBlock();
    void keyTypeSelectsEndpoint();
    void apiBlocked();
    void deprecatedApiKeepsSubscriptions();
    void prototypeNeedsNoSubscription();
    void notFound_data();
    void notFound();
    void methodNotAllowed_data();
    void methodNotAllowed();
    void corsPreflight();
    void corsOnStreamsAndErrors();
    void corsConfiguredOrigins();
    void backendFailureBodies_data();
    void backendFailureBodies();

private:
    void setUpApi(const sd::gateway::test::GatewayFixture::Configure &configure = {});
    QByteArray forge(Forgery forgery);

    std::unique_ptr<GatewayFixture> m_fx;
    std::unique_ptr<TestBackend> m_backend;
    sd::models::Api m_api;
    Subscriber m_sub;
};

void TestGatewayErrors::initTestCase_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestGatewayErrors::init()
{
    QFETCH_GLOBAL(bool, tls);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_fx = std::make_unique<GatewayFixture>(tls);
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
}

void TestGatewayErrors::cleanup()
{
    m_fx.reset();
    m_backend.reset();
}

void TestGatewayErrors::setUpApi(const GatewayFixture::Configure &configure)
{
    const auto started = m_fx->start(configure);
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = m_fx->deployedApi(m_backend->endpoint());
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    m_api = api.value();
    const auto sub = m_fx->subscriber(m_api.id);
    QVERIFY2(sub, sub ? "" : qPrintable(sub.error().message));
    m_sub = sub.value();
}

QByteArray TestGatewayErrors::forge(Forgery forgery)
{
    const auto valid = m_sub.production.token.toLatin1();
    const auto parts = valid.split('.');
    const auto header = decodePart(parts[0]);
    auto claims = decodePart(parts[1]);
    const auto key = SigningKey::loadOrCreate(QDir(m_fx->dataDir()).filePath(u"keys/signing-key.pem"_s));
    static const auto foreign = SigningKey::generate();
    if (!key || !foreign)
        return {};
    const auto now = QDateTime::currentSecsSinceEpoch();
    switch (forgery) {
    case Forgery::None:
        return valid;
    case Forgery::Missing:
        return {};
    case Forgery::OtherScheme:
    case Forgery::NotAToken:
        return "not-a-token";
    case Forgery::ThreeGarbageParts:
        return "abc.def.ghi";
    case Forgery::BadSignature: {
        auto signature = parts[2];
        const auto middle = signature.size() / 2;
        signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
        return parts[0] + '.' + parts[1] + '.' + signature;
    }
    case Forgery::TamperedPayload:
        claims.insert(u"keytype", u"SANDBOX"_s);
        return parts[0] + '.' + encodeJson(claims) + '.' + parts[2];
    case Forgery::AlgNone:
        return encodeJson(QJsonObject{{u"alg"_s, u"none"_s}, {u"typ"_s, u"JWT"_s}}) + '.' + parts[1] + '.';
    case Forgery::Hs256WithPublicKey: {
        // The classic confusion: a verifier that trusts `alg` would check this HMAC with the RSA public key.
        const QJsonObject hs{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, key->kid()}};
        const QByteArray input = encodeJson(hs) + '.' + parts[1];
        const auto mac =
            QMessageAuthenticationCode::hash(input, key->publicKeyPem(), QCryptographicHash::Sha256);
        return input + '.' + mac.toBase64(base64Url);
    }
    case Forgery::ForeignKey:
        return Jwt::sign(claims, foreign.value());
    case Forgery::ForeignKeyOurKid:
        return signWith(header, claims, foreign.value());
    case Forgery::Expired:
        claims.insert(u"iat", now - 7200);
        claims.insert(u"nbf", now - 7200);
        claims.insert(u"exp", now - 60);
        return Jwt::sign(claims, key.value());
    case Forgery::NotYetValid:
        claims.insert(u"nbf", now + 3600);
        claims.insert(u"exp", now + 7200);
        return Jwt::sign(claims, key.value());
    case Forgery::Revoked:
        if (!m_fx->runtime()->tokens()->revokeById(claims.value(u"jti").toString()))
            return {};
        return valid;
    case Forgery::UnknownJti:
        claims.insert(u"jti", u"0123456789abcdef0123456789abcdef"_s);
        return Jwt::sign(claims, key.value());
    case Forgery::UnknownOpaque:
        return "d2hhdGV2ZXItdGhpcy1pcy1pdC1pcy1ub3QtYS10b2tlbg";
    }
    return {};
}

void TestGatewayErrors::credentials_data()
{
    QTest::addColumn<Forgery>("forgery");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("message");

    const auto invalid = u"Invalid Credentials"_s;
    QTest::newRow("valid token streams") << Forgery::None << 200 << QByteArray() << QString();
    QTest::newRow("missing") << Forgery::Missing << 401 << "900902"_ba << u"Missing Credentials"_s;
    QTest::newRow("basic scheme") << Forgery::OtherScheme << 401 << "900901"_ba << invalid;
    QTest::newRow("malformed") << Forgery::NotAToken << 401 << "900901"_ba << invalid;
    QTest::newRow("malformed jwt") << Forgery::ThreeGarbageParts << 401 << "900901"_ba << invalid;
    QTest::newRow("bad signature") << Forgery::BadSignature << 401 << "900901"_ba << invalid;
    QTest::newRow("tampered payload") << Forgery::TamperedPayload << 401 << "900901"_ba << invalid;
    QTest::newRow("alg none") << Forgery::AlgNone << 401 << "900901"_ba << invalid;
    QTest::newRow("HS256 with the public key")
        << Forgery::Hs256WithPublicKey << 401 << "900901"_ba << invalid;
    QTest::newRow("foreign key") << Forgery::ForeignKey << 401 << "900901"_ba << invalid;
    QTest::newRow("foreign key with our kid") << Forgery::ForeignKeyOurKid << 401 << "900901"_ba << invalid;
    QTest::newRow("expired") << Forgery::Expired << 401 << "900901"_ba << invalid;
    QTest::newRow("nbf in the future") << Forgery::NotYetValid << 401 << "900901"_ba << invalid;
    QTest::newRow("revoked") << Forgery::Revoked << 401 << "900901"_ba << invalid;
    QTest::newRow("unknown jti, our signature") << Forgery::UnknownJti << 401 << "900901"_ba << invalid;
    QTest::newRow("unknown opaque token") << Forgery::UnknownOpaque << 401 << "900901"_ba << invalid;
}

void TestGatewayErrors::credentials()
{
    QFETCH(Forgery, forgery);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    QFETCH(QString, message);
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    const auto token = forge(forgery);
    QVERIFY(forgery == Forgery::Missing || !token.isEmpty());

    auto *c = m_fx->client();
    TestClient::HeaderList headers;
    if (forgery == Forgery::OtherScheme)
        headers.append({"Authorization"_ba, "Basic " + QByteArray("key:secret").toBase64()});
    else if (!token.isEmpty())
        headers.append({"Authorization"_ba, "Bearer " + token});
    c->get(m_fx->gatewayPort(), streamPath, headers);
    if (status == 200) {
        QTRY_VERIFY(c->headComplete());
        QCOMPARE(c->status(), 200);
        QCOMPARE(m_backend->requestCount(), 1);
        return;
    }
    QTRY_VERIFY(c->hasEnded());
    verifyError(c, status, code, message, true);
    QTRY_VERIFY(c->isClosed());
    // Refused before any backend connection.
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestGatewayErrors::subscriptionStatus_data()
{
    QTest::addColumn<bool>("subscribed");
    QTest::addColumn<SubscriptionStatus>("subscriptionStatus");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("not subscribed") << false << SubscriptionStatus::Unblocked << 403 << "900908"_ba
                                    << u"Resource forbidden"_s;
    QTest::newRow("blocked") << true << SubscriptionStatus::Blocked << 401 << "900907"_ba
                             << u"The requested API is temporarily blocked"_s;
    QTest::newRow("production blocked, production keys")
        << true << SubscriptionStatus::ProdOnlyBlocked << 401 << "900907"_ba
        << u"The requested API is temporarily blocked"_s;
    QTest::newRow("on hold") << true << SubscriptionStatus::OnHold << 401 << "900909"_ba
                             << u"The subscription to the API is inactive"_s;
}

void TestGatewayErrors::subscriptionStatus()
{
    QFETCH(bool, subscribed);
    QFETCH(SubscriptionStatus, subscriptionStatus);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    QFETCH(QString, message);
    QVERIFY(m_fx->start());
    const auto api = m_fx->deployedApi(m_backend->endpoint());
    QVERIFY(api);
    SubscriberOptions options;
    options.subscribe = subscribed;
    const auto sub = m_fx->subscriber(api->id, options);
    QVERIFY(sub);
    if (subscribed)
        QVERIFY(m_fx->runtime()->publisher()->setSubscriptionStatus(m_fx->admin(), sub->subscriptionId,
                                                                    subscriptionStatus));

    auto *c = m_fx->get(streamPath, sub->production.token);
    QTRY_VERIFY(c->hasEnded());
    verifyError(c, status, code, message, false);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestGatewayErrors::sandboxKeysPassProdOnlyBlock()
{
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    const auto sandbox = m_fx->credentials(m_sub.application.id, KeyType::Sandbox);
    QVERIFY(sandbox);
    QVERIFY(m_fx->runtime()->publisher()->setSubscriptionStatus(m_fx->admin(), m_sub.subscriptionId,
                                                                SubscriptionStatus::ProdOnlyBlocked));
    auto *production = m_fx->get(streamPath, m_sub.production.token);
    auto *sandboxClient = m_fx->get(streamPath, sandbox->token);
    QTRY_VERIFY(production->hasEnded());
    verifyError(production, 401, "900907", u"The requested API is temporarily blocked"_s, false);
    QTRY_VERIFY(sandboxClient->headComplete());
    QCOMPARE(sandboxClient->status(), 200);
    QCOMPARE(m_backend->requestCount(), 1);
}

void TestGatewayErrors::keyTypeSelectsEndpoint()
{
    TestBackend sandboxBackend;
    QVERIFY(sandboxBackend.listen());
    QVERIFY(m_fx->start());
    const auto api = m_fx->deployedApi(m_backend->endpoint() + u"/prod"_s, {u"AsyncGold"_s}, u"/observer"_s,
                                       sandboxBackend.endpoint() + u"/sandbox"_s);
    QVERIFY(api);
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY(sub);
    const auto sandbox = m_fx->credentials(sub->application.id, KeyType::Sandbox);
    QVERIFY(sandbox);

    auto *production = m_fx->get(streamPath + "?since=5", sub->production.token);
    QTRY_COMPARE(m_backend->requestCount(), 1);
    QVERIFY(m_backend->request(0).startsWith("GET /prod/memory?since=5 HTTP/1.1\r\n"));
    auto *sandboxClient = m_fx->get(streamPath, sandbox->token);
    QTRY_COMPARE(sandboxBackend.requestCount(), 1);
    QVERIFY(sandboxBackend.request(0).startsWith("GET /sandbox/memory HTTP/1.1\r\n"));
    QTRY_VERIFY(production->headComplete() && sandboxClient->headComplete());
    QCOMPARE(production->status(), 200);
    QCOMPARE(sandboxClient->status(), 200);
    QCOMPARE(m_backend->requestCount(), 1);
}

void TestGatewayErrors::apiBlocked()
{
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_fx->changeLifecycle(m_api.id, u"Block"_s));
    auto *c = m_fx->get(streamPath, m_sub.production.token);
    QTRY_VERIFY(c->hasEnded());
    verifyError(c, 503, "700700", u"API blocked"_s, false);
    QCOMPARE(m_backend->connectionCount(), 0);

    // Re-published, it serves again.
    QVERIFY(m_fx->changeLifecycle(m_api.id, u"Re-Publish"_s));
    auto *again = m_fx->get(streamPath, m_sub.production.token);
    QTRY_VERIFY(again->headComplete());
    QCOMPARE(again->status(), 200);
}

void TestGatewayErrors::deprecatedApiKeepsSubscriptions()
{
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_fx->changeLifecycle(m_api.id, u"Deprecate"_s));
    auto *c = m_fx->get(streamPath, m_sub.production.token);
    QTRY_VERIFY(c->headComplete());
    QCOMPARE(c->status(), 200);
}

void TestGatewayErrors::prototypeNeedsNoSubscription()
{
    QVERIFY(m_fx->start());
    const auto api = m_fx->createApi(m_backend->endpoint());
    QVERIFY(api);
    QVERIFY(m_fx->changeLifecycle(api->id, u"Deploy as a Prototype"_s));
    QVERIFY(m_fx->deploy(api->id));
    SubscriberOptions options;
    options.subscribe = false;
    const auto sub = m_fx->subscriber(api->id, options);
    QVERIFY(sub);

    auto *c = m_fx->get(streamPath, sub->production.token);
    QTRY_VERIFY(c->headComplete());
    QCOMPARE(c->status(), 200);
    QCOMPARE(c->header("Content-Type"), "text/event-stream"_ba);
    // A prototype is not metered: no quota header.
    QCOMPARE(c->headerCount("X-Quota-Remaining"), 0);
    // Still a valid token is required.
    auto *anonymous = m_fx->get(streamPath, {});
    QTRY_VERIFY(anonymous->hasEnded());
    verifyError(anonymous, 401, "900902", u"Missing Credentials"_s, true);
}

void TestGatewayErrors::notFound_data()
{
    QTest::addColumn<QString>("lifecycle"); // actions applied after deployment, comma-separated
    QTest::addColumn<bool>("undeploy");
    QTest::addColumn<QByteArray>("target");

    QTest::newRow("unknown context") << QString() << false << "/nothing/1.0.0/memory"_ba;
    QTest::newRow("unknown version") << QString() << false << "/observer/2.0.0/memory"_ba;
    QTest::newRow("context only") << QString() << false << "/observer"_ba;
    QTest::newRow("root") << QString() << false << "/"_ba;
    QTest::newRow("retired") << u"Deprecate,Retire"_s << false << streamPath;
    QTest::newRow("undeployed") << QString() << true << streamPath;
}

void TestGatewayErrors::notFound()
{
    QFETCH(QString, lifecycle);
    QFETCH(bool, undeploy);
    QFETCH(QByteArray, target);
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    for (const auto &action : lifecycle.split(u',', Qt::SkipEmptyParts))
        QVERIFY(m_fx->changeLifecycle(m_api.id, action));
    if (undeploy) {
        const auto revisions = m_fx->runtime()->publisher()->revisions(m_api.id);
        QCOMPARE(revisions.size(), 1);
        QVERIFY(m_fx->runtime()->publisher()->undeployRevision(m_fx->admin(), m_api.id, revisions[0].id,
                                                               u"Default"_s));
    }

    auto *c = m_fx->get(target, m_sub.production.token);
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), 404);
    QCOMPARE(c->header("Content-Type"), "application/json"_ba);
    const QJsonObject expected{{u"code"_s, u"404"_s},
                               {u"type"_s, u"Status report"_s},
                               {u"message"_s, u"Not Found"_s},
                               {u"description"_s, u"The requested resource is not available."_s}};
    QCOMPARE(jsonObject(c->body()), expected);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestGatewayErrors::methodNotAllowed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("POST") << "POST"_ba;
    QTest::newRow("PUT") << "PUT"_ba;
    QTest::newRow("DELETE") << "DELETE"_ba;
}

void TestGatewayErrors::methodNotAllowed()
{
    QFETCH(QByteArray, method);
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    auto *c = m_fx->client();
    c->request(m_fx->gatewayPort(), method, streamPath,
               {{"Authorization"_ba, "Bearer " + m_sub.production.token.toLatin1()}}, "{}");
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), 405);
    QCOMPARE(c->header("Allow"), "GET, OPTIONS"_ba);
    QCOMPARE(jsonObject(c->body()).value(u"code").toString(), u"405"_s);
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestGatewayErrors::corsPreflight()
{
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    auto *c = m_fx->client();
    c->request(m_fx->gatewayPort(), "OPTIONS"_ba, streamPath,
               {{"Origin"_ba, "https://app.example"_ba},
                {"Access-Control-Request-Method"_ba, "GET"_ba},
                {"Access-Control-Request-Headers"_ba, "authorization, last-event-id"_ba}});
    QTRY_VERIFY(c->hasEnded());
    QCOMPARE(c->status(), 204);
    QCOMPARE(c->header("Access-Control-Allow-Origin"), "*"_ba);
    QVERIFY(c->header("Access-Control-Allow-Methods").split(',').contains("GET"));
    const auto allowed = c->header("Access-Control-Allow-Headers").toLower();
    QVERIFY2(allowed.contains("authorization"), allowed.constData());
    QVERIFY2(allowed.contains("last-event-id"), allowed.constData());
    // Any origin means no credentials (cookies); the bearer token is a header, which is allowed.
    QCOMPARE(c->headerCount("Access-Control-Allow-Credentials"), 0);
    QVERIFY(c->body().isEmpty());
    QCOMPARE(m_backend->connectionCount(), 0);
}

void TestGatewayErrors::corsOnStreamsAndErrors()
{
    setUpApi();
    if (QTest::currentTestFailed())
        return;
    const TestClient::HeaderList origin{{"Origin"_ba, "https://app.example"_ba}};
    auto *stream = m_fx->get(streamPath, m_sub.production.token, origin);
    auto *refused = m_fx->get(streamPath, {}, origin);
    QTRY_VERIFY(stream->headComplete());
    QCOMPARE(stream->status(), 200);
    QCOMPARE(stream->header("Access-Control-Allow-Origin"), "*"_ba);
    QTRY_VERIFY(refused->hasEnded());
    QCOMPARE(refused->status(), 401);
    QCOMPARE(refused->header("Access-Control-Allow-Origin"), "*"_ba);
    // Browsers only let scripts read exposed headers.
    QVERIFY(refused->header("Access-Control-Expose-Headers").contains("WWW-Authenticate"));
    // Without an Origin there is nothing to allow.
    auto *plain = m_fx->get(streamPath, m_sub.production.token);
    QTRY_VERIFY(plain->headComplete());
    QCOMPARE(plain->headerCount("Access-Control-Allow-Origin"), 0);
}

void TestGatewayErrors::corsConfiguredOrigins()
{
    setUpApi([](RuntimeOptions &o) { o.gateway.corsOrigins = {u"https://app.example"_s}; });
    if (QTest::currentTestFailed())
        return;
    auto *allowed = m_fx->get(streamPath, m_sub.production.token, {{"Origin"_ba, "https://app.example"_ba}});
    auto *other = m_fx->get(streamPath, m_sub.production.token, {{"Origin"_ba, "https://evil.example"_ba}});
    QTRY_VERIFY(allowed->headComplete() && other->headComplete());
    QCOMPARE(allowed->header("Access-Control-Allow-Origin"), "https://app.example"_ba);
    QVERIFY(allowed->header("Vary").contains("Origin"));
    QCOMPARE(other->headerCount("Access-Control-Allow-Origin"), 0);
}

void TestGatewayErrors::backendFailureBodies_data()
{
    QTest::addColumn<BackendFault>("fault");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("detail"); // in the gateway's event, never in the body

    QTest::newRow("connection refused") << BackendFault::Refused << "101503"_ba << u"refused"_s;
    QTest::newRow("self-signed TLS") << BackendFault::SelfSignedTls << "101503"_ba << u"certificate"_s;
    QTest::newRow("unknown host") << BackendFault::UnknownHost << "101503"_ba << u"host not found"_s;
    QTest::newRow("no answer in time") << BackendFault::Silent << "101504"_ba << u"within"_s;
}

void TestGatewayErrors::backendFailureBodies()
{
    QFETCH(BackendFault, fault);
    QFETCH(QByteArray, code);
    QFETCH(QString, detail);

    QTcpSocket refusing;
    QSslServer tls;
    const auto identity = TlsIdentity::generate();
    QVERIFY(identity);
    QString host = u"127.0.0.1"_s;
    quint16 port = m_backend->port();
    QString scheme = u"http"_s;
    switch (fault) {
    case BackendFault::Refused:
        // A bound socket that does not listen keeps its port from every other test and refuses connections.
        QVERIFY(refusing.bind(QHostAddress::LocalHost, 0));
        port = refusing.localPort();
        break;
    case BackendFault::SelfSignedTls:
        tls.setSslConfiguration(identity->serverConfiguration());
        QVERIFY(tls.listen(QHostAddress::LocalHost, 0));
        port = tls.serverPort();
        scheme = u"https"_s;
        break;
    case BackendFault::UnknownHost:
        host = u"backend-host.invalid"_s; // RFC 6761: never resolves
        port = 8080;
        break;
    case BackendFault::Silent:
        m_backend->setSilent(true);
        break;
    }
    const auto basePath = u"/internal-base/sse"_s;
    const auto endpoint = u"%1://%2:%3%4"_s.arg(scheme, host).arg(port).arg(basePath);

    QVERIFY(m_fx->start([](RuntimeOptions &o) {
        o.gateway.stream.connectTimeoutMs = 5000;
        o.gateway.stream.headerTimeoutMs = 300;
    }));
    const auto api = m_fx->deployedApi(endpoint);
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto sub = m_fx->subscriber(api->id);
    QVERIFY(sub);
    QSignalSpy events(m_fx->runtime()->gateway()->events(), &GatewayEvents::reported);

    auto *c = m_fx->get(streamPath, sub->production.token);
    QTRY_VERIFY_WITH_TIMEOUT(c->hasEnded(), 20000);
    QCOMPARE(c->status(), 503);
    QCOMPARE(c->header("Content-Type"), "application/json"_ba);
    const auto body = jsonObject(c->body());
    QCOMPARE(body.value(u"code").toString(), QString::fromLatin1(code));
    QVERIFY(!body.value(u"message").toString().isEmpty());
    QVERIFY(!body.value(u"description").toString().isEmpty());
    const auto text = QString::fromUtf8(c->body()).toLower();
    for (const auto &internal :
         {host, u":%1"_s.arg(port), basePath, u"internal-base"_s, u"certificate"_s, u"self-signed"_s,
          u"ssl"_s, u"tls"_s, u"refused"_s, u"not found"_s, u"within"_s, u"http://"_s, u"https://"_s})
        QVERIFY2(!text.contains(internal.toLower()),
                 qPrintable(u"body leaks '%1': %2"_s.arg(internal, text)));

    // The operator still learns what happened: the gateway's event carries the detail.
    QTRY_VERIFY(!events.isEmpty());
    const auto event = events.constLast().constFirst().value<GatewayEvent>();
    QCOMPARE(event.kind, GatewayEvent::Kind::BackendFailed);
    QCOMPARE(event.code, QString::fromLatin1(code));
    QVERIFY2(event.message.contains(detail, Qt::CaseInsensitive), qPrintable(event.message));
}

QTEST_GUILESS_MAIN(TestGatewayErrors)
#include "tst_gatewayerrors.moc"
