#include "models/userqueries.h"

#include "models/storequery.h"

namespace sd::models {

UserQueries::UserQueries(const QSqlDatabase &db)
    : m_db(db)
{}

QList<User> UserQueries::users() const
{
    return StoreQuery(m_db, QStringLiteral("SELECT name, roles FROM users ORDER BY name"))
        .all<User>([](const StoreQuery &q) {
            return User{q.value(0).toString(), Roles(q.value(1).toInt())};
        });
}

std::optional<UserRecord> UserQueries::user(const QString &name) const
{
    return StoreQuery(m_db, QStringLiteral("SELECT name, roles, password_hash FROM users WHERE name = ?"),
                      {name})
        .first<UserRecord>([](const StoreQuery &q) {
            return UserRecord{User{q.value(0).toString(), Roles(q.value(1).toInt())}, q.value(2).toString()};
        });
}

Status UserQueries::insertUser(const User &user, const QString &passwordHash) const
{
    return StoreQuery(m_db, QStringLiteral("INSERT INTO users VALUES(?, ?, ?)"),
                      {user.name, passwordHash, int(user.roles)})
        .status();
}

Status UserQueries::updateUser(const User &user, const QString &passwordHash) const
{
    return StoreQuery(m_db, QStringLiteral("UPDATE users SET roles = ?, password_hash = ? WHERE name = ?"),
                      {int(user.roles), passwordHash, user.name})
        .affectedOne(QStringLiteral("User"));
}

Status UserQueries::deleteUser(const QString &name) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM users WHERE name = ?"), {name})
        .affectedOne(QStringLiteral("User"));
}

} // namespace sd::models
