#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "portalfixture.h"
#include "ui/devportal/portalapilistmodel.h"
#include "ui/devportal/portalcatalogpage.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace sd;
using ui::PortalApiListModel;

class TestPortalCatalog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelFollowsTheLifecycle();
    void showsPublishedHidesCreated();
    void emptyCatalogSaysHowApisArrive();
    void searchFilters_data();
    void searchFilters();
    void apiPublishedWhileOpenAppears();
    void openByKeyboardAndButton();
    void nonSubscriberIsTold();
};

namespace {

const QString endpoint = QStringLiteral("http://127.0.0.1:9/");

models::Api createOnly(PortalFixture &fixture, const QString &name, const QString &context,
                       const QString &description = {})
{
    models::ApiDraft draft{name, context, QStringLiteral("1.0.0"), endpoint};
    draft.plans = {QStringLiteral("AsyncGold")};
    draft.description = description;
    const auto api = fixture.console.publisher()->createApi(fixture.console.admin(), draft);
    if (!api)
        qFatal("createApi: %s", qPrintable(api.error().message));
    return api.value();
}

void changeLifecycle(PortalFixture &fixture, const QString &apiId, const QString &action)
{
    const auto changed = fixture.console.publisher()->changeLifecycle(fixture.console.admin(), apiId, action);
    if (!changed)
        qFatal("%s: %s", qPrintable(action), qPrintable(changed.error().message));
}

std::unique_ptr<ui::PortalCatalogPage> showCatalog(PortalFixture &fixture)
{
    auto page = std::make_unique<ui::PortalCatalogPage>(
        fixture.console.runtime()->portal(), fixture.console.publisher(), &fixture.console.session);
    page->show();
    if (!QTest::qWaitForWindowExposed(page.get()))
        qWarning("The catalog was not exposed");
    return page;
}

} // namespace

void TestPortalCatalog::modelFollowsTheLifecycle()
{
    PortalFixture fixture;
    const auto observer = fixture.publishApi(endpoint);
    const auto draft = createOnly(fixture, QStringLiteral("Weather"), QStringLiteral("/weather"));
    auto *runtime = fixture.console.runtime();

    PortalApiListModel model(runtime->portal(), fixture.console.publisher());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(PortalApiListModel::ColumnCount));
    QCOMPARE(model.apiIdAt(0), observer.id);
    QCOMPARE(model.index(0, PortalApiListModel::Name).data().toString(), QStringLiteral("Observer"));
    QCOMPARE(model.index(0, PortalApiListModel::Context).data().toString(), QStringLiteral("/observer"));
    QCOMPARE(model.index(0, PortalApiListModel::State).data().toString(), QStringLiteral("PUBLISHED"));
    QCOMPARE(model.index(0, PortalApiListModel::Plans).data().toString(),
             QStringLiteral("AsyncGold, AsyncBronze"));
    QCOMPARE(model.headerData(PortalApiListModel::Plans, Qt::Horizontal).toString(),
             QStringLiteral("Business plans"));
    QCOMPARE(model.rowOf(draft.id), -1);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    changeLifecycle(fixture, draft.id, QStringLiteral("Deploy as a Prototype"));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowOf(draft.id), 1);
    QCOMPARE(model.index(1, PortalApiListModel::State).data().toString(), QStringLiteral("PROTOTYPED"));

    changeLifecycle(fixture, observer.id, QStringLiteral("Deprecate"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, PortalApiListModel::State).data().toString(), QStringLiteral("DEPRECATED"));
    changeLifecycle(fixture, observer.id, QStringLiteral("Retire"));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.apiIdAt(0), draft.id);

    changeLifecycle(fixture, draft.id, QStringLiteral("Demote to Created"));
    QCOMPARE(removed.size(), 2);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(inserted.size(), 1);
}

void TestPortalCatalog::showsPublishedHidesCreated()
{
    PortalFixture fixture;
    fixture.publishApi(endpoint);
    createOnly(fixture, QStringLiteral("Weather"), QStringLiteral("/weather"));
    fixture.signInSubscriber();
    const auto catalog = showCatalog(fixture);
    auto &page = *catalog;
    auto *table = child<QTableView>(&page, "portalApiTable");
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, PortalApiListModel::Name).data().toString(),
             QStringLiteral("Observer"));
    QVERIFY(!child<QLabel>(&page, "portalCatalogEmpty")->isVisible());
}

void TestPortalCatalog::emptyCatalogSaysHowApisArrive()
{
    PortalFixture fixture;
    createOnly(fixture, QStringLiteral("Weather"), QStringLiteral("/weather"));
    fixture.signInSubscriber();
    const auto catalog = showCatalog(fixture);
    auto &page = *catalog;
    auto *empty = child<QLabel>(&page, "portalCatalogEmpty");
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().contains(QStringLiteral("publishes it")));
    QVERIFY(!child<QTableView>(&page, "portalApiTable")->isVisible());
    QVERIFY(!child<QPushButton>(&page, "openPortalApiButton")->isEnabled());
}

