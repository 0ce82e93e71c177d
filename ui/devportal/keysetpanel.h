#pragma once

#include "gateway/client/streamrequest.h"
#include "models/api.h"
#include "models/keyset.h"
#include "models/result.h"
#include "ui/devportal/portalcontext.h"

#include <QWidget>
#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace sd::ui {

class MessageLabel;

/// An application's keys of one type (PRODUCTION or SANDBOX): Generate Keys while there are none; then
/// the consumer key, the consumer secret (read from the keychain only when asked), Regenerate Secret,
/// Generate Token and Revoke Tokens, and "Open in Stream Viewer" for a subscribed API with the token.
/// Service calls that hash or sign run off the GUI thread.
class KeySetPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeySetPanel)

public:
    KeySetPanel(const PortalContext &context, models::KeyType keyType, QWidget *parent = nullptr);

    void setApplication(const QString &applicationId);
    void setSubscribedApis(const QList<models::Api> &apis);
    /// Reads the key set again (after someone generated, regenerated or deleted keys).
    void reload();
    std::optional<models::KeySet> keySet() const { return m_keys; }

Q_SIGNALS:
    void openStreamRequested(const sd::gateway::StreamRequest &request);

private:
    void buildNoKeysPage();
    void buildKeysPage();
    void generateKeys();
    void showSecret(bool shown);
    void copySecret();
    void regenerateSecret();
    void generateToken();
    void showToken(bool shown);
    void copyToken();
    void revokeTokens();
    void openInViewer();
    /// Reads `key` from the keychain and hands the secret to `use`; says `missing` when it is not there.
    void withSecret(const QString &key, const QString &missing, std::function<void(const QString &)> use);
    void storeSecret(const QString &key, const QString &secret, const QString &done);
    void setBusy(const QString &note);
    void finish(const QString &error, const QString &note = {});
    void updateControls();
    QString typeName() const;

    PortalContext m_context;
    models::KeyType m_keyType;
    QString m_applicationId;
    std::optional<models::KeySet> m_keys;
    bool m_busy = false;

    QStackedWidget *m_pages;
    QLabel *m_noKeysText;
    QPushButton *m_generateKeys;
    QLineEdit *m_consumerKey;
    QPushButton *m_copyKey;
    QLineEdit *m_consumerSecret;
    QCheckBox *m_showSecret;
    QPushButton *m_copySecret;
    QPushButton *m_regenerateSecret;
    MessageLabel *m_secretNote;
    QSpinBox *m_validity;
    QPushButton *m_generateToken;
    QLineEdit *m_token;
    QCheckBox *m_showToken;
    QPushButton *m_copyToken;
    QPushButton *m_revokeTokens;
    QComboBox *m_api;
    QPushButton *m_openViewer;
    MessageLabel *m_message;
};

} // namespace sd::ui
