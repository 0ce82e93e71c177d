#pragma once

#include "gateway/auth/signingkey.h"
#include "models/store.h"
#include "models/verifiedsecrets.h"

#include <QJsonObject>
#include <QObject>
#include <memory>

namespace sd::gateway {

struct AccessToken
{
    QString accessToken;
    QString jti;
    qint64 expiresIn = 0;
    QString scope = QStringLiteral("default");
};

/// A token on its way to being issued, in three steps so that the slow ones can run on a worker thread:
/// draft() reads the store, sign() signs (or draws an opaque token), commit() stores it.
struct TokenDraft
{
    std::optional<models::Error> error; // why no token can be issued for these keys
    AccessToken token;
    models::IssuedToken record;
    QJsonObject claims; // a JWT application's claims; empty for an opaque token
    models::TokenType tokenType = models::TokenType::Jwt;
    QString applicationId;
    QString applicationName;
};

/// Issues and revokes access tokens: RS256 JWTs for JWT applications, 256-bit opaque tokens (stored only
/// as hashes) for OAUTH ones. Emits tokenRevoked() so open streams end at once. Thread-safe.
class TokenService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenService)

public:
    static constexpr qint64 maxValiditySeconds = 365LL * 86400;

    TokenService(std::shared_ptr<models::Store> store, SigningKey key, QString issuer,
                 QObject *parent = nullptr);

    /// `validitySeconds` <= 0 takes the key set's validity. draft(), sign() and commit() in one go.
    models::Result<AccessToken> issue(const models::KeySet &keys, qint64 validitySeconds,
                                      const QString &scope = QStringLiteral("default"));
    /// Reads the application from the store: call on the thread that commits.
    TokenDraft draft(const models::KeySet &keys, qint64 validitySeconds, const QString &scope) const;
    /// Signs a JWT draft or draws an opaque token. Slow (RSA); thread-safe.
    void sign(TokenDraft &draft) const;
    /// Stores the signed token and announces it.
    models::Result<AccessToken> commit(const TokenDraft &draft);

    /// The key set of a consumer key, read from the store; empty when the key is unknown.
    std::optional<models::KeySet> clientKeys(const QString &consumerKey) const;
    /// Checks a consumer secret against `keys` (PBKDF2, remembered after a success); an unknown key spends
    /// the same time on a decoy. Slow; thread-safe.
    bool verifyClientSecret(const std::optional<models::KeySet> &keys, const QString &consumerSecret) const;
    /// RFC 7009 for an authenticated client: revokes `token` if it belongs to `keys`; unknown tokens are not
    /// an error.
    models::Status revokeFor(const models::KeySet &keys, const QByteArray &token);
    /// Revokes by token id (management actions).
    models::Status revokeById(const QString &jti);
    /// Revokes every active token of a key set, so that its open streams end; returns how many.
    models::Result<int> revokeKeySetTokens(const QString &keySetId);
    QJsonObject jwks() const;
    QString issuer() const { return m_issuer; }
    /// The `iss` claim; set once the management port is known, before tokens are issued.
    void setIssuer(const QString &issuer) { m_issuer = issuer; }

Q_SIGNALS:
    void tokenIssued(const QString &jti, const QString &applicationId);
    void tokenRevoked(const QString &jti);

private:
    std::shared_ptr<models::Store> m_store;
    SigningKey m_key;
    QString m_issuer;
    mutable models::VerifiedSecrets m_verified; // token requests authenticate with the secret each time
};

} // namespace sd::gateway
