// Several stream viewers at once, in tabs, each with its own connection.
#include "tests/tools/sseserverprocess.h"
#include "ui/viewer/streameventmodel.h"
#include "ui/viewer/streamviewer.h"
#include "ui/viewer/streamviewerworkspace.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::ui;

namespace {

// How long a condition may take on a loaded machine; met conditions end the wait at once.
constexpr int waitMs = 20000;

StreamRequest memoryStream(quint16 port, const QString &title = {})
{
    StreamRequest request;
    request.url = QUrl(u"http://127.0.0.1:%1/memory"_s.arg(port));
    request.title = title;
    return request;
}

} // namespace

class TestStreamViewerWorkspace final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openStreamConnectsInANewTab();
    void newStreamFocusesTheUrl();
    void viewersAreIndependent();
    void closingATabEndsItsStream();
    void noTwoControlsShareAShortcut();
};

void TestStreamViewerWorkspace::openStreamConnectsInANewTab()
{
    sd::tools::SseServerProcess server;
    QVERIFY2(server.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    StreamViewerWorkspace workspace;
    QCOMPARE(workspace.objectName(), u"streamViewerWorkspace"_s);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QCOMPARE(workspace.viewerCount(), 0);
    QCOMPARE(workspace.currentViewer(), nullptr);
    QVERIFY(workspace.findChild<QLabel *>(u"noStreamsLabel"_s)->isVisible());

    auto *viewer = workspace.openStream(memoryStream(server.port(), u"Observer memory"_s));
    QCOMPARE(workspace.viewerCount(), 1);
    QCOMPARE(workspace.currentViewer(), viewer);
    QVERIFY(!workspace.findChild<QLabel *>(u"noStreamsLabel"_s)->isVisible());
    auto *tabs = workspace.findChild<QTabWidget *>(u"streamTabs"_s);
    QCOMPARE(tabs->tabText(0), u"Observer memory"_s);
    QTRY_COMPARE_WITH_TIMEOUT(viewer->client()->state(), SseClient::State::Open, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(viewer->model()->rowCount() >= 2, waitMs);
}

void TestStreamViewerWorkspace::newStreamFocusesTheUrl()
{
    StreamViewerWorkspace workspace;
    workspace.show();
    QVERIFY(QTest::qWaitForWindowActive(&workspace));
    QTest::mouseClick(workspace.findChild<QPushButton *>(u"newStreamButton"_s), Qt::LeftButton);
    QCOMPARE(workspace.viewerCount(), 1);
    auto *viewer = workspace.currentViewer();
    QVERIFY(viewer);
    QCOMPARE(viewer->client()->state(), SseClient::State::Idle);
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget(), viewer->findChild<QLineEdit *>(u"streamUrl"_s),
                              waitMs);
    auto *tabs = workspace.findChild<QTabWidget *>(u"streamTabs"_s);
    QCOMPARE(tabs->tabText(0), u"New Stream"_s);
    QTest::keyClicks(QApplication::focusWidget(), u"http://127.0.0.1:8080/memory"_s);
    QCOMPARE(tabs->tabText(0), u"/memory"_s);
}

void TestStreamViewerWorkspace::viewersAreIndependent()
{
    sd::tools::SseServerProcess fast;
    QVERIFY2(fast.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(fast.error()));
    sd::tools::SseServerProcess other;
    QVERIFY2(other.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(other.error()));
    StreamViewerWorkspace workspace;
    auto *first = workspace.openStream(memoryStream(fast.port()));
    auto *second = workspace.openStream(memoryStream(other.port()));
    QCOMPARE(workspace.viewerCount(), 2);
    QCOMPARE(workspace.currentViewer(), second);
    QVERIFY(first->client() != second->client());
    QTRY_VERIFY_WITH_TIMEOUT(first->model()->rowCount() >= 2 && second->model()->rowCount() >= 2, waitMs);
    // Pausing one leaves the other running.
    first->model()->setPaused(true);
    const int rows = second->model()->rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(second->model()->rowCount() > rows, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(first->model()->waitingCount() >= 1, waitMs);
    first->disconnectStream();
    QCOMPARE(first->client()->state(), SseClient::State::Closed);
    QCOMPARE(second->client()->state(), SseClient::State::Open);
}

void TestStreamViewerWorkspace::closingATabEndsItsStream()
{
    sd::tools::SseServerProcess server;
    QVERIFY2(server.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    StreamViewerWorkspace workspace;
    QPointer<StreamViewer> viewer = workspace.openStream(memoryStream(server.port()));
    workspace.newStream();
    QTRY_COMPARE_WITH_TIMEOUT(viewer->client()->state(), SseClient::State::Open, waitMs);
    auto *tabs = workspace.findChild<QTabWidget *>(u"streamTabs"_s);
    Q_EMIT tabs->tabCloseRequested(0); // as the tab's close button does
    QCOMPARE(workspace.viewerCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(viewer.isNull(), waitMs);
    QVERIFY(workspace.currentViewer());
    Q_EMIT tabs->tabCloseRequested(0);
    QCOMPARE(workspace.viewerCount(), 0);
    QVERIFY(workspace.findChild<QLabel *>(u"noStreamsLabel"_s)->isVisibleTo(&workspace));
}

void TestStreamViewerWorkspace::noTwoControlsShareAShortcut()
{
    StreamViewerWorkspace workspace;
    workspace.openStream(memoryStream(1, u"a & b"_s));
    QStringList texts;
    for (const auto *button : workspace.findChildren<QAbstractButton *>())
        texts << button->text();
    for (const auto *label : workspace.findChildren<QLabel *>())
        texts << label->text();
    for (const auto *tabs : workspace.findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i)
            texts << tabs->tabText(i);
    }
    QMap<QChar, QString> owners;
    for (QString text : std::as_const(texts)) {
        text.remove(u"&&"_s);
        const auto at = text.indexOf(u'&');
        if (at < 0 || at + 1 >= text.size())
            continue;
        const QChar key = text.at(at + 1).toLower();
        QVERIFY2(!owners.contains(key),
                 qPrintable(u"Alt+%1: %2 and %3"_s.arg(key).arg(owners.value(key), text)));
        owners.insert(key, text);
    }
    QVERIFY(owners.size() >= 15);
    QCOMPARE(workspace.findChild<QTabWidget *>(u"streamTabs"_s)->tabText(0), u"a && b"_s);
}

QTEST_MAIN(TestStreamViewerWorkspace)
#include "tst_streamviewerworkspace.moc"
