#include "gateway/server/corspolicy.h"

namespace sd::gateway {

CorsPolicy::CorsPolicy(QStringList origins)
    : m_origins(std::move(origins))
    , m_any(m_origins.contains(QStringLiteral("*")))
{}

HeaderList CorsPolicy::headersFor(QByteArrayView origin) const
{
    if (origin.isEmpty())
        return {};
    QByteArray allowed;
    if (m_any)
        allowed = "*";
    else if (m_origins.contains(QString::fromUtf8(origin)))
        allowed = origin.toByteArray();
    if (allowed.isEmpty())
        return {};
    HeaderList headers{{QByteArrayLiteral("Access-Control-Allow-Origin"), allowed},
                       {QByteArrayLiteral("Access-Control-Expose-Headers"),
                        QByteArrayLiteral("Retry-After, X-Quota-Remaining, WWW-Authenticate")}};
    if (allowed != "*")
        headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    return headers;
}

HeaderList CorsPolicy::preflight(const HeaderList &cors)
{
    auto headers = cors;
    if (!cors.isEmpty()) {
        headers.append(
            {QByteArrayLiteral("Access-Control-Allow-Methods"), QByteArrayLiteral("GET, OPTIONS")});
        headers.append(
            {QByteArrayLiteral("Access-Control-Allow-Headers"),
             QByteArrayLiteral("Authorization, Last-Event-ID, Cache-Control, Accept, Content-Type")});
        headers.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600")});
    }
    headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, OPTIONS")});
    return headers;
}

} // namespace sd::gateway
