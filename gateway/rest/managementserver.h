#pragma once

#include "gateway/http/httpreply.h"
#include "gateway/server/httpendpoint.h"

#include <functional>

namespace sd::gateway {

class CryptoPool;
class ChunkedResponder;
class TokenEndpoint;

/// The management port (HTTPS 9443 by default): the OAuth2 token endpoints under /oauth2/ and the REST API
/// under /api/am/. Reads whole requests (at most maxBodyBytes) and answers each with one HttpReply; the slow
/// crypto of a deferred reply runs on the CryptoPool, and a full pool is answered 503 with Retry-After.
class ManagementServer final : public QObject, public RequestHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagementServer)

public:
    using Handler = std::function<HttpReply(const ApiRequest &)>;
    static constexpr qsizetype maxBodyBytes = 1024 * 1024;
    /// A connection sending more than body and head together is cut off before it is read (413).
    static constexpr qsizetype maxHeadBytes = ConnectionLimits{}.maxRequestBytes;

    /// Without a pool, deferred replies are completed on this thread.
    ManagementServer(TokenEndpoint *tokens, Handler restApi, CryptoPool *crypto = nullptr,
                     QObject *parent = nullptr);

    models::Result<quint16> listen(const QHostAddress &address, quint16 port,
                                   const std::optional<QSslConfiguration> &tls);
    void close();
    quint16 port() const { return m_endpoint.port(); }
    const HttpEndpoint &endpoint() const { return m_endpoint; }

    void handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
    /// The routing alone, without sockets, any deferred work done at once (what the tests of the REST
    /// handlers call).
    HttpReply dispatch(const ApiRequest &request) const;

private:
    HttpReply route(const ApiRequest &request) const;
    /// Answers `reply`, first running its deferred work on the crypto pool (503 when the pool is full).
    void complete(ChunkedResponder *client, HttpReply reply, const ApiRequest &request);
    /// Writes `reply` (after its delay) and lets `client`, a child of this server, go.
    void answer(ChunkedResponder *client, const HttpReply &reply);

    TokenEndpoint *m_tokens;
    Handler m_restApi;
    CryptoPool *m_crypto;
    HttpEndpoint m_endpoint;
};

} // namespace sd::gateway
