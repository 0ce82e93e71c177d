#include "ui/shell/signindialog.h"

#include "models/accountservice.h"
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

struct SignInResult
{
    models::Result<models::User> user;
    bool defaultCredential = false;
};

} // namespace

SignInDialog::SignInDialog(models::AccountService *accounts, QWidget *parent)
    : QDialog(parent)
    , m_accounts(accounts)
    , m_userName(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new MessageLabel(QStringLiteral("signInMessage"), MessageLabel::Kind::Error, this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in to StreamDesk"));
    setAccessibleName(windowTitle());
    setModal(true);

    auto *intro = new QLabel(tr("Sign in with your StreamDesk user name and password. On the first start "
                                "the administrator is <b>admin</b> with the password <b>admin</b>."),
                             this);
    intro->setWordWrap(true);

    m_userName->setObjectName(QStringLiteral("userName"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    auto *form = new QFormLayout;
    form->addRow(tr("&User name:"), m_userName);
    form->addRow(tr("&Password:"), m_password);

    m_progress->setObjectName(QStringLiteral("signInProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Checking the password"));
    m_progress->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_signIn = buttons->addButton(tr("&Sign In"), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelSignInButton"));
    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_userName, &QLineEdit::textChanged, this, &SignInDialog::updateButton);
    connect(m_password, &QLineEdit::textChanged, this, &SignInDialog::updateButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_progress);
    layout->addWidget(buttons);
    setTabOrder(m_userName, m_password);
    setTabOrder(m_password, m_signIn);
    setTabOrder(m_signIn, m_cancel);
    m_userName->setFocus();
    updateButton();
    setMinimumWidth(420);
}

bool SignInDialog::isBusy() const
{
    return m_progress->isVisible();
}

void SignInDialog::updateButton()
{
    m_signIn->setEnabled(!isBusy() && !m_userName->text().trimmed().isEmpty() &&
                         !m_password->text().isEmpty());
}

void SignInDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_userName->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_signIn->setText(busy ? tr("Signing in...") : tr("&Sign In"));
    updateButton();
}

void SignInDialog::submit()
{
    if (isBusy() || !m_signIn->isEnabled())
        return;
    const auto name = m_userName->text().trimmed();
    const auto password = m_password->text();
    m_message->showMessage(QString());
    setBusy(true);
    auto *accounts = m_accounts;
    runInBackground([accounts, name, password] {
        return SignInResult{accounts->authenticate(name, password),
                            models::AccountService::isDefaultCredential(name, password)};
    }).then(this, [this](const SignInResult &result) {
        setBusy(false);
        if (!result.user) {
            m_message->showMessage(
                tr("Wrong user name or password. Check both (passwords are case-sensitive) "
                   "and try again."));
            m_password->clear();
            m_password->setFocus();
            return;
        }
        Q_EMIT signedIn(result.user.value(), result.defaultCredential);
        accept();
    });
}

} // namespace sd::ui
