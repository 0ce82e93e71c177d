#include "ui/devportal/portaltryouttab.h"

#include "gateway/client/streamrequest.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "ui/common/messagelabel.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/keychain/secretstore.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr qint64 tokenValiditySeconds = 3600;

} // namespace

PortalTryOutTab::PortalTryOutTab(const PortalContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_application(new QComboBox(this))
    , m_keyType(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_https(new QCheckBox(tr("&Use HTTPS (the gateway's self-signed certificate)"), this))
    , m_token(new QLineEdit(this))
    , m_showToken(new QCheckBox(tr("Sho&w"), this))
    , m_generateToken(PageControls::button(tr("Generate Tok&en"), QStringLiteral("tryOutGenerateTokenButton"),
                                           tr("Generate Token"), this))
    , m_manageApp(PageControls::button(tr("&Manage Application"), QStringLiteral("tryOutManageAppButton"),
                                       tr("Manage Application"), this))
    , m_generateCurl(PageControls::button(tr("Generate Cu&rl"), QStringLiteral("generateCurlButton"),
                                          tr("Generate Curl"), this))
    , m_curl(new QLineEdit(this))
    , m_copyCurl(
          PageControls::button(tr("Cop&y Curl"), QStringLiteral("copyCurlButton"), tr("Copy Curl"), this))
    , m_openStream(PageControls::button(tr("Open in Stream &Viewer"), QStringLiteral("openInViewerButton"),
                                        tr("Open in Stream Viewer"), this))
    , m_keysMessage(new MessageLabel(QStringLiteral("tryOutKeysMessage"), MessageLabel::Kind::Warning, this))
    , m_message(new MessageLabel(QStringLiteral("tryOutMessage"), MessageLabel::Kind::Success, this))
{
    setObjectName(QStringLiteral("portalTryOutTab"));
    auto *intro =
        new QLabel(tr("Call this API through the gateway with one of your applications' keys: "
                      "copy a ready curl command, or watch the events arrive in the Stream Viewer."),
                   this);
    intro->setWordWrap(true);

    m_application->setObjectName(QStringLiteral("tryOutApplication"));
    m_application->setAccessibleName(tr("Application"));
    m_keyType->setObjectName(QStringLiteral("tryOutKeyType"));
    m_keyType->setAccessibleName(tr("Key type"));
    m_keyType->addItem(models::KeySet::keyTypeName(models::KeyType::Production),
                       static_cast<int>(models::KeyType::Production));
    m_keyType->addItem(models::KeySet::keyTypeName(models::KeyType::Sandbox),
                       static_cast<int>(models::KeyType::Sandbox));
    m_path->setObjectName(QStringLiteral("tryOutPath"));
    m_path->setAccessibleName(tr("Resource path"));
    m_https->setObjectName(QStringLiteral("tryOutHttps"));
    m_token->setObjectName(QStringLiteral("tryOutToken"));
    m_token->setAccessibleName(tr("Access token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Generate a token, or paste one"));
    m_showToken->setObjectName(QStringLiteral("tryOutShowToken"));
    m_showToken->setAccessibleName(tr("Show the access token"));
    m_curl->setObjectName(QStringLiteral("tryOutCurl"));
    m_curl->setAccessibleName(tr("Curl command"));
    m_curl->setReadOnly(true);
    m_curl->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_curl->setPlaceholderText(tr("Generate Curl writes the command here"));
    auto font = m_openStream->font();
    font.setBold(true);
    m_openStream->setFont(font);

    // Names are short: the combos need not span the page.
    m_application->setMinimumContentsLength(28);
    m_application->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    auto *applicationRow = new QHBoxLayout;
    applicationRow->addWidget(m_application);
    applicationRow->addWidget(m_manageApp);
    applicationRow->addStretch();
    auto *keyTypeRow = new QHBoxLayout;
    keyTypeRow->addWidget(m_keyType);
    keyTypeRow->addStretch();
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    tokenRow->addWidget(m_generateToken);
    auto *curlRow = new QHBoxLayout;
    curlRow->addWidget(m_curl, 1);
    curlRow->addWidget(m_copyCurl);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_generateCurl);
    actions->addWidget(m_openStream);
    actions->addStretch();

    auto *form = new QFormLayout;
    form->addRow(tr("&Application:"), applicationRow);
    form->addRow(tr("&Key type:"), keyTypeRow);
    form->addRow(QString(), m_keysMessage);
    form->addRow(tr("Resource &path:"), m_path);
    form->addRow(QString(), m_https);
    form->addRow(tr("Access toke&n:"), tokenRow);
    form->addRow(QString(), actions);
    form->addRow(tr("Curl command:"), curlRow);
    // The combo's own name is its current item: its label names it through the buddy.
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(applicationRow)))
        label->setBuddy(m_application);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(keyTypeRow)))
        label->setBuddy(m_keyType);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(tokenRow)))
        label->setBuddy(m_token);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(curlRow)))
        label->setBuddy(m_curl);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch();

    setTabOrder(m_application, m_manageApp);
    setTabOrder(m_manageApp, m_keyType);
    setTabOrder(m_keyType, m_path);
    setTabOrder(m_path, m_https);
    setTabOrder(m_https, m_token);
    setTabOrder(m_token, m_showToken);
    setTabOrder(m_showToken, m_generateToken);
    setTabOrder(m_generateToken, m_generateCurl);
    setTabOrder(m_generateCurl, m_openStream);
    setTabOrder(m_openStream, m_curl);
    setTabOrder(m_curl, m_copyCurl);

    connect(m_application, &QComboBox::currentIndexChanged, this, &PortalTryOutTab::onKeyChoiceChanged);
    connect(m_keyType, &QComboBox::currentIndexChanged, this, &PortalTryOutTab::onKeyChoiceChanged);
    connect(m_showToken, &QCheckBox::toggled, this,
            [this](bool shown) { m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
    // A command for another path or token would mislead: it is made again on demand.
    connect(m_path, &QLineEdit::textEdited, m_curl, &QLineEdit::clear);
    connect(m_https, &QCheckBox::toggled, m_curl, &QLineEdit::clear);
    connect(m_token, &QLineEdit::textChanged, m_curl, &QLineEdit::clear);
    connect(m_token, &QLineEdit::textChanged, this, &PortalTryOutTab::updateControls);
    connect(m_path, &QLineEdit::returnPressed, this, &PortalTryOutTab::generateCurl);
    connect(m_token, &QLineEdit::returnPressed, this, &PortalTryOutTab::generateCurl);
    connect(m_generateToken, &QPushButton::clicked, this, &PortalTryOutTab::generateToken);
    connect(m_generateCurl, &QPushButton::clicked, this, &PortalTryOutTab::generateCurl);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        if (m_curl->text().isEmpty())
            generateCurl();
        if (m_curl->text().isEmpty())
            return;
        QGuiApplication::clipboard()->setText(m_curl->text());
        m_message->showMessage(MessageLabel::Kind::Success,
                               tr("The curl command is on the clipboard. It holds the access token: paste it "
                                  "only where you would show the token."));
    });
    connect(m_openStream, &QPushButton::clicked, this, &PortalTryOutTab::openInViewer);
    connect(m_manageApp, &QPushButton::clicked, this, [this] {
        if (const auto id = currentApplicationId(); !id.isEmpty())
            Q_EMIT manageApplicationRequested(id);
    });

    auto *portal = m_context.portal;
    connect(portal, &models::DevPortalService::subscriptionChanged, this,
            &PortalTryOutTab::reloadApplications);
    connect(portal, &models::DevPortalService::subscriptionRemoved, this,
            &PortalTryOutTab::reloadApplications);
    connect(portal, &models::DevPortalService::applicationChanged, this,
            &PortalTryOutTab::reloadApplications);
    connect(portal, &models::DevPortalService::applicationRemoved, this,
            &PortalTryOutTab::reloadApplications);
    connect(portal, &models::DevPortalService::keysGenerated, this, [this](const QString &applicationId) {
        if (applicationId == currentApplicationId())
            onKeyChoiceChanged();
    });
    connect(m_context.session, &Session::changed, this, [this] {
        // Another user never sees the previous one's token, even for keys both may use.
        m_keySetId.clear();
        m_token->clear();
        reloadApplications();
    });
    if (m_context.secrets) {
        // The wizard or the Applications page stored a newer token for these keys.
        connect(m_context.secrets, &SecretStore::secretChanged, this, [this](const QString &key) {
            if (!m_keySetId.isEmpty() && key == SecretStore::accessTokenKey(m_keySetId))
                readStoredToken();
        });
    }
    updateControls();
}

