#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

namespace sd::models {

/// Remembers which secrets were verified against which stored slow hash, so a client that authenticates
/// again (a REST script, a token request per stream) does not pay PBKDF2 each time. Keeps only a keyed
/// digest of each secret (HMAC-SHA256 with a random per-process key), never the secret. An entry is used
/// only while the stored hash is unchanged, so a new password or secret takes effect at once. Bounded in
/// size; thread-safe.
class VerifiedSecrets final
{
    Q_DISABLE_COPY_MOVE(VerifiedSecrets)

public:
    static constexpr qsizetype maxEntries = 10000;

    VerifiedSecrets();

    /// True when `secret` matches `storedHash` (see PasswordHasher), from the cache or by a full check.
    bool verify(const QString &id, const QString &secret, const QString &storedHash);
    void forget(const QString &id);

private:
    struct Entry
    {
        QByteArray digest;
        QString storedHash;
    };
    QByteArray digest(const QString &secret) const;

    const QByteArray m_key;
    QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace sd::models
