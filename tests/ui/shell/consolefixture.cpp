#include "consolefixture.h"

#include "ui/shell/mainwindow.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTest>
#include <QThreadPool>

using namespace sd;

ConsoleFixture::ConsoleFixture()
{
    QCoreApplication::setOrganizationName(QStringLiteral("StreamDeskTests"));
    QCoreApplication::setApplicationName(QStringLiteral("StreamDesk"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());

    gateway::RuntimeOptions options;
    options.dataDir = m_dir.path();
    options.gateway.httpPort = 0;
    options.gateway.httpsPort = 0;
    options.managementPort = 0;
    auto created = gateway::Runtime::create(options);
    if (!created)
        qFatal("Runtime::create failed: %s", qPrintable(created.error().message));
    m_runtime = std::move(created).value();
    if (const auto started = m_runtime->start(); !started)
        qFatal("Runtime::start failed: %s", qPrintable(started.error().message));
    status = {QStringLiteral("http://127.0.0.1:%1").arg(m_runtime->gatewayHttpPort()),
              QStringLiteral("https://127.0.0.1:%1").arg(m_runtime->gatewayHttpsPort()),
              QStringLiteral("https://127.0.0.1:%1").arg(m_runtime->managementPort()), QString(),
              m_dir.path()};
}

ConsoleFixture::~ConsoleFixture()
{
    m_window.reset();
    QThreadPool::globalInstance()->waitForDone();
    m_runtime->stop();
}

models::User ConsoleFixture::admin() const
{
    return *m_runtime->accounts()->user(QStringLiteral("admin"));
}

models::User ConsoleFixture::createUser(const QString &name, models::Roles roles) const
{
    const auto user = m_runtime->accounts()->createUser(admin(), name, password, roles);
    if (!user)
        qFatal("createUser failed: %s", qPrintable(user.error().message));
    return user.value();
}

ui::MainWindow *ConsoleFixture::window()
{
    if (!m_window) {
        m_window = std::make_unique<ui::MainWindow>(m_runtime.get(), status, &session, &secrets);
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window.get()))
            qWarning("The main window was not exposed");
    }
    return m_window.get();
}

bool ConsoleFixture::signIn(const QString &name, const QString &password)
{
    auto *w = window();
    w->showSignIn();
    auto *dialog = w->findChild<QDialog *>(QStringLiteral("signInDialog"));
    if (!dialog)
        return false;
    typeInto(dialog, "userName", name);
    typeInto(dialog, "password", password);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signInButton")), Qt::LeftButton);
    return QTest::qWaitFor([this] { return session.isSignedIn(); }, 60000) && session.user().name == name;
}

ui::MainWindow *ConsoleFixture::windowSignedInAs(const models::User &user)
{
    session.signIn(user);
    return window();
}

void ConsoleFixture::typeInto(QWidget *parent, const char *objectName, const QString &text)
{
    auto *edit = parent->findChild<QLineEdit *>(QString::fromLatin1(objectName));
    if (!edit)
        qFatal("No line edit %s", objectName);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

QStringList ConsoleFixture::unnamedControls(QWidget *root)
{
    QStringList unnamed;
    for (auto *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisible() || !widget->focusPolicy() ||
            (!qobject_cast<QAbstractButton *>(widget) && !qobject_cast<QLineEdit *>(widget)))
            continue;
        auto *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).isEmpty())
            unnamed << widget->objectName() + u'(' + QString::fromLatin1(widget->metaObject()->className()) +
                           u')';
    }
    return unnamed;
}
