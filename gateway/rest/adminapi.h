#pragma once

#include "gateway/rest/restrouter.h"
#include "gateway/rest/restservices.h"

namespace sd::gateway {

/// User and role management under /api/am/admin/v4: list, create, change password, set roles, delete.
/// Admin only, except that every user may change their own password (the account service decides).
class AdminApi final
{
    Q_DISABLE_COPY_MOVE(AdminApi)

public:
    explicit AdminApi(RestServices services);

    /// `path` is relative to the base path, e.g. "users/sam/password".
    HttpReply handle(const RestCall &call, QStringView path) const;

private:
    HttpReply listUsers(const RestCall &call) const;
    HttpReply createUser(const RestCall &call) const;
    HttpReply getUser(const RestCall &call) const;
    HttpReply deleteUser(const RestCall &call) const;
    HttpReply changePassword(const RestCall &call) const;
    HttpReply setRoles(const RestCall &call) const;

    RestServices m_services;
    RestRouter m_router;
};

} // namespace sd::gateway
