#include "gateway/auth/signingkey.h"

#include "gateway/auth/authlog.h"
#include "gateway/auth/keyfile.h"
#include "gateway/auth/openssl.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <openssl/core_names.h>
#include <openssl/rsa.h>

namespace sd::gateway {

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QString keyFileWhat = QStringLiteral("signing key");

QByteArray bigNumParameter(const EVP_PKEY *key, const char *name)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    const OpenSsl::BigNum number(raw);
    QByteArray bytes(BN_num_bytes(number.get()), Qt::Uninitialized);
    BN_bn2bin(number.get(), reinterpret_cast<unsigned char *>(bytes.data()));
    return bytes.toBase64(base64Url);
}

const unsigned char *bytes(QByteArrayView data)
{
    return reinterpret_cast<const unsigned char *>(data.data());
}

} // namespace

SigningKey::SigningKey(std::shared_ptr<EVP_PKEY> key, QByteArray modulus, QByteArray exponent)
    : m_key(std::move(key))
    , m_modulus(std::move(modulus))
    , m_exponent(std::move(exponent))
    , m_signatureSize(EVP_PKEY_get_size(m_key.get()))
{
    // RFC 7638: the required members in lexicographic order, no whitespace.
    const QByteArray thumbprintInput = QByteArrayLiteral("{\"e\":\"") + m_exponent +
                                       QByteArrayLiteral("\",\"kty\":\"RSA\",\"n\":\"") + m_modulus +
                                       QByteArrayLiteral("\"}");
    m_kid = QString::fromLatin1(
        QCryptographicHash::hash(thumbprintInput, QCryptographicHash::Sha256).toBase64(base64Url));
}

models::Result<SigningKey> SigningKey::loadOrCreate(const QString &pemPath)
{
    if (QFileInfo::exists(pemPath) || QFileInfo(pemPath).isSymLink()) {
        auto pem = KeyFile::read(pemPath, keyFileWhat);
        if (!pem)
            return pem.error();
        auto key = fromPem(pem.value());
        if (!key)
            return models::storageError(QStringLiteral("Signing key file %1 is unusable (left unchanged): %2")
                                            .arg(pemPath, key.error().message));
        return key;
    }
    auto key = generate();
    if (!key)
        return key;
    const auto written = KeyFile::write(pemPath, key->privateKeyPem(), KeyFile::ownerOnly, keyFileWhat);
    if (!written)
        return written.error();
    qCInfo(lcAuth) << "Generated signing key" << key->kid() << "in" << pemPath;
    return key;
}

models::Result<SigningKey> SigningKey::generate(int bits)
{
    if (bits < minimumBits)
        return models::validationError(QStringLiteral("bits"),
                                       QStringLiteral("RSA keys need at least %1 bits").arg(minimumBits));
    const OpenSsl::PKeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), bits) != 1 ||
        EVP_PKEY_generate(context.get(), &raw) != 1)
        return models::storageError(
            QStringLiteral("Cannot generate an RSA key: %1").arg(OpenSsl::takeErrors()));
    return fromKey(std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free));
}

models::Result<SigningKey> SigningKey::fromPem(const QByteArray &pem)
{
    OpenSsl::PKey key = OpenSsl::readPrivateKeyPem(pem);
    if (!key)
        return models::validationError(
            QStringLiteral("key"),
            QStringLiteral("not an unencrypted PEM private key (%1)").arg(OpenSsl::takeErrors()));
    return fromKey(std::shared_ptr<EVP_PKEY>(std::move(key)));
}

models::Result<SigningKey> SigningKey::fromKey(std::shared_ptr<EVP_PKEY> key)
{
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return models::validationError(QStringLiteral("key"), QStringLiteral("not an RSA key"));
    if (EVP_PKEY_get_bits(key.get()) < minimumBits)
        return models::validationError(QStringLiteral("key"),
                                       QStringLiteral("RSA key of %1 bits, at least %2 required")
                                           .arg(EVP_PKEY_get_bits(key.get()))
                                           .arg(minimumBits));
    const OpenSsl::PKeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_pairwise_check(check.get()) != 1)
        return models::validationError(
            QStringLiteral("key"), QStringLiteral("inconsistent RSA key (%1)").arg(OpenSsl::takeErrors()));
    auto modulus = bigNumParameter(key.get(), OSSL_PKEY_PARAM_RSA_N);
    auto exponent = bigNumParameter(key.get(), OSSL_PKEY_PARAM_RSA_E);
    if (modulus.isEmpty() || exponent.isEmpty())
        return models::validationError(
            QStringLiteral("key"),
            QStringLiteral("cannot read the RSA public key (%1)").arg(OpenSsl::takeErrors()));
    return SigningKey(std::move(key), std::move(modulus), std::move(exponent));
}

QJsonObject SigningKey::jwks(const QList<SigningKey> &keys)
{
    QJsonArray array;
    for (const auto &key : keys)
        array.append(key.publicJwk());
    return QJsonObject{{QStringLiteral("keys"), array}};
}

QJsonObject SigningKey::publicJwk() const
{
    return QJsonObject{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("use"), QStringLiteral("sig")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("kid"), m_kid},
        {QStringLiteral("n"), QString::fromLatin1(m_modulus)},
        {QStringLiteral("e"), QString::fromLatin1(m_exponent)},
    };
}

QByteArray SigningKey::publicKeyPem() const
{
    return OpenSsl::publicKeyPem(m_key.get());
}

QByteArray SigningKey::privateKeyPem() const
{
    return OpenSsl::privateKeyPem(m_key.get());
}

QByteArray SigningKey::sign(QByteArrayView data) const
{
    const OpenSsl::MdContext context(EVP_MD_CTX_new());
    QByteArray signature(m_signatureSize, Qt::Uninitialized);
    size_t length = size_t(signature.size());
    if (!context ||
        EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, m_key.get(), nullptr) !=
            1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       bytes(data), size_t(data.size())) != 1) {
        qCWarning(lcAuth) << "RS256 signing failed:" << OpenSsl::takeErrors();
        return {};
    }
    signature.truncate(qsizetype(length));
    return signature;
}

bool SigningKey::verify(QByteArrayView data, QByteArrayView signature) const
{
    if (signature.size() != m_signatureSize)
        return false;
    const OpenSsl::MdContext context(EVP_MD_CTX_new());
    const bool valid = context &&
                       EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr,
                                               m_key.get(), nullptr) == 1 &&
                       EVP_DigestVerify(context.get(), bytes(signature), size_t(signature.size()),
                                        bytes(data), size_t(data.size())) == 1;
    if (!valid)
        OpenSsl::clearErrors();
    return valid;
}

} // namespace sd::gateway
