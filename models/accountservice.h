#pragma once

#include "models/store.h"
#include "models/verifiedsecrets.h"

#include <QObject>
#include <functional>
#include <memory>

namespace sd::models {

/// Users, passwords and roles. authenticate() is thread-safe and remembers recent successes so that
/// per-request Basic auth does not pay the slow hash every time.
class AccountService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountService)

public:
    explicit AccountService(std::shared_ptr<Store> store, QObject *parent = nullptr);

    Result<User> authenticate(const QString &name, const QString &password) const;
    /// authenticate() in two halves: the user's record is read now, on the calling thread; the returned check
    /// (the slow hash) may run on any thread while this service exists.
    std::function<Result<User>(const QString &password)> passwordCheck(const QString &name) const;
    /// The first start's admin/admin, which the console asks to change.
    static bool isDefaultCredential(const QString &name, const QString &password);
    std::optional<User> user(const QString &name) const;
    Result<QList<User>> users(const User &actor) const;
    Result<User> createUser(const User &actor, const QString &name, const QString &password, Roles roles);
    /// Admins change anyone's password, others only their own.
    Status changePassword(const User &actor, const QString &name, const QString &password);
    Result<User> setRoles(const User &actor, const QString &name, Roles roles);
    /// The last admin cannot be deleted or lose the admin role.
    Status deleteUser(const User &actor, const QString &name);

Q_SIGNALS:
    void usersChanged();

private:
    bool isLastAdmin(const QString &name) const;
    void forget(const QString &name) const;

    std::shared_ptr<Store> m_store;
    mutable VerifiedSecrets m_verified;
};

} // namespace sd::models
