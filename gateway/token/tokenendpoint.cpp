#include "gateway/token/tokenendpoint.h"

#include "gateway/token/tokenservice.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <algorithm>

namespace sd::gateway {

namespace {

Q_LOGGING_CATEGORY(lcTokenEndpoint, "streamdesk.gateway.tokens")

using Finish = std::function<HttpReply()>;

HttpReply oauthError(int status, const char *error, const QString &description)
{
    auto reply = HttpReply::json(status, QJsonObject{{QStringLiteral("error"), QString::fromLatin1(error)},
                                                     {QStringLiteral("error_description"), description}});
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    if (status == 401)
        reply.headers.append(
            {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"StreamDesk\"")});
    return reply;
}

struct ClientCredentials
{
    QString id;
    QString secret;
};

std::optional<QUrlQuery> formBody(const ApiRequest &request)
{
    const auto type = request.header("Content-Type");
    if (!type.isEmpty() && !type.trimmed().toLower().startsWith("application/x-www-form-urlencoded"))
        return std::nullopt;
    // '+' means space in forms; QUrlQuery leaves it alone.
    auto body = request.body;
    body.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(body));
}

std::optional<ClientCredentials> clientCredentials(const ApiRequest &request, const QUrlQuery &form)
{
    const auto auth = request.header("Authorization").trimmed();
    if (auth.size() > 6 && QByteArrayView(auth).first(6).compare("Basic ", Qt::CaseInsensitive) == 0) {
        const auto decoded =
            QByteArray::fromBase64(auth.sliced(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        const auto colon = decoded.indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        return ClientCredentials{QUrl::fromPercentEncoding(decoded.first(colon)),
                                 QUrl::fromPercentEncoding(decoded.sliced(colon + 1))};
    }
    if (form.hasQueryItem(QStringLiteral("client_id")))
        return ClientCredentials{form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded),
                                 form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded)};
    return std::nullopt;
}

HttpReply withRetryAfter(HttpReply reply, qint64 seconds)
{
    reply.headers.append(
        {QByteArrayLiteral("Retry-After"), QByteArray::number(std::max<qint64>(seconds, 1))});
    return reply;
}

// A failure after the client authenticated: validation problems are the client's to fix; anything else
// (storage, signing) is logged, and the client hears only that it may retry.
HttpReply serverFailure(const models::Error &error)
{
    if (error.kind == models::Error::Kind::Validation)
        return oauthError(400, "invalid_request", error.message);
    qCWarning(lcTokenEndpoint).noquote() << "Token endpoint failed:" << error.message;
    return oauthError(500, "server_error", QStringLiteral("The request could not be completed; try again."));
}

} // namespace

TokenEndpoint::TokenEndpoint(TokenService *tokens, const CryptoLimits &limits)
    : m_tokens(tokens)
    , m_keys(limits.tokenLockoutFirstMs, limits.tokenLockoutMaxMs)
    , m_addresses(limits.tokenLockoutFirstMs, limits.tokenLockoutMaxMs)
{}

HttpReply TokenEndpoint::handle(const ApiRequest &request)
{
    if (request.path == u"/oauth2/jwks") {
        if (request.method != "GET")
            return HttpReply::error(405, QStringLiteral("Method Not Allowed"), QStringLiteral("Use GET."));
        return HttpReply::json(200, m_tokens->jwks());
    }
    if (request.path == u"/oauth2/token" || request.path == u"/oauth2/revoke") {
        if (request.method != "POST")
            return HttpReply::error(405, QStringLiteral("Method Not Allowed"), QStringLiteral("Use POST."));
        return request.path == u"/oauth2/token" ? token(request) : revoke(request);
    }
    return HttpReply::error(404, QStringLiteral("Not Found"), QStringLiteral("No such OAuth2 endpoint."));
}

HttpReply TokenEndpoint::busy(int retryAfterSeconds)
{
    return withRetryAfter(oauthError(503, "temporarily_unavailable",
                                     QStringLiteral("The server is busy checking other credentials; try "
                                                    "again in a moment.")),
                          retryAfterSeconds);
}

