#pragma once

#include "models/result.h"

#include <QFlags>
#include <QString>
#include <QStringList>

namespace sd::models {

enum class Role { Admin = 0x1, Creator = 0x2, Publisher = 0x4, Subscriber = 0x8 };
Q_DECLARE_FLAGS(Roles, Role)
Q_DECLARE_OPERATORS_FOR_FLAGS(Roles)

/// A signed-in user: the actor every service call is made for.
struct User
{
    QString name;
    Roles roles;

    /// Admin holds every role.
    bool has(Role role) const { return roles.testFlag(Role::Admin) || roles.testFlag(role); }
    bool isAdmin() const { return roles.testFlag(Role::Admin); }
    /// A Forbidden error naming the missing role, unless the user has it.
    Status require(Role role) const;

    static QString roleName(Role role);
    static QStringList roleNames(Roles roles);
    /// Unknown names are reported through ok=false.
    static Roles rolesFromNames(const QStringList &names, bool *ok = nullptr);
};

} // namespace sd::models
