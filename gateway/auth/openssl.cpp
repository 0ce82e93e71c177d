#include "gateway/auth/openssl.h"

#include <QStringList>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace sd::gateway {

namespace {

// Returning 0 makes PEM readers fail on encrypted keys instead of asking on the terminal.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

} // namespace

QString OpenSsl::takeErrors()
{
    QStringList messages;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        messages.append(QString::fromLatin1(buffer));
    }
    return messages.isEmpty() ? QStringLiteral("unknown OpenSSL error") : messages.join(QStringLiteral("; "));
}

void OpenSsl::clearErrors()
{
    ERR_clear_error();
}

OpenSsl::Bio OpenSsl::memoryBio(const QByteArray &data)
{
    return Bio(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray OpenSsl::bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

OpenSsl::PKey OpenSsl::readPrivateKeyPem(const QByteArray &pem)
{
    const auto bio = memoryBio(pem);
    if (!bio)
        return {};
    return PKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr));
}

QByteArray OpenSsl::privateKeyPem(EVP_PKEY *key)
{
    const Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioContents(bio.get());
}

QByteArray OpenSsl::publicKeyPem(EVP_PKEY *key)
{
    const Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        return {};
    return bioContents(bio.get());
}

} // namespace sd::gateway
