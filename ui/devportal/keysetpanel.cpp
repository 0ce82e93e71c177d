#include "ui/devportal/keysetpanel.h"

#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/messagebox.h"
#include "ui/common/messagelabel.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/keychain/secretstore.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr qint64 defaultValidity = 3600;

QLineEdit *readOnlyField(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setAccessibleName(accessibleName);
    field->setReadOnly(true);
    return field;
}

/// A form row of a field and its buttons; the label stays the field's buddy. A field that does not
/// stretch keeps its own width and the buttons stay beside it.
void addFieldRow(QFormLayout *form, const QString &label, QWidget *field, const QList<QWidget *> &buttons,
                 bool stretch = true)
{
    auto *row = new QHBoxLayout;
    row->addWidget(field, stretch ? 1 : 0);
    for (auto *button : buttons)
        row->addWidget(button);
    if (!stretch)
        row->addStretch(1);
    form->addRow(label, row);
    qobject_cast<QLabel *>(form->labelForField(row))->setBuddy(field);
}

} // namespace

KeySetPanel::KeySetPanel(const PortalContext &context, models::KeyType keyType, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_keyType(keyType)
    , m_pages(new QStackedWidget(this))
    , m_noKeysText(new QLabel(this))
    , m_generateKeys(PageControls::button(tr("Generate &Keys"), QStringLiteral("generateKeysButton"),
                                          tr("Generate %1 keys").arg(typeName()), this))
    , m_consumerKey(readOnlyField(QStringLiteral("consumerKey"), tr("Consumer key"), this))
    , m_copyKey(PageControls::button(tr("&Copy Key"), QStringLiteral("copyConsumerKeyButton"),
                                     tr("Copy the consumer key"), this))
    , m_consumerSecret(readOnlyField(QStringLiteral("consumerSecret"), tr("Consumer secret"), this))
    , m_showSecret(new QCheckBox(tr("Sho&w secret"), this))
    , m_copySecret(PageControls::button(tr("C&opy Secret"), QStringLiteral("copyConsumerSecretButton"),
                                        tr("Copy the consumer secret"), this))
    , m_regenerateSecret(PageControls::button(tr("&Regenerate Secret..."),
                                              QStringLiteral("regenerateSecretButton"),
                                              tr("Regenerate the consumer secret"), this))
    , m_secretNote(new MessageLabel(QStringLiteral("secretNote"), MessageLabel::Kind::Warning, this))
    , m_validity(new QSpinBox(this))
    , m_generateToken(PageControls::button(tr("Generate &Token"), QStringLiteral("generateTokenButton"),
                                           tr("Generate an access token"), this))
    , m_token(readOnlyField(QStringLiteral("accessToken"), tr("Access token"), this))
    , m_showToken(new QCheckBox(tr("Show &access token"), this))
    , m_copyToken(PageControls::button(tr("Cop&y Token"), QStringLiteral("copyTokenButton"),
                                       tr("Copy the access token"), this))
    , m_revokeTokens(PageControls::button(tr("Re&voke Tokens..."), QStringLiteral("revokeTokensButton"),
                                          tr("Revoke every access token of these keys"), this))
    , m_api(new QComboBox(this))
    , m_openViewer(PageControls::button(tr("Open in Strea&m Viewer"), QStringLiteral("openInViewerButton"),
                                        tr("Open in Stream Viewer"), this))
    , m_message(new MessageLabel(QStringLiteral("keysMessage"), MessageLabel::Kind::Note, this))
{
    setObjectName(keyType == models::KeyType::Production ? QStringLiteral("productionKeys")
                                                         : QStringLiteral("sandboxKeys"));
    buildNoKeysPage();
    buildKeysPage();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(m_generateKeys, &QPushButton::clicked, this, &KeySetPanel::generateKeys);
    connect(m_copyKey, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_consumerKey->text());
        m_message->showMessage(MessageLabel::Kind::Success, tr("Copied the consumer key."));
    });
    connect(m_showSecret, &QCheckBox::toggled, this, &KeySetPanel::showSecret);
    connect(m_copySecret, &QPushButton::clicked, this, &KeySetPanel::copySecret);
    connect(m_regenerateSecret, &QPushButton::clicked, this, &KeySetPanel::regenerateSecret);
    connect(m_generateToken, &QPushButton::clicked, this, &KeySetPanel::generateToken);
    connect(m_showToken, &QCheckBox::toggled, this, &KeySetPanel::showToken);
    connect(m_copyToken, &QPushButton::clicked, this, &KeySetPanel::copyToken);
    connect(m_revokeTokens, &QPushButton::clicked, this, &KeySetPanel::revokeTokens);
    connect(m_api, &QComboBox::currentIndexChanged, this, &KeySetPanel::updateControls);
    connect(m_openViewer, &QPushButton::clicked, this, &KeySetPanel::openInViewer);
    reload();
}

