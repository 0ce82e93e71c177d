#include "consolefixture.h"
#include "gateway/relay/streammonitor.h"
#include "gateway/runtime/runtime.h"
#include "gateway/server/gatewayserver.h"
#include "models/devportalservice.h"
#include "ui/devportal/applicationspage.h"
#include "ui/publisher/apipage.h"
#include "ui/publisher/publisherworkspace.h"
#include "ui/shell/consolestatusbar.h"
#include "ui/shell/mainwindow.h"
#include "ui/viewer/streamviewerworkspace.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>

using namespace sd;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void navigation();
    void navigationFollowsTheSelection();
    void subscriptionsFollowTheDeveloperPortal();
    void statusBarShowsTheGateway();
    void statusBarCountsStreamsAndEvents();
    void remembersGeometry();
    void quitShortcut();
    void everyControlHasAName();
};

void TestMainWindow::navigation()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    QCOMPARE(window->windowTitle(), QStringLiteral("StreamDesk"));
    QVERIFY(!window->windowIcon().pixmap(32, 32).isNull());
    auto *navigation = window->findChild<QListWidget *>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    QStringList titles;
    for (int row = 0; row < navigation->count(); ++row)
        titles << navigation->item(row)->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("Publisher"), QStringLiteral("Developer Portal"),
                                  QStringLiteral("Applications"), QStringLiteral("Stream Viewer"),
                                  QStringLiteral("Streams"), QStringLiteral("Gateway log")}));
    auto *pages = window->findChild<QStackedWidget *>(QStringLiteral("pages"));
    QCOMPARE(pages->currentWidget(), window->publisher());
    QVERIFY(window->findChild<QWidget *>(QStringLiteral("publisherPage"))->isVisible());

    navigation->setFocus();
    QTest::keyClick(navigation, Qt::Key_Down);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("portalWorkspace"));
    QVERIFY(pages->currentWidget()->isVisible());
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget(), window->publisher());
    QTest::keyClick(window, Qt::Key_6, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("gatewayLogPage"));
    QCOMPARE(navigation->currentRow(), 5);
    QTest::keyClick(window, Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("streamsPage"));
    QTest::keyClick(window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget(), window->applications());
    QTest::keyClick(window, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget(), window->viewers());

    // File > New Stream (Ctrl+T) opens an empty viewer tab on the Stream Viewer page.
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QTest::keyClick(window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget(), window->viewers());
    QCOMPARE(window->viewers()->viewerCount(), 1);
}

void TestMainWindow::navigationFollowsTheSelection()
{
    // What an assistive tool does: select a list item through the selection model, not the current index.
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    auto *navigation = window->findChild<QListWidget *>(QStringLiteral("navigation"));
    auto *pages = window->findChild<QStackedWidget *>(QStringLiteral("pages"));
    QVERIFY(navigation && pages);
    auto *selection = navigation->selectionModel();
    selection->select(navigation->model()->index(4, 0), QItemSelectionModel::ClearAndSelect);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("streamsPage"));
    QCOMPARE(navigation->currentRow(), 4);
    QCOMPARE(navigation->selectedItems(), QList<QListWidgetItem *>{navigation->item(4)});

    selection->select(navigation->model()->index(5, 0), QItemSelectionModel::ClearAndSelect);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("gatewayLogPage"));
    QCOMPARE(navigation->currentRow(), 5);

    // And the other way round: a current-row change leaves exactly that row selected.
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget(), window->publisher());
    QCOMPARE(navigation->selectedItems(), QList<QListWidgetItem *>{navigation->item(0)});
}

void TestMainWindow::subscriptionsFollowTheDeveloperPortal()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    auto *publisher = console.publisher();
    const auto api =
        publisher->createApi(admin, {QStringLiteral("Observer"), QStringLiteral("/observer"),
                                     QStringLiteral("1.0.0"), QStringLiteral("http://localhost:8080")});
    QVERIFY(api);
    QVERIFY(publisher->setPlans(admin, api->id, {QStringLiteral("AsyncGold")}));
    QVERIFY(publisher->changeLifecycle(admin, api->id, QStringLiteral("Publish")));
    auto *window = console.windowSignedInAs(admin);
    window->publisher()->showApi(api->id);
    QVERIFY(window->publisher()->apiPage()->showTab(QStringLiteral("plans")));
    auto *table = child<QTableView>(window, "subscriptionsTable");
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 0);

    // The window hands the runtime's DevPortalService to the Publisher: the open table follows it.
    auto *portal = console.runtime()->portal();
    const auto app = portal->createApplication(admin, {QStringLiteral("Dashboard")});
    QVERIFY(app);
    const auto sub = portal->subscribe(admin, app->id, api->id, QStringLiteral("AsyncGold"));
    QVERIFY(sub);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Dashboard"));
    QVERIFY(portal->unsubscribe(admin, sub->id));
    QTRY_COMPARE(table->model()->rowCount(), 0);
}

void TestMainWindow::statusBarShowsTheGateway()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    const auto text = window->consoleStatusBar()->gatewayText();
    QVERIFY2(text.contains(QStringLiteral("HTTP ") + console.status.gatewayUrl), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("HTTPS ") + console.status.gatewayTlsUrl), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Management ") + console.status.managementUrl), qPrintable(text));
    QCOMPARE(window->consoleStatusBar()->userText(),
             QStringLiteral("Signed in as admin (admin, creator, publisher, subscriber)"));
}

void TestMainWindow::statusBarCountsStreamsAndEvents()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    auto *bar = window->consoleStatusBar();
    QVERIFY(bar->streamsText().startsWith(QStringLiteral("0 open streams · 0 events/s")));
    auto *monitor = console.runtime()->gateway()->monitor();
    const auto first = monitor->opened({});
    const auto second = monitor->opened({});
    monitor->publish();
    QVERIFY2(bar->streamsText().startsWith(QStringLiteral("2 open streams")), qPrintable(bar->streamsText()));
    first.counters->events = 40;
    second.counters->events = 10;
    monitor->publish();
    QTRY_VERIFY_WITH_TIMEOUT(!bar->streamsText().endsWith(QStringLiteral(" 0 events/s")), 30000);
    monitor->closed(first.id, QStringLiteral("client disconnected"));
    monitor->publish();
    QVERIFY2(bar->streamsText().startsWith(QStringLiteral("1 open stream ")), qPrintable(bar->streamsText()));
    // Nothing new arrives: the rate falls back to zero.
    QTRY_VERIFY_WITH_TIMEOUT(bar->streamsText().endsWith(QStringLiteral(" 0 events/s")), 30000);
}

void TestMainWindow::remembersGeometry()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    window->resize(1010, 690);
    QTRY_COMPARE(window->size(), QSize(1010, 690));
    window->close();
    ui::MainWindow second(console.runtime(), console.status, &console.session, &console.secrets);
    QCOMPARE(second.size(), QSize(1010, 690));
}

void TestMainWindow::quitShortcut()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    auto *quit = window->findChild<QAction *>(QStringLiteral("quitAction"));
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!window->isVisible());
}

void TestMainWindow::everyControlHasAName()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    const auto unnamed = ConsoleFixture::unnamedControls(window);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u' ')));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
