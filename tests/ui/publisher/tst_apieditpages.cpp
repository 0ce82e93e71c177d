#include "apipagefixture.h"
#include "gateway/rest/asyncapidocument.h"
#include "ui/common/filechooser.h"
#include "ui/common/messagebox.h"
#include "ui/publisher/apidefinitionpage.h"
#include "ui/publisher/apiedits.h"
#include "ui/publisher/apiendpointspage.h"
#include "ui/publisher/apiplanspage.h"
#include "ui/publisher/apitopicspage.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sd::models;
using namespace sd::ui;

class TestApiEditPages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topicsAddAndRemove();
    void topicsFollowTheService();
    void endpointsValidateAsYouType();
    void endpointsCheck();
    void plansTickAndSave();
    void plansCancelAndLeave();
    void plansFollowTheService();
    void subscriptionsBlockAndUnblock();
    void subscriptionsHiddenWithoutPublisherRole();
    void subscriptionsFollowThePortal();
    void definitionViewAndExport();
    void definitionImport();
    void definitionImportErrors_data();
    void definitionImportErrors();
};

void TestApiEditPages::topicsAddAndRemove()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiTopicsPage>(api.id);
    QCOMPARE(page->objectName(), QStringLiteral("topicsPage"));
    auto *table = page->findChild<QTableView *>(QStringLiteral("topicsTable"));
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("/*"));
    QCOMPARE(table->model()->index(0, 1).data().toString(), QStringLiteral("SUB"));

    auto *add = page->findChild<QPushButton *>(QStringLiteral("addTopicButton"));
    QVERIFY(!add->isEnabled());
    QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("newTopic")), QStringLiteral("/memory"));
    QVERIFY(add->isEnabled());
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(f.storedApi(api.id).topics,
             QList<Topic>({Topic{}, Topic{QStringLiteral("/memory"), QStringLiteral("SUBSCRIBE")}}));
    QCOMPARE(table->model()->rowCount(), 2);

    // Rules of the service, shown in its words.
    auto *newTopic = page->findChild<QLineEdit *>(QStringLiteral("newTopic"));
    auto *message = page->findChild<QLabel *>(QStringLiteral("topicsMessage"));
    QTest::keyClicks(newTopic, QStringLiteral("cpu"));
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(message->text().contains(u"must start with '/'"));
    newTopic->clear();
    QTest::keyClicks(newTopic, QStringLiteral("/memory"));
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(message->text().contains(u"The topic /memory is listed twice."));
    QCOMPARE(f.storedApi(api.id).topics.size(), 2);

    auto *remove = page->findChild<QPushButton *>(QStringLiteral("removeTopicButton"));
    ApiPageFixture::clickRow(table, 0);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(f.storedApi(api.id).topics,
             QList<Topic>({Topic{QStringLiteral("/memory"), QStringLiteral("SUBSCRIBE")}}));
    ApiPageFixture::clickRow(table, 0);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(
        page->findChild<QLabel *>(QStringLiteral("topicsMessage"))->text().contains(u"at least one topic"));
    QCOMPARE(f.storedApi(api.id).topics.size(), 1);
}

void TestApiEditPages::topicsFollowTheService()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiTopicsPage>(api.id);
    auto *table = page->findChild<QTableView *>(QStringLiteral("topicsTable"));
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto draft = ApiEdits::draftOf(api);
    draft.topics.append(Topic{QStringLiteral("/cpu"), QStringLiteral("SUBSCRIBE")});
    QVERIFY(f.publisher->updateApi(f.creator, api.id, draft)); // as the REST API would
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->model()->index(1, 0).data().toString(), QStringLiteral("/cpu"));

    f.session.signIn(f.subscriber);
    QVERIFY(!page->findChild<QLineEdit *>(QStringLiteral("newTopic"))->isEnabled());
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("removeTopicButton"))->isEnabled());
}

