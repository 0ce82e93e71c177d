#include "ui/viewer/certificatepins.h"

#include <QCryptographicHash>
#include <QSettings>

namespace sd::ui {

namespace {
const QString group = QStringLiteral("viewerPinnedCertificates");
}

QList<std::pair<QString, QSslCertificate>> CertificatePins::all()
{
    QSettings settings;
    settings.beginGroup(group);
    QList<std::pair<QString, QSslCertificate>> pins;
    for (const QString &hostAndPort : settings.childKeys()) {
        const QSslCertificate certificate(settings.value(hostAndPort).toByteArray(), QSsl::Pem);
        if (!certificate.isNull())
            pins.append({hostAndPort, certificate});
    }
    return pins;
}

void CertificatePins::pin(const QString &hostAndPort, const QSslCertificate &certificate)
{
    QSettings settings;
    settings.beginGroup(group);
    settings.setValue(hostAndPort, certificate.toPem());
}

QString CertificatePins::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace sd::ui
