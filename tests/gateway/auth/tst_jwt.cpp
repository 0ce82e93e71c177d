#include "gateway/auth/jwt.h"
#include "gateway/auth/secrets.h"
#include "gateway/auth/signingkey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>
#include <atomic>
#include <thread>
#include <vector>

using namespace sd::gateway;
using Failure = Jwt::Failure;

Q_DECLARE_METATYPE(Jwt::Failure)

namespace {

constexpr qint64 now = 1'700'000'000;

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject decodePart(const QByteArray &part)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding)).object();
}

QJsonObject header(const QString &alg, const QString &kid)
{
    return {{QStringLiteral("alg"), alg},
            {QStringLiteral("typ"), QStringLiteral("JWT")},
            {QStringLiteral("kid"), kid}};
}

QJsonObject validClaims()
{
    return {
        {QStringLiteral("iss"), QStringLiteral("https://localhost:9443/oauth2/token")},
        {QStringLiteral("sub"), QStringLiteral("admin")},
        {QStringLiteral("aud"), QStringLiteral("consumer-key")},
        {QStringLiteral("azp"), QStringLiteral("consumer-key")},
        {QStringLiteral("aut"), QStringLiteral("APPLICATION")},
        {QStringLiteral("keytype"), QStringLiteral("PRODUCTION")},
        {QStringLiteral("scope"), QStringLiteral("default")},
        {QStringLiteral("iat"), now - 10},
        {QStringLiteral("nbf"), now - 10},
        {QStringLiteral("exp"), now + 3600},
        {QStringLiteral("jti"), QStringLiteral("3f2b0c9e1d7a4b6c8e0f1a2b3c4d5e6f")},
    };
}

QJsonObject with(QJsonObject object, const QString &name, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(name);
    else
        object.insert(name, value);
    return object;
}

QByteArray signingInput(const QByteArray &headerPart, const QByteArray &payloadPart)
{
    return headerPart + '.' + payloadPart;
}

// A token with arbitrary header and payload bytes, RS256-signed by `signer`.
QByteArray craft(const QByteArray &headerJson, const QByteArray &payloadJson, const SigningKey &signer)
{
    const QByteArray input = signingInput(b64(headerJson), b64(payloadJson));
    return input + '.' + b64(signer.sign(input));
}

QByteArray craft(const QJsonObject &headerObject, const QJsonObject &claims, const SigningKey &signer)
{
    return craft(json(headerObject), json(claims), signer);
}

QByteArray replacePart(const QByteArray &token, int index, const QByteArray &part)
{
    auto parts = token.split('.');
    parts[index] = part;
    return parts.join('.');
}

QString outcome(const Jwt::Verification &verification)
{
    return verification.ok() ? QStringLiteral("ok") : Jwt::failureName(*verification.failure);
}

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signProducesCompactRs256();
    void roundtrip_data();
    void roundtrip();
    void attacks_data();
    void attacks();
    void leeway_data();
    void leeway();
    void lookupReceivesKid();
    void concurrentVerification();

private:
    Jwt::KeyLookup lookup() const;

    std::optional<SigningKey> m_key;
    std::optional<SigningKey> m_foreign;
};

void TestJwt::initTestCase()
{
    auto key = SigningKey::generate();
    auto foreign = SigningKey::generate();
    QVERIFY(key.ok());
    QVERIFY(foreign.ok());
    m_key = key.value();
    m_foreign = foreign.value();
    QVERIFY(m_key->kid() != m_foreign->kid());
}

Jwt::KeyLookup TestJwt::lookup() const
{
    return [key = *m_key](const QString &kid) -> std::optional<SigningKey> {
        if (kid == key.kid())
            return key;
        return std::nullopt;
    };
}

void TestJwt::signProducesCompactRs256()
{
    const QByteArray token = Jwt::sign(validClaims(), *m_key);
    const auto parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject expectedHeader = header(QStringLiteral("RS256"), m_key->kid());
    QCOMPARE(decodePart(parts[0]), expectedHeader);
    QCOMPARE(decodePart(parts[1]), validClaims());
    for (const auto &part : parts) {
        QVERIFY(!part.contains('='));
        QVERIFY(!part.contains('+'));
        QVERIFY(!part.contains('/'));
    }
    QCOMPARE(QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding).size(), 256);
    QVERIFY(m_key->verify(signingInput(parts[0], parts[1]),
                          QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding)));
}

