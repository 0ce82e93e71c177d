#pragma once

#include "models/user.h"

#include <QDialog>

class QLineEdit;
class QProgressBar;
class QPushButton;

namespace sd::models {
class AccountService;
}

namespace sd::ui {

class MessageLabel;

/// Asks for a user name and password and checks them off the GUI thread (the hash is slow by design).
class SignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)

public:
    explicit SignInDialog(models::AccountService *accounts, QWidget *parent = nullptr);

    bool isBusy() const;

Q_SIGNALS:
    /// Emitted before the dialog closes; `defaultCredential` is true for the first start's admin/admin.
    void signedIn(const sd::models::User &user, bool defaultCredential);

private:
    void submit();
    void setBusy(bool busy);
    void updateButton();

    models::AccountService *m_accounts;
    QLineEdit *m_userName;
    QLineEdit *m_password;
    MessageLabel *m_message;
    QProgressBar *m_progress;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
};

} // namespace sd::ui
