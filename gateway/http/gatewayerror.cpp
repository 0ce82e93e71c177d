#include "gateway/http/gatewayerror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sd::gateway {

namespace {

GatewayError make(int status, const char *code, const char *message, const QString &description)
{
    GatewayError e;
    e.httpStatus = status;
    e.code = code;
    e.message = QString::fromLatin1(message);
    e.description = description;
    return e;
}

// Throttled answers carry Retry-After and, as REFERENCE.md section 3 says, one event-stream comment line.
GatewayError throttled(const char *code, const QString &description, qint64 retryAfterSeconds)
{
    auto e = make(429, code, "Message throttled out", description);
    e.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfterSeconds)});
    e.contentType = QByteArrayLiteral("text/event-stream");
    e.body =
        QByteArrayLiteral(": request is throttled out by the server, try again at later point of time\n");
    return e;
}

const QByteArray challenge = QByteArrayLiteral("Bearer realm=\"StreamDesk\"");

} // namespace

QByteArray GatewayError::responseBody() const
{
    if (!body.isNull())
        return body;
    QJsonObject o{{QStringLiteral("code"), QString::fromLatin1(code)},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("description"), description}};
    if (code == "404")
        o.insert(QStringLiteral("type"), QStringLiteral("Status report"));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray GatewayError::responseContentType() const
{
    return body.isNull() ? QByteArrayLiteral("application/json") : contentType;
}

GatewayError GatewayError::missingCredentials()
{
    auto e = make(401, "900902", "Missing Credentials",
                  QStringLiteral("Invalid Credentials. Make sure your API invocation call has a header: "
                                 "'Authorization : Bearer ACCESS_TOKEN'"));
    e.headers.append({QByteArrayLiteral("WWW-Authenticate"), challenge});
    return e;
}

GatewayError GatewayError::invalidCredentials(const QString &description)
{
    auto e = make(401, "900901", "Invalid Credentials", description);
    e.headers.append({QByteArrayLiteral("WWW-Authenticate"), challenge + ", error=\"invalid_token\""});
    return e;
}

GatewayError GatewayError::subscriptionBlocked()
{
    return make(401, "900907", "The requested API is temporarily blocked",
                QStringLiteral("The subscription to this API is blocked."));
}

GatewayError GatewayError::notSubscribed()
{
    return make(
        403, "900908", "Resource forbidden",
        QStringLiteral("User is NOT authorized to access the Resource. API Subscription validation failed."));
}

GatewayError GatewayError::subscriptionInactive()
{
    return make(401, "900909", "The subscription to the API is inactive",
                QStringLiteral("The subscription is on hold."));
}

GatewayError GatewayError::apiBlocked()
{
    return make(503, "700700", "API blocked", QStringLiteral("This API has been blocked temporarily."));
}

GatewayError GatewayError::notFound()
{
    return make(404, "404", "Not Found", QStringLiteral("The requested resource is not available."));
}

GatewayError GatewayError::badRequestPath(const QString &description)
{
    return make(400, "400", "Bad Request", description);
}

GatewayError GatewayError::methodNotAllowed()
{
    auto e = make(405, "405", "Method Not Allowed", QStringLiteral("An SSE API is invoked with GET."));
    e.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, OPTIONS")});
    return e;
}

GatewayError GatewayError::quotaExhausted(qint64 retryAfterSeconds)
{
    return throttled("900806", QStringLiteral("The event quota of the plan is used up."), retryAfterSeconds);
}

GatewayError GatewayError::applicationThrottled(qint64 retryAfterSeconds)
{
    return throttled("900802",
                     QStringLiteral("You have exceeded your quota of connection requests per minute."),
                     retryAfterSeconds);
}

GatewayError GatewayError::backendStatus(int backendStatus, const QByteArray &contentType)
{
    auto e = make(
        502, "101506", "Bad Gateway",
        QStringLiteral("The backend answered HTTP %1 with content type '%2' instead of a text/event-stream.")
            .arg(backendStatus)
            .arg(QString::fromLatin1(contentType)));
    return e;
}

GatewayError GatewayError::backendUnavailable(const QString &detail)
{
    auto e = make(503, "101503", "Backend unavailable",
                  QStringLiteral("The backend could not be reached. Try again later."));
    e.detail = detail;
    return e;
}

GatewayError GatewayError::noEndpoint(const QString &keyType)
{
    return make(503, "101503", "Backend unavailable",
                QStringLiteral("The API has no backend for %1 keys.").arg(keyType));
}

GatewayError GatewayError::backendTimeout()
{
    return make(503, "101504", "Backend timeout", QStringLiteral("The backend did not answer in time."));
}

GatewayError GatewayError::tooManyStreams()
{
    return make(503, "101505", "Gateway busy",
                QStringLiteral("The gateway holds its maximum number of streams."));
}

GatewayError GatewayError::streamClosed(const QString &reason)
{
    return make(503, "503", "Service Unavailable", QStringLiteral("The stream was closed: %1").arg(reason));
}

} // namespace sd::gateway
