#pragma once

#include <QByteArray>
#include <QString>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace sd::gateway {

/// RAII owners for the OpenSSL objects used by gateway/auth, and error-queue helpers.
class OpenSsl final
{
public:
    template <auto FreeFunction> struct Deleter
    {
        template <typename T> void operator()(T *object) const { FreeFunction(object); }
    };
    using Bio = std::unique_ptr<BIO, Deleter<&BIO_free_all>>;
    using BigNum = std::unique_ptr<BIGNUM, Deleter<&BN_free>>;
    using PKey = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
    using PKeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<&EVP_PKEY_CTX_free>>;
    using MdContext = std::unique_ptr<EVP_MD_CTX, Deleter<&EVP_MD_CTX_free>>;
    using X509Cert = std::unique_ptr<X509, Deleter<&X509_free>>;
    using X509Ext = std::unique_ptr<X509_EXTENSION, Deleter<&X509_EXTENSION_free>>;

    /// Drains the thread's OpenSSL error queue into one readable line.
    static QString takeErrors();
    /// Clears the error queue without reporting (for expected failures such as a bad signature).
    static void clearErrors();
    /// A read-only memory BIO over `data`, which must outlive the BIO.
    static Bio memoryBio(const QByteArray &data);
    /// Everything written to a memory BIO.
    static QByteArray bioContents(BIO *bio);
    /// Parses an unencrypted PEM private key without ever prompting for a passphrase.
    static PKey readPrivateKeyPem(const QByteArray &pem);
    static QByteArray privateKeyPem(EVP_PKEY *key);
    static QByteArray publicKeyPem(EVP_PKEY *key);
};

} // namespace sd::gateway
