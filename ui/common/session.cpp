#include "ui/common/session.h"

namespace sd::ui {

Session::Session(QObject *parent)
    : QObject(parent)
{}

void Session::signIn(const models::User &user)
{
    m_user = user;
    Q_EMIT changed();
}

void Session::signOut()
{
    if (!isSignedIn())
        return;
    m_user = {};
    Q_EMIT changed();
}

} // namespace sd::ui