QString KeySetPanel::typeName() const
{
    return models::KeySet::keyTypeName(m_keyType);
}

void KeySetPanel::buildNoKeysPage()
{
    auto *page = new QWidget(m_pages);
    m_noKeysText->setObjectName(QStringLiteral("noKeysText"));
    m_noKeysText->setWordWrap(true);
    m_noKeysText->setText(tr("This application has no %1 keys yet. Generate them to get a consumer key and "
                             "secret (grant type client_credentials) and, with them, access tokens.")
                              .arg(typeName()));
    auto *row = new QHBoxLayout;
    row->addWidget(m_generateKeys);
    row->addStretch();
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins({});
    layout->addWidget(m_noKeysText);
    layout->addLayout(row);
    layout->addStretch();
    m_pages->addWidget(page);
}

void KeySetPanel::buildKeysPage()
{
    auto *page = new QWidget(m_pages);

    auto *keysBox = new QGroupBox(tr("Consumer key and secret"), page);
    auto *keysForm = new QFormLayout(keysBox);
    m_showSecret->setObjectName(QStringLiteral("showSecret"));
    m_showSecret->setAccessibleName(tr("Show the consumer secret"));
    m_consumerSecret->setEchoMode(QLineEdit::Password);
    addFieldRow(keysForm, tr("Consumer key:"), m_consumerKey, {m_copyKey});
    addFieldRow(keysForm, tr("Consumer secret:"), m_consumerSecret,
                {m_showSecret, m_copySecret, m_regenerateSecret});
    keysForm->addRow(QString(), m_secretNote);

    auto *tokenBox = new QGroupBox(tr("Access token (grant type client_credentials)"), page);
    auto *tokenForm = new QFormLayout(tokenBox);
    m_validity->setObjectName(QStringLiteral("tokenValidity"));
    m_validity->setAccessibleName(tr("Token validity in seconds"));
    m_validity->setRange(1, int(gateway::TokenService::maxValiditySeconds));
    m_validity->setValue(int(defaultValidity));
    m_validity->setSuffix(tr(" s"));
    // The spin box's own line edit is a focusable text field of its own for screen readers.
    m_validity->findChild<QLineEdit *>()->setAccessibleName(m_validity->accessibleName());
    addFieldRow(tokenForm, tr("Vali&dity:"), m_validity, {m_generateToken}, false);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Generate a token, or Show to read the last one from the keychain"));
    m_showToken->setObjectName(QStringLiteral("showToken"));
    m_showToken->setAccessibleName(tr("Show the access token"));
    addFieldRow(tokenForm, tr("Access token:"), m_token, {m_showToken, m_copyToken, m_revokeTokens});

    auto *tryBox = new QGroupBox(tr("Try a subscribed API with this token"), page);
    auto *tryForm = new QFormLayout(tryBox);
    m_api->setObjectName(QStringLiteral("viewerApi"));
    m_api->setAccessibleName(tr("Subscribed API"));
    m_api->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    addFieldRow(tryForm, tr("Subscribed AP&I:"), m_api, {m_openViewer}, false);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins({});
    layout->addWidget(keysBox);
    layout->addWidget(tokenBox);
    layout->addWidget(tryBox);
    layout->addStretch();
    m_pages->addWidget(page);

    setTabOrder(m_consumerKey, m_copyKey);
    setTabOrder(m_copyKey, m_consumerSecret);
    setTabOrder(m_consumerSecret, m_showSecret);
    setTabOrder(m_showSecret, m_copySecret);
    setTabOrder(m_copySecret, m_regenerateSecret);
    setTabOrder(m_regenerateSecret, m_validity);
    setTabOrder(m_validity, m_generateToken);
    setTabOrder(m_generateToken, m_token);
    setTabOrder(m_token, m_showToken);
    setTabOrder(m_showToken, m_copyToken);
    setTabOrder(m_copyToken, m_revokeTokens);
    setTabOrder(m_revokeTokens, m_api);
    setTabOrder(m_api, m_openViewer);
}

