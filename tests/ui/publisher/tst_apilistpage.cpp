#include "consolefixture.h"
#include "models/publisherservice.h"
#include "ui/publisher/apilistmodel.h"
#include "ui/publisher/apipage.h"
#include "ui/publisher/publisherworkspace.h"
#include "ui/shell/mainwindow.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace sd;

class TestApiListPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyStateInvitesCreators();
    void creatorSeesCreateSubscriberDoesNot();
    void changeThroughTheServiceAppears();
    void searchAndOpen();
};

namespace {

models::ApiDraft draft(const QString &name, const QString &context)
{
    return {name, context, QStringLiteral("1.0.0"), QStringLiteral("http://127.0.0.1:9/"), {}, {}};
}

} // namespace

void TestApiListPage::emptyStateInvitesCreators()
{
    ConsoleFixture console;
    auto *window = console.windowSignedInAs(console.admin());
    auto *page = child<QWidget>(window, "publisherPage");
    QVERIFY(page->isVisible());
    QVERIFY(child<QWidget>(page, "apiListEmptyState")->isVisible());
    QVERIFY(!child<QTableView>(page, "apiTable")->isVisible());
    QVERIFY(child<QLabel>(page, "apiListEmptyText")
                ->text()
                .contains(QStringLiteral("Create your first SSE API")));
    auto *createFirst = child<QPushButton>(page, "createFirstApiButton");
    QVERIFY(createFirst->isVisible());
    QTest::mouseClick(createFirst, Qt::LeftButton);
    QVERIFY(child<QWidget>(window, "createApiPage")->isVisible());
}

void TestApiListPage::creatorSeesCreateSubscriberDoesNot()
{
    ConsoleFixture console;
    const auto carol = console.createUser(QStringLiteral("carol"), models::Role::Creator);
    const auto pat = console.createUser(QStringLiteral("pat"), models::Role::Publisher);
    const auto sam = console.createUser(QStringLiteral("sam"), models::Role::Subscriber);
    auto *window = console.windowSignedInAs(carol);
    auto *create = child<QPushButton>(window, "createApiButton");
    QVERIFY(create->isVisible());
    QTest::mouseClick(create, Qt::LeftButton);
    auto *createPage = child<QWidget>(window, "createApiPage");
    QVERIFY(createPage->isVisible());
    // Creators create, but publishing is the publisher's.
    QVERIFY(!child<QPushButton>(createPage, "createAndPublishButton")->isVisible());
    QVERIFY(child<QPushButton>(createPage, "createButton")->isVisible());

    console.session.signIn(pat);
    QVERIFY(child<QWidget>(window, "publisherPage")->isVisible());
    QVERIFY(!create->isVisible());
    QVERIFY(!child<QPushButton>(window, "createFirstApiButton")->isVisible());
    QVERIFY(child<QLabel>(window, "apiListEmptyText")->text().contains(QStringLiteral("creator role")));
    console.session.signIn(sam);
    QVERIFY(!create->isVisible());
    console.session.signIn(console.admin());
    QVERIFY(create->isVisible());
}

void TestApiListPage::changeThroughTheServiceAppears()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    auto *window = console.windowSignedInAs(admin);
    auto *table = child<QTableView>(window, "apiTable");
    // The REST API calls the same service from its own handlers.
    const auto api =
        console.publisher()->createApi(admin, draft(QStringLiteral("Observer"), QStringLiteral("/observer")));
    QVERIFY(api);
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, ui::ApiListModel::Name).data().toString(), QStringLiteral("Observer"));
    QVERIFY(console.publisher()->updateApi(admin, api->id,
                                           draft(QStringLiteral("Watcher"), QStringLiteral("/observer"))));
    QCOMPARE(table->model()->index(0, ui::ApiListModel::Name).data().toString(), QStringLiteral("Watcher"));
    QVERIFY(console.publisher()->deleteApi(admin, api->id));
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(child<QWidget>(window, "apiListEmptyState")->isVisible());
}

void TestApiListPage::searchAndOpen()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    for (const auto &[name, context] : {std::pair{"Observer", "/observer"}, std::pair{"Orders", "/orders"},
                                        std::pair{"Weather", "/weather"}})
        QVERIFY(console.publisher()->createApi(
            admin, draft(QString::fromLatin1(name), QString::fromLatin1(context))));
    auto *window = console.windowSignedInAs(admin);
    auto *table = child<QTableView>(window, "apiTable");
    QCOMPARE(table->model()->rowCount(), 3);
    auto *search = child<QLineEdit>(window, "apiSearch");
    QTest::keyClicks(search, QStringLiteral("WEATH"));
    QCOMPARE(table->model()->rowCount(), 1);
    QTest::keyClick(search, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(search, QStringLiteral("nothing like it"));
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(child<QLabel>(window, "apiSearchNoMatch")->isVisible());
    search->selectAll();
    QTest::keyClicks(search, QStringLiteral("/o"));
    QCOMPARE(table->model()->rowCount(), 2);

    table->setFocus();
    table->setCurrentIndex(table->model()->index(1, 0));
    QTest::keyClick(table, Qt::Key_Return);
    auto *apiPage = child<ui::ApiPage>(window, "apiPage");
    QVERIFY(apiPage->isVisible());
    const auto orders = console.publisher()->apis();
    const auto it = std::find_if(orders.cbegin(), orders.cend(),
                                 [](const models::Api &a) { return a.name == u"Orders"; });
    QCOMPARE(apiPage->apiId(), it->id);
    QVERIFY(child<QLabel>(apiPage, "apiTitle")->text().contains(QStringLiteral("Orders")));
    QCOMPARE(child<QLabel>(apiPage, "apiState")->text(), QStringLiteral("CREATED"));
    QTest::mouseClick(child<QPushButton>(apiPage, "backToApisButton"), Qt::LeftButton);
    QVERIFY(child<QWidget>(window, "publisherPage")->isVisible());
}

QTEST_MAIN(TestApiListPage)
#include "tst_apilistpage.moc"
