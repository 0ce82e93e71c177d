#include "ui/devportal/wizardcopypage.h"

#include "ui/devportal/subscriptionwizardflow.h"
#include "ui/keychain/secretstore.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

WizardCopyPage::WizardCopyPage(const PortalContext &context,
                               const std::shared_ptr<SubscriptionWizardFlow> &flow, QWidget *parent)
    : WizardStepPage(context, flow, 5, tr("Copy the access token"),
                     tr("Call the API with this token in the Authorization header, or open the stream "
                        "right here in the Stream Viewer."),
                     parent)
    , m_token(new QLineEdit(this))
    , m_showToken(new QCheckBox(tr("&Show"), this))
    , m_copyToken(new QPushButton(tr("&Copy"), this))
    , m_tokenNote(new QLabel(this))
    , m_curl(new QPlainTextEdit(this))
    , m_copyCurl(new QPushButton(tr("Cop&y curl"), this))
{
    setObjectName(QStringLiteral("wizardCopyPage"));
    m_token->setObjectName(QStringLiteral("accessToken"));
    m_token->setReadOnly(true);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Access token"));
    m_showToken->setObjectName(QStringLiteral("showAccessToken"));
    m_showToken->setAccessibleName(tr("Show the access token"));
    m_copyToken->setObjectName(QStringLiteral("copyAccessToken"));
    m_copyToken->setAccessibleName(tr("Copy the access token"));
    m_copyToken->setAutoDefault(false);
    m_tokenNote->setObjectName(QStringLiteral("accessTokenNote"));
    m_tokenNote->setWordWrap(true);
    m_curl->setObjectName(QStringLiteral("curlCommand"));
    m_curl->setReadOnly(true);
    m_curl->setTabChangesFocus(true);
    m_curl->setAccessibleName(tr("curl command"));
    m_curl->setFixedHeight(m_curl->fontMetrics().lineSpacing() * 8 + 12);
    m_copyCurl->setObjectName(QStringLiteral("copyCurlCommand"));
    m_copyCurl->setAccessibleName(tr("Copy the curl command"));
    m_copyCurl->setAutoDefault(false);

    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    tokenRow->addWidget(m_copyToken);
    auto *curlRow = new QHBoxLayout;
    curlRow->addWidget(m_curl, 1);
    curlRow->addWidget(m_copyCurl, 0, Qt::AlignTop);
    auto *form = new QFormLayout;
    form->addRow(tr("&Access token:"), tokenRow);
    form->addRow(QString(), m_tokenNote);
    form->addRow(tr("c&url command:"), curlRow);
    qobject_cast<QLabel *>(form->labelForField(tokenRow))->setBuddy(m_token);
    qobject_cast<QLabel *>(form->labelForField(curlRow))->setBuddy(m_curl);
    body()->addLayout(form);
    setTabOrder(m_token, m_showToken);
    setTabOrder(m_showToken, m_copyToken);
    setTabOrder(m_copyToken, m_curl);
    setTabOrder(m_curl, m_copyCurl);

    connect(m_showToken, &QCheckBox::toggled, this, &WizardCopyPage::showToken);
    connect(m_copyToken, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(this->flow().issuedToken()->token.accessToken);
        showNote(tr("The access token is on the clipboard."));
    });
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(curlCommand(this->flow().issuedToken()->token.accessToken));
        showNote(tr("The curl command, with the token, is on the clipboard."));
    });
}

QUrl WizardCopyPage::invocationUrl() const
{
    const auto &api = flow().api();
    return context().invocationUrl(api, context().suggestedPath(api));
}

QString WizardCopyPage::curlCommand(const QString &token) const
{
    return context().curlCommand(invocationUrl(), token);
}

void WizardCopyPage::initializePage()
{
    const auto issued = *flow().issuedToken();
    m_token->setText(issued.token.accessToken);
    m_showToken->setChecked(false);
    showToken(false);
    const auto expiry = QLocale().toString(QDateTime::currentDateTime().addSecs(issued.token.expiresIn),
                                           QLocale::ShortFormat);
    const auto typeName = models::KeySet::keyTypeName(issued.keys.keyType);
    const bool saved = flow().keychainEntries().contains(SecretStore::accessTokenKey(issued.keys.id));
    const bool sessionOnly = context().secrets && !context().secrets->isPersistent();
    const auto where = !saved ? tr("It could not be saved in the keychain: copy it now.")
                       : sessionOnly
                           ? tr("No keychain service is running: it is kept for this session only.")
                           : tr("It is kept in your system's keychain with the %1 keys.").arg(typeName);
    m_tokenNote->setText(tr("A %1 token, valid until %2. %3").arg(typeName, expiry, where));
}

QWidget *WizardCopyPage::initialFocus() const
{
    return m_copyToken;
}

void WizardCopyPage::showToken(bool show)
{
    m_token->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    const auto &token = flow().issuedToken()->token.accessToken;
    // The command shows the token only while the token field does; Copy always copies the real one.
    m_curl->setPlainText(curlCommand(show ? token : QString(12, QChar(0x2022))));
}

bool WizardCopyPage::start()
{
    return true;
}

} // namespace sd::ui
