#include "ui/mainwindow.h"

#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWithTitle();
};

void TestMainWindow::showsWithTitle()
{
    sd::ui::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("StreamDesk"));
    QVERIFY(window.centralWidget());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
