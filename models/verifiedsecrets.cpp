#include "models/verifiedsecrets.h"

#include "models/passwordhasher.h"

#include <QMessageAuthenticationCode>
#include <openssl/crypto.h>

namespace sd::models {

VerifiedSecrets::VerifiedSecrets()
    : m_key(PasswordHasher::randomToken(32).toLatin1())
{}

QByteArray VerifiedSecrets::digest(const QString &secret) const
{
    return QMessageAuthenticationCode::hash(secret.toUtf8(), m_key, QCryptographicHash::Sha256);
}

bool VerifiedSecrets::verify(const QString &id, const QString &secret, const QString &storedHash)
{
    const auto keyed = digest(secret);
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_entries.constFind(id);
        if (it != m_entries.constEnd() && it->storedHash == storedHash && it->digest.size() == keyed.size() &&
            CRYPTO_memcmp(it->digest.constData(), keyed.constData(), size_t(keyed.size())) == 0)
            return true;
    }
    // The slow check runs unlocked: other threads' logins must not wait behind it.
    if (!PasswordHasher::verify(secret, storedHash))
        return false;
    QMutexLocker lock(&m_mutex);
    if (m_entries.size() >= maxEntries && !m_entries.contains(id))
        m_entries.clear(); // simplest bound: a cleared cache only costs one slow check per client
    m_entries.insert(id, {keyed, storedHash});
    return true;
}

void VerifiedSecrets::forget(const QString &id)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(id);
}

} // namespace sd::models
