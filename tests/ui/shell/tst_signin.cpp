#include "consolefixture.h"
#include "ui/shell/changepassworddialog.h"
#include "ui/shell/consolestatusbar.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/signindialog.h"

#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>

using namespace sd;

class TestSignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wrongThenRightPassword();
    void defaultPasswordBannerAndChange();
    void changePasswordRefusesWrongCurrentPassword();
    void switchUser();
    void signOutAndBackIn();
};

namespace {

QPushButton *button(QWidget *parent, const char *name)
{
    return parent->findChild<QPushButton *>(QString::fromLatin1(name));
}

} // namespace

void TestSignIn::wrongThenRightPassword()
{
    ConsoleFixture console;
    auto *window = console.window();
    window->showSignIn();
    auto *dialog = window->findChild<ui::SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->isModal());
    auto *signIn = button(dialog, "signInButton");
    QVERIFY(!signIn->isEnabled());

    ConsoleFixture::typeInto(dialog, "userName", QStringLiteral("admin"));
    ConsoleFixture::typeInto(dialog, "password", QStringLiteral("wrong"));
    QVERIFY(signIn->isEnabled());
    QTest::mouseClick(signIn, Qt::LeftButton);
    // The check runs on the pool: the dialog shows that it is busy and the event loop stays free.
    QVERIFY(dialog->isBusy());
    QVERIFY(dialog->findChild<QProgressBar *>(QStringLiteral("signInProgress"))->isVisible());
    QVERIFY(!signIn->isEnabled());
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("signInMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 60000);
    QVERIFY(message->text().contains(QStringLiteral("Wrong user name or password")));
    QVERIFY(!dialog->isBusy());
    QVERIFY(!console.session.isSignedIn());
    QVERIFY(dialog->isVisible());
    QCOMPARE(console.window()->consoleStatusBar()->userText(), QStringLiteral("Not signed in"));

    ConsoleFixture::typeInto(dialog, "password", QStringLiteral("admin"));
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(console.session.isSignedIn(), 60000);
    QCOMPARE(console.session.user().name, QStringLiteral("admin"));
    QTRY_VERIFY(!window->findChild<ui::SignInDialog *>(QStringLiteral("signInDialog")));
    QCOMPARE(window->consoleStatusBar()->userText(),
             QStringLiteral("Signed in as admin (admin, creator, publisher, subscriber)"));
}

