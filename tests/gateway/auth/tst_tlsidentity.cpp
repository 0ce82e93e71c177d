#include "gateway/auth/openssl.h"
#include "gateway/auth/tlsidentity.h"
#include "testfiles.h"

#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <openssl/pem.h>
#include <sys/stat.h>

using namespace sd::gateway;
using sd::gateway::test::fileMode;
using sd::gateway::test::readAll;

namespace {

OpenSsl::X509Cert toX509(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    return OpenSsl::X509Cert(d2i_X509(nullptr, &data, long(der.size())));
}

} // namespace

class TestTlsIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createsCertificateAndOwnerOnlyKey();
    void reloadGivesSameIdentity();
    void unusableFiles_data();
    void unusableFiles();
    void serverConfiguration();
    void handshake_data();
    void handshake();

private:
    QString certPath() const { return m_dir.filePath(QStringLiteral("tls/localhost.crt")); }
    QString keyPath() const { return m_dir.filePath(QStringLiteral("tls/localhost.key")); }

    QTemporaryDir m_dir;
    std::optional<TlsIdentity> m_identity;
};

void TestTlsIdentity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const mode_t previous = ::umask(0);
    const auto restore = qScopeGuard([previous] { ::umask(previous); });
    auto identity = TlsIdentity::loadOrCreate(certPath(), keyPath());
    QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().message));
    m_identity = identity.value();
}

void TestTlsIdentity::createsCertificateAndOwnerOnlyKey()
{
    QCOMPARE(fileMode(keyPath()), 0600);
    QCOMPARE(fileMode(certPath()), 0644);
    QVERIFY(readAll(keyPath()).startsWith("-----BEGIN PRIVATE KEY-----"));

    const QSslCertificate certificate = m_identity->certificate();
    QCOMPARE(QSslCertificate::fromPath(certPath()).value(0), certificate);
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("localhost")});
    // Self-issued and self-signed (QSslCertificate::isSelfSigned() also wants keyCertSign, which a leaf
    // lacks).
    QCOMPARE(certificate.issuerDisplayName(), certificate.subjectDisplayName());
    const auto x509 = toX509(certificate);
    QVERIFY(x509);
    QCOMPARE(X509_verify(x509.get(), X509_get0_pubkey(x509.get())), 1);
    QCOMPARE(X509_get_signature_nid(x509.get()), NID_ecdsa_with_SHA256);
    QCOMPARE(certificate.version(), QByteArray("3"));
    const auto names = certificate.subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry), QStringList{QStringLiteral("localhost")});
    QList<QHostAddress> addresses;
    for (const QString &address : names.values(QSsl::IpAddressEntry))
        addresses.append(QHostAddress(address));
    QCOMPARE(addresses.size(), 2);
    QVERIFY2(addresses.contains(QHostAddress(QHostAddress::LocalHost)),
             qPrintable(names.values(QSsl::IpAddressEntry).join(u' ')));
    QVERIFY2(addresses.contains(QHostAddress(QHostAddress::LocalHostIPv6)),
             qPrintable(names.values(QSsl::IpAddressEntry).join(u' ')));
    QCOMPARE(certificate.effectiveDate().daysTo(certificate.expiryDate()), qint64(TlsIdentity::validityDays));
    QVERIFY(qAbs(certificate.effectiveDate().secsTo(QDateTime::currentDateTimeUtc())) < 600);
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
    QCOMPARE(certificate.publicKey().length(), 256);
    QCOMPARE(m_identity->privateKey().type(), QSsl::PrivateKey);
    QCOMPARE(m_identity->privateKey().algorithm(), QSsl::Ec);
}

void TestTlsIdentity::reloadGivesSameIdentity()
{
    const QByteArray certificatePem = readAll(certPath());
    const QByteArray keyPem = readAll(keyPath());
    const auto reloaded = TlsIdentity::loadOrCreate(certPath(), keyPath());
    QVERIFY2(reloaded.ok(), qPrintable(reloaded.ok() ? QString() : reloaded.error().message));
    QCOMPARE(reloaded->certificate(), m_identity->certificate());
    QCOMPARE(reloaded->privateKey(), m_identity->privateKey());
    QCOMPARE(readAll(certPath()), certificatePem);
    QCOMPARE(readAll(keyPath()), keyPem);

    const auto fresh = TlsIdentity::generate();
    QVERIFY(fresh.ok());
    QVERIFY(fresh->certificate() != m_identity->certificate());
    QVERIFY(fresh->certificate().serialNumber() != m_identity->certificate().serialNumber());
}

void TestTlsIdentity::unusableFiles_data()
{
    QTest::addColumn<QByteArray>("certificate"); // empty: no file
    QTest::addColumn<QByteArray>("key");         // empty: no file
    QTest::addColumn<QString>("named");          // "cert" or "key": the file the error must name

    const QByteArray certificatePem = readAll(certPath());
    const QByteArray keyPem = readAll(keyPath());
    const auto other = TlsIdentity::generate();
    QVERIFY(other.ok());

    QTest::newRow("corrupt certificate") << QByteArray("garbage") << keyPem << QStringLiteral("cert");
    QTest::newRow("truncated certificate") << certificatePem.left(200) << keyPem << QStringLiteral("cert");
    QTest::newRow("corrupt key") << certificatePem << QByteArray("garbage") << QStringLiteral("key");
    QTest::newRow("key of another certificate")
        << certificatePem << other->privateKey().toPem() << QStringLiteral("key");
    QTest::newRow("key missing") << certificatePem << QByteArray() << QStringLiteral("key");
    QTest::newRow("certificate missing") << QByteArray() << keyPem << QStringLiteral("cert");
}

