#include "apipagefixture.h"
#include "ui/common/messagebox.h"
#include "ui/publisher/apideploymentspage.h"
#include "ui/publisher/deployrevisiondialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace sd::models;
using namespace sd::ui;
using namespace Qt::StringLiterals;

class TestApiDeploymentsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deployNewRevisionThroughTheDialog();
    void sixthRevisionNeedsOneToDelete();
    void limitWithEveryRevisionDeployed();
    void restoreAndDeleteAskFirst();
    void deployAndUndeployPerEnvironment();
    void chainStopsAtTheFailingStep();
    void followsTheService();

private:
    /// Queues `act` on the dialog that the next call opens, then clicks Deploy New Revision.
    static void withDialog(ApiDeploymentsPage *page, const std::function<void(DeployRevisionDialog *)> &act);
    static QString messageOf(const QWidget *page);
};

void TestApiDeploymentsPage::withDialog(ApiDeploymentsPage *page,
                                        const std::function<void(DeployRevisionDialog *)> &act)
{
    bool acted = false;
    QTimer::singleShot(0, page, [&] {
        auto *dialog = qobject_cast<DeployRevisionDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QCOMPARE(dialog->objectName(), QStringLiteral("deployRevisionDialog"));
        act(dialog);
        acted = true;
        if (dialog->isVisible())
            dialog->reject();
    });
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("deployNewRevisionButton")),
                      Qt::LeftButton);
    QVERIFY(acted);
}

QString TestApiDeploymentsPage::messageOf(const QWidget *page)
{
    return page->findChild<QLabel *>(QStringLiteral("deploymentsMessage"))->text();
}

void TestApiDeploymentsPage::deployNewRevisionThroughTheDialog()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto page = f.open<ApiDeploymentsPage>(api.id);
    QCOMPARE(page->objectName(), QStringLiteral("deploymentsPage"));
    auto *table = page->findChild<QTableView *>(QStringLiteral("revisionsTable"));
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table->model()->rowCount(), 0);

    withDialog(page.get(), [](DeployRevisionDialog *dialog) {
        auto *deploy = dialog->findChild<QPushButton *>(QStringLiteral("deployButton"));
        auto *environment = dialog->findChild<QCheckBox *>(QStringLiteral("environment_Default"));
        auto *vhost = dialog->findChild<QComboBox *>(QStringLiteral("vhost_Default"));
        QVERIFY(environment && vhost && deploy);
        QVERIFY(!dialog->findChild<QComboBox *>(QStringLiteral("revisionToDelete")));
        QCOMPARE(environment->accessibleName(), QStringLiteral("Production and Sandbox"));
        QCOMPARE(vhost->currentText(), QStringLiteral("localhost"));
        QVERIFY(!deploy->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("revisionDescription")),
                         QStringLiteral("first deployment"));
        environment->setFocus();
        QTest::keyClick(environment, Qt::Key_Space);
        QVERIFY(deploy->isEnabled());
        QTest::mouseClick(deploy, Qt::LeftButton);
    });
    QTRY_VERIFY(!page->isBusy());
    const auto revisions = f.publisher->revisions(api.id);
    QCOMPARE(revisions.size(), 1);
    QCOMPARE(revisions.first().description, QStringLiteral("first deployment"));
    const auto deployments = f.publisher->deployments(api.id);
    QCOMPARE(deployments.size(), 1);
    QCOMPARE(deployments.first().revisionId, revisions.first().id);
    QCOMPARE(deployments.first().environment, QStringLiteral("Default"));
    QCOMPARE(deployments.first().vhost, QStringLiteral("localhost"));
    QCOMPARE(messageOf(page.get()), QStringLiteral("Revision 1 created and deployed."));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Revision 1"));
    QCOMPARE(table->model()->index(0, 3).data().toString(),
             QStringLiteral("Production and Sandbox (localhost): http://127.0.0.1:8280/observer/1.0.0"));
}

