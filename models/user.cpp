#include "models/user.h"

#include <array>
#include <utility>

namespace sd::models {

namespace {
constexpr std::array roleTable{std::pair{Role::Admin, u"admin"}, std::pair{Role::Creator, u"creator"},
                               std::pair{Role::Publisher, u"publisher"},
                               std::pair{Role::Subscriber, u"subscriber"}};
}

QString User::roleName(Role role)
{
    for (const auto &[r, name] : roleTable) {
        if (r == role)
            return QString::fromUtf16(name);
    }
    return {};
}

QStringList User::roleNames(Roles roles)
{
    QStringList names;
    for (const auto &[r, name] : roleTable) {
        if (roles.testFlag(r))
            names << QString::fromUtf16(name);
    }
    return names;
}

Status User::require(Role role) const
{
    if (has(role))
        return Done{};
    return forbiddenError(
        QStringLiteral("The user '%1' does not have the %2 role.").arg(name, roleName(role)));
}

Roles User::rolesFromNames(const QStringList &names, bool *ok)
{
    Roles roles;
    bool allKnown = true;
    for (const auto &name : names) {
        bool found = false;
        for (const auto &[r, n] : roleTable) {
            if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0) {
                roles |= r;
                found = true;
            }
        }
        allKnown = allKnown && found;
    }
    if (ok)
        *ok = allKnown;
    return roles;
}

} // namespace sd::models
