#include "gateway/rest/restcall.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace sd::gateway {

RestCall::RestCall(const ApiRequest &request, models::User user)
    : m_request(&request)
    , m_user(std::move(user))
{
    // Form-style '+' must become a space before percent-decoding, which QUrlQuery does not do.
    auto encoded = request.url.query(QUrl::FullyEncoded);
    encoded.replace(u'+', QStringLiteral("%20"));
    m_query.setQuery(encoded);
}

QString RestCall::query(const QString &name) const
{
    return m_query.queryItemValue(name, QUrl::FullyDecoded);
}

bool RestCall::hasQuery(const QString &name) const
{
    return m_query.hasQueryItem(name);
}

models::Result<QString> RestCall::requiredQuery(const QString &name) const
{
    const auto value = query(name);
    if (value.isEmpty())
        return models::validationError(name,
                                       QStringLiteral("The query parameter '%1' is required.").arg(name));
    return value;
}

models::Result<QJsonValue> RestCall::json() const
{
    if (m_request->body.trimmed().isEmpty())
        return models::validationError(QStringLiteral("body"), QStringLiteral("A JSON body is required."));
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(m_request->body, &error);
    if (doc.isNull())
        return models::validationError(
            QStringLiteral("body"),
            QStringLiteral("Malformed JSON: %1 at offset %2.").arg(error.errorString()).arg(error.offset));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

models::Result<QJsonObject> RestCall::jsonObject(bool emptyIsObject) const
{
    if (emptyIsObject && m_request->body.trimmed().isEmpty())
        return QJsonObject{};
    const auto value = json();
    if (!value)
        return value.error();
    if (!value->isObject())
        return models::validationError(QStringLiteral("body"),
                                       QStringLiteral("The body must be a JSON object."));
    return value->toObject();
}

models::Result<QJsonArray> RestCall::jsonArray() const
{
    const auto value = json();
    if (!value)
        return value.error();
    if (!value->isArray())
        return models::validationError(QStringLiteral("body"),
                                       QStringLiteral("The body must be a JSON array."));
    return value->toArray();
}

} // namespace sd::gateway
