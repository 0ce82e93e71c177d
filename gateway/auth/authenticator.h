#pragma once

#include "gateway/auth/signingkey.h"
#include "gateway/http/gatewayerror.h"
#include "gateway/routing/routetable.h"
#include "models/store.h"

#include <memory>
#include <variant>

namespace sd::gateway {

class AuthCache;

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
/// call while its AuthCache is off; an AuthCacheWatcher (gateway/server) turns it on and clears entries on
/// the services' change signals before the changing call returns, so a revoked token is still refused at
/// once. Thread-safe.
class Authenticator final
{
    Q_DISABLE_COPY_MOVE(Authenticator)

public:
    Authenticator(std::shared_ptr<models::Store> store, SigningKey signingKey);
    ~Authenticator();

    /// The cache this authenticator reads, for the AuthCacheWatcher that keeps it current.
    std::shared_ptr<AuthCache> cache() const { return m_cache; }

    std::variant<Caller, GatewayError> authenticate(QByteArrayView authorization, const Route &route,
                                                    qint64 nowSecs) const;

private:
    std::variant<Caller, GatewayError> identify(QByteArrayView token, qint64 nowSecs) const;

    SigningKey m_key;
    std::shared_ptr<AuthCache> m_cache;
};

} // namespace sd::gateway
