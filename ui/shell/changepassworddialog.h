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

/// Changes the signed-in user's password after checking the current one, off the GUI thread.
class ChangePasswordDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangePasswordDialog)

public:
    ChangePasswordDialog(models::AccountService *accounts, const models::User &user,
                         QWidget *parent = nullptr);

    bool isBusy() const;

private:
    void validate();
    void submit();
    void setBusy(bool busy);

    models::AccountService *m_accounts;
    models::User m_user;
    QLineEdit *m_current;
    QLineEdit *m_new;
    QLineEdit *m_confirm;
    MessageLabel *m_newError;
    MessageLabel *m_confirmError;
    MessageLabel *m_message;
    QProgressBar *m_progress;
    QPushButton *m_change;
};

} // namespace sd::ui
