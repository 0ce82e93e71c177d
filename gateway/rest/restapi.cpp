#include "gateway/rest/restapi.h"

#include "gateway/rest/restreply.h"

#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcRest, "streamdesk.gateway.rest")

namespace {

struct Credentials
{
    QString name;
    QString password;
};

std::optional<Credentials> basicCredentials(const ApiRequest &request)
{
    const auto auth = request.header("Authorization").trimmed();
    if (auth.size() <= 6 || QByteArrayView(auth).first(6).compare("Basic ", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const auto decoded =
        QByteArray::fromBase64Encoding(auth.sliced(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const auto colon = decoded.decoded.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    return Credentials{QString::fromUtf8(decoded.decoded.first(colon)),
                       QString::fromUtf8(decoded.decoded.sliced(colon + 1))};
}

/// The rest of `path` after `base` and a '/', or nothing when `path` is not below `base`.
std::optional<QStringView> below(QStringView path, QStringView base)
{
    if (!path.startsWith(base))
        return std::nullopt;
    const auto rest = path.sliced(base.size());
    if (!rest.isEmpty() && !rest.startsWith(u'/'))
        return std::nullopt;
    return rest;
}

} // namespace

RestApi::RestApi(const RestServices &services)
    : m_services(services)
    , m_publisher(services)
    , m_devPortal(services)
    , m_admin(services)
{}

HttpReply RestApi::handle(const ApiRequest &request)
{
    const auto credentials = basicCredentials(request);
    if (!credentials)
        return RestReply::unauthorized(
            QStringLiteral("Authenticate with HTTP Basic: a StreamDesk user name and password."));
    HttpReply reply;
    reply.deferred = [this, check = m_services.accounts->passwordCheck(credentials->name),
                      password = credentials->password, name = credentials->name, request] {
        auto user = check(password);
        return std::function<HttpReply()>(
            [this, user = std::move(user), name, request] { return answer(request, name, user); });
    };
    return reply;
}

HttpReply RestApi::answer(const ApiRequest &request, const QString &name,
                          const models::Result<models::User> &user)
{
    if (!user) {
        auto reply = RestReply::unauthorized(user.error().message);
        reply.delayMs = m_throttle.failed(request.remoteAddress);
        qCInfo(lcRest).noquote() << "Failed login as" << name << "from" << request.remoteAddress
                                 << "- answering in" << reply.delayMs << "ms";
        return reply;
    }
    m_throttle.succeeded(request.remoteAddress);
    const RestCall call(request, user.value());
    if (const auto path = below(request.path, publisherBase))
        return m_publisher.handle(call, *path);
    if (const auto path = below(request.path, devPortalBase))
        return m_devPortal.handle(call, *path);
    if (const auto path = below(request.path, adminBase))
        return m_admin.handle(call, *path);
    return RestReply::notFound();
}

} // namespace sd::gateway