void TestPortalCatalog::searchFilters_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("name, any case") << QStringLiteral("WEATH") << QStringList{QStringLiteral("Weather")};
    QTest::newRow("context") << QStringLiteral("/obs") << QStringList{QStringLiteral("Observer")};
    QTest::newRow("description words")
        << QStringLiteral("heap and non-heap") << QStringList{QStringLiteral("Observer")};
    QTest::newRow("shared letters") << QStringLiteral("e")
                                    << QStringList{QStringLiteral("Observer"), QStringLiteral("Weather")};
    QTest::newRow("version is not searched") << QStringLiteral("1.0.0") << QStringList{};
    QTest::newRow("nothing like it") << QStringLiteral("zzz") << QStringList{};
}

void TestPortalCatalog::searchFilters()
{
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    PortalFixture fixture;
    const auto observer = fixture.publishApi(endpoint);
    QVERIFY(fixture.console.publisher()->updateApi(
        fixture.console.admin(), observer.id,
        models::ApiDraft{observer.name,
                         observer.context,
                         observer.version,
                         observer.productionEndpoint,
                         {},
                         observer.plans,
                         observer.topics,
                         QStringLiteral("Memory use of the server: heap and non-heap bytes.")}));
    const auto weather =
        createOnly(fixture, QStringLiteral("Weather"), QStringLiteral("/weather"), QStringLiteral("Rain."));
    changeLifecycle(fixture, weather.id, QStringLiteral("Publish"));
    fixture.signInSubscriber();
    const auto catalog = showCatalog(fixture);
    auto &page = *catalog;
    auto *table = child<QTableView>(&page, "portalApiTable");
    QCOMPARE(table->model()->rowCount(), 2);

    QTest::keyClicks(child<QLineEdit>(&page, "portalApiSearch"), search);
    QStringList shown;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        shown << table->model()->index(row, PortalApiListModel::Name).data().toString();
    QCOMPARE(shown, expected);
    auto *noMatch = child<QLabel>(&page, "portalSearchNoMatch");
    QCOMPARE(noMatch->isVisible(), expected.isEmpty());
    QCOMPARE(child<QPushButton>(&page, "openPortalApiButton")->isEnabled(), !expected.isEmpty());
}

void TestPortalCatalog::apiPublishedWhileOpenAppears()
{
    PortalFixture fixture;
    fixture.signInSubscriber();
    const auto catalog = showCatalog(fixture);
    auto &page = *catalog;
    QVERIFY(child<QLabel>(&page, "portalCatalogEmpty")->isVisible());
    auto *table = child<QTableView>(&page, "portalApiTable");

    const auto api = createOnly(fixture, QStringLiteral("Weather"), QStringLiteral("/weather"));
    QCOMPARE(table->model()->rowCount(), 0);
    changeLifecycle(fixture, api.id, QStringLiteral("Publish"));
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, PortalApiListModel::Name).data().toString(), QStringLiteral("Weather"));
    QVERIFY(child<QPushButton>(&page, "openPortalApiButton")->isEnabled());

    changeLifecycle(fixture, api.id, QStringLiteral("Block"));
    QTRY_VERIFY(child<QLabel>(&page, "portalCatalogEmpty")->isVisible());
}

void TestPortalCatalog::openByKeyboardAndButton()
{
    PortalFixture fixture;
    const auto observer = fixture.publishApi(endpoint);
    const auto weather = createOnly(fixture, QStringLiteral("Weather"), QStringLiteral("/weather"));
    changeLifecycle(fixture, weather.id, QStringLiteral("Publish"));
    fixture.signInSubscriber();
    const auto catalog = showCatalog(fixture);
    auto &page = *catalog;
    QSignalSpy opened(&page, &ui::PortalCatalogPage::openRequested);
    auto *table = child<QTableView>(&page, "portalApiTable");
    page.focusList();
    // Sorted by name: Observer, then Weather.
    QTest::keyClick(table, Qt::Key_Down);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), weather.id);

    auto *search = child<QLineEdit>(&page, "portalApiSearch");
    QTest::keyClicks(search, QStringLiteral("obs"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(opened.size(), 2);
    QCOMPARE(opened.at(1).at(0).toString(), observer.id);
    QTest::mouseClick(child<QPushButton>(&page, "openPortalApiButton"), Qt::LeftButton);
    QCOMPARE(opened.size(), 3);
    QCOMPARE(opened.at(2).at(0).toString(), observer.id);
    // A double click as the system delivers it: press, release, double-click press, release.
    const auto point = table->visualRect(table->model()->index(0, PortalApiListModel::Context)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, point);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, point);
    QTest::mouseRelease(table->viewport(), Qt::LeftButton, {}, point);
    QCOMPARE(opened.size(), 4);
    QCOMPARE(opened.at(3).at(0).toString(), observer.id);
    QVERIFY(ConsoleFixture::unnamedControls(&page).isEmpty());
}

void TestPortalCatalog::nonSubscriberIsTold()
{
    PortalFixture fixture;
    fixture.publishApi(endpoint);
    fixture.console.session.signIn(
        fixture.console.createUser(QStringLiteral("pat"), models::Role::Publisher));
    const auto catalog = showCatalog(fixture);
    auto &page = *catalog;
    auto *note = child<QLabel>(&page, "portalRoleNote");
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(QStringLiteral("subscriber role")));
    QCOMPARE(child<QTableView>(&page, "portalApiTable")->model()->rowCount(), 1);
    fixture.signInSubscriber();
    QVERIFY(!note->isVisible());
}

QTEST_MAIN(TestPortalCatalog)
#include "tst_portalcatalog.moc"
