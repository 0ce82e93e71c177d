#include "gateway/auth/authenticator.h"

#include "gateway/auth/jwt.h"
#include "gateway/auth/secrets.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcAuthn, "streamdesk.gateway.authn")

using models::SubscriptionStatus;

Authenticator::Authenticator(std::shared_ptr<models::Store> store, SigningKey signingKey)
    : m_store(std::move(store))
    , m_key(std::move(signingKey))
{}

std::variant<Caller, GatewayError> Authenticator::identify(QByteArrayView token, qint64 nowSecs) const
{
    const auto invalid = GatewayError::invalidCredentials(
        QStringLiteral("Access failure for API: invalid, expired or revoked access token. "
                       "Make sure you have provided the correct security credentials."));
    Caller caller;
    std::optional<models::IssuedToken> record;
    std::optional<models::KeySet> keys;
    if (token.count('.') == 2) {
        const auto verification = Jwt::verify(
            token,
            [this](const QString &kid) -> std::optional<SigningKey> {
                return kid == m_key.kid() ? std::optional<SigningKey>(m_key) : std::nullopt;
            },
            nowSecs);
        if (!verification.ok()) {
            qCInfo(lcAuthn) << "JWT refused:" << Jwt::failureName(*verification.failure)
                            << verification.detail;
            if (verification.failure == Jwt::Failure::Expired)
                return GatewayError::invalidCredentials(QStringLiteral("Access token expired."));
            return invalid;
        }
        const auto &claims = verification.claims;
        record = m_store->token(claims.value(QStringLiteral("jti")).toString());
        keys = m_store->keySetByConsumerKey(claims.value(QStringLiteral("azp")).toString());
        // The token must be one we issued for exactly these keys.
        if (!record || !keys || record->keySetId != keys->id ||
            claims.value(QStringLiteral("keytype")).toString() != models::KeySet::keyTypeName(keys->keyType))
            return invalid;
    } else {
        if (token.isEmpty() || token.size() > 512)
            return invalid;
        record = m_store->tokenByHash(Secrets::tokenHash(token).toLatin1());
        if (!record)
            return invalid;
        keys = m_store->keySet(record->keySetId);
        if (!keys)
            return invalid;
        if (record->expiresAt.toSecsSinceEpoch() <= nowSecs)
            return GatewayError::invalidCredentials(QStringLiteral("Access token expired."));
    }
    if (record->revoked)
        return GatewayError::invalidCredentials(QStringLiteral("Access token revoked."));
    caller.tokenId = record->jti;
    caller.expiresAt = record->expiresAt;
    caller.applicationId = keys->applicationId;
    caller.consumerKey = keys->consumerKey;
    caller.keyType = keys->keyType;
    return caller;
}

std::variant<Caller, GatewayError> Authenticator::authenticate(QByteArrayView authorization,
                                                               const Route &route, qint64 nowSecs) const
{
    const auto header = authorization.trimmed();
    if (header.isEmpty())
        return GatewayError::missingCredentials();
    if (header.size() < 7 || QByteArrayView(header.first(7)).compare("Bearer ", Qt::CaseInsensitive) != 0)
        return GatewayError::invalidCredentials(
            QStringLiteral("The Authorization header must carry 'Bearer ACCESS_TOKEN'."));
    auto identified = identify(header.sliced(7).trimmed(), nowSecs);
    if (std::holds_alternative<GatewayError>(identified))
        return identified;
    auto caller = std::get<Caller>(std::move(identified));

    const auto app = m_store->application(caller.applicationId);
    if (!app)
        return GatewayError::invalidCredentials(
            QStringLiteral("The application of this token no longer exists."));
    caller.quota = m_store->quota(app->quota).value_or(models::ApplicationQuota{});
    if (route.state == models::LifecycleState::Prototyped)
        return caller; // prototypes are tried without subscribing

    const auto sub = m_store->subscriptionFor(caller.applicationId, route.apiId);
    if (!sub)
        return GatewayError::notSubscribed();
    switch (sub->status) {
    case SubscriptionStatus::Blocked:
        return GatewayError::subscriptionBlocked();
    case SubscriptionStatus::ProdOnlyBlocked:
        if (caller.keyType == models::KeyType::Production)
            return GatewayError::subscriptionBlocked();
        break;
    case SubscriptionStatus::OnHold:
        return GatewayError::subscriptionInactive();
    case SubscriptionStatus::Unblocked:
        break;
    }
    const auto plan = m_store->plan(sub->plan);
    if (!plan)
        return GatewayError::notSubscribed();
    caller.subscriptionId = sub->id;
    caller.plan = *plan;
    return caller;
}

} // namespace sd::gateway