void KeySetPanel::setApplication(const QString &applicationId)
{
    if (applicationId == m_applicationId)
        return;
    m_applicationId = applicationId;
    m_message->showMessage({});
    reload();
}

void KeySetPanel::setSubscribedApis(const QList<models::Api> &apis)
{
    const auto current = m_api->currentData().toString();
    m_api->clear();
    for (const auto &api : apis)
        m_api->addItem(tr("%1 %2").arg(api.name, api.version), api.id);
    if (m_api->count() == 0)
        m_api->addItem(tr("No subscriptions yet: subscribe in the Developer Portal"));
    m_api->setCurrentIndex(qMax(0, m_api->findData(current)));
    updateControls();
}

void KeySetPanel::reload()
{
    std::optional<models::KeySet> keys;
    if (!m_applicationId.isEmpty() && m_context.session->isSignedIn()) {
        for (const auto &k : m_context.portal->keySets(m_context.session->user(), m_applicationId)) {
            if (k.keyType == m_keyType)
                keys = k;
        }
    }
    const bool sameKeys = keys && m_keys && keys->id == m_keys->id;
    const bool sameSecret = sameKeys && keys->secretHash == m_keys->secretHash;
    m_keys = keys;
    // Nothing read from the keychain for other keys, or for a replaced secret, stays on screen.
    if (!sameSecret) {
        m_showSecret->setChecked(false);
        m_consumerSecret->clear();
        m_secretNote->showMessage({});
    }
    if (!sameKeys) {
        m_showToken->setChecked(false);
        m_token->clear();
    }
    m_consumerKey->setText(keys ? keys->consumerKey : QString());
    m_consumerSecret->setPlaceholderText(tr("Hidden: Show secret reads it from the keychain"));
    m_pages->setCurrentIndex(keys ? 1 : 0);
    updateControls();
}

void KeySetPanel::updateControls()
{
    const bool keys = m_keys.has_value();
    m_generateKeys->setEnabled(!m_busy && !m_applicationId.isEmpty());
    for (auto *control : {m_regenerateSecret, m_generateToken, m_revokeTokens, m_copySecret, m_copyToken})
        control->setEnabled(!m_busy && keys);
    m_openViewer->setEnabled(!m_busy && keys && !m_api->currentData().toString().isEmpty());
}

void KeySetPanel::setBusy(const QString &note)
{
    m_busy = true;
    m_message->showMessage(MessageLabel::Kind::Note, note);
    updateControls();
}

void KeySetPanel::finish(const QString &error, const QString &note)
{
    m_busy = false;
    if (!error.isEmpty())
        m_message->showMessage(MessageLabel::Kind::Error, error);
    else
        m_message->showMessage(MessageLabel::Kind::Success, note);
    updateControls();
}

