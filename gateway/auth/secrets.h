#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sd::gateway {

/// Random identifiers and token digests. Thread-safe.
class Secrets final
{
public:
    /// Bytes from OpenSSL's CSPRNG; aborts rather than return predictable bytes.
    static QByteArray randomBytes(int count);
    /// `bytes` random bytes as unpadded base64url: a 256-bit opaque OAuth token by default.
    static QString randomToken(int bytes = 32);
    /// `bytes` random bytes as lower-case hex (e.g. a jti).
    static QString randomHex(int bytes = 16);
    /// SHA-256 of an opaque token as lower-case hex, the form in which tokens are stored.
    static QString tokenHash(QByteArrayView token);
    /// Comparison whose time does not depend on where the inputs differ.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
};

} // namespace sd::gateway
