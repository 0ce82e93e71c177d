#pragma once

#include "ui/common/consolestatus.h"

#include <QMainWindow>
#include <QPointer>

class QFrame;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace sd::gateway {
class Runtime;
struct StreamRequest;
} // namespace sd::gateway

namespace sd::models {
struct User;
}

namespace sd::ui {

class ApplicationsPage;
class ConsoleStatusBar;
class PortalWorkspace;
class PublisherWorkspace;
class SecretStore;
class Session;
class SignInDialog;
class StreamViewerWorkspace;

/// The console: a navigation sidebar (Publisher, Developer Portal, Applications, Stream Viewer, Streams,
/// Gateway log) over a stack of pages, the gateway's state in the status bar, and sign-in before anything
/// else. Pages that open a stream or an application ask the window, which shows the page that does it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// `secrets` keeps consumer secrets and tokens (the operating system's keychain in the app).
    MainWindow(gateway::Runtime *runtime, const ConsoleStatus &status, Session *session, SecretStore *secrets,
               QWidget *parent = nullptr);

    /// Adds a page to the sidebar, after the existing ones.
    void addPage(const QString &title, QWidget *page);
    /// Opens the sign-in dialog over the window (it does not block).
    void showSignIn();
    void showChangePassword();
    void signOut();

    ConsoleStatusBar *consoleStatusBar() const { return m_statusBar; }
    PublisherWorkspace *publisher() const { return m_publisher; }
    PortalWorkspace *portal() const { return m_portal; }
    ApplicationsPage *applications() const { return m_applications; }
    StreamViewerWorkspace *viewers() const { return m_viewers; }

    /// Shows the Stream Viewer page with a new tab on the request, connecting at once.
    void openStream(const gateway::StreamRequest &request);
    /// Shows the Stream Viewer page with a new empty tab.
    void newStream();
    void showApplication(const QString &applicationId);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    QWidget *createConsole(const ConsoleStatus &status);
    QWidget *createSignedOutPage();
    void onSignedIn(const models::User &user, bool defaultCredential);
    void updateForSession();
    void restoreSettings();
    void saveSettings() const;

    gateway::Runtime *m_runtime;
    Session *m_session;
    SecretStore *m_secrets;
    QStackedWidget *m_root = nullptr;
    QWidget *m_console = nullptr;
    QWidget *m_signedOut = nullptr;
    QPushButton *m_signInAgain = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QFrame *m_defaultPasswordBanner = nullptr;
    PublisherWorkspace *m_publisher = nullptr;
    PortalWorkspace *m_portal = nullptr;
    ApplicationsPage *m_applications = nullptr;
    StreamViewerWorkspace *m_viewers = nullptr;
    ConsoleStatusBar *m_statusBar = nullptr;
    QPointer<SignInDialog> m_signIn;
    QList<QAction *> m_signedInActions;
};

} // namespace sd::ui