void TestApiEditPages::endpointsValidateAsYouType()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiEndpointsPage>(api.id);
    QCOMPARE(page->objectName(), QStringLiteral("endpointsPage"));
    auto *production = page->findChild<QLineEdit *>(QStringLiteral("productionEndpoint"));
    auto *sandbox = page->findChild<QLineEdit *>(QStringLiteral("sandboxEndpoint"));
    auto *save = page->findChild<QPushButton *>(QStringLiteral("saveEndpointsButton"));
    auto *sandboxError = page->findChild<QLabel *>(QStringLiteral("sandboxEndpointError"));
    QCOMPARE(production->text(), QStringLiteral("http://localhost:8080"));
    QCOMPARE(sandbox->text(), QString());
    QVERIFY(!save->isEnabled());
    QVERIFY(!production->accessibleName().isEmpty());

    QTest::keyClicks(sandbox, QStringLiteral("ftp://x"));
    QVERIFY(sandboxError->isVisible());
    QCOMPARE(sandboxError->text(),
             QStringLiteral("The endpoint must be an absolute http:// or https:// URL."));
    QVERIFY(!save->isEnabled());

    sandbox->selectAll();
    QTest::keyClicks(sandbox, QStringLiteral("http://localhost:9090"));
    QVERIFY(!sandboxError->isVisible());
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(f.storedApi(api.id).sandboxEndpoint, QStringLiteral("http://localhost:9090"));
    QCOMPARE(f.storedApi(api.id).productionEndpoint, QStringLiteral("http://localhost:8080"));
    QVERIFY(!save->isEnabled());

    auto draft = ApiEdits::draftOf(f.storedApi(api.id));
    draft.productionEndpoint = QStringLiteral("https://backend.example:8443");
    QVERIFY(f.publisher->updateApi(f.creator, api.id, draft));
    QTRY_COMPARE(production->text(), QStringLiteral("https://backend.example:8443"));
}

void TestApiEditPages::endpointsCheck()
{
    // A backend that answers every request with an event-stream head and keeps the stream open.
    QTcpServer backend;
    QVERIFY(backend.listen(QHostAddress::LocalHost, 0));
    connect(&backend, &QTcpServer::newConnection, &backend, [&backend] {
        auto *socket = backend.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\r\n");
        });
    });
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiEndpointsPage>(api.id);
    auto *production = page->findChild<QLineEdit *>(QStringLiteral("productionEndpoint"));
    auto *check = page->findChild<QPushButton *>(QStringLiteral("productionEndpointCheckButton"));
    auto *result = page->findChild<QLabel *>(QStringLiteral("productionEndpointCheckResult"));
    QVERIFY(check && result);
    QVERIFY(!check->accessibleName().isEmpty());

    production->selectAll();
    QTest::keyClicks(production, QStringLiteral("http://127.0.0.1:%1/memory").arg(backend.serverPort()));
    QTest::mouseClick(check, Qt::LeftButton);
    QTRY_COMPARE(result->text(),
                 QStringLiteral("\u2714 HTTP 200, text/event-stream: the endpoint streams events."));
    QVERIFY(check->isEnabled());

    // Nothing listens on a port just closed.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const auto port = closed.serverPort();
    closed.close();
    production->selectAll();
    QTest::keyClicks(production, QStringLiteral("http://127.0.0.1:%1/").arg(port));
    QVERIFY(result->text().isEmpty());
    QTest::mouseClick(check, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"\u2716 No answer ("), 60000);
    QVERIFY(result->text().endsWith(u"Check that the backend runs and that the URL is right."));

    production->selectAll();
    QTest::keyClicks(production, QStringLiteral("ftp://x"));
    QTest::mouseClick(check, Qt::LeftButton);
    QCOMPARE(result->text(), QStringLiteral("The endpoint must be an absolute http:// or https:// URL."));
}

namespace {

QListWidgetItem *planItem(QListWidget *list, const QString &text)
{
    const auto found = list->findItems(text, Qt::MatchExactly);
    return found.isEmpty() ? nullptr : found.first();
}

// Space on the current item toggles it, as a keyboard user does.
void togglePlan(QListWidget *list, const QString &text)
{
    auto *item = planItem(list, text);
    QVERIFY2(item, qPrintable(text));
    list->setFocus();
    list->setCurrentItem(item);
    QTest::keyClick(list, Qt::Key_Space);
}

const QString gold = QStringLiteral("AsyncGold : Allows 50000 events per day");
const QString unlimited = QStringLiteral("AsyncUnlimited : Allows unlimited events");

} // namespace

