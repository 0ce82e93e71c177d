#include "gateway/rest/adminapi.h"

#include "gateway/rest/jsonmapping.h"
#include "gateway/rest/restreply.h"

namespace sd::gateway {

namespace {

models::Result<models::Roles> rolesOf(const QJsonObject &json)
{
    const auto names = JsonMapping::stringList(json, QStringLiteral("roles"), {});
    if (!names)
        return names.error();
    bool ok = false;
    const auto roles = models::User::rolesFromNames(names.value(), &ok);
    if (!ok)
        return models::validationError(
            QStringLiteral("roles"),
            QStringLiteral("Unknown role in %1; the roles are admin, creator, publisher "
                           "and subscriber.")
                .arg(names->join(QStringLiteral(", "))));
    return roles;
}

} // namespace

AdminApi::AdminApi(RestServices services)
    : m_services(std::move(services))
{
    const auto route = [this](const char *method, const QString &pattern, auto member) {
        m_router.add(QByteArray(method), pattern,
                     [this, member](const RestCall &call) { return (this->*member)(call); });
    };
    route("GET", QStringLiteral("users"), &AdminApi::listUsers);
    route("POST", QStringLiteral("users"), &AdminApi::createUser);
    route("GET", QStringLiteral("users/{name}"), &AdminApi::getUser);
    route("DELETE", QStringLiteral("users/{name}"), &AdminApi::deleteUser);
    route("PUT", QStringLiteral("users/{name}/password"), &AdminApi::changePassword);
    route("PUT", QStringLiteral("users/{name}/roles"), &AdminApi::setRoles);
}

HttpReply AdminApi::handle(const RestCall &call, QStringView path) const
{
    return m_router.route(call, path);
}

HttpReply AdminApi::listUsers(const RestCall &call) const
{
    const auto users = m_services.accounts->users(call.user());
    if (!users)
        return RestReply::error(users.error());
    QJsonArray list;
    for (const auto &user : users.value())
        list.append(JsonMapping::user(user));
    return RestReply::list(list);
}

HttpReply AdminApi::createUser(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto name = JsonMapping::string(body.value(), QStringLiteral("name"), {});
    if (!name)
        return RestReply::error(name.error());
    const auto password = JsonMapping::string(body.value(), QStringLiteral("password"), {});
    if (!password)
        return RestReply::error(password.error());
    const auto roles = rolesOf(body.value());
    if (!roles)
        return RestReply::error(roles.error());
    const auto user =
        m_services.accounts->createUser(call.user(), name.value(), password.value(), roles.value());
    if (!user)
        return RestReply::error(user.error());
    auto reply = HttpReply::json(201, JsonMapping::user(user.value()));
    reply.headers.append({QByteArrayLiteral("Location"), "/api/am/admin/v4/users/" + user->name.toUtf8()});
    return reply;
}

HttpReply AdminApi::getUser(const RestCall &call) const
{
    const auto users = m_services.accounts->users(call.user());
    if (!users)
        return RestReply::error(users.error());
    for (const auto &user : users.value()) {
        if (user.name == call.param(0))
            return HttpReply::json(200, JsonMapping::user(user));
    }
    return RestReply::notFound();
}

HttpReply AdminApi::deleteUser(const RestCall &call) const
{
    if (const auto s = m_services.accounts->deleteUser(call.user(), call.param(0)); !s)
        return RestReply::error(s.error());
    return HttpReply::empty(200);
}

HttpReply AdminApi::changePassword(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    const auto password = JsonMapping::string(body.value(), QStringLiteral("password"), {});
    if (!password)
        return RestReply::error(password.error());
    if (const auto s = m_services.accounts->changePassword(call.user(), call.param(0), password.value()); !s)
        return RestReply::error(s.error());
    return HttpReply::empty(204);
}

HttpReply AdminApi::setRoles(const RestCall &call) const
{
    const auto body = call.jsonObject();
    if (!body)
        return RestReply::error(body.error());
    if (!body->contains(QStringLiteral("roles")))
        return RestReply::error(
            models::validationError(QStringLiteral("roles"), QStringLiteral("'roles' is required.")));
    const auto roles = rolesOf(body.value());
    if (!roles)
        return RestReply::error(roles.error());
    const auto user = m_services.accounts->setRoles(call.user(), call.param(0), roles.value());
    if (!user)
        return RestReply::error(user.error());
    return HttpReply::json(200, JsonMapping::user(user.value()));
}

} // namespace sd::gateway