void TestApiDeploymentsPage::sixthRevisionNeedsOneToDelete()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    QList<Revision> made;
    for (int i = 0; i < PublisherService::maxRevisions; ++i)
        made
            << f.publisher->createRevision(f.publisherUser, api.id, QStringLiteral("r%1").arg(i + 1)).value();
    QVERIFY(
        f.publisher->deployRevision(f.publisherUser, api.id, made.first().id, QStringLiteral("Default"), {}));
    const auto page = f.open<ApiDeploymentsPage>(api.id);

    withDialog(page.get(), [&](DeployRevisionDialog *dialog) {
        auto *why = dialog->findChild<QLabel *>(QStringLiteral("revisionLimitNote"));
        QVERIFY(why);
        QVERIFY(why->text().contains(u"5 revisions, the most an API can have"));
        auto *toDelete = dialog->findChild<QComboBox *>(QStringLiteral("revisionToDelete"));
        QVERIFY(toDelete);
        // Revision 1 is deployed, so it is not offered.
        QCOMPARE(toDelete->count(), 4);
        QCOMPARE(toDelete->itemText(0), QStringLiteral("Revision 2 (r2)"));
        toDelete->setFocus();
        QTest::keyClick(toDelete, Qt::Key_Down);
        QCOMPARE(toDelete->currentText(), QStringLiteral("Revision 3 (r3)"));
        auto *environment = dialog->findChild<QCheckBox *>(QStringLiteral("environment_Default"));
        environment->setFocus();
        QTest::keyClick(environment, Qt::Key_Space);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("deployButton")), Qt::LeftButton);
    });
    QTRY_VERIFY(!page->isBusy());
    QStringList names;
    for (const auto &r : f.publisher->revisions(api.id))
        names << r.displayName();
    QCOMPARE(names, QStringList({u"Revision 1"_s, u"Revision 2"_s, u"Revision 4"_s, u"Revision 5"_s,
                                 u"Revision 6"_s}));
    QCOMPARE(f.publisher->deployments(api.id).size(), 1);
    QCOMPARE(f.store->revision(f.publisher->deployments(api.id).first().revisionId)->number, 6);
}

void TestApiDeploymentsPage::limitWithEveryRevisionDeployed()
{
    // With several environments every revision can be deployed; then nothing can be deleted.
    ApiPageFixture f;
    DeployRevisionDialog dialog(f.publisher->environments(), PublisherService::maxRevisions,
                                PublisherService::maxRevisions, {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.findChild<QComboBox *>(QStringLiteral("revisionToDelete")));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("revisionLimitNote"))->text().contains(u"Undeploy"));
    auto *environment = dialog.findChild<QCheckBox *>(QStringLiteral("environment_Default"));
    environment->setFocus();
    QTest::keyClick(environment, Qt::Key_Space);
    QVERIFY(environment->isChecked());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("deployButton"))->isEnabled());
}

void TestApiDeploymentsPage::restoreAndDeleteAskFirst()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto first = f.publisher->createRevision(f.creator, api.id, QStringLiteral("original")).value();
    ApiDraft changed{api.name, api.context, api.version, QStringLiteral("http://localhost:9999")};
    QVERIFY(f.publisher->updateApi(f.creator, api.id, changed));
    f.session.signIn(f.creator);
    const auto page = f.open<ApiDeploymentsPage>(api.id);
    auto *table = page->findChild<QTableView *>(QStringLiteral("revisionsTable"));
    // A creator restores and deletes but does not deploy.
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("deployNewRevisionButton"))->isVisible());
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("deployRevisionButton"))->isVisible());
    ApiPageFixture::clickRow(table, 0);

    auto *restore = page->findChild<QPushButton *>(QStringLiteral("restoreRevisionButton"));
    MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(restore, Qt::LeftButton);
    QVERIFY(MessageBox::lastText().startsWith(u"Restore Revision 1?"));
    QCOMPARE(f.storedApi(api.id).productionEndpoint, QStringLiteral("http://localhost:9999"));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(restore, Qt::LeftButton);
    QCOMPARE(f.storedApi(api.id).productionEndpoint, QStringLiteral("http://localhost:8080"));
    QCOMPARE(messageOf(page.get()), QStringLiteral("Revision 1 restored into the current API."));

    auto *remove = page->findChild<QPushButton *>(QStringLiteral("deleteRevisionButton"));
    MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(f.store->revision(first.id));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(!f.store->revision(first.id));
    QTRY_COMPARE(table->model()->rowCount(), 0);
}

