#pragma once

#include "models/user.h"

#include <QObject>

namespace sd::ui {

/// The signed-in user, shared by every page of the console. Pages read it for each service call and
/// follow changed() to show only what the user's roles allow.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    explicit Session(QObject *parent = nullptr);

    bool isSignedIn() const { return !m_user.name.isEmpty(); }
    const models::User &user() const { return m_user; }
    bool has(models::Role role) const { return isSignedIn() && m_user.has(role); }

    void signIn(const models::User &user);
    void signOut();

Q_SIGNALS:
    /// A user signed in or out.
    void changed();

private:
    models::User m_user;
};

} // namespace sd::ui