void KeySetPanel::withSecret(const QString &key, const QString &missing,
                             std::function<void(const QString &)> use)
{
    m_context.secrets->read(key, this,
                            [this, missing, use](const std::optional<QString> &secret, const QString &error) {
                                if (!error.isEmpty())
                                    m_message->showMessage(MessageLabel::Kind::Error, error);
                                else if (!secret)
                                    m_message->showMessage(MessageLabel::Kind::Warning, missing);
                                else
                                    use(*secret);
                            });
}

void KeySetPanel::storeSecret(const QString &key, const QString &secret, const QString &done)
{
    m_context.secrets->write(key, secret, this, [this, done](bool ok, const QString &error) {
        finish(ok ? QString() : error, done);
    });
}

void KeySetPanel::generateKeys()
{
    if (m_applicationId.isEmpty() || !m_context.session->isSignedIn())
        return;
    setBusy(tr("Generating %1 keys...").arg(typeName()));
    auto *portal = m_context.portal;
    const auto user = m_context.session->user();
    const auto applicationId = m_applicationId;
    const auto keyType = m_keyType;
    runInBackground([portal, user, applicationId, keyType] {
        return portal->generateKeys(user, applicationId, keyType, {QStringLiteral("client_credentials")},
                                    defaultValidity);
    }).then(this, [this](const models::Result<models::GeneratedKeys> &generated) {
        if (!generated) {
            finish(ServiceErrorText::describe(generated.error()));
            return;
        }
        reload();
        storeSecret(SecretStore::consumerSecretKey(generated->keys.id), generated->consumerSecret,
                    tr("Generated the %1 keys. The consumer secret is in the keychain: Show secret reveals "
                       "it.")
                        .arg(typeName()));
    });
}

void KeySetPanel::showSecret(bool shown)
{
    m_consumerSecret->clear();
    m_consumerSecret->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    if (!shown || !m_keys)
        return;
    m_secretNote->showMessage({});
    const auto keySetId = m_keys->id;
    m_context.secrets->read(
        SecretStore::consumerSecretKey(keySetId), this,
        [this, keySetId](const std::optional<QString> &secret, const QString &error) {
            if (!m_showSecret->isChecked() || !m_keys || m_keys->id != keySetId)
                return;
            if (secret) {
                m_consumerSecret->setText(*secret);
                return;
            }
            m_showSecret->setChecked(false);
            m_secretNote->showMessage(
                !error.isEmpty() ? error
                                 : tr("The secret is not in this computer's keychain; regenerate it to get a "
                                      "new one."));
        });
}

void KeySetPanel::copySecret()
{
    if (!m_keys)
        return;
    withSecret(SecretStore::consumerSecretKey(m_keys->id),
               tr("The secret is not in this computer's keychain; regenerate it to get a new one."),
               [this](const QString &secret) {
                   QGuiApplication::clipboard()->setText(secret);
                   m_message->showMessage(MessageLabel::Kind::Success, tr("Copied the consumer secret."));
               });
}

void KeySetPanel::regenerateSecret()
{
    if (!m_keys)
        return;
    const auto answer = MessageBox::question(
        this, tr("Regenerate Secret"),
        tr("Regenerate the %1 consumer secret? The current secret stops working at once, so every program "
           "that uses it needs the new one. Access tokens already issued keep working until they expire or "
           "are revoked.")
            .arg(typeName()));
    if (answer != QMessageBox::Yes)
        return;
    setBusy(tr("Regenerating the %1 consumer secret...").arg(typeName()));
    auto *portal = m_context.portal;
    const auto user = m_context.session->user();
    const auto keySetId = m_keys->id;
    runInBackground([portal, user, keySetId] {
        return portal->regenerateSecret(user, keySetId);
    }).then(this, [this, keySetId](const models::Result<QString> &secret) {
        if (!secret) {
            finish(ServiceErrorText::describe(secret.error()));
            return;
        }
        reload();
        storeSecret(
            SecretStore::consumerSecretKey(keySetId), secret.value(),
            tr("Regenerated the %1 consumer secret; the old one no longer works. The new one is in the "
               "keychain.")
                .arg(typeName()));
    });
}

