#include "gateway/token/tokenservice.h"

#include "gateway/auth/jwt.h"
#include "gateway/auth/secrets.h"
#include "models/passwordhasher.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcTokens, "streamdesk.gateway.tokens")

TokenService::TokenService(std::shared_ptr<models::Store> store, SigningKey key, QString issuer,
                           QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_key(std::move(key))
    , m_issuer(std::move(issuer))
{}

models::Result<AccessToken> TokenService::issue(const models::KeySet &keys, qint64 validitySeconds,
                                                const QString &scope)
{
    auto pending = draft(keys, validitySeconds, scope);
    if (pending.error)
        return *pending.error;
    sign(pending);
    return commit(pending);
}

TokenDraft TokenService::draft(const models::KeySet &keys, qint64 validitySeconds, const QString &scope) const
{
    TokenDraft draft;
    const auto validity = validitySeconds > 0 ? validitySeconds : keys.validitySeconds;
    if (validity > maxValiditySeconds) {
        draft.error =
            models::validationError(QStringLiteral("validity_period"),
                                    QStringLiteral("The validity period must be at most 365 days."));
        return draft;
    }
    const auto app = m_store->application(keys.applicationId);
    if (!app) {
        draft.error =
            models::notFoundError(QStringLiteral("Application %1 not found.").arg(keys.applicationId));
        return draft;
    }
    const auto now = QDateTime::currentDateTimeUtc();
    const auto nowSecs = now.toSecsSinceEpoch();
    auto &token = draft.token;
    token.jti = Secrets::randomHex(16);
    token.expiresIn = validity;
    token.scope = scope.isEmpty() ? QStringLiteral("default") : scope;
    draft.record = models::IssuedToken{token.jti, keys.id, {}, now, now.addSecs(validity), false};
    draft.tokenType = app->tokenType;
    draft.applicationId = app->id;
    draft.applicationName = app->name;
    if (app->tokenType == models::TokenType::Jwt) {
        draft.claims = QJsonObject{
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
    }
    return draft;
}

void TokenService::sign(TokenDraft &draft) const
{
    if (draft.error)
        return;
    if (draft.tokenType == models::TokenType::Jwt) {
        draft.token.accessToken = QString::fromLatin1(Jwt::sign(draft.claims, m_key));
        if (draft.token.accessToken.isEmpty())
            draft.error = models::storageError(QStringLiteral("Signing the access token failed."));
    } else {
        draft.token.accessToken = Secrets::randomToken(32);
        draft.record.tokenHash = Secrets::tokenHash(draft.token.accessToken.toLatin1()).toLatin1();
    }
}

models::Result<AccessToken> TokenService::commit(const TokenDraft &draft)
{
    if (draft.error)
        return *draft.error;
    if (auto s = m_store->insertToken(draft.record); !s)
        return s.error();
    qCInfo(lcTokens) << "Issued" << models::Application::tokenTypeName(draft.tokenType) << "token"
                     << draft.token.jti << "for application" << draft.applicationName << "valid"
                     << draft.token.expiresIn << "s";
    Q_EMIT tokenIssued(draft.token.jti, draft.applicationId);
    return draft.token;
}

std::optional<models::KeySet> TokenService::clientKeys(const QString &consumerKey) const
{
    return m_store->keySetByConsumerKey(consumerKey);
}

bool TokenService::verifyClientSecret(const std::optional<models::KeySet> &keys,
                                      const QString &consumerSecret) const
{
    if (!keys) {
        // An unknown consumer key costs as much as a known one, so keys cannot be probed by timing.
        static const QString decoy = models::PasswordHasher::hash(Secrets::randomToken());
        models::PasswordHasher::verify(consumerSecret, decoy);
        return false;
    }
    return m_verified.verify(keys->id, consumerSecret, keys->secretHash);
}

models::Status TokenService::revokeFor(const models::KeySet &keys, const QByteArray &token)
{
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
    if (!record || record->keySetId != keys.id)
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