void PortalTryOutTab::setApi(const models::Api &api)
{
    const bool sameApi = api.id == m_api.id;
    m_api = api;
    if (!sameApi) {
        m_path->setText(m_context.suggestedPath(api));
        m_curl->clear();
        m_message->showMessage(QString());
    }
    reloadApplications();
}

QString PortalTryOutTab::currentApplicationId() const
{
    return m_application->currentData().toString();
}

void PortalTryOutTab::reloadApplications()
{
    const auto previous = currentApplicationId();
    const auto &user = m_context.session->user();
    QList<models::Application> usable;
    // A prototype takes any of the user's tokens; other APIs want a subscription.
    const bool prototype = m_api.state == models::LifecycleState::Prototyped;
    for (const auto &application : m_context.portal->applications(user)) {
        const auto subscriptions = m_context.portal->subscriptions(user, application.id);
        const bool subscribed =
            std::any_of(subscriptions.cbegin(), subscriptions.cend(),
                        [&](const models::Subscription &s) { return s.apiId == m_api.id; });
        if (prototype || subscribed)
            usable << application;
    }
    {
        const QSignalBlocker blocker(m_application);
        m_application->clear();
        for (const auto &application : usable)
            m_application->addItem(application.name, application.id);
        const int index = m_application->findData(previous);
        m_application->setCurrentIndex(index >= 0 ? index : 0);
    }
    const auto keys = currentKeySet();
    if (currentApplicationId() != previous || keys.value_or(models::KeySet{}).id != m_keySetId)
        onKeyChoiceChanged();
    else
        updateControls();
}