HttpReply TokenEndpoint::token(const ApiRequest &request)
{
    const auto form = formBody(request);
    if (!form)
        return oauthError(400, "invalid_request",
                          QStringLiteral("The body must be application/x-www-form-urlencoded."));
    const auto grant = form->queryItemValue(QStringLiteral("grant_type"));
    if (grant.isEmpty())
        return oauthError(400, "invalid_request", QStringLiteral("grant_type is required."));
    const auto credentials = clientCredentials(request, *form);
    if (!credentials)
        return oauthError(
            401, "invalid_client",
            QStringLiteral("Client authentication is required (HTTP Basic with the consumer key and "
                           "secret)."));
    if (grant != u"client_credentials")
        return oauthError(400, "unsupported_grant_type",
                          QStringLiteral("Only the client_credentials grant is supported."));
    qint64 validity = 0;
    if (form->hasQueryItem(QStringLiteral("validity_period"))) {
        bool ok = false;
        validity = form->queryItemValue(QStringLiteral("validity_period")).toLongLong(&ok);
        if (!ok || validity <= 0 || validity > TokenService::maxValiditySeconds)
            return oauthError(400, "invalid_request",
                              QStringLiteral("validity_period must be a number of seconds from 1 to %1.")
                                  .arg(TokenService::maxValiditySeconds));
    }
    if (auto refusal = lockedOut(credentials->id, request.remoteAddress))
        return *refusal;
    const auto scope = form->queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded);
    const auto keys = m_tokens->clientKeys(credentials->id);
    auto draft = keys ? m_tokens->draft(*keys, validity, scope) : TokenDraft{};
    HttpReply reply;
    reply.deferred = [this, tokens = m_tokens, keys, draft = std::move(draft), secret = credentials->secret,
                      id = credentials->id, address = request.remoteAddress]() mutable {
        const bool authenticated = tokens->verifyClientSecret(keys, secret);
        if (authenticated)
            tokens->sign(draft);
        return Finish([this, authenticated, draft = std::move(draft), id, address] {
            return issued(authenticated, draft, id, address);
        });
    };
    return reply;
}

HttpReply TokenEndpoint::issued(bool authenticated, const TokenDraft &draft, const QString &consumerKey,
                                const QString &address)
{
    if (!authenticated)
        return authenticationFailed(consumerKey, address);
    m_keys.succeeded(consumerKey);
    const auto token = m_tokens->commit(draft);
    if (!token)
        return serverFailure(token.error());
    auto reply = HttpReply::json(200, QJsonObject{{QStringLiteral("access_token"), token->accessToken},
                                                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                                  {QStringLiteral("expires_in"), token->expiresIn},
                                                  {QStringLiteral("scope"), token->scope}});
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return reply;
}

HttpReply TokenEndpoint::revoke(const ApiRequest &request)
{
    const auto form = formBody(request);
    if (!form)
        return oauthError(400, "invalid_request",
                          QStringLiteral("The body must be application/x-www-form-urlencoded."));
    const auto credentials = clientCredentials(request, *form);
    if (!credentials)
        return oauthError(401, "invalid_client", QStringLiteral("Client authentication is required."));
    const auto token = form->queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
    if (token.isEmpty())
        return oauthError(400, "invalid_request", QStringLiteral("token is required."));
    if (auto refusal = lockedOut(credentials->id, request.remoteAddress))
        return *refusal;
    HttpReply reply;
    reply.deferred = [this, tokens = m_tokens, keys = m_tokens->clientKeys(credentials->id),
                      secret = credentials->secret, token = token.toUtf8(), id = credentials->id,
                      address = request.remoteAddress] {
        const bool authenticated = tokens->verifyClientSecret(keys, secret);
        return Finish([this, authenticated, keys, token, id, address] {
            return revoked(authenticated, keys, token, id, address);
        });
    };
    return reply;
}

HttpReply TokenEndpoint::revoked(bool authenticated, const std::optional<models::KeySet> &keys,
                                 const QByteArray &token, const QString &consumerKey, const QString &address)
{
    if (!authenticated || !keys)
        return authenticationFailed(consumerKey, address);
    m_keys.succeeded(consumerKey);
    if (const auto status = m_tokens->revokeFor(*keys, token); !status)
        return serverFailure(status.error());
    return HttpReply::empty(200);
}

std::optional<HttpReply> TokenEndpoint::lockedOut(const QString &consumerKey, const QString &address) const
{
    const auto waitMs = std::max(m_keys.retryAfterMs(consumerKey), m_addresses.retryAfterMs(address));
    if (waitMs <= 0)
        return std::nullopt;
    const auto seconds = (waitMs + 999) / 1000;
    qCInfo(lcTokenEndpoint).noquote()
        << "Refused client authentication for" << consumerKey << "from" << address << "- locked out for"
        << waitMs << "ms after failed attempts";
    // RFC 6749 has no throttling error; the client could not be authenticated now, so invalid_client, with
    // 429 and Retry-After (RFC 6585) so that clients back off instead of retrying at once.
    return withRetryAfter(oauthError(429, "invalid_client",
                                     QStringLiteral("Too many failed client authentications; try again "
                                                    "in %1 s.")
                                         .arg(seconds)),
                          seconds);
}

HttpReply TokenEndpoint::authenticationFailed(const QString &consumerKey, const QString &address)
{
    const auto keyMs = m_keys.failed(consumerKey);
    const auto addressMs = m_addresses.failed(address);
    qCInfo(lcTokenEndpoint).noquote()
        << "Failed client authentication for" << consumerKey << "from" << address << "- both locked out for"
        << std::max(keyMs, addressMs) << "ms";
    return oauthError(401, "invalid_client", QStringLiteral("Client authentication failed."));
}

} // namespace sd::gateway
