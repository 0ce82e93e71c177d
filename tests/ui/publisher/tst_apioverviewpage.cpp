#include "consolefixture.h"
#include "models/publisherservice.h"
#include "ui/common/messagebox.h"
#include "ui/publisher/apioverviewpage.h"
#include "ui/publisher/apipage.h"
#include "ui/publisher/publisherworkspace.h"
#include "ui/shell/mainwindow.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace sd;

class TestApiOverviewPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepperFollowsTheApi();
    void gatewayUrlsAndCurl();
    void linksOpenTabsAndUnsavedPlansAsk();
};

namespace {

bool done(QWidget *page, const char *mark)
{
    return child<QLabel>(page, mark)->property("done").toBool();
}

} // namespace

void TestApiOverviewPage::stepperFollowsTheApi()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    auto *publisher = console.publisher();
    const auto api =
        publisher->createApi(admin, {QStringLiteral("Observer"), QStringLiteral("/observer"),
                                     QStringLiteral("1.0.0"), QStringLiteral("http://localhost:8080")});
    QVERIFY(api);
    auto *window = console.windowSignedInAs(admin);
    window->publisher()->showApi(api->id);
    auto *page = child<ui::ApiOverviewPage>(window, "apiOverviewPage");
    QVERIFY(page->isVisible());
    QVERIFY(done(page, "stepEndpointMark"));
    QVERIFY(!done(page, "stepBusinessPlanMark"));
    QVERIFY(!done(page, "stepDeployMark"));
    QVERIFY(!done(page, "stepPublishMark"));
    auto *planLink = child<QPushButton>(page, "stepBusinessPlanLink");
    QCOMPARE(planLink->text(), QStringLiteral("Select a business plan on the Business Plans tab"));
    QSignalSpy tabRequested(page, &ui::ApiOverviewPage::tabRequested);
    QTest::mouseClick(planLink, Qt::LeftButton);
    QCOMPARE(tabRequested.size(), 1);
    QCOMPARE(tabRequested.constFirst().constFirst().toString(), QStringLiteral("plans"));

    // Changes made elsewhere (the other tabs, REST) tick the steps.
    QVERIFY(publisher->setPlans(admin, api->id, {QStringLiteral("AsyncGold")}));
    QVERIFY(done(page, "stepBusinessPlanMark"));
    QCOMPARE(planLink->text(), QStringLiteral("Plans: AsyncGold"));
    const auto revision = publisher->createRevision(admin, api->id, QString());
    QVERIFY(revision);
    QVERIFY(publisher->deployRevision(admin, api->id, revision->id, QStringLiteral("Default"),
                                      QStringLiteral("localhost")));
    QVERIFY(done(page, "stepDeployMark"));
    QVERIFY(publisher->changeLifecycle(admin, api->id, QStringLiteral("Publish")));
    QVERIFY(done(page, "stepPublishMark"));
    auto *apiPage = child<ui::ApiPage>(window, "apiPage");
    QCOMPARE(child<QLabel>(apiPage, "apiState")->text(), QStringLiteral("PUBLISHED"));
    const auto metadata = child<QLabel>(page, "apiMetadata")->text();
    QVERIFY(metadata.contains(QStringLiteral("AsyncGold")));
    QVERIFY(metadata.contains(QStringLiteral("PUBLISHED")));
    QVERIFY(metadata.contains(QStringLiteral("http://localhost:8080")));
}

void TestApiOverviewPage::gatewayUrlsAndCurl()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    const auto api = console.publisher()->createApi(
        admin, {QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"),
                QStringLiteral("http://localhost:8080")});
    QVERIFY(api);
    auto *window = console.windowSignedInAs(admin);
    window->publisher()->showApi(api->id);
    auto *page = child<ui::ApiOverviewPage>(window, "apiOverviewPage");
    QCOMPARE(child<QLabel>(page, "gatewayHttpUrl")->text(),
             console.status.gatewayUrl + QStringLiteral("/observer/1.0.0"));
    QCOMPARE(child<QLabel>(page, "gatewayHttpsUrl")->text(),
             console.status.gatewayTlsUrl + QStringLiteral("/observer/1.0.0"));
    const auto curl =
        QStringLiteral("curl -N %1/observer/1.0.0/memory -H \"Authorization: Bearer <ACCESS_TOKEN>\"")
            .arg(console.status.gatewayUrl);
    QCOMPARE(page->curlCommand(), curl);
    QTest::mouseClick(child<QPushButton>(page, "copyCurlButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), curl);
    QCOMPARE(child<QLabel>(page, "curlCopied")->text(), QStringLiteral("Copied."));
}

void TestApiOverviewPage::linksOpenTabsAndUnsavedPlansAsk()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    const auto api = console.publisher()->createApi(
        admin, {QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"),
                QStringLiteral("http://localhost:8080")});
    QVERIFY(api);
    auto *window = console.windowSignedInAs(admin);
    window->publisher()->showApi(api->id);
    auto *tabs = child<QTabWidget>(window, "apiTabs");
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i).remove(u'&');
    QCOMPARE(titles,
             (QStringList{QStringLiteral("Overview"), QStringLiteral("Topics"), QStringLiteral("Endpoints"),
                          QStringLiteral("Business Plans"), QStringLiteral("AsyncAPI Definition"),
                          QStringLiteral("Lifecycle"), QStringLiteral("Deployments")}));
    auto *page = child<ui::ApiOverviewPage>(window, "apiOverviewPage");
    QTest::mouseClick(child<QPushButton>(page, "stepDeployLink"), Qt::LeftButton);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("deploymentsPage"));
    tabs->setCurrentIndex(0);
    QTest::mouseClick(child<QPushButton>(page, "stepPublishLink"), Qt::LeftButton);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("lifecyclePage"));
    tabs->setCurrentIndex(0);
    QTest::mouseClick(child<QPushButton>(page, "stepBusinessPlanLink"), Qt::LeftButton);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("plansPage"));

    // Tick a plan without saving: leaving asks, and Cancel stays on the tab.
    auto *plans = child<QListWidget>(window, "planList");
    QListWidgetItem *gold = nullptr;
    for (int i = 0; i < plans->count(); ++i) {
        if (plans->item(i)->text().startsWith(QStringLiteral("AsyncGold")))
            gold = plans->item(i);
    }
    QVERIFY(gold);
    gold->setCheckState(Qt::Checked);
    ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
    tabs->setCurrentIndex(0);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("plansPage"));
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("not saved")));
    ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
    QTest::mouseClick(child<QPushButton>(window, "backToApisButton"), Qt::LeftButton);
    QVERIFY(child<QWidget>(window, "apiPage")->isVisible());
    ui::MessageBox::setNextAnswer(QMessageBox::Save);
    tabs->setCurrentIndex(0);
    QCOMPARE(tabs->currentWidget(), page);
    QVERIFY(console.publisher()->api(api->id)->plans.contains(QStringLiteral("AsyncGold")));
}

QTEST_MAIN(TestApiOverviewPage)
#include "tst_apioverviewpage.moc"