void TestApiEditPages::plansTickAndSave()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiPlansPage>(api.id);
    QCOMPARE(page->objectName(), QStringLiteral("plansPage"));
    auto *list = page->findChild<QListWidget *>(QStringLiteral("planList"));
    auto *save = page->findChild<QPushButton *>(QStringLiteral("savePlansButton"));
    auto *cancel = page->findChild<QPushButton *>(QStringLiteral("cancelPlansButton"));
    QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(list->count(), f.publisher->plans().size());
    QVERIFY(planItem(list, gold));
    QVERIFY(planItem(list, unlimited));
    QCOMPARE(planItem(list, gold)->checkState(), Qt::Unchecked);
    QVERIFY(!save->isEnabled());
    QVERIFY(!cancel->isEnabled());

    togglePlan(list, gold);
    QCOMPARE(planItem(list, gold)->checkState(), Qt::Checked);
    QVERIFY(save->isEnabled());
    QVERIFY(cancel->isEnabled());
    QVERIFY(page->hasUnsavedChanges());
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(f.storedApi(api.id).plans, QStringList{QStringLiteral("AsyncGold")});
    QVERIFY(!save->isEnabled());
    QVERIFY(!page->hasUnsavedChanges());
    QVERIFY(page->maybeLeave()); // nothing to ask
}

void TestApiEditPages::plansCancelAndLeave()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiPlansPage>(api.id);
    auto *list = page->findChild<QListWidget *>(QStringLiteral("planList"));
    togglePlan(list, gold);
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("cancelPlansButton")), Qt::LeftButton);
    QCOMPARE(planItem(list, gold)->checkState(), Qt::Unchecked);
    QVERIFY(!page->hasUnsavedChanges());

    togglePlan(list, gold);
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!page->maybeLeave());
    QVERIFY(MessageBox::lastText().contains(u"not saved"));
    QVERIFY(page->hasUnsavedChanges());

    MessageBox::setNextAnswer(QMessageBox::Discard);
    QVERIFY(page->maybeLeave());
    QVERIFY(!page->hasUnsavedChanges());
    QVERIFY(f.storedApi(api.id).plans.isEmpty());

    togglePlan(list, unlimited);
    MessageBox::setNextAnswer(QMessageBox::Save);
    QVERIFY(page->maybeLeave());
    QCOMPARE(f.storedApi(api.id).plans, QStringList{QStringLiteral("AsyncUnlimited")});
}

void TestApiEditPages::plansFollowTheService()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto page = f.open<ApiPlansPage>(api.id);
    auto *list = page->findChild<QListWidget *>(QStringLiteral("planList"));
    QCOMPARE(planItem(list, gold)->checkState(), Qt::Checked);
    QVERIFY(f.publisher->setPlans(f.publisherUser, api.id, {QStringLiteral("AsyncUnlimited")}));
    QTRY_COMPARE(planItem(list, unlimited)->checkState(), Qt::Checked);
    QCOMPARE(planItem(list, gold)->checkState(), Qt::Unchecked);

    // A published API keeps a plan: the service refuses, the page says so.
    togglePlan(list, unlimited);
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("savePlansButton")), Qt::LeftButton);
    QVERIFY(
        page->findChild<QLabel *>(QStringLiteral("plansMessage"))->text().contains(u"needs a business plan"));
    QCOMPARE(f.storedApi(api.id).plans, QStringList{QStringLiteral("AsyncUnlimited")});
}

