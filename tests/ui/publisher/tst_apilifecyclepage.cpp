#include "apipagefixture.h"
#include "ui/publisher/apilifecyclepage.h"
#include "ui/publisher/lifecyclediagram.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace sd::models;
using namespace sd::ui;
using namespace Qt::StringLiterals;

class TestApiLifecyclePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishFromThePage();
    void requirementsSayWhatIsMissing();
    void creatorSeesNoActions();
    void buttonsPerState_data();
    void buttonsPerState();
    void checklistDeprecatesOldVersions();
    void followsTheService();
    void diagramDescribesItself();

private:
    static QStringList actionButtons(const QWidget *page);
};

QStringList TestApiLifecyclePage::actionButtons(const QWidget *page)
{
    QStringList names;
    for (const auto *button : page->findChildren<QPushButton *>()) {
        if (button->objectName().startsWith(u"lifecycleAction_") && button->isVisible())
            names << button->objectName();
    }
    names.sort();
    return names;
}

void TestApiLifecyclePage::publishFromThePage()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    QVERIFY(f.publisher->setPlans(f.creator, api.id, {QStringLiteral("AsyncGold")}));
    const auto page = f.open<ApiLifecyclePage>(api.id);
    QCOMPARE(page->objectName(), QStringLiteral("lifecyclePage"));
    auto *history = page->findChild<QTableView *>(QStringLiteral("lifecycleHistory"));
    QAbstractItemModelTester tester(history->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(history->model()->rowCount(), 0);
    auto *note = page->findChild<QLabel *>(QStringLiteral("lifecycleDeployNote"));
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(),
             QStringLiteral("The API will not be available for consumption unless it is deployed."));

    auto *publish = page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Publish"));
    QVERIFY(publish);
    QVERIFY(publish->isEnabled());
    QTest::mouseClick(publish, Qt::LeftButton);
    QCOMPARE(f.storedApi(api.id).state, LifecycleState::Published);
    QTRY_COMPARE(page->findChild<QLabel *>(QStringLiteral("lifecycleState"))->text(),
                 QStringLiteral("Current state: PUBLISHED"));
    QCOMPARE(page->findChild<LifecycleDiagram *>()->state(), LifecycleState::Published);
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Block")));
    QVERIFY(note->isVisible()); // published, still not deployed

    QCOMPARE(history->model()->rowCount(), 1);
    QCOMPARE(history->model()->index(0, 0).data().toString(), QStringLiteral("admin"));
    QCOMPARE(history->model()->index(0, 1).data().toString(), QStringLiteral("CREATED"));
    QCOMPARE(history->model()->index(0, 2).data().toString(), QStringLiteral("PUBLISHED"));
    QVERIFY(!history->model()->index(0, 3).data().toString().isEmpty());

    // Deployed: the warning goes.
    const auto revision = f.publisher->createRevision(f.publisherUser, api.id, {}).value();
    QVERIFY(f.publisher->deployRevision(f.publisherUser, api.id, revision.id, QStringLiteral("Default"), {}));
    QTRY_VERIFY(!note->isVisible());
}

void TestApiLifecyclePage::requirementsSayWhatIsMissing()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiLifecyclePage>(api.id);
    auto *plan = page->findChild<QLabel *>(QStringLiteral("requirement_policies"));
    auto *endpoint = page->findChild<QLabel *>(QStringLiteral("requirement_endpointConfig"));
    QVERIFY(plan && endpoint);
    QVERIFY(plan->text().contains(u"Business plan selected: missing"));
    QVERIFY(plan->text().contains(u"Business Plans tab"));
    QVERIFY(endpoint->text().contains(u"Endpoint provided"));
    QVERIFY(!endpoint->text().contains(u"missing"));
    auto *publish = page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Publish"));
    QVERIFY(!publish->isEnabled());
    QCOMPARE(publish->toolTip(),
             QStringLiteral("The API needs at least one business plan before it can be published."));
    auto *prototype = page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_DeployasaPrototype"));
    QCOMPARE(prototype->text(), QStringLiteral("Pre-Release"));
    QVERIFY(prototype->isEnabled());

    QVERIFY(f.publisher->setPlans(f.creator, api.id, {QStringLiteral("AsyncGold")}));
    QTRY_VERIFY(
        page->findChild<QLabel *>(QStringLiteral("requirement_policies")) &&
        !page->findChild<QLabel *>(QStringLiteral("requirement_policies"))->text().contains(u"missing"));
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Publish"))->isEnabled());
}

