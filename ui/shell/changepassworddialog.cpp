#include "ui/shell/changepassworddialog.h"

#include "models/accountservice.h"
#include "models/validator.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/messagelabel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

MessageLabel *errorLabel(const QString &objectName, QWidget *parent)
{
    return new MessageLabel(objectName, MessageLabel::Kind::Error, parent);
}

QLineEdit *passwordField(const QString &objectName, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setEchoMode(QLineEdit::Password);
    return field;
}

} // namespace

ChangePasswordDialog::ChangePasswordDialog(models::AccountService *accounts, const models::User &user,
                                           QWidget *parent)
    : QDialog(parent)
    , m_accounts(accounts)
    , m_user(user)
    , m_current(passwordField(QStringLiteral("currentPassword"), this))
    , m_new(passwordField(QStringLiteral("newPassword"), this))
    , m_confirm(passwordField(QStringLiteral("confirmPassword"), this))
    , m_newError(errorLabel(QStringLiteral("newPasswordError"), this))
    , m_confirmError(errorLabel(QStringLiteral("confirmPasswordError"), this))
    , m_message(errorLabel(QStringLiteral("changePasswordMessage"), this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("changePasswordDialog"));
    setWindowTitle(tr("Change Password"));
    setAccessibleName(windowTitle());
    setModal(true);

    auto *intro = new QLabel(tr("Change the password of <b>%1</b>.").arg(user.name.toHtmlEscaped()), this);
    auto *form = new QFormLayout;
    form->addRow(tr("&Current password:"), m_current);
    form->addRow(tr("&New password:"), m_new);
    form->addRow(QString(), m_newError);
    form->addRow(tr("C&onfirm new password:"), m_confirm);
    form->addRow(QString(), m_confirmError);

    m_progress->setObjectName(QStringLiteral("changePasswordProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Changing the password"));
    m_progress->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_change = buttons->addButton(tr("C&hange Password"), QDialogButtonBox::AcceptRole);
    m_change->setObjectName(QStringLiteral("changePasswordButton"));
    m_change->setDefault(true);
    auto *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelChangePasswordButton"));
    connect(m_change, &QPushButton::clicked, this, &ChangePasswordDialog::submit);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    for (auto *field : {m_current, m_new, m_confirm})
        connect(field, &QLineEdit::textChanged, this, &ChangePasswordDialog::validate);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_progress);
    layout->addWidget(buttons);
    setTabOrder(m_current, m_new);
    setTabOrder(m_new, m_confirm);
    setTabOrder(m_confirm, m_change);
    setTabOrder(m_change, cancel);
    m_current->setFocus();
    validate();
    setMinimumWidth(440);
}

bool ChangePasswordDialog::isBusy() const
{
    return m_progress->isVisible();
}

void ChangePasswordDialog::validate()
{
    const auto newStatus = models::Validator::password(m_new->text());
    const auto confirmStatus = models::Validator::passwordConfirmation(m_new->text(), m_confirm->text());
    m_newError->showMessage(m_new->text().isEmpty() || newStatus ? QString() : newStatus.error().message);
    m_confirmError->showMessage(m_confirm->text().isEmpty() || confirmStatus ? QString()
                                                                             : confirmStatus.error().message);
    m_change->setEnabled(!isBusy() && !m_current->text().isEmpty() && newStatus && confirmStatus);
}

void ChangePasswordDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    for (auto *field : {m_current, m_new, m_confirm})
        field->setEnabled(!busy);
    validate();
}

void ChangePasswordDialog::submit()
{
    if (!m_change->isEnabled())
        return;
    m_message->showMessage(QString());
    setBusy(true);
    auto *accounts = m_accounts;
    runInBackground([accounts, user = m_user, current = m_current->text(), next = m_new->text()] {
        if (!accounts->authenticate(user.name, current))
            return models::Status(models::Error{models::Error::Kind::Unauthorized,
                                                tr("The current password is wrong. Type it again."),
                                                QStringLiteral("current")});
        return accounts->changePassword(user, user.name, next);
    }).then(this, [this](const models::Status &status) {
        setBusy(false);
        if (!status) {
            m_message->showMessage(status.error().message);
            if (status.error().field == u"current") {
                m_current->clear();
                m_current->setFocus();
            }
            return;
        }
        accept();
    });
}

} // namespace sd::ui
