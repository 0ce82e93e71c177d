#pragma once

#include "models/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <memory>
#include <openssl/types.h>

namespace sd::gateway {

/// An RSA key pair that signs and verifies RS256 (RSASSA-PKCS1-v1_5 with SHA-256) JSON Web Signatures.
///
/// Thread safety: the key is immutable after construction and copies share it, so every const method may
/// run on the same object (or on copies) from several threads at once; each call uses its own OpenSSL
/// contexts.
class SigningKey final
{
public:
    static constexpr int minimumBits = 2048;

    /// Loads the PEM private key at `pemPath`, or generates one and writes it there (mode 0600) when the
    /// file does not exist. A corrupt or unreadable file is an error naming the file and is left untouched.
    static models::Result<SigningKey> loadOrCreate(const QString &pemPath);
    /// A fresh key that exists only in memory.
    static models::Result<SigningKey> generate(int bits = minimumBits);
    /// An unencrypted RSA private key of at least `minimumBits` bits, in PEM form.
    static models::Result<SigningKey> fromPem(const QByteArray &pem);
    /// `{"keys":[...]}` with the public JWK of every key.
    static QJsonObject jwks(const QList<SigningKey> &keys);

    /// RFC 7638 JWK thumbprint of the public key: base64url(SHA-256), no padding.
    QString kid() const { return m_kid; }
    /// `{"kty":"RSA","use":"sig","alg":"RS256","kid":...,"n":...,"e":...}`.
    QJsonObject publicJwk() const;
    /// SubjectPublicKeyInfo PEM of the public key.
    QByteArray publicKeyPem() const;
    QByteArray privateKeyPem() const;
    /// The raw RS256 signature of `data`; empty if OpenSSL fails.
    QByteArray sign(QByteArrayView data) const;
    bool verify(QByteArrayView data, QByteArrayView signature) const;
    /// Signature length in bytes (the modulus size).
    int signatureSize() const { return m_signatureSize; }

private:
    static models::Result<SigningKey> fromKey(std::shared_ptr<EVP_PKEY> key);
    SigningKey(std::shared_ptr<EVP_PKEY> key, QByteArray modulus, QByteArray exponent);

    std::shared_ptr<EVP_PKEY> m_key;
    QByteArray m_modulus;  // base64url
    QByteArray m_exponent; // base64url
    QString m_kid;
    int m_signatureSize = 0;
};

} // namespace sd::gateway
