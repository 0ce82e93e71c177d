#pragma once

#include "gateway/server/httpendpoint.h"
#include "gateway/server/httpreply.h"

#include <functional>

namespace sd::gateway {

class TokenEndpoint;

/// The management port (HTTPS 9443 by default): the OAuth2 token endpoints under /oauth2/ and the REST API
/// under /api/am/. Reads whole requests (at most maxBodyBytes) and answers each with one HttpReply.
class ManagementServer final : public QObject, public RequestHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagementServer)

public:
    using Handler = std::function<HttpReply(const ApiRequest &)>;
    static constexpr qsizetype maxBodyBytes = 1024 * 1024;
    /// A connection sending more than body and head together is cut off before it is read (413).
    static constexpr qsizetype maxHeadBytes = ConnectionLimits{}.maxRequestBytes;

    ManagementServer(TokenEndpoint *tokens, Handler restApi, QObject *parent = nullptr);

    models::Result<quint16> listen(const QHostAddress &address, quint16 port,
                                   const std::optional<QSslConfiguration> &tls);
    void close();
    quint16 port() const { return m_endpoint.port(); }

    void handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
    /// The routing alone, without sockets (also what the tests of the REST handlers call).
    HttpReply dispatch(const ApiRequest &request) const;

private:
    TokenEndpoint *m_tokens;
    Handler m_restApi;
    HttpEndpoint m_endpoint;
};

} // namespace sd::gateway