void TestApiEditPages::subscriptionsBlockAndUnblock()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    const auto app = f.portal->createApplication(f.subscriber, {QStringLiteral("Dashboard")}).value();
    const auto sub = f.portal->subscribe(f.subscriber, app.id, api.id).value();
    f.session.signIn(f.publisherUser);
    const auto page = f.open<ApiPlansPage>(api.id);
    auto *table = page->findChild<QTableView *>(QStringLiteral("subscriptionsTable"));
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    const QStringList row{
        table->model()->index(0, 0).data().toString(), table->model()->index(0, 1).data().toString(),
        table->model()->index(0, 2).data().toString(), table->model()->index(0, 3).data().toString()};
    QCOMPARE(row, QStringList({QStringLiteral("Dashboard"), QStringLiteral("sam"),
                               QStringLiteral("AsyncGold"), QStringLiteral("UNBLOCKED")}));

    auto *blockAll = page->findChild<QPushButton *>(QStringLiteral("blockAllButton"));
    auto *blockProduction = page->findChild<QPushButton *>(QStringLiteral("blockProductionButton"));
    auto *unblock = page->findChild<QPushButton *>(QStringLiteral("unblockButton"));
    QVERIFY(!blockAll->isEnabled());
    ApiPageFixture::clickRow(table, 0);
    QVERIFY(blockAll->isEnabled());
    QVERIFY(!unblock->isEnabled());
    QTest::mouseClick(blockAll, Qt::LeftButton);
    QCOMPARE(f.store->subscription(sub.id)->status, SubscriptionStatus::Blocked);
    QTRY_COMPARE(table->model()->index(0, 3).data().toString(), QStringLiteral("BLOCKED"));
    QTest::mouseClick(blockProduction, Qt::LeftButton);
    QCOMPARE(f.store->subscription(sub.id)->status, SubscriptionStatus::ProdOnlyBlocked);
    QTest::mouseClick(unblock, Qt::LeftButton);
    QCOMPARE(f.store->subscription(sub.id)->status, SubscriptionStatus::Unblocked);

    // A second application subscribes in the developer portal.
    page->followPortal(f.portal.get());
    const auto other = f.portal->createApplication(f.subscriber, {QStringLiteral("Wallboard")}).value();
    QVERIFY(f.portal->subscribe(f.subscriber, other.id, api.id));
    QTRY_COMPARE(table->model()->rowCount(), 2);

    // The REST API blocks it: the open page shows it.
    QVERIFY(f.publisher->setSubscriptionStatus(f.admin, sub.id, SubscriptionStatus::Blocked));
    QTRY_COMPARE(
        table->model()->index(ApiPageFixture::rowOf(table, QStringLiteral("Dashboard")), 3).data().toString(),
        QStringLiteral("BLOCKED"));
}

void TestApiEditPages::subscriptionsFollowThePortal()
{
    ApiPageFixture f;
    const auto api = f.publishedApi();
    f.session.signIn(f.publisherUser);
    const auto page = f.open<ApiPlansPage>(api.id);
    page->followPortal(f.portal.get());
    auto *table = page->findChild<QTableView *>(QStringLiteral("subscriptionsTable"));
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *empty = page->findChild<QLabel *>(QStringLiteral("noSubscriptionsLabel"));
    QVERIFY(empty);
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(empty->isVisible());

    // A developer subscribes while the page is open: the row appears.
    const auto app = f.portal->createApplication(f.subscriber, {QStringLiteral("Dashboard")}).value();
    const auto sub = f.portal->subscribe(f.subscriber, app.id, api.id).value();
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Dashboard"));
    QCOMPARE(table->model()->index(0, 1).data().toString(), QStringLiteral("sam"));
    QVERIFY(!empty->isVisible());

    // And unsubscribes: the row goes.
    QVERIFY(f.portal->unsubscribe(f.subscriber, sub.id));
    QTRY_COMPARE(table->model()->rowCount(), 0);
    QVERIFY(empty->isVisible());
}

void TestApiEditPages::subscriptionsHiddenWithoutPublisherRole()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    f.session.signIn(f.creator);
    const auto page = f.open<ApiPlansPage>(api.id);
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("blockAllButton"))->isVisible());
    QVERIFY(!page->findChild<QTableView *>(QStringLiteral("subscriptionsTable"))->isVisible());
    QVERIFY(page->findChild<QListWidget *>(QStringLiteral("planList"))->isEnabled());
    f.session.signIn(f.publisherUser);
    QVERIFY(page->findChild<QPushButton *>(QStringLiteral("blockAllButton"))->isVisible());
}

