#include "ui/devportal/wizardtokenpage.h"

#include "ui/devportal/subscriptionwizardflow.h"
#include "ui/keychain/secretstore.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sd::ui {

WizardTokenPage::WizardTokenPage(const PortalContext &context,
                                 const std::shared_ptr<SubscriptionWizardFlow> &flow, QWidget *parent)
    : WizardStepPage(context, flow, 4, tr("Generate an access token"),
                     tr("The access token goes in the Authorization header of every call. Next issues it "
                        "and keeps it in your system's keychain; the last step shows it for copying, and "
                        "the wizard undoes nothing after that."),
                     parent)
    , m_consumerKey(new QLineEdit(this))
    , m_consumerSecret(new QLineEdit(this))
    , m_showSecret(new QCheckBox(tr("Sh&ow"), this))
    , m_secretNote(new QLabel(this))
    , m_validity(new QSpinBox(this))
{
    setObjectName(QStringLiteral("wizardTokenPage"));
    m_consumerKey->setObjectName(QStringLiteral("consumerKey"));
    m_consumerKey->setReadOnly(true);
    m_consumerSecret->setObjectName(QStringLiteral("consumerSecret"));
    m_consumerSecret->setReadOnly(true);
    m_consumerSecret->setEchoMode(QLineEdit::Password);
    m_showSecret->setObjectName(QStringLiteral("showConsumerSecret"));
    m_showSecret->setAccessibleName(tr("Show the consumer secret"));
    m_secretNote->setObjectName(QStringLiteral("consumerSecretNote"));
    m_secretNote->setWordWrap(true);
    m_validity->setObjectName(QStringLiteral("tokenValidity"));
    m_validity->setRange(1, int(gateway::TokenService::maxValiditySeconds));
    m_validity->setValue(3600);
    m_validity->setSuffix(tr(" seconds"));

    auto *keys = new QGroupBox(tr("Keys"), this);
    auto *keysForm = new QFormLayout(keys);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_consumerSecret, 1);
    secretRow->addWidget(m_showSecret);
    keysForm->addRow(tr("Consumer &key:"), m_consumerKey);
    keysForm->addRow(tr("Consumer s&ecret:"), secretRow);
    keysForm->addRow(QString(), m_secretNote);
    qobject_cast<QLabel *>(keysForm->labelForField(secretRow))->setBuddy(m_consumerSecret);
    m_consumerKey->setAccessibleName(tr("Consumer key"));
    m_consumerSecret->setAccessibleName(tr("Consumer secret"));

    auto *tokenForm = new QFormLayout;
    tokenForm->addRow(tr("&Validity period:"), m_validity);
    m_validity->setAccessibleName(tr("Validity period in seconds"));

    body()->addWidget(keys);
    body()->addLayout(tokenForm);
    setTabOrder(m_consumerKey, m_consumerSecret);
    setTabOrder(m_consumerSecret, m_showSecret);
    setTabOrder(m_showSecret, m_validity);
    connect(m_showSecret, &QCheckBox::toggled, this, [this](bool show) {
        m_consumerSecret->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    });
}

void WizardTokenPage::initializePage()
{
    const auto keys = *flow().keys();
    const auto typeName = models::KeySet::keyTypeName(keys.keys.keyType);
    m_consumerKey->setText(keys.keys.consumerKey);
    m_consumerSecret->setText(keys.consumerSecret);
    m_showSecret->setChecked(false);
    m_showSecret->setEnabled(!keys.consumerSecret.isEmpty());
    const auto key = SecretStore::consumerSecretKey(keys.keys.id);
    const bool sessionOnly = context().secrets && !context().secrets->isPersistent();
    if (keys.consumerSecret.isEmpty()) {
        m_secretNote->setText(tr("These %1 keys existed before and their secret is not in this computer's "
                                 "keychain. The token does not need it; to see a secret again, regenerate "
                                 "it on the Applications page.")
                                  .arg(typeName));
    } else if (keys.generated && !flow().keychainEntries().contains(key)) {
        m_secretNote->setText(tr("The secret could not be saved in the keychain: copy it now if you need it, "
                                 "StreamDesk cannot show it again later."));
    } else if (sessionOnly) {
        m_secretNote->setText(tr("No keychain service is running: the secret is kept for this session "
                                 "only."));
    } else {
        m_secretNote->setText(tr("The secret is kept in your system's keychain."));
    }
}

QWidget *WizardTokenPage::initialFocus() const
{
    return m_validity;
}

bool WizardTokenPage::start()
{
    const qint64 validity = m_validity->value();
    auto shared = sharedFlow();
    runStep(
        tr("Issuing the access token..."), [shared, validity] { return shared->issueToken(validity); },
        [this] { tokenIssued(); });
    return false;
}

void WizardTokenPage::tokenIssued()
{
    const auto &issued = *flow().issuedToken();
    storeSecret(SecretStore::accessTokenKey(issued.keys.id), issued.token.accessToken, [this] {
        flow().commit();
        proceed();
    });
}

} // namespace sd::ui
