#include "gateway/relay/streammonitor.h"
#include "ui/shell/mainwindow.h"

#include <QLabel>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWhereServersRun();
    void countsOpenStreams();
};

void TestMainWindow::showsWhereServersRun()
{
    const sd::ui::ConsoleStatus status{
        QStringLiteral("http://127.0.0.1:8280"), QStringLiteral("https://127.0.0.1:8243"),
        QStringLiteral("https://127.0.0.1:9443"), QString(), QStringLiteral("/data")};
    sd::ui::MainWindow window(status);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("StreamDesk"));
    QVERIFY(!window.windowIcon().pixmap(32, 32).isNull());
    QStringList texts;
    for (const auto *label : window.findChildren<QLabel *>())
        texts << label->text();
    QVERIFY(texts.contains(QStringLiteral("http://127.0.0.1:8280")));
    QVERIFY(texts.contains(QStringLiteral("https://127.0.0.1:9443")));
    QVERIFY(texts.contains(QStringLiteral("not started")));
    QCOMPARE(window.streamSummary(), QStringLiteral("none"));
}

void TestMainWindow::countsOpenStreams()
{
    sd::gateway::StreamMonitor monitor;
    sd::ui::MainWindow window({}, &monitor);
    const auto first = monitor.opened({});
    monitor.opened({});
    monitor.publish();
    QCOMPARE(window.streamSummary(), QStringLiteral("2 stream(s)"));
    monitor.closed(first, QStringLiteral("client disconnected"));
    monitor.publish();
    QCOMPARE(window.streamSummary(), QStringLiteral("1 stream(s)"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