void TestJwt::roundtrip_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::newRow("access token claims") << validClaims();
    QTest::newRow("required claims only") << QJsonObject{{QStringLiteral("exp"), now + 1},
                                                         {QStringLiteral("iat"), now},
                                                         {QStringLiteral("jti"), QStringLiteral("j")},
                                                         {QStringLiteral("azp"), QStringLiteral("ck")}};
    QTest::newRow("unicode, nested and fractional values") << with(
        with(with(validClaims(), QStringLiteral("sub"), QStringLiteral("Jos\u00e9 \u65e5\u672c \U0001F600")),
             QStringLiteral("roles"),
             QJsonArray{QStringLiteral("admin"), QJsonObject{{QStringLiteral("level"), 3}}}),
        QStringLiteral("exp"), double(now) + 0.5);
}

void TestJwt::roundtrip()
{
    QFETCH(QJsonObject, claims);
    const QByteArray token = Jwt::sign(claims, *m_key);
    QVERIFY(!token.isEmpty());
    const auto verification = Jwt::verify(token, lookup(), now);
    QCOMPARE(outcome(verification), QStringLiteral("ok"));
    QCOMPARE(verification.claims, claims);
    QVERIFY(verification.detail.isEmpty());
}

void TestJwt::attacks_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<Failure>("expected");

    const SigningKey &key = *m_key;
    const QString kid = key.kid();
    const QJsonObject claims = validClaims();
    const QByteArray valid = Jwt::sign(claims, key);
    const auto parts = valid.split('.');

    // Algorithm confusion.
    QTest::newRow("alg none, empty signature")
        << signingInput(b64(json(header(QStringLiteral("none"), kid))), b64(json(claims))) + '.'
        << Failure::UnsupportedAlgorithm;
    QTest::newRow("alg None, RSA signature")
        << craft(header(QStringLiteral("None"), kid), claims, key) << Failure::UnsupportedAlgorithm;
    {
        const QByteArray input =
            signingInput(b64(json(header(QStringLiteral("HS256"), kid))), b64(json(claims)));
        const QByteArray mac =
            QMessageAuthenticationCode::hash(input, key.publicKeyPem(), QCryptographicHash::Sha256);
        QTest::newRow("HS256 keyed with the public key PEM")
            << input + '.' + b64(mac) << Failure::UnsupportedAlgorithm;
    }
    QTest::newRow("ES256 header") << craft(header(QStringLiteral("ES256"), kid), claims, key)
                                  << Failure::UnsupportedAlgorithm;
    QTest::newRow("RS512 header") << craft(header(QStringLiteral("RS512"), kid), claims, key)
                                  << Failure::UnsupportedAlgorithm;
    QTest::newRow("lower-case rs256")
        << craft(header(QStringLiteral("rs256"), kid), claims, key) << Failure::UnsupportedAlgorithm;
    QTest::newRow("alg missing") << craft(with(header({}, kid), QStringLiteral("alg"), QJsonValue::Undefined),
                                          claims, key)
                                 << Failure::UnsupportedAlgorithm;
    QTest::newRow("alg as array") << craft(with(header({}, kid), QStringLiteral("alg"),
                                                QJsonArray{QStringLiteral("RS256")}),
                                           claims, key)
                                  << Failure::UnsupportedAlgorithm;

    // Integrity.
    QTest::newRow("tampered payload")
        << replacePart(valid, 1, b64(json(with(claims, QStringLiteral("azp"), QStringLiteral("other-app")))))
        << Failure::BadSignature;
    QTest::newRow("tampered header")
        << replacePart(valid, 0,
                       b64(json(with(header(QStringLiteral("RS256"), kid), QStringLiteral("x5u"),
                                     QStringLiteral("https://attacker.example/key")))))
        << Failure::BadSignature;
    QTest::newRow("foreign key, same kid")
        << craft(header(QStringLiteral("RS256"), kid), claims, *m_foreign) << Failure::BadSignature;
    QTest::newRow("signature of another token")
        << replacePart(valid, 2,
                       Jwt::sign(with(claims, QStringLiteral("jti"), QStringLiteral("x")), key).split('.')[2])
        << Failure::BadSignature;
    QTest::newRow("signature one byte short")
        << replacePart(valid, 2,
                       b64(QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding).chopped(1)))
        << Failure::BadSignature;
    QTest::newRow("empty signature with RS256") << replacePart(valid, 2, {}) << Failure::BadSignature;

    // Keys.
    QTest::newRow("unknown kid") << Jwt::sign(claims, *m_foreign) << Failure::UnknownKey;
    QTest::newRow("kid missing") << craft(with(header(QStringLiteral("RS256"), {}), QStringLiteral("kid"),
                                               QJsonValue::Undefined),
                                          claims, key)
                                 << Failure::UnknownKey;
    QTest::newRow("kid as number") << craft(
                                          with(header(QStringLiteral("RS256"), {}), QStringLiteral("kid"), 1),
                                          claims, key)
                                   << Failure::UnknownKey;

    // Time.
    QTest::newRow("expired a second ago")
        << Jwt::sign(with(claims, QStringLiteral("exp"), now - 1), key) << Failure::Expired;
    QTest::newRow("expires exactly now")
        << Jwt::sign(with(claims, QStringLiteral("exp"), now), key) << Failure::Expired;
    QTest::newRow("nbf in the future")
        << Jwt::sign(with(claims, QStringLiteral("nbf"), now + 60), key) << Failure::NotYetValid;
    QTest::newRow("iat in the future")
        << Jwt::sign(with(claims, QStringLiteral("iat"), now + 60), key) << Failure::NotYetValid;

    // Claims.
    for (const auto name : {"exp", "iat", "jti", "azp"}) {
        QTest::addRow("missing %s", name)
            << Jwt::sign(with(claims, QLatin1StringView(name), QJsonValue::Undefined), key)
            << Failure::MissingClaim;
    }
    QTest::newRow("exp as string") << Jwt::sign(
                                          with(claims, QStringLiteral("exp"), QStringLiteral("9999999999")),
                                          key)
                                   << Failure::MissingClaim;
    QTest::newRow("empty jti") << Jwt::sign(with(claims, QStringLiteral("jti"), QString()), key)
                               << Failure::MissingClaim;
    QTest::newRow("nbf as string") << Jwt::sign(with(claims, QStringLiteral("nbf"), QStringLiteral("0")), key)
                                   << Failure::Malformed;

    // Structure and encoding.
    QTest::newRow("empty") << QByteArray() << Failure::Malformed;
    QTest::newRow("two parts") << signingInput(parts[0], parts[1]) << Failure::Malformed;
    QTest::newRow("four parts") << valid + '.' + parts[2] << Failure::Malformed;
    QTest::newRow("dots only") << QByteArrayLiteral("..") << Failure::Malformed;
    QTest::newRow("padding") << replacePart(valid, 1,
                                            parts[1] + QByteArray((4 - parts[1].size() % 4) % 4 + 4, '='))
                             << Failure::Malformed;
    QTest::newRow("standard alphabet +")
        << replacePart(valid, 2, '+' + parts[2].mid(1)) << Failure::Malformed;
    QTest::newRow("standard alphabet /")
        << replacePart(valid, 0, '/' + parts[0].mid(1)) << Failure::Malformed;
    QTest::newRow("space") << replacePart(valid, 1, parts[1].left(4) + ' ' + parts[1].mid(4))
                           << Failure::Malformed;
    QTest::newRow("impossible length") << replacePart(valid, 2, parts[2] + "AAA") << Failure::Malformed;
    {
        // 256 signature bytes leave 4 unused bits in the last character; setting one must not verify.
        QByteArray signature = parts[2];
        QCOMPARE(signature.size() % 4, 2);
        signature.back() = signature.back() == 'A'   ? 'B'
                           : signature.back() == 'Q' ? 'R'
                           : signature.back() == 'g' ? 'h'
                                                     : 'x';
        QTest::newRow("non-canonical trailing bits")
            << replacePart(valid, 2, signature) << Failure::Malformed;
    }
    QTest::newRow("header not JSON") << craft(QByteArrayLiteral("{\"alg\":\"RS256\""), json(claims), key)
                                     << Failure::Malformed;
    QTest::newRow("payload is an array")
        << craft(json(header(QStringLiteral("RS256"), kid)), QByteArrayLiteral("[1,2]"), key)
        << Failure::Malformed;
    QTest::newRow("crit header") << craft(with(header(QStringLiteral("RS256"), kid), QStringLiteral("crit"),
                                               QJsonArray{QStringLiteral("exp")}),
                                          claims, key)
                                 << Failure::Malformed;
    {
        const QByteArray oversized =
            Jwt::sign(with(claims, QStringLiteral("pad"), QString(Jwt::maxTokenSize, u'x')), key);
        QVERIFY(oversized.size() > Jwt::maxTokenSize);
        QTest::newRow("oversized, validly signed") << oversized << Failure::Malformed;
    }
}

