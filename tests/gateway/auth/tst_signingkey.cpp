#include "gateway/auth/openssl.h"
#include "gateway/auth/signingkey.h"
#include "testfiles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace sd::gateway;
using sd::gateway::test::fileMode;
using sd::gateway::test::readAll;

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), data.size());
}

// RFC 7638 section 3: SHA-256 over the required members, sorted, without whitespace.
QString thumbprint(const QJsonObject &jwk)
{
    const QJsonObject required{{QStringLiteral("e"), jwk[u"e"]},
                               {QStringLiteral("kty"), jwk[u"kty"]},
                               {QStringLiteral("n"), jwk[u"n"]}};
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(required).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toBase64(base64Url));
}

OpenSsl::PKey generateKey(const char *type, int rsaBits)
{
    const OpenSsl::PKeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1)
        return {};
    if (rsaBits > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), rsaBits) != 1)
        return {};
    if (rsaBits == 0 && EVP_PKEY_CTX_set_group_name(context.get(), "P-256") != 1)
        return {};
    if (EVP_PKEY_generate(context.get(), &key) != 1)
        return {};
    return OpenSsl::PKey(key);
}

QByteArray encryptedPem(EVP_PKEY *key)
{
    const OpenSsl::Bio bio(BIO_new(BIO_s_mem()));
    static const char passphrase[] = "passphrase";
    PEM_write_bio_PrivateKey(bio.get(), key, EVP_aes_256_cbc(),
                             reinterpret_cast<const unsigned char *>(passphrase), int(sizeof passphrase - 1),
                             nullptr, nullptr);
    return OpenSsl::bioContents(bio.get());
}

// Rebuilds an RSA public key from the JWK members, independently of SigningKey.
OpenSsl::PKey publicKeyFromJwk(const QJsonObject &jwk)
{
    const auto decode = [](const QJsonValue &value) {
        const QByteArray bytes =
            QByteArray::fromBase64(value.toString().toLatin1(), QByteArray::Base64UrlEncoding);
        return OpenSsl::BigNum(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()),
                                         int(bytes.size()), nullptr));
    };
    const auto n = decode(jwk[u"n"]);
    const auto e = decode(jwk[u"e"]);
    const std::unique_ptr<OSSL_PARAM_BLD, OpenSsl::Deleter<&OSSL_PARAM_BLD_free>> builder(
        OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
        return {};
    const std::unique_ptr<OSSL_PARAM, OpenSsl::Deleter<&OSSL_PARAM_free>> params(
        OSSL_PARAM_BLD_to_param(builder.get()));
    const OpenSsl::PKeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return {};
    return OpenSsl::PKey(key);
}

} // namespace

class TestSigningKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createsOwnerOnlyFile();
    void reloadGivesSameKey();
    void thumbprintMatchesRfc7638Example();
    void kidIsJwkThumbprint();
    void publicJwkDescribesTheKey();
    void jwksListsKeys();
    void signAndVerify_data();
    void signAndVerify();
    void unusableKeyFile_data();
    void unusableKeyFile();
    void unreadableKeyFile();
    void rejectsSmallKeys();
    void concurrentUse();

private:
    QTemporaryDir m_dir;
    std::optional<SigningKey> m_key;
};

void TestSigningKey::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto key = SigningKey::generate();
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().message));
    m_key = key.value();
}

void TestSigningKey::createsOwnerOnlyFile()
{
    // With umask 0 the file would be world-readable unless the code restricts it explicitly.
    const mode_t previous = ::umask(0);
    const auto restore = qScopeGuard([previous] { ::umask(previous); });
    const QString path = m_dir.filePath(QStringLiteral("created/nested/jwt-signing.pem"));
    QVERIFY(!QFile::exists(path));

    const auto key = SigningKey::loadOrCreate(path);
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().message));
    QCOMPARE(fileMode(path), 0600);
    const QByteArray pem = readAll(path);
    QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
    QCOMPARE(pem, key->privateKeyPem());
    QVERIFY(QDir(m_dir.filePath(QStringLiteral("created/nested"))).entryList(QDir::Files | QDir::Hidden) ==
            QStringList{QStringLiteral("jwt-signing.pem")}); // no temporary file left behind
}

