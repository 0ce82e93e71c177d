#pragma once

#include <QByteArray>
#include <QString>

namespace sd::models {

/// Salted slow hashes (PBKDF2-HMAC-SHA256, OpenSSL) for passwords and consumer secrets, and random secrets.
class PasswordHasher final
{
public:
    /// Encoded as `pbkdf2-sha256$iterations$salt$hash` (base64), so the cost can rise later.
    static QString hash(const QString &secret, int iterations = defaultIterations);
    static bool verify(const QString &secret, const QString &encoded);
    /// Cryptographically random bytes, base64url without padding.
    static QString randomToken(int bytes);
    static constexpr int defaultIterations = 100000;
};

} // namespace sd::models
