#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace sd::models {

/// The record of an access token handed out; the token itself is never stored, only its hash when opaque.
struct IssuedToken
{
    QString jti;
    QString keySetId;
    QByteArray tokenHash; // SHA-256 of an opaque token; empty for JWTs (verified by signature)
    QDateTime issuedAt;
    QDateTime expiresAt;
    bool revoked = false;
};

} // namespace sd::models
