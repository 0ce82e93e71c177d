#include "gateway/auth/authenticator.h"

#include "gateway/auth/authcache.h"
#include "gateway/auth/jwt.h"
#include "gateway/auth/secrets.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcAuthn, "streamdesk.gateway.authn")

using models::SubscriptionStatus;

Authenticator::Authenticator(std::shared_ptr<models::Store> store, SigningKey signingKey)
    : m_key(std::move(signingKey))
    , m_cache(std::make_shared<AuthCache>(std::move(store)))
{}

Authenticator::~Authenticator() = default;

std::variant<Caller, GatewayError> Authenticator::identify(QByteArrayView token, qint64 nowSecs) const
{
    const auto invalid = GatewayError::invalidCredentials(
        QStringLiteral("Access failure for API: invalid, expired or revoked access token. "
                       "Make sure you have provided the correct security credentials."));
    Caller caller;
    std::optional<models::IssuedToken> record;
    std::optional<models::KeySet> keys;
    if (token.count('.') == 2) {
        // The RSA check is most of a call's cost; a token seen before only has its times checked again.
        const auto known = m_cache->jwtClaims(token);
        const auto verification =
            known ? Jwt::checkTimes(*known, nowSecs)
                  : Jwt::verify(
                        token,
                        [this](const QString &kid) -> std::optional<SigningKey> {
                            return kid == m_key.kid() ? std::optional<SigningKey>(m_key) : std::nullopt;
                        },
                        nowSecs);
        if (!known && verification.ok()) {
            QJsonObject used; // what this function and Jwt::checkTimes() read, so an entry stays small
            for (const auto name : {u"jti", u"azp", u"keytype", u"exp", u"nbf", u"iat"}) {
                if (const auto value = verification.claims.value(name); !value.isUndefined())
                    used.insert(name, value);
            }
            m_cache->rememberJwt(token, used);
        }
        if (!verification.ok()) {
            qCInfo(lcAuthn) << "JWT refused:" << Jwt::failureName(*verification.failure)
                            << verification.detail;
            if (verification.failure == Jwt::Failure::Expired)
                return GatewayError::invalidCredentials(QStringLiteral("Access token expired."));
            return invalid;
        }
        const auto &claims = verification.claims;
        record = m_cache->token(claims.value(QStringLiteral("jti")).toString());
        keys = m_cache->keySetByConsumerKey(claims.value(QStringLiteral("azp")).toString());
        // The token must be one we issued for exactly these keys.
        if (!record || !keys || record->keySetId != keys->id ||
            claims.value(QStringLiteral("keytype")).toString() != models::KeySet::keyTypeName(keys->keyType))
            return invalid;
    } else {
        if (token.isEmpty() || token.size() > 512)
            return invalid;
        record = m_cache->tokenByHash(Secrets::tokenHash(token).toLatin1());
        if (!record)
            return invalid;
        keys = m_cache->keySet(record->keySetId);
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

    const auto app = m_cache->application(caller.applicationId);
    if (!app)
        return GatewayError::invalidCredentials(
            QStringLiteral("The application of this token no longer exists."));
    caller.quota = m_cache->quota(app->quota).value_or(models::ApplicationQuota{});
    if (route.state == models::LifecycleState::Prototyped)
        return caller; // prototypes are tried without subscribing

    const auto sub = m_cache->subscriptionFor(caller.applicationId, route.apiId);
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
    const auto plan = m_cache->plan(sub->plan);
    if (!plan)
        return GatewayError::notSubscribed();
    caller.subscriptionId = sub->id;
    caller.plan = *plan;
    return caller;
}

} // namespace sd::gateway
