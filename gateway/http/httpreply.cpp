#include "gateway/http/httpreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sd::gateway {

HttpReply HttpReply::json(int status, const QJsonValue &value)
{
    const auto doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return HttpReply{status, {}, QByteArrayLiteral("application/json"), doc.toJson(QJsonDocument::Compact)};
}

HttpReply HttpReply::error(int status, const QString &message, const QString &description)
{
    return json(status, QJsonObject{{QStringLiteral("code"), status},
                                    {QStringLiteral("message"), message},
                                    {QStringLiteral("description"), description}});
}

HttpReply HttpReply::empty(int status)
{
    return HttpReply{status, {}, {}, {}};
}

} // namespace sd::gateway