void TestApiLifecyclePage::creatorSeesNoActions()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    f.session.signIn(f.creator);
    const auto page = f.open<ApiLifecyclePage>(api.id);
    QCOMPARE(actionButtons(page.get()), QStringList());
    auto *note = page->findChild<QLabel *>(QStringLiteral("lifecycleRoleNote"));
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(u"publisher role"));
    f.session.signIn(f.publisherUser);
    QTRY_COMPARE(actionButtons(page.get()), QStringList({QStringLiteral("lifecycleAction_DeployasaPrototype"),
                                                         QStringLiteral("lifecycleAction_Publish")}));
    QVERIFY(!note->isVisible());
}

void TestApiLifecyclePage::buttonsPerState_data()
{
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<QStringList>("buttons");
    QTest::newRow("published") << QStringList{}
                               << QStringList{u"Block"_s, u"DeployasaPrototype"_s, u"Deprecate"_s,
                                              u"DemotetoCreated"_s, u"Publish"_s};
    QTest::newRow("blocked") << QStringList{u"Block"_s} << QStringList{u"Deprecate"_s, u"Re-Publish"_s};
    QTest::newRow("retired") << QStringList{u"Deprecate"_s, u"Retire"_s} << QStringList{};
}

void TestApiLifecyclePage::buttonsPerState()
{
    QFETCH(QStringList, path);
    QFETCH(QStringList, buttons);
    ApiPageFixture f;
    const auto api = f.publishedApi();
    for (const auto &action : path)
        QVERIFY(f.publisher->changeLifecycle(f.publisherUser, api.id, action));
    const auto page = f.open<ApiLifecyclePage>(api.id);
    QStringList expected;
    for (const auto &b : buttons)
        expected << u"lifecycleAction_"_s + b;
    expected.sort();
    QCOMPARE(actionButtons(page.get()), expected);
}

void TestApiLifecyclePage::checklistDeprecatesOldVersions()
{
    ApiPageFixture f;
    const auto old = f.publishedApi();
    auto draft = ApiDraft{QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("2.0.0"),
                          QStringLiteral("http://localhost:8080")};
    draft.plans = {QStringLiteral("AsyncGold")};
    const auto next = f.publisher->createApi(f.creator, draft).value();
    const auto page = f.open<ApiLifecyclePage>(next.id);
    auto *deprecateOld = page->findChild<QCheckBox *>(QStringLiteral("checklistItem_0"));
    QVERIFY(deprecateOld);
    QCOMPARE(deprecateOld->text(), QStringLiteral("Deprecate old versions after publishing the API"));
    QCOMPARE(page->findChild<QCheckBox *>(QStringLiteral("checklistItem_1"))->text(),
             QStringLiteral("Requires re-subscription when publishing the API"));
    deprecateOld->setFocus();
    QTest::keyClick(deprecateOld, Qt::Key_Space);
    QVERIFY(deprecateOld->isChecked());
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Publish")),
                      Qt::LeftButton);
    QCOMPARE(f.storedApi(next.id).state, LifecycleState::Published);
    QCOMPARE(f.storedApi(old.id).state, LifecycleState::Deprecated);
}

void TestApiLifecyclePage::followsTheService()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto page = f.open<ApiLifecyclePage>(api.id);
    auto *history = page->findChild<QTableView *>(QStringLiteral("lifecycleHistory"));
    QAbstractItemModelTester tester(history->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(history->model()->rowCount(), 1);
    QVERIFY(f.publisher->changeLifecycle(f.publisherUser, api.id, QStringLiteral("Block"))); // as REST would
    QTRY_COMPARE(page->findChild<QLabel *>(QStringLiteral("lifecycleState"))->text(),
                 QStringLiteral("Current state: BLOCKED"));
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Re-Publish")));
    QCOMPARE(history->model()->rowCount(), 2);
    QCOMPARE(history->model()->index(1, 0).data().toString(), QStringLiteral("pat"));
    QCOMPARE(history->model()->index(1, 2).data().toString(), QStringLiteral("BLOCKED"));

    // Deprecated elsewhere: the page offers what follows.
    QVERIFY(f.publisher->changeLifecycle(f.publisherUser, api.id, QStringLiteral("Deprecate")));
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("lifecycleAction_Retire")));
}

void TestApiLifecyclePage::diagramDescribesItself()
{
    LifecycleDiagram diagram;
    QCOMPARE(diagram.accessibleName(), QStringLiteral("Lifecycle diagram"));
    QCOMPARE(
        diagram.accessibleDescription(),
        QStringLiteral("Current state: CREATED. Allowed actions: Publish (to PUBLISHED), Pre-Release (to "
                       "PROTOTYPED)."));
    diagram.setState(LifecycleState::Retired);
    QCOMPARE(diagram.accessibleDescription(),
             QStringLiteral("Current state: RETIRED. No further actions are possible."));
    diagram.resize(diagram.sizeHint());
    QVERIFY(!diagram.grab().isNull()); // paints without warnings
}

QTEST_MAIN(TestApiLifecyclePage)
#include "tst_apilifecyclepage.moc"