void TestSignIn::defaultPasswordBannerAndChange()
{
    ConsoleFixture console;
    QVERIFY(console.signIn(QStringLiteral("admin"), QStringLiteral("admin")));
    auto *window = console.window();
    auto *banner = window->findChild<QWidget *>(QStringLiteral("defaultPasswordBanner"));
    QVERIFY(banner->isVisible());

    QTest::mouseClick(button(banner, "changeDefaultPasswordButton"), Qt::LeftButton);
    auto *dialog = window->findChild<ui::ChangePasswordDialog *>(QStringLiteral("changePasswordDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *change = button(dialog, "changePasswordButton");
    ConsoleFixture::typeInto(dialog, "currentPassword", QStringLiteral("admin"));
    ConsoleFixture::typeInto(dialog, "newPassword", QStringLiteral("abc"));
    auto *newError = dialog->findChild<QLabel *>(QStringLiteral("newPasswordError"));
    QVERIFY(newError->isVisible());
    QVERIFY(newError->text().contains(QStringLiteral("4 to 256")));
    QVERIFY(!change->isEnabled());
    ConsoleFixture::typeInto(dialog, "newPassword", QStringLiteral("correct horse"));
    QVERIFY(!newError->isVisible());
    ConsoleFixture::typeInto(dialog, "confirmPassword", QStringLiteral("correct hor"));
    auto *confirmError = dialog->findChild<QLabel *>(QStringLiteral("confirmPasswordError"));
    QVERIFY(confirmError->isVisible());
    QVERIFY(confirmError->text().contains(QStringLiteral("differ")));
    QVERIFY(!change->isEnabled());
    ConsoleFixture::typeInto(dialog, "confirmPassword", QStringLiteral("correct horse"));
    QVERIFY(!confirmError->isVisible());
    QVERIFY(change->isEnabled());
    QTest::mouseClick(change, Qt::LeftButton);
    QVERIFY(dialog->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(
        !window->findChild<ui::ChangePasswordDialog *>(QStringLiteral("changePasswordDialog")), 60000);
    QVERIFY(!banner->isVisible());
    auto *accounts = console.runtime()->accounts();
    QVERIFY(!accounts->authenticate(QStringLiteral("admin"), QStringLiteral("admin")));
    QVERIFY(accounts->authenticate(QStringLiteral("admin"), QStringLiteral("correct horse")));
}

void TestSignIn::changePasswordRefusesWrongCurrentPassword()
{
    ConsoleFixture console;
    console.createUser(QStringLiteral("pat"), models::Role::Publisher);
    QVERIFY(console.signIn(QStringLiteral("pat"), ConsoleFixture::password));
    auto *window = console.window();
    QVERIFY(!window->findChild<QWidget *>(QStringLiteral("defaultPasswordBanner"))->isVisible());
    window->findChild<QAction *>(QStringLiteral("changePasswordAction"))->trigger();
    auto *dialog = window->findChild<ui::ChangePasswordDialog *>(QStringLiteral("changePasswordDialog"));
    QVERIFY(dialog);
    ConsoleFixture::typeInto(dialog, "currentPassword", QStringLiteral("not it"));
    ConsoleFixture::typeInto(dialog, "newPassword", QStringLiteral("another1"));
    ConsoleFixture::typeInto(dialog, "confirmPassword", QStringLiteral("another1"));
    QTest::mouseClick(button(dialog, "changePasswordButton"), Qt::LeftButton);
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("changePasswordMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 60000);
    QVERIFY(message->text().contains(QStringLiteral("current password is wrong")));
    QVERIFY(dialog->isVisible());
    QVERIFY(console.runtime()->accounts()->authenticate(QStringLiteral("pat"), ConsoleFixture::password));
}

void TestSignIn::switchUser()
{
    ConsoleFixture console;
    console.createUser(QStringLiteral("carol"), models::Role::Creator);
    QVERIFY(console.signIn(QStringLiteral("admin"), QStringLiteral("admin")));
    auto *window = console.window();
    window->findChild<QAction *>(QStringLiteral("switchUserAction"))->trigger();
    QVERIFY(!console.session.isSignedIn());
    QVERIFY(!window->findChild<QWidget *>(QStringLiteral("defaultPasswordBanner"))->isVisible());
    QVERIFY(window->findChild<ui::SignInDialog *>(QStringLiteral("signInDialog")));
    QVERIFY(console.signIn(QStringLiteral("carol"), ConsoleFixture::password));
    QCOMPARE(window->consoleStatusBar()->userText(), QStringLiteral("Signed in as carol (creator)"));
}

void TestSignIn::signOutAndBackIn()
{
    ConsoleFixture console;
    QVERIFY(console.signIn(QStringLiteral("admin"), QStringLiteral("admin")));
    auto *window = console.window();
    window->findChild<QAction *>(QStringLiteral("signOutAction"))->trigger();
    QVERIFY(!console.session.isSignedIn());
    auto *signedOut = window->findChild<QWidget *>(QStringLiteral("signedOutPage"));
    QVERIFY(signedOut->isVisible());
    QVERIFY(!window->findChild<QWidget *>(QStringLiteral("navigation"))->isVisible());
    QVERIFY(!window->findChild<QAction *>(QStringLiteral("changePasswordAction"))->isEnabled());
    QCOMPARE(window->consoleStatusBar()->userText(), QStringLiteral("Not signed in"));

    QTest::mouseClick(button(signedOut, "signInAgainButton"), Qt::LeftButton);
    auto *dialog = window->findChild<ui::SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QTest::mouseClick(button(dialog, "cancelSignInButton"), Qt::LeftButton);
    QTRY_VERIFY(!window->findChild<ui::SignInDialog *>(QStringLiteral("signInDialog")));
    QVERIFY(signedOut->isVisible());
    QVERIFY(console.signIn(QStringLiteral("admin"), QStringLiteral("admin")));
    QVERIFY(window->findChild<QWidget *>(QStringLiteral("navigation"))->isVisible());
}

QTEST_MAIN(TestSignIn)
#include "tst_signin.moc"