void TestApiDeploymentsPage::deployAndUndeployPerEnvironment()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto first = f.publisher->createRevision(f.publisherUser, api.id, {}).value();
    const auto second = f.publisher->createRevision(f.publisherUser, api.id, {}).value();
    QVERIFY(f.publisher->deployRevision(f.publisherUser, api.id, first.id, QStringLiteral("Default"), {}));
    const auto page = f.open<ApiDeploymentsPage>(api.id);
    auto *table = page->findChild<QTableView *>(QStringLiteral("revisionsTable"));
    auto *deploy = page->findChild<QPushButton *>(QStringLiteral("deployRevisionButton"));
    auto *undeploy = page->findChild<QPushButton *>(QStringLiteral("undeployRevisionButton"));
    QCOMPARE(page->findChild<QComboBox *>(QStringLiteral("deployEnvironment"))->currentText(),
             QStringLiteral("Production and Sandbox"));

    ApiPageFixture::clickRow(table, ApiPageFixture::rowOf(table, QStringLiteral("Revision 2")));
    QVERIFY(deploy->isEnabled());
    QVERIFY(!undeploy->isEnabled());
    QTest::mouseClick(deploy, Qt::LeftButton);
    QCOMPARE(f.publisher->deployments(api.id).first().revisionId, second.id);
    QTRY_COMPARE(table->model()
                     ->index(ApiPageFixture::rowOf(table, QStringLiteral("Revision 1")), 3)
                     .data()
                     .toString(),
                 QStringLiteral("not deployed"));

    QVERIFY(undeploy->isEnabled());
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(undeploy, Qt::LeftButton);
    QVERIFY(f.publisher->deployments(api.id).isEmpty());
    QCOMPARE(messageOf(page.get()), QStringLiteral("Revision 2 undeployed from Production and Sandbox."));
}

void TestApiDeploymentsPage::chainStopsAtTheFailingStep()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto page = f.open<ApiDeploymentsPage>(api.id);
    DeployRevisionRequest request{
        QStringLiteral("to nowhere"), {{QStringLiteral("Nowhere"), QStringLiteral("x")}}, {}};
    page->deployNewRevision(request);
    QVERIFY(page->isBusy());
    QTRY_VERIFY(!page->isBusy());
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("deployProgressLabel"))->text(),
             QStringLiteral("Stopped at: Deploying Revision to Nowhere..."));
    QVERIFY(messageOf(page.get()).contains(u"Unknown gateway environment 'Nowhere'"));
    QVERIFY(messageOf(page.get()).contains(u"The new revision was created"));
    QCOMPARE(f.publisher->revisions(api.id).size(), 1);
    QVERIFY(f.publisher->deployments(api.id).isEmpty());
}

void TestApiDeploymentsPage::followsTheService()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto page = f.open<ApiDeploymentsPage>(api.id);
    auto *table = page->findChild<QTableView *>(QStringLiteral("revisionsTable"));
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto revision =
        f.publisher->createRevision(f.publisherUser, api.id, QStringLiteral("from REST")).value();
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 1).data().toString(), QStringLiteral("from REST"));
    QVERIFY(f.publisher->deployRevision(f.publisherUser, api.id, revision.id, QStringLiteral("Default"), {}));
    QTRY_VERIFY(
        table->model()->index(0, 3).data().toString().contains(u"http://127.0.0.1:8280/observer/1.0.0"));
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("deploymentSummary"))->text(),
             QStringLiteral("Revision 1 is live on Production and Sandbox (localhost): "
                            "http://127.0.0.1:8280/observer/1.0.0"));
}

QTEST_MAIN(TestApiDeploymentsPage)
#include "tst_apideploymentspage.moc"
