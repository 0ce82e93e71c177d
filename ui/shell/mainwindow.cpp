#include "ui/shell/mainwindow.h"

#include "gateway/runtime/runtime.h"
#include "gateway/server/gatewayserver.h"
#include "ui/common/session.h"
#include "ui/devportal/applicationspage.h"
#include "ui/devportal/portalworkspace.h"
#include "ui/operations/gatewaylogpage.h"
#include "ui/operations/streamspage.h"
#include "ui/publisher/publisherworkspace.h"
#include "ui/shell/changepassworddialog.h"
#include "ui/shell/consolestatusbar.h"
#include "ui/shell/signindialog.h"
#include "ui/viewer/streamviewerworkspace.h"

#include <QCloseEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace sd::ui {

MainWindow::MainWindow(gateway::Runtime *runtime, const ConsoleStatus &status, Session *session,
                       SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_runtime(runtime)
    , m_session(session)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("StreamDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/streamdesk.png")));

    m_root = new QStackedWidget(this);
    m_console = createConsole(status);
    m_signedOut = createSignedOutPage();
    m_root->addWidget(m_console);
    m_root->addWidget(m_signedOut);
    setCentralWidget(m_root);

    m_statusBar = new ConsoleStatusBar(status, runtime->gateway()->monitor(), session, this);
    setStatusBar(m_statusBar);
    createMenus();

    connect(m_session, &Session::changed, this, &MainWindow::updateForSession);
    updateForSession();
    resize(1200, 760);
    restoreSettings();
}

