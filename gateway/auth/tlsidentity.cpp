#include "gateway/auth/tlsidentity.h"

#include "gateway/auth/authlog.h"
#include "gateway/auth/keyfile.h"
#include "gateway/auth/openssl.h"

#include <QFile>
#include <QFileInfo>
#include <QSslSocket>
#include <array>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <utility>

namespace sd::gateway {

namespace {

const QString certificateWhat = QStringLiteral("TLS certificate");
const QString keyWhat = QStringLiteral("TLS private key");

models::Error generationError(const char *step)
{
    return models::storageError(QStringLiteral("Cannot generate the TLS identity (%1): %2")
                                    .arg(QLatin1StringView(step), OpenSsl::takeErrors()));
}

OpenSsl::PKey generateKey()
{
    const OpenSsl::PKeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *key = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
        EVP_PKEY_CTX_set_group_name(context.get(), "P-256") != 1 ||
        EVP_PKEY_generate(context.get(), &key) != 1)
        return {};
    return OpenSsl::PKey(key);
}

bool setRandomSerial(X509 *certificate)
{
    std::array<unsigned char, 16> serial{};
    if (RAND_bytes(serial.data(), int(serial.size())) != 1)
        return false;
    serial[0] &= 0x7f; // serial numbers must be positive
    const OpenSsl::BigNum number(BN_bin2bn(serial.data(), int(serial.size()), nullptr));
    return number && BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(certificate));
}

bool addExtensions(X509 *certificate)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    const std::pair<int, const char *> extensions[] = {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature"},
        {NID_ext_key_usage, "serverAuth"},
        {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"},
        {NID_subject_key_identifier, "hash"},
    };
    for (const auto &[nid, value] : extensions) {
        const OpenSsl::X509Ext extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
        if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
            return false;
    }
    return true;
}

models::Result<std::pair<QByteArray, QByteArray>> generatePem()
{
    const OpenSsl::PKey key = generateKey();
    if (!key)
        return generationError("EC P-256 key");
    const OpenSsl::X509Cert certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
        !setRandomSerial(certificate.get()))
        return generationError("certificate");
    if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) ||
        !X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(TlsIdentity::validityDays) * 24 * 3600))
        return generationError("validity");
    X509_NAME *name = X509_get_subject_name(certificate.get());
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char *>("localhost"), -1, -1, 0) != 1 ||
        X509_set_issuer_name(certificate.get(), name) != 1 ||
        X509_set_pubkey(certificate.get(), key.get()) != 1)
        return generationError("names");
    if (!addExtensions(certificate.get()))
        return generationError("extensions");
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return generationError("signature");
    const OpenSsl::Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate.get()) != 1)
        return generationError("PEM");
    const QByteArray keyPem = OpenSsl::privateKeyPem(key.get());
    if (keyPem.isEmpty())
        return generationError("PEM");
    return std::pair{OpenSsl::bioContents(bio.get()), keyPem};
}

models::Error invalid(const QString &field, const QString &message)
{
    return models::validationError(field, message);
}

} // namespace

TlsIdentity::TlsIdentity(QSslCertificate certificate, QSslKey privateKey)
    : m_certificate(std::move(certificate))
    , m_privateKey(std::move(privateKey))
{}

