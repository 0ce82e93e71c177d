#include "gateway/client/streamrequest.h"

namespace sd::gateway {

void StreamRequest::setBearerToken(const QString &token)
{
    const QByteArray value = "Bearer " + token.toUtf8();
    for (auto &[name, existing] : headers) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0) {
            existing = value;
            return;
        }
    }
    headers.append({QByteArrayLiteral("Authorization"), value});
}

QByteArray StreamRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace sd::gateway