void TestJwt::attacks()
{
    QFETCH(QByteArray, token);
    QFETCH(Failure, expected);
    const auto verification = Jwt::verify(token, lookup(), now);
    QCOMPARE(outcome(verification), Jwt::failureName(expected));
    QVERIFY(verification.claims.isEmpty());
    QVERIFY(!verification.detail.isEmpty());
}

void TestJwt::leeway_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<QString>("expected");

    const QJsonObject expired = with(validClaims(), QStringLiteral("exp"), now - 30);
    const QJsonObject early = with(validClaims(), QStringLiteral("nbf"), now + 30);
    QTest::newRow("expired 30 s ago, leeway 60") << expired << qint64(60) << QStringLiteral("ok");
    QTest::newRow("expired 30 s ago, leeway 30") << expired << qint64(30) << QStringLiteral("Expired");
    QTest::newRow("expired 30 s ago, negative leeway")
        << expired << qint64(-100) << QStringLiteral("Expired");
    QTest::newRow("nbf in 30 s, leeway 30") << early << qint64(30) << QStringLiteral("ok");
    QTest::newRow("nbf in 30 s, leeway 29") << early << qint64(29) << QStringLiteral("NotYetValid");
}

void TestJwt::leeway()
{
    QFETCH(QJsonObject, claims);
    QFETCH(qint64, leeway);
    QFETCH(QString, expected);
    QCOMPARE(outcome(Jwt::verify(Jwt::sign(claims, *m_key), lookup(), now, leeway)), expected);
}

void TestJwt::lookupReceivesKid()
{
    QStringList asked;
    const Jwt::KeyLookup recording = [&](const QString &kid) -> std::optional<SigningKey> {
        asked.append(kid);
        return std::nullopt;
    };
    QCOMPARE(outcome(Jwt::verify(Jwt::sign(validClaims(), *m_foreign), recording, now)),
             QStringLiteral("UnknownKey"));
    QCOMPARE(asked, QStringList{m_foreign->kid()});
}

void TestJwt::concurrentVerification()
{
    // Several threads verify with one shared key object, as the gateway's worker threads do.
    QList<QByteArray> tokens;
    for (int i = 0; i < 8; ++i)
        tokens.append(Jwt::sign(with(validClaims(), QStringLiteral("jti"), Secrets::randomHex()), *m_key));
    const Jwt::KeyLookup keys = lookup();
    std::atomic<int> valid = 0;
    std::atomic<int> rejected = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                const QByteArray &token = tokens.at(i % tokens.size());
                (Jwt::verify(token, keys, now).ok() ? valid : rejected)++;
                if (!Jwt::verify(replacePart(token, 1, b64("{}")), keys, now).ok())
                    ++rejected;
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(valid.load(), 800);
    QCOMPARE(rejected.load(), 800);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
