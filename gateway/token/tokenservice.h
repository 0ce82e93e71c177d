#pragma once

#include "gateway/auth/signingkey.h"
#include "models/devportalservice.h"
#include "models/store.h"

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

/// Issues and revokes access tokens: RS256 JWTs for JWT applications, 256-bit opaque tokens (stored only
/// as hashes) for OAUTH ones. Emits tokenRevoked() so open streams end at once. Thread-safe.
class TokenService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenService)

public:
    static constexpr qint64 maxValiditySeconds = 365LL * 86400;

    TokenService(std::shared_ptr<models::Store> store, models::DevPortalService *portal, SigningKey key,
                 QString issuer, QObject *parent = nullptr);

    /// `validitySeconds` <= 0 takes the key set's validity.
    models::Result<AccessToken> issue(const models::KeySet &keys, qint64 validitySeconds,
                                      const QString &scope = QStringLiteral("default"));
    /// Client credentials grant: authenticates the consumer key and secret first.
    models::Result<AccessToken> issueForClient(const QString &consumerKey, const QString &consumerSecret,
                                               qint64 validitySeconds, const QString &scope);
    /// RFC 7009: revokes `token` if it belongs to the authenticated client; unknown tokens are not an error.
    models::Status revoke(const QString &consumerKey, const QString &consumerSecret, const QByteArray &token);
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
    models::DevPortalService *m_portal;
    SigningKey m_key;
    QString m_issuer;
};

} // namespace sd::gateway
