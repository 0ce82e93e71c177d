#include "gateway/rest/restreply.h"

#include <QJsonObject>
#include <QLoggingCategory>

namespace sd::gateway {

namespace {

Q_LOGGING_CATEGORY(lcRestReply, "streamdesk.gateway.rest")

int statusOf(models::Error::Kind kind)
{
    using Kind = models::Error::Kind;
    switch (kind) {
    case Kind::Validation:
        return 400;
    case Kind::Unauthorized:
        return 401;
    case Kind::Forbidden:
        return 403;
    case Kind::NotFound:
        return 404;
    case Kind::Conflict:
        return 409;
    case Kind::Storage:
        break;
    }
    return 500;
}

} // namespace

QString RestReply::reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 409:
        return QStringLiteral("Conflict");
    case 413:
        return QStringLiteral("Payload Too Large");
    case 503:
        return QStringLiteral("Service Unavailable");
    default:
        return QStringLiteral("Internal Server Error");
    }
}

HttpReply RestReply::error(const models::Error &error, const FieldNames &fieldNames)
{
    const int status = statusOf(error.kind);
    if (status == 401)
        return unauthorized(error.message);
    if (status == 500) {
        // Storage messages name files and carry SQLite's texts: they go to the log, not to the client.
        qCWarning(lcRestReply).noquote() << "REST request failed:" << error.message;
        return HttpReply::error(500, reasonPhrase(500),
                                QStringLiteral("The server could not complete the request. Try again; if it "
                                               "keeps failing, the StreamDesk log has the cause."));
    }
    if (status != 400 || error.field.isEmpty())
        return HttpReply::error(status, reasonPhrase(status), error.message);
    const auto field = fieldNames.value(error.field, error.field);
    return HttpReply::json(
        400, QJsonObject{{QStringLiteral("code"), 400},
                         {QStringLiteral("message"), reasonPhrase(400)},
                         {QStringLiteral("description"),
                          QStringLiteral("Invalid value for '%1': %2").arg(field, error.message)},
                         {QStringLiteral("field"), field}});
}

HttpReply RestReply::unauthorized(const QString &description)
{
    auto reply = HttpReply::error(401, reasonPhrase(401), description);
    reply.headers.append(
        {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"StreamDesk\"")});
    return reply;
}

HttpReply RestReply::notFound()
{
    return HttpReply::error(404, reasonPhrase(404),
                            QStringLiteral("The requested resource is not available."));
}

HttpReply RestReply::busy(int retryAfterSeconds)
{
    auto reply = HttpReply::error(503, reasonPhrase(503),
                                  QStringLiteral("The server is busy checking other sign-ins; try again in a "
                                                 "moment."));
    reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfterSeconds)});
    return reply;
}

HttpReply RestReply::methodNotAllowed(const QByteArrayList &allowed)
{
    const auto allow = allowed.join(", ");
    auto reply = HttpReply::error(
        405, reasonPhrase(405), QStringLiteral("This resource supports %1.").arg(QString::fromLatin1(allow)));
    reply.headers.append({QByteArrayLiteral("Allow"), allow});
    return reply;
}

HttpReply RestReply::list(const QJsonArray &items)
{
    return HttpReply::json(
        200, QJsonObject{{QStringLiteral("count"), items.size()}, {QStringLiteral("list"), items}});
}

} // namespace sd::gateway