void TestSigningKey::reloadGivesSameKey()
{
    const QString path = m_dir.filePath(QStringLiteral("reload.pem"));
    const auto created = SigningKey::loadOrCreate(path);
    QVERIFY(created.ok());
    const QByteArray before = readAll(path);
    const auto loaded = SigningKey::loadOrCreate(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QCOMPARE(loaded->kid(), created->kid());
    QCOMPARE(loaded->publicJwk(), created->publicJwk());
    QCOMPARE(readAll(path), before);
    QCOMPARE(fileMode(path), 0600);
    QVERIFY(created->verify("payload", loaded->sign("payload")));

    const auto other = SigningKey::loadOrCreate(m_dir.filePath(QStringLiteral("other.pem")));
    QVERIFY(other.ok());
    QVERIFY(other->kid() != created->kid());
}

void TestSigningKey::thumbprintMatchesRfc7638Example()
{
    // The example key and thumbprint of RFC 7638 section 3.1 check the test's own thumbprint function.
    const QJsonObject example{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("n"),
         QStringLiteral(
             "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECP"
             "ebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY3"
             "68QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM"
             "4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")},
        {QStringLiteral("e"), QStringLiteral("AQAB")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("kid"), QStringLiteral("2011-04-29")},
    };
    QCOMPARE(thumbprint(example), QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
}

void TestSigningKey::kidIsJwkThumbprint()
{
    QCOMPARE(m_key->kid(), thumbprint(m_key->publicJwk()));
    QCOMPARE(m_key->kid().size(), 43);
}

void TestSigningKey::publicJwkDescribesTheKey()
{
    const QJsonObject jwk = m_key->publicJwk();
    QCOMPARE(jwk.keys(), (QStringList{QStringLiteral("alg"), QStringLiteral("e"), QStringLiteral("kid"),
                                      QStringLiteral("kty"), QStringLiteral("n"), QStringLiteral("use")}));
    QCOMPARE(jwk[u"kty"].toString(), QStringLiteral("RSA"));
    QCOMPARE(jwk[u"use"].toString(), QStringLiteral("sig"));
    QCOMPARE(jwk[u"alg"].toString(), QStringLiteral("RS256"));
    QCOMPARE(jwk[u"kid"].toString(), m_key->kid());
    QCOMPARE(jwk[u"e"].toString(), QStringLiteral("AQAB"));
    const QByteArray n = jwk[u"n"].toString().toLatin1();
    QVERIFY(!n.contains('='));
    const QByteArray modulus = QByteArray::fromBase64(n, QByteArray::Base64UrlEncoding);
    QCOMPARE(modulus.size(), 256);
    QVERIFY(modulus.front() != 0);
    QCOMPARE(m_key->signatureSize(), 256);

    // The JWK members rebuild exactly the public key.
    const auto rebuilt = publicKeyFromJwk(jwk);
    QVERIFY(rebuilt);
    QCOMPARE(OpenSsl::publicKeyPem(rebuilt.get()), m_key->publicKeyPem());
}

void TestSigningKey::jwksListsKeys()
{
    const auto second = SigningKey::generate();
    QVERIFY(second.ok());
    const QJsonObject jwks = SigningKey::jwks({*m_key, second.value()});
    QCOMPARE(jwks.keys(), QStringList{QStringLiteral("keys")});
    const QJsonArray keys = jwks[u"keys"].toArray();
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys[0].toObject(), m_key->publicJwk());
    QCOMPARE(keys[1].toObject(), second->publicJwk());
    QCOMPARE(SigningKey::jwks({})[u"keys"].toArray().size(), 0);
}

