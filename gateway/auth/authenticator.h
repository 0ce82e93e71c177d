#pragma once

#include "gateway/auth/signingkey.h"
#include "gateway/http/gatewayerror.h"
#include "gateway/routing/routetable.h"
#include "models/store.h"

#include <memory>
#include <variant>

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::gateway {

class AuthCache;
class AuthCacheWatcher;
class TokenService;

/// Who is calling, once the token and subscription checks passed.
struct Caller
{
    QString tokenId; // jti
    QString applicationId;
    QString consumerKey;
    models::KeyType keyType = models::KeyType::Production;
    QString subscriptionId; // empty for a prototyped API (no subscription needed)
    models::BusinessPlan plan;
    models::ApplicationQuota quota;
    QDateTime expiresAt;
};

/// Checks a request's bearer token (RS256 JWT or opaque OAuth token) and the caller's subscription to the
/// route's API, in the order and with the error codes of REFERENCE.md section 7. Reads the store on every
/// call until watch() is called; from then on it reads an AuthCache that the services' change signals clear
/// before the changing call returns, so a revoked token is still refused at once. Thread-safe.
class Authenticator final
{
    Q_DISABLE_COPY_MOVE(Authenticator)

public:
    Authenticator(std::shared_ptr<models::Store> store, SigningKey signingKey);
    ~Authenticator();

    /// Starts caching, invalidated by these services' signals (directly, on whatever thread emits them). Pass
    /// all three: the cache does not see the changes of a service it does not watch. Call on the control
    /// thread; the connections' helper object lives there.
    void watch(models::PublisherService *publisher, models::DevPortalService *portal, TokenService *tokens);

    std::variant<Caller, GatewayError> authenticate(QByteArrayView authorization, const Route &route,
                                                    qint64 nowSecs) const;

private:
    std::variant<Caller, GatewayError> identify(QByteArrayView token, qint64 nowSecs) const;

    SigningKey m_key;
    std::shared_ptr<AuthCache> m_cache;
    std::unique_ptr<AuthCacheWatcher> m_watcher;
};

} // namespace sd::gateway
