#include "gateway/token/tokenservice.h"

#include "gateway/auth/jwt.h"
#include "gateway/auth/secrets.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcTokens, "streamdesk.gateway.tokens")

TokenService::TokenService(std::shared_ptr<models::Store> store, models::DevPortalService *portal,
                           SigningKey key, QString issuer, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_portal(portal)
    , m_key(std::move(key))
    , m_issuer(std::move(issuer))
{}

models::Result<AccessToken> TokenService::issue(const models::KeySet &keys, qint64 validitySeconds,
                                                const QString &scope)
{
    const auto validity = validitySeconds > 0 ? validitySeconds : keys.validitySeconds;
    if (validity > maxValiditySeconds)
        return models::validationError(QStringLiteral("validity_period"),
                                       QStringLiteral("The validity period must be at most 365 days."));
    const auto app = m_store->application(keys.applicationId);
    if (!app)
        return models::notFoundError(QStringLiteral("Application %1 not found.").arg(keys.applicationId));
    const auto now = QDateTime::currentDateTimeUtc();
    const auto nowSecs = now.toSecsSinceEpoch();
    AccessToken token;
    token.jti = Secrets::randomHex(16);
    token.expiresIn = validity;
    token.scope = scope.isEmpty() ? QStringLiteral("default") : scope;
    models::IssuedToken record{token.jti, keys.id, {}, now, now.addSecs(validity), false};
    if (app->tokenType == models::TokenType::Jwt) {
        const QJsonObject claims{
            {QStringLiteral("iss"), m_issuer},
            {QStringLiteral("sub"), app->owner},
            {QStringLiteral("aud"), keys.consumerKey},
            {QStringLiteral("azp"), keys.consumerKey},
            {QStringLiteral("aut"), QStringLiteral("APPLICATION")},
            {QStringLiteral("keytype"), models::KeySet::keyTypeName(keys.keyType)},
            {QStringLiteral("scope"), token.scope},
            {QStringLiteral("iat"), nowSecs},
            {QStringLiteral("nbf"), nowSecs},
            {QStringLiteral("exp"), nowSecs + validity},
            {QStringLiteral("jti"), token.jti},
            {QStringLiteral("application"), QJsonObject{{QStringLiteral("id"), app->id},
                                                        {QStringLiteral("name"), app->name},
                                                        {QStringLiteral("owner"), app->owner},
                                                        {QStringLiteral("tier"), app->quota}}},
        };
        token.accessToken = QString::fromLatin1(Jwt::sign(claims, m_key));
        if (token.accessToken.isEmpty())
            return models::storageError(QStringLiteral("Signing the access token failed."));
    } else {
        token.accessToken = Secrets::randomToken(32);
        record.tokenHash = Secrets::tokenHash(token.accessToken.toLatin1()).toLatin1();
    }
    if (auto s = m_store->insertToken(record); !s)
        return s.error();
    qCInfo(lcTokens) << "Issued" << models::Application::tokenTypeName(app->tokenType) << "token" << token.jti
                     << "for application" << app->name << "valid" << validity << "s";
    Q_EMIT tokenIssued(token.jti, app->id);
    return token;
}

models::Result<AccessToken> TokenService::issueForClient(const QString &consumerKey,
                                                         const QString &consumerSecret,
                                                         qint64 validitySeconds, const QString &scope)
{
    const auto keys = m_portal->authenticateClient(consumerKey, consumerSecret);
    if (!keys)
        return keys.error();
    return issue(keys.value(), validitySeconds, scope);
}

models::Status TokenService::revoke(const QString &consumerKey, const QString &consumerSecret,
                                    const QByteArray &token)
{
    const auto keys = m_portal->authenticateClient(consumerKey, consumerSecret);
    if (!keys)
        return keys.error();
    std::optional<models::IssuedToken> record;
    if (token.count('.') == 2) {
        // Our own signature proves the jti; a forged token names nothing to revoke.
        const auto verification = Jwt::verify(
            token,
            [this](const QString &kid) -> std::optional<SigningKey> {
                return kid == m_key.kid() ? std::optional<SigningKey>(m_key) : std::nullopt;
            },
            QDateTime::currentSecsSinceEpoch(), 365LL * 86400 * 10);
        if (verification.ok())
            record = m_store->token(verification.claims.value(QStringLiteral("jti")).toString());
    } else {
        record = m_store->tokenByHash(Secrets::tokenHash(token).toLatin1());
    }
    if (!record || record->keySetId != keys->id)
        return models::Done{};
    return revokeById(record->jti);
}

models::Status TokenService::revokeById(const QString &jti)
{
    const auto revoked = m_store->revokeToken(jti);
    if (!revoked)
        return revoked.error();
    if (!revoked.value())
        return models::notFoundError(QStringLiteral("Token %1 not found.").arg(jti));
    qCInfo(lcTokens) << "Revoked token" << jti;
    Q_EMIT tokenRevoked(jti);
    return models::Done{};
}

models::Result<int> TokenService::revokeKeySetTokens(const QString &keySetId)
{
    int revoked = 0;
    for (const auto &jti : m_store->activeTokenIds(keySetId)) {
        if (auto s = revokeById(jti); !s)
            return s.error();
        ++revoked;
    }
    return revoked;
}

QJsonObject TokenService::jwks() const
{
    return SigningKey::jwks({m_key});
}

} // namespace sd::gateway