QWidget *MainWindow::createConsole(const ConsoleStatus &status)
{
    auto *console = new QWidget(this);
    auto *layout = new QVBoxLayout(console);
    layout->setContentsMargins(0, 0, 0, 0);

    m_defaultPasswordBanner = new QFrame(console);
    m_defaultPasswordBanner->setObjectName(QStringLiteral("defaultPasswordBanner"));
    m_defaultPasswordBanner->setFrameShape(QFrame::StyledPanel);
    m_defaultPasswordBanner->setStyleSheet(
        QStringLiteral("#defaultPasswordBanner { background: #fff4ce; border: 1px solid #e0c060; }"));
    auto *bannerLayout = new QHBoxLayout(m_defaultPasswordBanner);
    auto *bannerText = new QLabel(tr("You signed in with the default password <b>admin</b>. Anyone can guess "
                                     "it: change it now."),
                                  m_defaultPasswordBanner);
    bannerText->setWordWrap(true);
    // Alt+P belongs to the Business Plans tab.
    auto *bannerButton = new QPushButton(tr("C&hange Password..."), m_defaultPasswordBanner);
    bannerButton->setObjectName(QStringLiteral("changeDefaultPasswordButton"));
    bannerButton->setAccessibleName(tr("Change the default password"));
    connect(bannerButton, &QPushButton::clicked, this, &MainWindow::showChangePassword);
    bannerLayout->addWidget(bannerText, 1);
    bannerLayout->addWidget(bannerButton);
    m_defaultPasswordBanner->hide();
    layout->addWidget(m_defaultPasswordBanner);

    auto *splitter = new QSplitter(console);
    splitter->setObjectName(QStringLiteral("consoleSplitter"));
    m_navigation = new QListWidget(splitter);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Navigation"));
    m_navigation->setMaximumWidth(220);
    m_navigation->setMinimumWidth(150);
    m_navigation->setStyleSheet(QStringLiteral("QListWidget#navigation::item { padding: 8px 6px; }"));
    m_pages = new QStackedWidget(splitter);
    m_pages->setObjectName(QStringLiteral("pages"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    // Screen readers select an item (AT-SPI Toggle) without making it current: follow the selection too.
    connect(m_navigation, &QListWidget::itemSelectionChanged, this, [this] {
        const auto selected = m_navigation->selectedItems();
        if (selected.size() == 1)
            m_navigation->setCurrentItem(selected.constFirst());
    });

    m_publisher = new PublisherWorkspace(m_runtime->publisher(), m_session, status);
    m_publisher->followPortal(m_runtime->portal());
    addPage(tr("Publisher"), m_publisher);
    PortalContext context;
    context.portal = m_runtime->portal();
    context.tokens = m_runtime->tokens();
    context.meter = m_runtime->gateway()->meter();
    context.session = m_session;
    context.secrets = m_secrets;
    context.status = status;
    m_portal = new PortalWorkspace(context, m_runtime->publisher());
    m_applications = new ApplicationsPage(context);
    m_viewers = new StreamViewerWorkspace;
    addPage(tr("Developer Portal"), m_portal);
    addPage(tr("Applications"), m_applications);
    addPage(tr("Stream Viewer"), m_viewers);
    connect(m_portal, &PortalWorkspace::openStreamRequested, this, &MainWindow::openStream);
    connect(m_portal, &PortalWorkspace::manageApplicationRequested, this, &MainWindow::showApplication);
    connect(m_applications, &ApplicationsPage::openStreamRequested, this, &MainWindow::openStream);
    addPage(tr("Streams"), new StreamsPage(m_runtime->gateway()->monitor(), m_session));
    addPage(tr("Gateway log"), new GatewayLogPage(m_runtime->gateway()->events()));
    m_navigation->setCurrentRow(0);
    return console;
}

QWidget *MainWindow::createSignedOutPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("signedOutPage"));
    auto *layout = new QVBoxLayout(page);
    auto *text =
        new QLabel(tr("<h2>StreamDesk</h2><p>The gateway is running. Sign in to manage it.</p>"), page);
    text->setAlignment(Qt::AlignCenter);
    m_signInAgain = new QPushButton(tr("&Sign In..."), page);
    m_signInAgain->setObjectName(QStringLiteral("signInAgainButton"));
    connect(m_signInAgain, &QPushButton::clicked, this, &MainWindow::showSignIn);
    layout->addStretch();
    layout->addWidget(text);
    layout->addWidget(m_signInAgain, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

void MainWindow::createMenus()
{
    auto *file = menuBar()->addMenu(tr("&File"));
    auto *newStreamAction = file->addAction(tr("&New Stream..."), this, &MainWindow::newStream);
    newStreamAction->setObjectName(QStringLiteral("newStreamAction"));
    newStreamAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    file->addSeparator();
    auto *signOutAction = file->addAction(tr("Sign &Out"), this, &MainWindow::signOut);
    signOutAction->setObjectName(QStringLiteral("signOutAction"));
    auto *switchUser = file->addAction(tr("S&witch User..."), this, [this] {
        MainWindow::signOut();
        showSignIn();
    });
    switchUser->setObjectName(QStringLiteral("switchUserAction"));
    auto *changePassword = file->addAction(tr("&Change Password..."), this, &MainWindow::showChangePassword);
    changePassword->setObjectName(QStringLiteral("changePasswordAction"));
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    // Not QKeySequence::Quit: some platforms bind none, and Ctrl+Q is what users expect here.
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    m_signedInActions = {signOutAction, switchUser, changePassword, newStreamAction};

    auto *go = menuBar()->addMenu(tr("&Go"));
    for (int row = 0; row < m_navigation->count(); ++row) {
        auto *action = go->addAction(m_navigation->item(row)->text(), this,
                                     [this, row] { m_navigation->setCurrentRow(row); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + row)));
        m_signedInActions << action;
    }
}

void MainWindow::addPage(const QString &title, QWidget *page)
{
    m_navigation->addItem(title);
    m_pages->addWidget(page);
}

void MainWindow::openStream(const gateway::StreamRequest &request)
{
    m_navigation->setCurrentRow(m_pages->indexOf(m_viewers));
    m_viewers->openStream(request);
}

void MainWindow::newStream()
{
    m_navigation->setCurrentRow(m_pages->indexOf(m_viewers));
    m_viewers->newStream();
}

void MainWindow::showApplication(const QString &applicationId)
{
    m_navigation->setCurrentRow(m_pages->indexOf(m_applications));
    m_applications->showApplication(applicationId);
}

void MainWindow::showSignIn()
{
    if (m_signIn) {
        m_signIn->raise();
        m_signIn->activateWindow();
        return;
    }
    m_signIn = new SignInDialog(m_runtime->accounts(), this);
    m_signIn->setAttribute(Qt::WA_DeleteOnClose);
    m_signIn->setWindowModality(Qt::WindowModal);
    connect(m_signIn, &SignInDialog::signedIn, this, &MainWindow::onSignedIn);
    // The dialog is the way in while it is open; the page's button comes back if it is cancelled.
    m_signInAgain->hide();
    connect(m_signIn, &QDialog::finished, m_signInAgain, &QWidget::show);
    m_signIn->open();
}

void MainWindow::onSignedIn(const models::User &user, bool defaultCredential)
{
    m_session->signIn(user);
    m_defaultPasswordBanner->setVisible(defaultCredential);
}

void MainWindow::showChangePassword()
{
    if (!m_session->isSignedIn())
        return;
    auto *dialog = new ChangePasswordDialog(m_runtime->accounts(), m_session->user(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this] {
        m_defaultPasswordBanner->hide();
        statusBar()->showMessage(tr("Password changed."), 5000);
    });
    dialog->open();
}

void MainWindow::signOut()
{
    m_defaultPasswordBanner->hide();
    m_session->signOut();
}

void MainWindow::updateForSession()
{
    const bool signedIn = m_session->isSignedIn();
    m_root->setCurrentWidget(signedIn ? m_console : m_signedOut);
    for (auto *action : std::as_const(m_signedInActions))
        action->setEnabled(signedIn);
    if (signedIn)
        m_navigation->setFocus();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("consoleSplitter")))
        splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("consoleSplitter")))
        settings.setValue(QStringLiteral("mainWindow/splitter"), splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace sd::ui