void TestApiEditPages::definitionViewAndExport()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiDefinitionPage>(api.id);
    QCOMPARE(page->objectName(), QStringLiteral("definitionPage"));
    auto *text = page->findChild<QPlainTextEdit *>(QStringLiteral("definitionText"));
    QVERIFY(text->isReadOnly());
    const auto shown = QJsonDocument::fromJson(text->toPlainText().toUtf8()).object();
    QCOMPARE(shown.value(u"asyncapi").toString(), QStringLiteral("2.6.0"));
    QCOMPARE(shown.value(u"servers").toObject().value(u"http").toObject().value(u"url").toString(),
             QStringLiteral("http://localhost:8280/observer/1.0.0"));

    const auto path = f.dir.filePath(QStringLiteral("observer.json"));
    FileChooser::setNextAnswer(path);
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("exportDefinitionButton")),
                      Qt::LeftButton);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).object(), shown);
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("definitionMessage"))->text().contains(u"exported"));

    // Follows edits made elsewhere.
    auto draft = ApiEdits::draftOf(api);
    draft.name = QStringLiteral("Observer Renamed");
    QVERIFY(f.publisher->updateApi(f.creator, api.id, draft));
    QTRY_VERIFY(text->toPlainText().contains(u"Observer Renamed"));

    // A folder that does not exist: a clear message, no crash.
    FileChooser::setNextAnswer(f.dir.filePath(QStringLiteral("missing/observer.json")));
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("exportDefinitionButton")),
                      Qt::LeftButton);
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("definitionMessage"))
                ->text()
                .contains(u"could not be written"));
}

void TestApiEditPages::definitionImport()
{
    ApiPageFixture f;
    const auto api = f.createApi();
    const auto page = f.open<ApiDefinitionPage>(api.id);
    QSignalSpy imported(page.get(), &ApiDefinitionPage::apiImported);
    auto document =
        sd::gateway::AsyncApiDocument::fromApi(f.storedApi(api.id), QStringLiteral("localhost"), {8280, 0});
    document.insert(QStringLiteral("x-context"), QStringLiteral("/memory"));
    auto info = document.value(u"info").toObject();
    info.insert(QStringLiteral("title"), QStringLiteral("Memory"));
    document.insert(QStringLiteral("info"), info);
    const auto path = f.dir.filePath(QStringLiteral("memory.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(document).toJson());
    file.close();

    FileChooser::setNextAnswer(path);
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("importDefinitionButton")),
                      Qt::LeftButton);
    QCOMPARE(imported.count(), 1);
    const auto created = f.storedApi(imported.first().first().toString());
    QCOMPARE(created.name, QStringLiteral("Memory"));
    QCOMPARE(created.context, QStringLiteral("/memory"));
    QCOMPARE(created.productionEndpoint, QStringLiteral("http://localhost:8080"));
    QCOMPARE(created.owner, QStringLiteral("admin"));
    QCOMPARE(f.store->apis().size(), 2);

    // The same file again: the context and version are taken.
    FileChooser::setNextAnswer(path);
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("importDefinitionButton")),
                      Qt::LeftButton);
    QVERIFY(
        page->findChild<QLabel *>(QStringLiteral("definitionMessage"))->text().contains(u"already exists"));
    QCOMPARE(f.store->apis().size(), 2);

    // Cancelled: nothing happens.
    FileChooser::setNextAnswer({});
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("importDefinitionButton")),
                      Qt::LeftButton);
    QCOMPARE(imported.count(), 1);

    f.session.signIn(f.publisherUser);
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("importDefinitionButton"))->isVisible());
}

void TestApiEditPages::definitionImportErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("yaml") << QByteArray("asyncapi: 2.6.0\n")
                          << QStringLiteral("convert a YAML document to JSON");
    QTest::newRow("broken json") << QByteArray("{\"asyncapi\": \"2.6.0\",")
                                 << QStringLiteral("not valid JSON");
    QTest::newRow("openapi") << QByteArray(R"({"openapi":"3.0.0"})") << QStringLiteral("AsyncAPI 2.x");
    QTest::newRow("bad context")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"x-context":"/api/x"})")
        << QStringLiteral("(document field x-context): The context '/api' is reserved.");
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("could not be opened");
}

void TestApiEditPages::definitionImportErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    ApiPageFixture f;
    const auto page = f.open<ApiDefinitionPage>(QString());
    const auto path = f.dir.filePath(QStringLiteral("definition.json"));
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    FileChooser::setNextAnswer(path);
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("importDefinitionButton")),
                      Qt::LeftButton);
    const auto shown = page->findChild<QLabel *>(QStringLiteral("definitionMessage"))->text();
    QVERIFY2(shown.contains(message), qPrintable(shown));
    QVERIFY(f.store->apis().isEmpty());
}

QTEST_MAIN(TestApiEditPages)
#include "tst_apieditpages.moc"