void TestSigningKey::signAndVerify_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("checked");
    QTest::addColumn<bool>("truncate");
    QTest::addColumn<bool>("valid");
    QTest::newRow("same data") << QByteArray("header.payload") << QByteArray("header.payload") << false
                               << true;
    QTest::newRow("empty data") << QByteArray() << QByteArray() << false << true;
    QTest::newRow("other data") << QByteArray("header.payload") << QByteArray("header.payloae") << false
                                << false;
    QTest::newRow("truncated signature") << QByteArray("abc") << QByteArray("abc") << true << false;
}

void TestSigningKey::signAndVerify()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, checked);
    QFETCH(bool, truncate);
    QFETCH(bool, valid);
    QByteArray signature = m_key->sign(input);
    QCOMPARE(signature.size(), 256);
    QCOMPARE(m_key->sign(input), signature); // PKCS#1 v1.5 is deterministic
    if (truncate)
        signature.chop(1);
    QCOMPARE(m_key->verify(checked, signature), valid);
}

void TestSigningKey::unusableKeyFile_data()
{
    QTest::addColumn<QByteArray>("content");
    const auto ec = generateKey("EC", 0);
    const auto small = generateKey("RSA", 1024);
    const auto rsa = generateKey("RSA", 2048);
    QVERIFY(ec && small && rsa);
    const QByteArray pem = OpenSsl::privateKeyPem(rsa.get());

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("not a key\n");
    QTest::newRow("truncated PEM") << pem.left(pem.size() / 2);
    QTest::newRow("corrupted base64") << QByteArray(pem).replace(100, 8, "!!!!!!!!");
    QTest::newRow("public key only") << OpenSsl::publicKeyPem(rsa.get());
    QTest::newRow("encrypted") << encryptedPem(rsa.get());
    QTest::newRow("EC key") << OpenSsl::privateKeyPem(ec.get());
    QTest::newRow("RSA 1024") << OpenSsl::privateKeyPem(small.get());
}

void TestSigningKey::unusableKeyFile()
{
    QFETCH(QByteArray, content);
    const QString path = m_dir.filePath(QStringLiteral("unusable-%1.pem")
                                            .arg(QLatin1StringView(QTest::currentDataTag()))
                                            .replace(u' ', u'-'));
    writeFile(path, content);
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));

    const auto key = SigningKey::loadOrCreate(path);
    QVERIFY(!key.ok());
    QVERIFY2(key.error().message.contains(path), qPrintable(key.error().message));
    QCOMPARE(key.error().kind, sd::models::Error::Kind::Storage);
    QCOMPARE(readAll(path), content);
    QCOMPARE(fileMode(path), 0600);
}

void TestSigningKey::unreadableKeyFile()
{
    if (::geteuid() == 0)
        QSKIP("root reads files regardless of their mode");
    const QString path = m_dir.filePath(QStringLiteral("unreadable.pem"));
    const QByteArray pem = m_key->privateKeyPem();
    writeFile(path, pem);
    QVERIFY(QFile::setPermissions(path, QFile::WriteOwner));
    const auto key = SigningKey::loadOrCreate(path);
    QVERIFY(!key.ok());
    QVERIFY2(key.error().message.contains(path), qPrintable(key.error().message));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    QCOMPARE(readAll(path), pem);

    const auto directory = SigningKey::loadOrCreate(m_dir.path());
    QVERIFY(!directory.ok());
    QVERIFY2(directory.error().message.contains(m_dir.path()), qPrintable(directory.error().message));
}

void TestSigningKey::rejectsSmallKeys()
{
    const auto key = SigningKey::generate(1024);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().field, QStringLiteral("bits"));
}

void TestSigningKey::concurrentUse()
{
    const SigningKey key = *m_key;
    const QByteArray reference = key.sign("shared");
    std::atomic<int> good = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            const QByteArray data = "thread " + QByteArray::number(t);
            for (int i = 0; i < 50; ++i) {
                if (key.verify("shared", reference) && key.verify(data, key.sign(data)) &&
                    !key.verify(data, reference))
                    ++good;
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(good.load(), 200);
}

QTEST_GUILESS_MAIN(TestSigningKey)
#include "tst_signingkey.moc"