void KeySetPanel::generateToken()
{
    if (!m_keys)
        return;
    setBusy(tr("Generating an access token..."));
    auto *tokens = m_context.tokens;
    const auto keys = *m_keys;
    const qint64 validity = m_validity->value();
    runInBackground([tokens, keys, validity] {
        return tokens->issue(keys, validity);
    }).then(this, [this, keySetId = keys.id](const models::Result<gateway::AccessToken> &token) {
        if (!token) {
            finish(ServiceErrorText::describe(token.error()));
            return;
        }
        if (m_keys && m_keys->id == keySetId)
            m_token->setText(token->accessToken);
        storeSecret(SecretStore::accessTokenKey(keySetId), token->accessToken,
                    tr("Generated an access token valid for %n seconds; it is in the keychain.", nullptr,
                       int(token->expiresIn)));
    });
}

void KeySetPanel::showToken(bool shown)
{
    m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    if (!shown || !m_keys || !m_token->text().isEmpty())
        return;
    withSecret(SecretStore::accessTokenKey(m_keys->id),
               tr("No access token of these keys is in this computer's keychain. Generate one."),
               [this](const QString &token) { m_token->setText(token); });
}

void KeySetPanel::copyToken()
{
    if (!m_keys)
        return;
    const auto copy = [this](const QString &token) {
        QGuiApplication::clipboard()->setText(token);
        m_message->showMessage(MessageLabel::Kind::Success, tr("Copied the access token."));
    };
    if (!m_token->text().isEmpty()) {
        copy(m_token->text());
        return;
    }
    withSecret(SecretStore::accessTokenKey(m_keys->id),
               tr("No access token of these keys is in this computer's keychain. Generate one."), copy);
}

void KeySetPanel::revokeTokens()
{
    if (!m_keys)
        return;
    const auto answer = MessageBox::question(
        this, tr("Revoke Tokens"),
        tr("Revoke every access token of the %1 keys? Streams opened with them end now, and programs that "
           "use them get 401 until they take a new token.")
            .arg(typeName()));
    if (answer != QMessageBox::Yes)
        return;
    setBusy(tr("Revoking the access tokens..."));
    auto *tokens = m_context.tokens;
    const auto keySetId = m_keys->id;
    runInBackground([tokens, keySetId] {
        return tokens->revokeKeySetTokens(keySetId);
    }).then(this, [this, keySetId](const models::Result<int> &revoked) {
        if (!revoked) {
            finish(ServiceErrorText::describe(revoked.error()));
            return;
        }
        m_token->clear();
        m_showToken->setChecked(false);
        m_context.secrets->remove(SecretStore::accessTokenKey(keySetId), this,
                                  [this, count = revoked.value()](bool ok, const QString &error) {
                                      finish(ok ? QString() : error,
                                             tr("Revoked %n access token(s); streams opened with them have "
                                                "ended.",
                                                nullptr, count));
                                  });
    });
}

void KeySetPanel::openInViewer()
{
    const auto apiId = m_api->currentData().toString();
    const auto api = m_context.portal->visibleApi(apiId);
    if (!m_keys || !api) {
        m_message->showMessage(MessageLabel::Kind::Error,
                               tr("The API is no longer in the Developer Portal. Pick another one."));
        return;
    }
    withSecret(SecretStore::accessTokenKey(m_keys->id),
               tr("No access token of these keys is in this computer's keychain. Generate a token first, "
                  "then open the stream."),
               [this, api = *api](const QString &token) {
                   gateway::StreamRequest request;
                   request.url = m_context.invocationUrl(api, m_context.suggestedPath(api));
                   request.setBearerToken(token);
                   request.title = tr("%1 %2 (%3)").arg(api.name, api.version, typeName());
                   Q_EMIT openStreamRequested(request);
                   m_message->showMessage(
                       MessageLabel::Kind::Success,
                       tr("Opened %1 %2 in the Stream Viewer.").arg(api.name, api.version));
               });
}

} // namespace sd::ui
