#include "ui/devportal/wizardkeyspage.h"

#include "ui/devportal/subscriptionwizardflow.h"
#include "ui/keychain/secretstore.h"

#include <QButtonGroup>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sd::ui {

WizardKeysPage::WizardKeysPage(const PortalContext &context,
                               const std::shared_ptr<SubscriptionWizardFlow> &flow, QWidget *parent)
    : WizardStepPage(context, flow, 3, tr("Generate keys"),
                     tr("The consumer key and secret identify the application to the token endpoint. "
                        "Production keys reach the API's production endpoint, sandbox keys its sandbox "
                        "endpoint. Next generates them; the secret is kept in your system's keychain."),
                     parent)
    , m_production(new QRadioButton(tr("&PRODUCTION"), this))
    , m_sandbox(new QRadioButton(tr("&SANDBOX"), this))
    , m_configuration(new QTableWidget(4, 2, this))
    , m_keyNote(new QLabel(this))
{
    setObjectName(QStringLiteral("wizardKeysPage"));
    m_production->setObjectName(QStringLiteral("productionKeys"));
    m_sandbox->setObjectName(QStringLiteral("sandboxKeys"));
    m_production->setChecked(true);
    auto *types = new QGroupBox(tr("Key type"), this);
    auto *typesLayout = new QHBoxLayout(types);
    typesLayout->addWidget(m_production);
    typesLayout->addWidget(m_sandbox);
    typesLayout->addStretch();
    auto *group = new QButtonGroup(this);
    group->addButton(m_production);
    group->addButton(m_sandbox);

    const auto base = context.status.managementUrl;
    const QList<std::pair<QString, QString>> rows{
        {tr("Token endpoint"), base + QStringLiteral("/oauth2/token")},
        {tr("Revoke endpoint"), base + QStringLiteral("/oauth2/revoke")},
        {tr("JWKS endpoint"), base + QStringLiteral("/oauth2/jwks")},
        {tr("Grant type"), QStringLiteral("client_credentials")},
    };
    m_configuration->setObjectName(QStringLiteral("keyConfiguration"));
    m_configuration->setAccessibleName(tr("Key configuration"));
    m_configuration->setHorizontalHeaderLabels({tr("Setting"), tr("Value")});
    m_configuration->verticalHeader()->hide();
    m_configuration->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_configuration->horizontalHeader()->setStretchLastSection(true);
    m_configuration->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_configuration->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_configuration->setTabKeyNavigation(false);
    for (int row = 0; row < rows.size(); ++row) {
        m_configuration->setItem(row, 0, new QTableWidgetItem(rows[row].first));
        m_configuration->setItem(row, 1, new QTableWidgetItem(rows[row].second));
    }
    m_configuration->resizeColumnToContents(0);
    m_configuration->setFixedHeight(m_configuration->horizontalHeader()->height() +
                                    4 * m_configuration->verticalHeader()->defaultSectionSize() +
                                    2 * m_configuration->frameWidth());
    auto *configurationLabel = new QLabel(tr("Key &configuration (read-only):"), this);
    configurationLabel->setBuddy(m_configuration);

    m_keyNote->setObjectName(QStringLiteral("keyNote"));
    m_keyNote->setWordWrap(true);

    body()->addWidget(types);
    body()->addWidget(m_keyNote);
    body()->addWidget(configurationLabel);
    body()->addWidget(m_configuration);
    connect(m_production, &QRadioButton::toggled, this, &WizardKeysPage::updateNote);
}

void WizardKeysPage::initializePage()
{
    updateNote();
}

QWidget *WizardKeysPage::initialFocus() const
{
    return m_production->isChecked() ? m_production : m_sandbox;
}

void WizardKeysPage::updateNote()
{
    const auto type = m_production->isChecked() ? models::KeyType::Production : models::KeyType::Sandbox;
    const auto typeName = models::KeySet::keyTypeName(type);
    const auto appName = flow().application() ? flow().application()->name : QString();
    const auto existing = flow().existingKeys(type);
    if (!existing) {
        m_keyNote->setText(tr("Next generates %1 keys for \"%2\".").arg(typeName, appName));
    } else if (flow().createdHere(existing->id)) {
        m_keyNote->setText(tr("The %1 keys generated for \"%2\" a moment ago are kept; Next uses them.")
                               .arg(typeName, appName));
    } else {
        m_keyNote->setText(tr("\"%1\" has %2 keys already; Next uses them and generates nothing new.")
                               .arg(appName, typeName));
    }
}

bool WizardKeysPage::start()
{
    const auto type = m_production->isChecked() ? models::KeyType::Production : models::KeyType::Sandbox;
    const auto what = flow().existingKeys(type)
                          ? tr("Reading the keys...")
                          : tr("Generating the %1 keys...").arg(models::KeySet::keyTypeName(type));
    auto shared = sharedFlow();
    runStep(
        what, [shared, type] { return shared->takeKeys(type); }, [this] { keysTaken(); });
    return false;
}

void WizardKeysPage::keysTaken()
{
    const auto keys = *flow().keys();
    auto *secrets = context().secrets;
    const auto key = SecretStore::consumerSecretKey(keys.keys.id);
    if (keys.generated && !flow().keychainEntries().contains(key)) {
        storeSecret(key, keys.consumerSecret, [this] { proceed(); });
    } else if (secrets && keys.consumerSecret.isEmpty()) {
        secrets->read(key, this, [this](const std::optional<QString> &secret, const QString &) {
            if (secret)
                flow().setConsumerSecret(*secret);
            proceed();
        });
    } else {
        proceed();
    }
}

} // namespace sd::ui
