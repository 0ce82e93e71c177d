#pragma once

#include "models/result.h"
#include "models/store.h"
#include "models/user.h"

#include <QSqlDatabase>
#include <optional>

namespace sd::models {

/// Console users and their password hashes.
class UserQueries final
{
public:
    explicit UserQueries(const QSqlDatabase &db);

    QList<User> users() const;
    std::optional<UserRecord> user(const QString &name) const;
    Status insertUser(const User &user, const QString &passwordHash) const;
    Status updateUser(const User &user, const QString &passwordHash) const;
    Status deleteUser(const QString &name) const;

private:
    QSqlDatabase m_db;
};

} // namespace sd::models