std::optional<models::KeySet> PortalTryOutTab::currentKeySet() const
{
    const auto applicationId = currentApplicationId();
    if (applicationId.isEmpty())
        return std::nullopt;
    const auto keyType = static_cast<models::KeyType>(m_keyType->currentData().toInt());
    for (const auto &keys : m_context.portal->keySets(m_context.session->user(), applicationId)) {
        if (keys.keyType == keyType)
            return keys;
    }
    return std::nullopt;
}

QUrl PortalTryOutTab::currentUrl() const
{
    return m_context.invocationUrl(m_api, m_path->text(), m_https->isChecked());
}

void PortalTryOutTab::onKeyChoiceChanged()
{
    const auto keys = currentKeySet();
    m_keySetId = keys ? keys->id : QString();
    m_token->clear();
    m_curl->clear();
    m_message->showMessage(QString());
    readStoredToken();
    updateControls();
}

void PortalTryOutTab::readStoredToken()
{
    if (m_keySetId.isEmpty() || !m_context.secrets)
        return;
    const auto keySetId = m_keySetId;
    m_context.secrets->read(
        SecretStore::accessTokenKey(keySetId), this,
        [this, keySetId](const std::optional<QString> &secret, const QString &error) {
            if (keySetId != m_keySetId)
                return; // the user chose other keys meanwhile
            if (!error.isEmpty()) {
                m_message->showMessage(MessageLabel::Kind::Warning,
                                       tr("The stored access token could not be read from the keychain: %1 "
                                          "Generate a new token.")
                                           .arg(error));
                return;
            }
            if (!secret || *secret == m_token->text())
                return;
            m_token->setText(*secret);
            m_message->showMessage(
                MessageLabel::Kind::Success,
                tr("The last token generated for these keys, from the keychain. If the "
                   "gateway answers 401, it has expired or was revoked: generate a new one."));
        });
}

