#include "models/passwordhasher.h"

#include <QStringList>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace sd::models {

namespace {

constexpr int saltBytes = 16;
constexpr int hashBytes = 32;

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1)
        qFatal("OpenSSL RAND_bytes failed: no secure randomness available");
    return bytes;
}

QByteArray derive(const QString &secret, const QByteArray &salt, int iterations)
{
    const auto utf8 = secret.toUtf8();
    QByteArray out(hashBytes, Qt::Uninitialized);
    PKCS5_PBKDF2_HMAC(utf8.constData(), int(utf8.size()),
                      reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                      EVP_sha256(), hashBytes, reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

} // namespace

QString PasswordHasher::hash(const QString &secret, int iterations)
{
    const auto salt = randomBytes(saltBytes);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()),
             QString::fromLatin1(derive(secret, salt, iterations).toBase64()));
}

bool PasswordHasher::verify(const QString &secret, const QString &encoded)
{
    const auto parts = encoded.split(u'$');
    if (parts.size() != 4 || parts[0] != u"pbkdf2-sha256")
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1 || iterations > 10'000'000)
        return false;
    const auto salt = QByteArray::fromBase64(parts[2].toLatin1());
    const auto expected = QByteArray::fromBase64(parts[3].toLatin1());
    if (expected.size() != hashBytes)
        return false;
    const auto actual = derive(secret, salt, iterations);
    return CRYPTO_memcmp(actual.constData(), expected.constData(), hashBytes) == 0;
}

QString PasswordHasher::randomToken(int bytes)
{
    return QString::fromLatin1(
        randomBytes(bytes).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace sd::models
