#include "consolefixture.h"
#include "models/publisherservice.h"
#include "tests/gateway/server/testbackend.h"
#include "ui/common/messagebox.h"
#include "ui/publisher/apipage.h"
#include "ui/publisher/createapipage.h"
#include "ui/publisher/publisherworkspace.h"
#include "ui/shell/mainwindow.h"

#include <QAccessible>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace sd;

class TestCreateApiPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invalidValuesKeepCreateDisabled_data();
    void invalidValuesKeepCreateDisabled();
    void contextHintFollowsTyping();
    void duplicateContextAndVersion();
    void createOpensTheApiPage();
    void createAndPublish();
    void createStopsWithAClearMessage();
    void checkEndpoint();
    void keyboardWalk();

private:
    static QWidget *openCreatePage(ConsoleFixture &console, const models::User &user);
    static void fill(QWidget *page, const QString &name, const QString &context, const QString &version,
                     const QString &endpoint);
};

namespace {

const QString endpoint = QStringLiteral("http://localhost:8080");

} // namespace

QWidget *TestCreateApiPage::openCreatePage(ConsoleFixture &console, const models::User &user)
{
    auto *window = console.windowSignedInAs(user);
    QTest::mouseClick(child<QPushButton>(window, "createApiButton"), Qt::LeftButton);
    auto *page = child<QWidget>(window, "createApiPage");
    if (!page->isVisible())
        qFatal("The create page is not shown");
    return page;
}

void TestCreateApiPage::fill(QWidget *page, const QString &name, const QString &context,
                             const QString &version, const QString &url)
{
    ConsoleFixture::typeInto(page, "apiName", name);
    ConsoleFixture::typeInto(page, "apiContext", context);
    ConsoleFixture::typeInto(page, "apiVersion", version);
    ConsoleFixture::typeInto(page, "apiEndpoint", url);
}

void TestCreateApiPage::invalidValuesKeepCreateDisabled_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("message");

    const auto ok = [](const char *row, QString name, QString context, QString version, QString url,
                       const char *label, const char *message) {
        QTest::newRow(row) << name << context << version << url << QString::fromLatin1(label)
                           << QString::fromLatin1(message);
    };
    ok("name: 51 characters", QString(51, u'a'), QStringLiteral("/observer"), QStringLiteral("1.0.0"),
       endpoint, "apiNameError", "at most 50 characters");
    ok("name: special character", QStringLiteral("Obs$erver"), QStringLiteral("/observer"),
       QStringLiteral("1.0.0"), endpoint, "apiNameError", "letters, digits");
    ok("context: no slash", QStringLiteral("Observer"), QStringLiteral("observer"), QStringLiteral("1.0.0"),
       endpoint, "apiContextError", "must start with '/'");
    ok("context: 201 characters", QStringLiteral("Observer"), u'/' + QString(200, u'a'),
       QStringLiteral("1.0.0"), endpoint, "apiContextError", "at most 200");
    ok("context: reserved", QStringLiteral("Observer"), QStringLiteral("/api"), QStringLiteral("1.0.0"),
       endpoint, "apiContextError", "reserved");
    ok("version: slash", QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1/0"),
       endpoint, "apiVersionError", "letters, digits");
    ok("endpoint: not a URL", QStringLiteral("Observer"), QStringLiteral("/observer"),
       QStringLiteral("1.0.0"), QStringLiteral("localhost:8080"), "apiEndpointError",
       "absolute http:// or https:// URL");
    ok("endpoint: query", QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"),
       QStringLiteral("http://localhost:8080/?a=1"), "apiEndpointError", "query");
}

void TestCreateApiPage::invalidValuesKeepCreateDisabled()
{
    QFETCH(QString, name);
    QFETCH(QString, context);
    QFETCH(QString, version);
    QFETCH(QString, url);
    QFETCH(QString, errorLabel);
    QFETCH(QString, message);

    ConsoleFixture console;
    auto *page = openCreatePage(console, console.admin());
    auto *create = child<QPushButton>(page, "createButton");
    QVERIFY(!create->isEnabled());
    fill(page, name, context, version, url);
    auto *error = child<QLabel>(page, qPrintable(errorLabel));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
    QVERIFY(!create->isEnabled());
    QVERIFY(!child<QPushButton>(page, "createAndPublishButton")->isEnabled());
    // Every other field is fine and says nothing.
    for (const char *other : {"apiNameError", "apiContextError", "apiVersionError", "apiEndpointError"}) {
        if (errorLabel != QLatin1String(other))
            QVERIFY2(!child<QLabel>(page, other)->isVisible(), other);
    }
    QCOMPARE(console.publisher()->apis().size(), 0);
}

