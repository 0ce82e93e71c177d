#include "models/accountservice.h"

#include "models/passwordhasher.h"
#include "models/validator.h"

namespace sd::models {

namespace {

Error wrongCredentials()
{
    return Error{Error::Kind::Unauthorized, QStringLiteral("Wrong user name or password."), {}};
}

} // namespace

AccountService::AccountService(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{}

Result<User> AccountService::authenticate(const QString &name, const QString &password) const
{
    return passwordCheck(name)(password);
}

std::function<Result<User>(const QString &)> AccountService::passwordCheck(const QString &name) const
{
    return [name, record = m_store->user(name),
            verified = &m_verified](const QString &password) -> Result<User> {
        if (!record) {
            // Spend the same time as a real check so that user names cannot be probed by timing.
            PasswordHasher::verify(password, PasswordHasher::hash(QString()));
            return wrongCredentials();
        }
        if (!verified->verify(name, password, record->passwordHash))
            return wrongCredentials();
        return record->user;
    };
}

bool AccountService::isDefaultCredential(const QString &name, const QString &password)
{
    return name == u"admin" && password == u"admin";
}

std::optional<User> AccountService::user(const QString &name) const
{
    if (auto record = m_store->user(name))
        return record->user;
    return std::nullopt;
}

Result<QList<User>> AccountService::users(const User &actor) const
{
    if (auto s = actor.require(Role::Admin); !s)
        return s.error();
    return m_store->users();
}

Result<User> AccountService::createUser(const User &actor, const QString &name, const QString &password,
                                        Roles roles)
{
    if (auto s = actor.require(Role::Admin); !s)
        return s.error();
    if (auto s = Validator::userName(name); !s)
        return s.error();
    if (auto s = Validator::password(password); !s)
        return s.error();
    if (m_store->user(name))
        return conflictError(QStringLiteral("A user named '%1' already exists.").arg(name));
    const User user{name, roles};
    if (auto s = m_store->insertUser(user, PasswordHasher::hash(password)); !s)
        return s.error();
    Q_EMIT usersChanged();
    return user;
}

Status AccountService::changePassword(const User &actor, const QString &name, const QString &password)
{
    if (actor.name != name) {
        if (auto s = actor.require(Role::Admin); !s)
            return s;
    }
    if (auto s = Validator::password(password); !s)
        return s;
    const auto record = m_store->user(name);
    if (!record)
        return notFoundError(QStringLiteral("User '%1' not found.").arg(name));
    if (auto s = m_store->updateUser(record->user, PasswordHasher::hash(password)); !s)
        return s;
    forget(name);
    Q_EMIT usersChanged();
    return Done{};
}

Result<User> AccountService::setRoles(const User &actor, const QString &name, Roles roles)
{
    if (auto s = actor.require(Role::Admin); !s)
        return s.error();
    const auto record = m_store->user(name);
    if (!record)
        return notFoundError(QStringLiteral("User '%1' not found.").arg(name));
    if (!roles.testFlag(Role::Admin) && isLastAdmin(name))
        return conflictError(QStringLiteral("'%1' is the last admin; make another admin first.").arg(name));
    const User user{name, roles};
    if (auto s = m_store->updateUser(user, record->passwordHash); !s)
        return s.error();
    forget(name);
    Q_EMIT usersChanged();
    return user;
}

Status AccountService::deleteUser(const User &actor, const QString &name)
{
    if (auto s = actor.require(Role::Admin); !s)
        return s;
    if (!m_store->user(name))
        return notFoundError(QStringLiteral("User '%1' not found.").arg(name));
    if (isLastAdmin(name))
        return conflictError(QStringLiteral("'%1' is the last admin and cannot be deleted.").arg(name));
    if (auto s = m_store->deleteUser(name); !s)
        return s;
    forget(name);
    Q_EMIT usersChanged();
    return Done{};
}

bool AccountService::isLastAdmin(const QString &name) const
{
    int admins = 0;
    bool isAdmin = false;
    for (const auto &u : m_store->users()) {
        if (u.isAdmin()) {
            ++admins;
            isAdmin = isAdmin || u.name == name;
        }
    }
    return isAdmin && admins == 1;
}

void AccountService::forget(const QString &name) const
{
    m_verified.forget(name);
}

} // namespace sd::models
