#pragma once

#include "gateway/server/httpreply.h"

namespace sd::gateway {

class TokenService;

/// The OAuth2 endpoints: `POST /oauth2/token` (client_credentials, RFC 6749), `POST /oauth2/revoke`
/// (RFC 7009) and `GET /oauth2/jwks`.
class TokenEndpoint final
{
    Q_DISABLE_COPY_MOVE(TokenEndpoint)

public:
    explicit TokenEndpoint(TokenService *tokens);

    /// `request.path` is the full path, starting with /oauth2/.
    HttpReply handle(const ApiRequest &request) const;

private:
    HttpReply token(const ApiRequest &request) const;
    HttpReply revoke(const ApiRequest &request) const;

    TokenService *m_tokens;
};

} // namespace sd::gateway
