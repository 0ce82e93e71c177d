#pragma once

#include "gateway/auth/cryptolimits.h"
#include "gateway/http/httpreply.h"
#include "gateway/rest/loginthrottle.h"

#include <optional>

namespace sd::models {
struct Error;
struct KeySet;
} // namespace sd::models

namespace sd::gateway {

class TokenService;
struct TokenDraft;

/// The OAuth2 endpoints: `POST /oauth2/token` (client_credentials, RFC 6749), `POST /oauth2/revoke`
/// (RFC 7009) and `GET /oauth2/jwks`. Client authentication (PBKDF2) and signing come back as a deferred
/// HttpReply, for a worker thread. Each failed client authentication locks the consumer key and the
/// client address out for a while (429 with Retry-After); their attempts are not checked meanwhile.
class TokenEndpoint final
{
    Q_DISABLE_COPY_MOVE(TokenEndpoint)

public:
    explicit TokenEndpoint(TokenService *tokens, const CryptoLimits &limits = {});

    /// `request.path` is the full path, starting with /oauth2/.
    HttpReply handle(const ApiRequest &request);
    /// 503 in the OAuth error form, for when the crypto workers are saturated.
    static HttpReply busy(int retryAfterSeconds);

private:
    HttpReply token(const ApiRequest &request);
    HttpReply revoke(const ApiRequest &request);
    /// The lockout answer when the key or the address is still locked out, else nothing.
    std::optional<HttpReply> lockedOut(const QString &consumerKey, const QString &address) const;
    /// Records a failed client authentication and gives its answer.
    HttpReply authenticationFailed(const QString &consumerKey, const QString &address);
    HttpReply issued(bool authenticated, const TokenDraft &draft, const QString &consumerKey,
                     const QString &address);
    HttpReply revoked(bool authenticated, const std::optional<models::KeySet> &keys, const QByteArray &token,
                      const QString &consumerKey, const QString &address);

    TokenService *m_tokens;
    LoginThrottle m_keys;      // consumer keys
    LoginThrottle m_addresses; // client addresses
};

} // namespace sd::gateway
