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
}

namespace sd::models {
struct User;
}

namespace sd::ui {

class ConsoleStatusBar;
class PublisherWorkspace;
class Session;
class SignInDialog;

/// The console: a navigation sidebar (Publisher, Developer Portal, Streams, Gateway log) over a stack of
/// pages, the gateway's state in the status bar, and sign-in before anything else.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(gateway::Runtime *runtime, const ConsoleStatus &status, Session *session,
               QWidget *parent = nullptr);

    /// Adds a page to the sidebar, after the existing ones.
    void addPage(const QString &title, QWidget *page);
    /// Opens the sign-in dialog over the window (it does not block).
    void showSignIn();
    void showChangePassword();
    void signOut();

    ConsoleStatusBar *consoleStatusBar() const { return m_statusBar; }
    PublisherWorkspace *publisher() const { return m_publisher; }

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
    QStackedWidget *m_root = nullptr;
    QWidget *m_console = nullptr;
    QWidget *m_signedOut = nullptr;
    QPushButton *m_signInAgain = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QFrame *m_defaultPasswordBanner = nullptr;
    PublisherWorkspace *m_publisher = nullptr;
    ConsoleStatusBar *m_statusBar = nullptr;
    QPointer<SignInDialog> m_signIn;
    QList<QAction *> m_signedInActions;
};

} // namespace sd::ui