void PortalTryOutTab::generateToken()
{
    const auto keys = currentKeySet();
    if (!keys) {
        updateControls();
        return;
    }
    const auto token = m_context.tokens->issue(*keys, tokenValiditySeconds);
    if (!token) {
        m_message->showMessage(
            MessageLabel::Kind::Error,
            tr("No token was generated: %1").arg(ServiceErrorText::describe(token.error())));
        return;
    }
    m_keySetId = keys->id;
    m_token->setText(token->accessToken);
    if (!m_context.secrets) {
        m_message->showMessage(MessageLabel::Kind::Success,
                               tr("A new access token, valid for one hour. It is not kept after you close "
                                  "StreamDesk."));
        return;
    }
    m_message->showMessage(
        MessageLabel::Kind::Success,
        tr("A new access token, valid for one hour, kept in the keychain for these keys."));
    m_context.secrets->write(SecretStore::accessTokenKey(keys->id), token->accessToken, this,
                             [this](bool ok, const QString &error) {
                                 if (!ok)
                                     m_message->showMessage(
                                         MessageLabel::Kind::Warning,
                                         tr("A new access token, valid for one hour. %1").arg(error));
                             });
}

bool PortalTryOutTab::requireToken()
{
    if (!m_token->text().trimmed().isEmpty())
        return true;
    m_message->showMessage(
        MessageLabel::Kind::Error,
        m_generateToken->isEnabled()
            ? tr("There is no access token yet: press Generate Token, or paste a token.")
            : tr("There is no access token: paste one, or choose an application with keys."));
    m_token->setFocus();
    return false;
}

void PortalTryOutTab::generateCurl()
{
    if (!requireToken())
        return;
    m_curl->setText(m_context.curlCommand(currentUrl(), m_token->text().trimmed()));
    m_curl->setCursorPosition(0);
    m_message->showMessage(
        MessageLabel::Kind::Success,
        tr("Run it in a terminal: curl prints each event as it arrives (Ctrl+C ends it)."));
}

void PortalTryOutTab::openInViewer()
{
    if (!requireToken())
        return;
    gateway::StreamRequest request;
    request.url = currentUrl();
    request.setBearerToken(m_token->text().trimmed());
    request.title = m_api.name + u' ' +
                    (m_path->text().trimmed().isEmpty() ? QStringLiteral("/") : m_path->text().trimmed());
    m_message->showMessage(MessageLabel::Kind::Success, tr("Opened in the Stream Viewer."));
    Q_EMIT openStreamRequested(request);
}

void PortalTryOutTab::updateControls()
{
    const bool subscriber = m_context.session->has(models::Role::Subscriber);
    const bool hasApplication = m_application->count() > 0;
    const bool hasKeys = !m_keySetId.isEmpty();
    m_application->setEnabled(hasApplication);
    m_manageApp->setEnabled(hasApplication);
    m_keyType->setEnabled(hasApplication);
    m_generateToken->setEnabled(hasKeys);
    const bool hasToken = !m_token->text().trimmed().isEmpty();
    m_generateCurl->setEnabled(hasToken);
    m_copyCurl->setEnabled(hasToken);
    m_openStream->setEnabled(hasToken);

    QString note;
    if (!subscriber)
        note = tr("Trying an API needs the subscriber role, with an application and its keys. Sign in as a "
                  "subscriber, or ask an administrator.");
    else if (!hasApplication)
        note = m_api.state == models::LifecycleState::Prototyped
                   ? tr("You have no application yet. Create one on the Applications page, or with the "
                        "Subscription & Key Generation Wizard on the Subscriptions tab.")
                   : tr("None of your applications is subscribed to this API. Subscribe one on the "
                        "Subscriptions tab, or run the Subscription & Key Generation Wizard there.");
    else if (!hasKeys)
        note = tr("%1 has no %2 keys yet. Generate them with Manage Application, then come back.")
                   .arg(m_application->currentText(), m_keyType->currentText());
    m_keysMessage->showMessage(note);
    const QString why = tr("Fill in an access token first.");
    for (auto *button : {m_generateCurl, m_copyCurl, m_openStream})
        button->setToolTip(hasToken ? QString() : why);
}

} // namespace sd::ui
