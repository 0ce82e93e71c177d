#include "gateway/auth/secrets.h"

#include <QCryptographicHash>
#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace sd::gateway {

QByteArray Secrets::randomBytes(int count)
{
    QByteArray bytes(qMax(count, 0), Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), int(bytes.size())) != 1)
        qFatal("OpenSSL RAND_bytes failed: no secure randomness available");
    return bytes;
}

QString Secrets::randomToken(int bytes)
{
    return QString::fromLatin1(
        randomBytes(bytes).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString Secrets::randomHex(int bytes)
{
    return QString::fromLatin1(randomBytes(bytes).toHex());
}

QString Secrets::tokenHash(QByteArrayView token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

bool Secrets::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

} // namespace sd::gateway
