#include "gateway/auth/secrets.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace sd::gateway;

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomToken_data();
    void randomToken();
    void randomHex();
    void tokenHash_data();
    void tokenHash();
    void constantTimeEquals_data();
    void constantTimeEquals();
};

void TestSecrets::randomToken_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("length");
    QTest::newRow("256-bit opaque token") << 32 << 43;
    QTest::newRow("128-bit") << 16 << 22;
    QTest::newRow("one byte") << 1 << 2;
    QTest::newRow("none") << 0 << 0;
}

void TestSecrets::randomToken()
{
    QFETCH(int, bytes);
    QFETCH(int, length);
    const QString token = Secrets::randomToken(bytes);
    QCOMPARE(token.size(), length);
    static const QRegularExpression alphabet(QStringLiteral("^[A-Za-z0-9_-]*$"));
    QVERIFY2(alphabet.match(token).hasMatch(), qPrintable(token));
    QCOMPARE(QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding).size(), bytes);
    QCOMPARE(Secrets::randomBytes(bytes).size(), bytes);
}

void TestSecrets::randomHex()
{
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i) {
        const QString hex = Secrets::randomHex();
        QCOMPARE(hex.size(), 32);
        seen.insert(hex);
    }
    QCOMPARE(seen.size(), 1000);
    QCOMPARE(Secrets::randomToken().size(), 43);
    QVERIFY(Secrets::randomToken() != Secrets::randomToken());
}

void TestSecrets::tokenHash_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("hash");
    // FIPS 180-2 test vectors.
    QTest::newRow("abc") << QByteArray("abc")
                         << QStringLiteral(
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("empty") << QByteArray()
                           << QStringLiteral(
                                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

void TestSecrets::tokenHash()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, hash);
    QCOMPARE(Secrets::tokenHash(token), hash);
}

void TestSecrets::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << QByteArray("secret") << QByteArray("secret") << true;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("last byte differs") << QByteArray("secret") << QByteArray("secreT") << false;
    QTest::newRow("prefix") << QByteArray("secret") << QByteArray("secre") << false;
    QTest::newRow("one empty") << QByteArray() << QByteArray("x") << false;
}

void TestSecrets::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(Secrets::constantTimeEquals(a, b), equal);
    QCOMPARE(Secrets::constantTimeEquals(b, a), equal);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
