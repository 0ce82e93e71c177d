#pragma once

#include "gateway/runtime/runtime.h"
#include "ui/common/consolestatus.h"
#include "ui/common/session.h"
#include "ui/keychain/secretstore.h"

#include <QTemporaryDir>
#include <memory>

/// The child `name` of `parent`, found as a test finds widgets; aborts the run when there is none.
template <typename T> T *child(const QObject *parent, const char *name)
{
    auto *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("No child %s", name);
    return found;
}

namespace sd::ui {
class MainWindow;
}

/// The real console: a started Runtime (every port 0) on a temporary data directory, QSettings in a
/// temporary directory too, a Session and, on demand, a shown MainWindow.
class ConsoleFixture final
{
    Q_DISABLE_COPY_MOVE(ConsoleFixture)

public:
    static inline const QString password = QStringLiteral("secret1");

    ConsoleFixture();
    ~ConsoleFixture();

    sd::gateway::Runtime *runtime() const { return m_runtime.get(); }
    sd::models::PublisherService *publisher() const { return m_runtime->publisher(); }
    sd::models::User admin() const;
    /// A user with `roles` and the password `password`.
    sd::models::User createUser(const QString &name, sd::models::Roles roles) const;

    /// Creates and shows the main window (once).
    sd::ui::MainWindow *window();
    /// Signs in through the sign-in dialog, as a user would; returns false when the session did not start.
    bool signIn(const QString &name, const QString &password);
    /// Opens the window and signs in as `user` (password `password`) without the dialog.
    sd::ui::MainWindow *windowSignedInAs(const sd::models::User &user);

    /// Visible buttons and line edits under `root` that a screen reader would not name.
    static QStringList unnamedControls(QWidget *root);
    /// Types into the child line edit `objectName` of `parent`, replacing its text.
    static void typeInto(QWidget *parent, const char *objectName, const QString &text);

    sd::ui::Session session;
    sd::ui::ConsoleStatus status;
    /// The window's keychain: memory only, so tests never touch the user's keychain.
    sd::ui::SecretStore secrets{sd::ui::SecretStore::Backend::SessionOnly};

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settings;
    std::unique_ptr<sd::gateway::Runtime> m_runtime;
    std::unique_ptr<sd::ui::MainWindow> m_window;
};
