#pragma once

#include "gateway/auth/signingkey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <optional>

namespace sd::gateway {

/// Compact JWS (RFC 7515) JSON Web Tokens signed with RS256, the only algorithm the gateway accepts.
/// Stateless and thread-safe.
class Jwt final
{
public:
    enum class Failure {
        Malformed,            // not three strict base64url parts, bad JSON, too large, mistyped claim
        UnsupportedAlgorithm, // `alg` missing or anything but RS256
        UnknownKey,           // `kid` missing or not found
        BadSignature,
        Expired,      // exp <= now - leeway
        NotYetValid,  // nbf or iat > now + leeway
        MissingClaim, // exp, iat, jti or azp absent (or of the wrong type)
    };

    struct Verification
    {
        std::optional<Failure> failure; // empty when the token is valid
        QString detail;                 // why, for logs; never shown to API clients
        QJsonObject claims;             // set only when the token is valid

        bool ok() const { return !failure; }
    };

    /// Finds the verification key for a `kid`, or nothing. Called once per verified token.
    using KeyLookup = std::function<std::optional<SigningKey>(const QString &kid)>;

    static constexpr qsizetype maxTokenSize = 8 * 1024;

    /// `header.payload.signature` with header `{"alg":"RS256","typ":"JWT","kid":<key.kid()>}`; empty if
    /// OpenSSL fails.
    static QByteArray sign(const QJsonObject &claims, const SigningKey &key);
    /// Checks, in order: size and encoding, algorithm, key, signature, then the claims.
    static Verification verify(QByteArrayView token, const KeyLookup &keys, qint64 nowSecs,
                               qint64 leewaySecs = 0);
    /// verify()'s last step, the time claims (exp, then nbf and iat), on claims verify() accepted before: for
    /// a token whose signature was checked once and is seen again.
    static Verification checkTimes(QJsonObject claims, qint64 nowSecs, qint64 leewaySecs = 0);
    static QString failureName(Failure failure);
};

} // namespace sd::gateway
