#pragma once

#include "models/api.h"
#include "models/keyset.h"
#include "ui/devportal/portalcontext.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;

namespace sd::gateway {
struct StreamRequest;
}

namespace sd::ui {

class MessageLabel;

/// An API's Try Out in the Developer Portal: one of the user's applications that may call the API, a key
/// type, a resource path and an access token (the last one kept in the keychain, or a new one), then a
/// ready curl command or the stream opened in the console's Stream Viewer.
class PortalTryOutTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalTryOutTab)

public:
    explicit PortalTryOutTab(const PortalContext &context, QWidget *parent = nullptr);

    /// A new API resets the path to its suggested one; the same API keeps what the user typed.
    void setApi(const models::Api &api);

Q_SIGNALS:
    void openStreamRequested(const sd::gateway::StreamRequest &request);
    void manageApplicationRequested(const QString &applicationId);

private:
    void reloadApplications();
    void onKeyChoiceChanged();
    std::optional<models::KeySet> currentKeySet() const;
    QString currentApplicationId() const;
    QUrl currentUrl() const;
    void readStoredToken();
    void generateToken();
    void generateCurl();
    void openInViewer();
    /// False, with a message saying what to do, when there is no token to use.
    bool requireToken();
    void updateControls();

    PortalContext m_context;
    models::Api m_api;
    QString m_keySetId; // the key set the token field belongs to
    QComboBox *m_application;
    QComboBox *m_keyType;
    QLineEdit *m_path;
    QCheckBox *m_https;
    QLineEdit *m_token;
    QCheckBox *m_showToken;
    QPushButton *m_generateToken;
    QPushButton *m_manageApp;
    QPushButton *m_generateCurl;
    QLineEdit *m_curl;
    QPushButton *m_copyCurl;
    QPushButton *m_openStream;
    MessageLabel *m_keysMessage;
    MessageLabel *m_message;
};

} // namespace sd::ui