models::Result<TlsIdentity> TlsIdentity::loadOrCreate(const QString &certPath, const QString &keyPath)
{
    const bool haveCertificate = QFileInfo::exists(certPath) || QFileInfo(certPath).isSymLink();
    const bool haveKey = QFileInfo::exists(keyPath) || QFileInfo(keyPath).isSymLink();
    if (haveCertificate != haveKey) {
        return models::storageError(
            QStringLiteral("%1 file %2 exists but %3 file %4 is missing; restore it or "
                           "remove both to generate a new pair")
                .arg(haveCertificate ? certificateWhat : keyWhat, haveCertificate ? certPath : keyPath,
                     haveCertificate ? keyWhat : certificateWhat, haveCertificate ? keyPath : certPath));
    }
    if (haveCertificate) {
        const auto certificatePem = KeyFile::read(certPath, certificateWhat);
        if (!certificatePem)
            return certificatePem.error();
        const auto keyPem = KeyFile::read(keyPath, keyWhat);
        if (!keyPem)
            return keyPem.error();
        auto identity = fromPem(certificatePem.value(), keyPem.value());
        if (!identity) {
            const QString path = identity.error().field == u"key" ? keyPath : certPath;
            return models::storageError(QStringLiteral("File %1 is unusable (left unchanged): %2")
                                            .arg(path, identity.error().message));
        }
        return identity;
    }

    const auto pem = generatePem();
    if (!pem)
        return pem.error();
    const auto &[certificatePem, keyPem] = pem.value();
    const auto keyWritten = KeyFile::write(keyPath, keyPem, KeyFile::ownerOnly, keyWhat);
    if (!keyWritten)
        return keyWritten.error();
    const auto certificateWritten =
        KeyFile::write(certPath, certificatePem, KeyFile::publicReadable, certificateWhat);
    if (!certificateWritten) {
        QFile::remove(keyPath); // a key without its certificate would block the next start
        return certificateWritten.error();
    }
    qCInfo(lcAuth) << "Generated self-signed TLS certificate" << certPath;
    return fromPem(certificatePem, keyPem);
}

models::Result<TlsIdentity> TlsIdentity::generate()
{
    const auto pem = generatePem();
    if (!pem)
        return pem.error();
    return fromPem(pem->first, pem->second);
}

models::Result<TlsIdentity> TlsIdentity::fromPem(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    const auto certificateBio = OpenSsl::memoryBio(certificatePem);
    const OpenSsl::X509Cert x509(
        certificateBio ? PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!x509)
        return invalid(QStringLiteral("certificate"),
                       QStringLiteral("not a PEM certificate (%1)").arg(OpenSsl::takeErrors()));
    const OpenSsl::PKey key = OpenSsl::readPrivateKeyPem(keyPem);
    if (!key)
        return invalid(QStringLiteral("key"),
                       QStringLiteral("not an unencrypted PEM private key (%1)").arg(OpenSsl::takeErrors()));
    if (X509_check_private_key(x509.get(), key.get()) != 1) {
        OpenSsl::clearErrors();
        return invalid(QStringLiteral("key"),
                       QStringLiteral("the private key does not match the certificate"));
    }

    QSsl::KeyAlgorithm algorithm = QSsl::Opaque;
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_EC:
        algorithm = QSsl::Ec;
        break;
    case EVP_PKEY_RSA:
        algorithm = QSsl::Rsa;
        break;
    default:
        return invalid(QStringLiteral("key"), QStringLiteral("only RSA and EC keys are supported"));
    }
    QSslCertificate certificate(certificatePem, QSsl::Pem);
    QSslKey privateKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (certificate.isNull())
        return invalid(QStringLiteral("certificate"), QStringLiteral("Qt cannot read the certificate"));
    if (privateKey.isNull())
        return invalid(QStringLiteral("key"), QStringLiteral("Qt cannot read the private key"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (certificate.expiryDate() <= now)
        return invalid(
            QStringLiteral("certificate"),
            QStringLiteral("the certificate expired on %1; remove the certificate and key files to "
                           "generate new ones")
                .arg(certificate.expiryDate().toString(Qt::ISODate)));
    if (certificate.effectiveDate() > now)
        return invalid(QStringLiteral("certificate"),
                       QStringLiteral("the certificate is not valid before %1")
                           .arg(certificate.effectiveDate().toString(Qt::ISODate)));
    return TlsIdentity(std::move(certificate), std::move(privateKey));
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(m_certificate);
    configuration.setPrivateKey(m_privateKey);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(
        QSslSocket::VerifyNone); // the gateway does not ask for client certificates
    return configuration;
}

} // namespace sd::gateway
