#include "gateway/client/sseclient.h"
#include "gateway/server/gatewayserver.h"
#include "portalfixture.h"
#include "tests/tools/sseserverprocess.h"
#include "ui/devportal/portalworkspace.h"
#include "ui/devportal/subscriptionwizard.h"
#include "ui/shell/mainwindow.h"
#include "ui/viewer/streameventmodel.h"
#include "ui/viewer/streamplot.h"
#include "ui/viewer/streamviewer.h"
#include "ui/viewer/streamviewerworkspace.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QLineSeries>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace sd;

/// Steps 7 and 8 of the tutorial (REFERENCE.md section 1) in the console, as a subscriber does them with
/// the mouse and keyboard: sign in, find Observer in the Developer Portal, run the Subscription & Key
/// Generation Wizard, copy the token, and watch the stream from the sample backend through the gateway in
/// the Stream Viewer, as rows and as a plot.
class TestSubscriberTutorial : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void subscribeAndWatch();

private:
    static void clickTab(QTabWidget *tabs, const QString &label);
    static void next(ui::SubscriptionWizard *wizard, int expectedId);
};

void TestSubscriberTutorial::clickTab(QTabWidget *tabs, const QString &label)
{
    auto *bar = tabs->tabBar();
    for (int i = 0; i < bar->count(); ++i) {
        if (bar->tabText(i).remove(u'&') == label) {
            QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(i).center());
            QTRY_COMPARE(tabs->currentIndex(), i);
            return;
        }
    }
    QFAIL(qPrintable(u"no tab " + label));
}

void TestSubscriberTutorial::next(ui::SubscriptionWizard *wizard, int expectedId)
{
    auto *button = wizard->button(QWizard::NextButton);
    QTRY_VERIFY(button->isVisible() && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(wizard->currentId(), expectedId);
}

void TestSubscriberTutorial::subscribeAndWatch()
{
    // Step 6: the sample backend, as the tutorial starts it but faster, so the test sees events sooner.
    tools::SseServerProcess backend;
    QVERIFY2(backend.start({QStringLiteral("--time=60000"), QStringLiteral("--interval=100")}),
             qPrintable(backend.error()));
    PortalFixture fx;
    // As the app reports its embedded sample backend to the window.
    fx.console.status.sampleBackendUrl = QStringLiteral("http://127.0.0.1:%1/memory").arg(backend.port());
    const auto api = fx.publishApi(QStringLiteral("http://127.0.0.1:%1").arg(backend.port()));
    fx.console.createUser(QStringLiteral("sam"), models::Role::Subscriber);

    // Sign in through the dialog and open the Developer Portal (Ctrl+2).
    QVERIFY(fx.console.signIn(QStringLiteral("sam"), ConsoleFixture::password));
    auto *window = fx.console.window();
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_2, Qt::ControlModifier);
    auto *pages = child<QStackedWidget>(window, "pages");
    QCOMPARE(pages->currentWidget(), window->portal());

    // Find Observer: search, then Enter on the one match opens its page.
    auto *search = child<QLineEdit>(window->portal(), "portalApiSearch");
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("observer"));
    QTRY_COMPARE(child<QTableView>(window->portal(), "portalApiTable")->model()->rowCount(), 1);
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY(child<QWidget>(window->portal(), "portalApiPage")->isVisible());

    // Subscriptions -> SUBSCRIPTION & KEY GENERATION WIZARD.
    clickTab(child<QTabWidget>(window->portal(), "portalApiTabs"), QStringLiteral("Subscriptions"));
    QTest::mouseClick(child<QAbstractButton>(window->portal(), "subscriptionWizardButton"), Qt::LeftButton);
    ui::SubscriptionWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<ui::SubscriptionWizard *>()) && wizard->isVisible());

    // 1 create the application, 2 subscribe with the first plan, 3 production keys, 4 the access token.
    ConsoleFixture::typeInto(wizard, "applicationName", QStringLiteral("ObserverClient"));
    next(wizard, ui::SubscriptionWizard::SubscribePageId);
    next(wizard, ui::SubscriptionWizard::KeysPageId);
    next(wizard, ui::SubscriptionWizard::TokenPageId);
    next(wizard, ui::SubscriptionWizard::CopyPageId);
    const auto subscriptions = fx.console.runtime()->portal()->subscriptions(fx.console.session.user());
    QCOMPARE(subscriptions.size(), 1);
    QCOMPARE(subscriptions.first().apiId, api.id);
    QCOMPARE(subscriptions.first().plan, QStringLiteral("AsyncGold"));

    // 5 copy the access token.
    auto *copy = child<QAbstractButton>(wizard, "copyAccessToken");
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString token = QGuiApplication::clipboard()->text();
    QVERIFY(token.size() > 100); // an RS256 JWT
    QCOMPARE(child<QLineEdit>(wizard, "accessToken")->text(), token);

    // Open in Stream Viewer: the viewer page, connected through the gateway with the token.
    QTest::mouseClick(wizard->button(QWizard::CustomButton1), Qt::LeftButton);
    QTRY_COMPARE(pages->currentWidget(), window->viewers());
    QTRY_VERIFY(!window->findChild<ui::SubscriptionWizard *>());
    auto *viewer = window->viewers()->currentViewer();
    QVERIFY(viewer);
    QCOMPARE(viewer->request().url.toString(), QStringLiteral("http://127.0.0.1:%1/observer/1.0.0/memory")
                                                   .arg(fx.console.runtime()->gatewayHttpPort()));
    QCOMPARE(viewer->request().header("Authorization"), "Bearer " + token.toUtf8());

    // Rows whose data is the sample's memory reading, identifier ram_N, and a plot with points.
    auto *model = viewer->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 3, 20000);
    QCOMPARE(viewer->client()->httpStatus(), 200);
    for (int row = 0; row < 3; ++row) {
        const auto data = model->index(row, 0).data(ui::StreamEventModel::DataRole).toString();
        QVERIFY2(data.contains(QRegularExpression(QStringLiteral(R"("identifier":"ram_\d+")"))),
                 qPrintable(data));
    }
    auto *plot = viewer->findChild<ui::StreamPlot *>();
    QVERIFY(plot);
    QVERIFY(plot->fields().contains(QStringLiteral("heap")));
    QTRY_VERIFY(plot->series(QStringLiteral("heap"))->count() >= 2);
    QTRY_VERIFY(plot->series(QStringLiteral("nonHeap"))->count() >= 2);
    // The gateway counted the events against the subscription's plan.
    QTRY_VERIFY(fx.console.runtime()->gateway()->meter()->usage(subscriptions.first().id)->delivered >= 3);
}

QTEST_MAIN(TestSubscriberTutorial)
#include "tst_subscribertutorial.moc"
