#pragma once

#include "models/result.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

namespace sd::gateway {

/// The gateway's HTTPS identity: a self-signed certificate for localhost (SAN DNS:localhost,
/// IP:127.0.0.1, IP:::1; EC P-256, SHA-256, 825 days) and its private key.
/// Immutable; safe to copy and read from several threads.
class TlsIdentity final
{
public:
    static constexpr int validityDays = 825;

    /// Loads the PEM certificate and key, or generates both (key file mode 0600) when neither file exists.
    /// A missing half, a corrupt or mismatched pair, or an expired certificate is an error naming the file;
    /// existing files are never overwritten.
    static models::Result<TlsIdentity> loadOrCreate(const QString &certPath, const QString &keyPath);
    /// A fresh identity that exists only in memory.
    static models::Result<TlsIdentity> generate();
    /// Checks that the PEM certificate and key belong together and the certificate is in its validity period.
    static models::Result<TlsIdentity> fromPem(const QByteArray &certificatePem, const QByteArray &keyPem);

    /// What clients add to their CA certificates to trust this gateway explicitly.
    QSslCertificate certificate() const { return m_certificate; }
    QSslKey privateKey() const { return m_privateKey; }
    /// Certificate, key and TLS 1.2 or later, for QSslServer or QAbstractHttpServer::sslSetup().
    QSslConfiguration serverConfiguration() const;

private:
    TlsIdentity(QSslCertificate certificate, QSslKey privateKey);

    QSslCertificate m_certificate;
    QSslKey m_privateKey;
};

} // namespace sd::gateway
