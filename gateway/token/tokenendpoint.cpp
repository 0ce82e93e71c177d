#include "gateway/token/tokenendpoint.h"

#include "gateway/token/tokenservice.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace sd::gateway {

namespace {

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

} // namespace

TokenEndpoint::TokenEndpoint(TokenService *tokens)
    : m_tokens(tokens)
{}

HttpReply TokenEndpoint::handle(const ApiRequest &request) const
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

HttpReply TokenEndpoint::token(const ApiRequest &request) const
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
    const auto scope = form->queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded);
    const auto issued = m_tokens->issueForClient(credentials->id, credentials->secret, validity,
                                                 scope.isEmpty() ? QStringLiteral("default") : scope);
    if (!issued) {
        if (issued.error().kind == models::Error::Kind::Unauthorized)
            return oauthError(401, "invalid_client", QStringLiteral("Client authentication failed."));
        return oauthError(400, "invalid_request", issued.error().message);
    }
    auto reply = HttpReply::json(200, QJsonObject{{QStringLiteral("access_token"), issued->accessToken},
                                                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                                  {QStringLiteral("expires_in"), issued->expiresIn},
                                                  {QStringLiteral("scope"), issued->scope}});
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return reply;
}

HttpReply TokenEndpoint::revoke(const ApiRequest &request) const
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
    const auto status = m_tokens->revoke(credentials->id, credentials->secret, token.toUtf8());
    if (!status) {
        if (status.error().kind == models::Error::Kind::Unauthorized)
            return oauthError(401, "invalid_client", QStringLiteral("Client authentication failed."));
        return oauthError(500, "server_error", status.error().message);
    }
    return HttpReply::empty(200);
}

} // namespace sd::gateway
