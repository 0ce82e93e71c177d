#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <utility>

namespace sd::ui {

/// Certificates the user chose to trust per host:port (a self-signed gateway), remembered in QSettings as
/// PEM: a certificate is public, not a secret.
class CertificatePins final
{
public:
    CertificatePins() = delete;

    /// Every pinned certificate with its host:port.
    static QList<std::pair<QString, QSslCertificate>> all();
    static void pin(const QString &hostAndPort, const QSslCertificate &certificate);
    /// The SHA-256 fingerprint as colon-separated hex pairs, as browsers show it.
    static QString fingerprint(const QSslCertificate &certificate);
};

} // namespace sd::ui