void TestTlsIdentity::unusableFiles()
{
    QFETCH(QByteArray, certificate);
    QFETCH(QByteArray, key);
    QFETCH(QString, named);
    const QString directory =
        m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'));
    QVERIFY(QDir().mkpath(directory));
    const QString cert = directory + QStringLiteral("/server.crt");
    const QString keyFile = directory + QStringLiteral("/server.key");
    const auto write = [](const QString &path, const QByteArray &data) {
        QFile file(path);
        return data.isEmpty() || (file.open(QIODevice::WriteOnly) && file.write(data) == data.size());
    };
    QVERIFY(write(cert, certificate));
    QVERIFY(write(keyFile, key));

    const auto identity = TlsIdentity::loadOrCreate(cert, keyFile);
    QVERIFY(!identity.ok());
    const QString message = identity.error().message;
    QVERIFY2(message.contains(named == u"cert" ? cert : keyFile), qPrintable(message));
    QCOMPARE(readAll(cert), certificate);
    QCOMPARE(readAll(keyFile), key);
    QCOMPARE(QFile::exists(cert), !certificate.isEmpty());
    QCOMPARE(QFile::exists(keyFile), !key.isEmpty());
}

void TestTlsIdentity::serverConfiguration()
{
    const QSslConfiguration configuration = m_identity->serverConfiguration();
    QCOMPARE(configuration.localCertificate(), m_identity->certificate());
    QCOMPARE(configuration.privateKey(), m_identity->privateKey());
    QCOMPARE(configuration.protocol(), QSsl::TlsV1_2OrLater);
}

void TestTlsIdentity::handshake_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<bool>("trust");
    QTest::addColumn<QList<QSslError::SslError>>("expectedErrors");

    const QList<QSslError::SslError> none;
    QTest::newRow("localhost over IPv4")
        << QHostAddress(QHostAddress::LocalHost) << QStringLiteral("localhost") << true << none;
    QTest::newRow("127.0.0.1") << QHostAddress(QHostAddress::LocalHost) << QStringLiteral("127.0.0.1") << true
                               << none;
    QTest::newRow("::1") << QHostAddress(QHostAddress::LocalHostIPv6) << QStringLiteral("::1") << true
                         << none;
    QTest::newRow("wrong host name") << QHostAddress(QHostAddress::LocalHost) << QStringLiteral("example.com")
                                     << true << QList{QSslError::HostNameMismatch};
    QTest::newRow("wrong IP address") << QHostAddress(QHostAddress::LocalHost) << QStringLiteral("127.0.0.2")
                                      << true << QList{QSslError::HostNameMismatch};
    QTest::newRow("certificate not trusted")
        << QHostAddress(QHostAddress::LocalHost) << QStringLiteral("localhost") << false
        << QList{QSslError::SelfSignedCertificate};
}

void TestTlsIdentity::handshake()
{
    QFETCH(QHostAddress, address);
    QFETCH(QString, peerName);
    QFETCH(bool, trust);
    QFETCH(QList<QSslError::SslError>, expectedErrors);

    QSslServer server;
    server.setSslConfiguration(m_identity->serverConfiguration());
    if (!server.listen(address, 0)) {
        if (address.protocol() == QAbstractSocket::IPv6Protocol)
            QSKIP("IPv6 loopback is not available");
        QFAIL(qPrintable(server.errorString()));
    }

    QSslSocket client;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (trust)
        configuration.addCaCertificate(m_identity->certificate());
    client.setSslConfiguration(configuration);
    QSignalSpy encrypted(&client, &QSslSocket::encrypted);
    QSignalSpy sslErrors(&client, &QSslSocket::sslErrors);
    client.connectToHostEncrypted(address.toString(), server.serverPort(), peerName);

    if (!expectedErrors.isEmpty()) {
        QTRY_COMPARE(sslErrors.size(), 1);
        QList<QSslError::SslError> errors;
        for (const QSslError &error : sslErrors.at(0).at(0).value<QList<QSslError>>())
            errors.append(error.error());
        QCOMPARE(errors, expectedErrors);
        QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(encrypted.size(), 0);
        return;
    }

    QTRY_COMPARE(encrypted.size(), 1);
    QCOMPARE(sslErrors.size(), 0);
    QVERIFY(client.sessionProtocol() == QSsl::TlsV1_2 || client.sessionProtocol() == QSsl::TlsV1_3);
    QCOMPARE(client.peerCertificate(), m_identity->certificate());

    QTRY_VERIFY(server.hasPendingConnections());
    std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());
    auto *serverSide = qobject_cast<QSslSocket *>(accepted.get());
    QVERIFY(serverSide);
    QVERIFY(serverSide->isEncrypted());
    serverSide->write("pong");
    QTRY_COMPARE(client.bytesAvailable(), qint64(4));
    QCOMPARE(client.readAll(), QByteArray("pong"));
}

QTEST_GUILESS_MAIN(TestTlsIdentity)
#include "tst_tlsidentity.moc"