void TestCreateApiPage::contextHintFollowsTyping()
{
    ConsoleFixture console;
    auto *page = openCreatePage(console, console.admin());
    auto *hint = child<QLabel>(page, "apiContextHint");
    QVERIFY(!hint->isVisible());
    auto *context = child<QLineEdit>(page, "apiContext");
    context->setFocus();
    QTest::keyClicks(context, QStringLiteral("/obs"));
    QVERIFY(hint->isVisible());
    QCOMPARE(hint->text(), QStringLiteral("API will be exposed in /obs context at the gateway"));
    QTest::keyClicks(context, QStringLiteral("erver"));
    QCOMPARE(hint->text(), QStringLiteral("API will be exposed in /observer context at the gateway"));
    const auto unnamed = ConsoleFixture::unnamedControls(page);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u' ')));
    QCOMPARE(
        QAccessible::queryAccessibleInterface(child<QLineEdit>(page, "apiEndpoint"))->text(QAccessible::Name),
        QStringLiteral("Endpoint:"));
    auto *protocol = child<QLineEdit>(page, "apiProtocol");
    QCOMPARE(protocol->text(), QStringLiteral("SSE"));
    QVERIFY(protocol->isReadOnly());
}

void TestCreateApiPage::duplicateContextAndVersion()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    QVERIFY(console.publisher()->createApi(
        admin, {QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"), endpoint}));
    auto *page = openCreatePage(console, admin);
    fill(page, QStringLiteral("Observer Two"), QStringLiteral("/observer"), QStringLiteral("1.0.0"),
         endpoint);
    auto *error = child<QLabel>(page, "apiVersionError");
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(),
             QStringLiteral("An API with context /observer and version 1.0.0 already exists."));
    auto *create = child<QPushButton>(page, "createButton");
    QVERIFY(!create->isEnabled());
    ConsoleFixture::typeInto(page, "apiVersion", QStringLiteral("2.0.0"));
    QVERIFY(!error->isVisible());
    QVERIFY(create->isEnabled());
}

void TestCreateApiPage::createOpensTheApiPage()
{
    ConsoleFixture console;
    const auto carol = console.createUser(QStringLiteral("carol"), models::Role::Creator);
    auto *page = openCreatePage(console, carol);
    fill(page, QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"), endpoint);
    auto *create = child<QPushButton>(page, "createButton");
    QVERIFY(create->isEnabled());
    QTest::mouseClick(create, Qt::LeftButton);
    auto *apiPage = console.window()->findChild<ui::ApiPage *>(QStringLiteral("apiPage"));
    QTRY_VERIFY(apiPage->isVisible());

    const auto apis = console.publisher()->apis();
    QCOMPARE(apis.size(), 1);
    const auto &api = apis.constFirst();
    QCOMPARE(apiPage->apiId(), api.id);
    QCOMPARE(api.name, QStringLiteral("Observer"));
    QCOMPARE(api.context, QStringLiteral("/observer"));
    QCOMPARE(api.version, QStringLiteral("1.0.0"));
    QCOMPARE(api.protocol, QStringLiteral("SSE"));
    QCOMPARE(api.productionEndpoint, endpoint);
    QCOMPARE(api.sandboxEndpoint, endpoint);
    QCOMPARE(api.plans, QStringList{QStringLiteral("AsyncUnlimited")});
    QCOMPARE(api.state, models::LifecycleState::Created);
    QCOMPARE(api.owner, QStringLiteral("carol"));
    QVERIFY(console.publisher()->deployments(api.id).isEmpty());
    QVERIFY(child<QWidget>(apiPage, "apiOverviewPage")->isVisible());
}

void TestCreateApiPage::createAndPublish()
{
    ConsoleFixture console;
    auto *page = openCreatePage(console, console.admin());
    fill(page, QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"), endpoint);
    auto *createAndPublish = child<QPushButton>(page, "createAndPublishButton");
    QVERIFY(createAndPublish->isVisible());
    QSignalSpy progressSpy(qobject_cast<ui::CreateApiPage *>(page), &ui::CreateApiPage::progressChanged);
    QTest::mouseClick(createAndPublish, Qt::LeftButton);
    auto *progress = child<QLabel>(page, "createProgress");
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->text(), QStringLiteral("Creating API..."));
    QVERIFY(!createAndPublish->isEnabled());
    auto *apiPage = console.window()->findChild<ui::ApiPage *>(QStringLiteral("apiPage"));
    QTRY_VERIFY(apiPage->isVisible());
    QStringList seen;
    for (const auto &arguments : std::as_const(progressSpy))
        seen << arguments.constFirst().toString();
    QCOMPARE(seen,
             (QStringList{QStringLiteral("Creating API..."), QStringLiteral("Creating Revision..."),
                          QStringLiteral("Deploying Revision..."), QStringLiteral("Publishing API...")}));

    const auto apis = console.publisher()->apis();
    QCOMPARE(apis.size(), 1);
    QCOMPARE(apis.constFirst().state, models::LifecycleState::Published);
    const auto deployments = console.publisher()->deployments(apis.constFirst().id);
    QCOMPARE(deployments.size(), 1);
    QCOMPARE(deployments.constFirst().environment, QStringLiteral("Default"));
    QCOMPARE(deployments.constFirst().vhost, QStringLiteral("localhost"));
    QCOMPARE(console.publisher()->revisions(apis.constFirst().id).size(), 1);
    QCOMPARE(child<QLabel>(apiPage, "apiState")->text(), QStringLiteral("PUBLISHED"));
}

void TestCreateApiPage::createStopsWithAClearMessage()
{
    ConsoleFixture console;
    const auto admin = console.admin();
    auto *page = openCreatePage(console, admin);
    fill(page, QStringLiteral("Observer"), QStringLiteral("/observer"), QStringLiteral("1.0.0"), endpoint);
    QTest::mouseClick(child<QPushButton>(page, "createAndPublishButton"), Qt::LeftButton);
    // Someone else takes the context and version before the first step runs.
    QVERIFY(console.publisher()->createApi(
        admin, {QStringLiteral("Other"), QStringLiteral("/observer"), QStringLiteral("1.0.0"), endpoint}));
    auto *error = child<QLabel>(page, "createError");
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(
        error->text().startsWith(QStringLiteral("Creating the API failed: An API with context /observer and "
                                                "version 1.0.0 already exists.")),
        qPrintable(error->text()));
    QVERIFY(page->isVisible());
    QVERIFY(!child<QLabel>(page, "createProgress")->isVisible());
    QCOMPARE(console.publisher()->apis().size(), 1);
}

void TestCreateApiPage::checkEndpoint()
{
    ConsoleFixture console;
    auto *page = openCreatePage(console, console.admin());
    gateway::test::TestBackend backend;
    QVERIFY(backend.listen());
    auto *check = child<QPushButton>(page, "checkEndpointButton");
    QVERIFY(!check->isEnabled());
    ConsoleFixture::typeInto(page, "apiEndpoint", backend.endpoint() + QStringLiteral("/memory"));
    QVERIFY(check->isEnabled());
    QTest::mouseClick(check, Qt::LeftButton);
    auto *result = child<QLabel>(page, "endpointProbeResult");
    QVERIFY(result->text().startsWith(QStringLiteral("Connecting to")));
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("HTTP")), 30000);
    QCOMPARE(result->text(), QStringLiteral("✔ HTTP 200, text/event-stream: the endpoint streams events."));

    backend.setResponseHead(404, "text/html");
    QTRY_VERIFY(check->isEnabled());
    QTest::mouseClick(check, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("404")), 30000);
    QVERIFY2(result->text().contains(
                 QStringLiteral("⚠ HTTP 404, text/html: the backend answers, but not with an event stream")),
             qPrintable(result->text()));

    quint16 closedPort = 0;
    {
        gateway::test::TestBackend closed;
        QVERIFY(closed.listen());
        closedPort = closed.port();
    }
    ConsoleFixture::typeInto(page, "apiEndpoint", QStringLiteral("http://127.0.0.1:%1").arg(closedPort));
    QTRY_VERIFY(check->isEnabled());
    QTest::mouseClick(check, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Could not reach")), 30000);
    QVERIFY2(result->text().startsWith(QStringLiteral("✘ Could not reach the endpoint")),
             qPrintable(result->text()));
    QVERIFY2(result->text().contains(QStringLiteral("Check that the backend is running")),
             qPrintable(result->text()));
}

void TestCreateApiPage::keyboardWalk()
{
    ConsoleFixture console;
    auto *page = openCreatePage(console, console.admin());
    auto *window = console.window();
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    auto *name = child<QLineEdit>(page, "apiName");
    name->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), name);
    // Typed and tabbed through as a keyboard user does; Return creates.
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Observer"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(page, "apiContext"));
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("/observer"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(page, "apiVersion"));
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("1.0.0"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(page, "apiProtocol"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(page, "apiEndpoint"));
    QTest::keyClicks(QApplication::focusWidget(), endpoint);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QPushButton>(page, "checkEndpointButton"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QPushButton>(page, "createButton"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QPushButton>(page, "createAndPublishButton"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QPushButton>(page, "cancelCreateButton"));
    QTest::keyClick(child<QLineEdit>(page, "apiEndpoint"), Qt::Key_Return);
    QTRY_VERIFY(child<QWidget>(window, "apiPage")->isVisible());
    QCOMPARE(console.publisher()->apis().size(), 1);
}

QTEST_MAIN(TestCreateApiPage)
#include "tst_createapipage.moc"
