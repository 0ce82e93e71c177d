#pragma once

#include "gateway/http/httpreply.h"
#include "models/user.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

namespace sd::gateway {

/// One authenticated REST request as a handler sees it: the caller, the path parameters the route
/// matched (in pattern order), the query, and the body parsed on demand.
class RestCall final
{
public:
    RestCall(const ApiRequest &request, models::User user);

    const ApiRequest &request() const { return *m_request; }
    const models::User &user() const { return m_user; }
    /// The path parameter at `index` of the matched pattern ("apis/{apiId}" has apiId at 0).
    QString param(qsizetype index) const { return m_params.value(index); }
    void setParams(QStringList params) { m_params = std::move(params); }

    /// A decoded query value ('+' read as a space, as in HTML forms); empty when absent.
    QString query(const QString &name) const;
    bool hasQuery(const QString &name) const;
    /// The query value, or a Validation error naming it when absent or empty.
    models::Result<QString> requiredQuery(const QString &name) const;

    /// The body as a JSON object; malformed JSON or another JSON type is a Validation error on `body`.
    /// An empty body is `{}` when `emptyIsObject`, an error otherwise.
    models::Result<QJsonObject> jsonObject(bool emptyIsObject = false) const;
    models::Result<QJsonArray> jsonArray() const;

private:
    models::Result<QJsonValue> json() const;

    const ApiRequest *m_request;
    models::User m_user;
    QStringList m_params;
    QUrlQuery m_query;
};

} // namespace sd::gateway
