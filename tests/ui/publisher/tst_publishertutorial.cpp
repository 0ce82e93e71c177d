#include "consolefixture.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "tests/gateway/server/testbackend.h"
#include "ui/publisher/apideploymentspage.h"
#include "ui/publisher/apipage.h"
#include "ui/publisher/deployrevisiondialog.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace sd;

/// The Publisher half of the tutorial (REFERENCE.md section 1, steps 1 to 5), by mouse and keyboard on the
/// real console, then a real request through the gateway.
class TestPublisherTutorial : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void observerFromSignInToStream();
};

namespace {

void openTab(QTabWidget *tabs, const QString &title)
{
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i).remove(u'&') == title) {
            QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(i).center());
            return;
        }
    }
    qFatal("No tab %s", qPrintable(title));
}

} // namespace

void TestPublisherTutorial::observerFromSignInToStream()
{
    ConsoleFixture console;
    gateway::test::TestBackend backend;
    QVERIFY(backend.listen());
    auto *publisher = console.publisher();

    // 1. Sign in as admin.
    QVERIFY(console.signIn(QStringLiteral("admin"), QStringLiteral("admin")));
    auto *window = console.window();

    // 2. CREATE: Observer, /observer, 1.0.0, SSE, the backend's endpoint.
    QTest::mouseClick(child<QPushButton>(window, "createApiButton"), Qt::LeftButton);
    auto *create = child<QWidget>(window, "createApiPage");
    ConsoleFixture::typeInto(create, "apiName", QStringLiteral("Observer"));
    ConsoleFixture::typeInto(create, "apiContext", QStringLiteral("/observer"));
    ConsoleFixture::typeInto(create, "apiVersion", QStringLiteral("1.0.0"));
    ConsoleFixture::typeInto(create, "apiEndpoint", backend.endpoint());
    QTest::mouseClick(child<QPushButton>(create, "createButton"), Qt::LeftButton);
    auto *apiPage = child<ui::ApiPage>(window, "apiPage");
    QTRY_VERIFY(apiPage->isVisible());
    QCOMPARE(publisher->apis().size(), 1);
    const auto apiId = publisher->apis().constFirst().id;
    QCOMPARE(apiPage->apiId(), apiId);
    QCOMPARE(publisher->api(apiId)->state, models::LifecycleState::Created);
    QCOMPARE(publisher->api(apiId)->productionEndpoint, backend.endpoint());

    // 3. Business Plans: tick AsyncGold, Save.
    auto *tabs = child<QTabWidget>(apiPage, "apiTabs");
    openTab(tabs, QStringLiteral("Business Plans"));
    auto *plans = child<QListWidget>(apiPage, "planList");
    QVERIFY(plans->isVisible());
    const auto gold =
        plans->findItems(QStringLiteral("AsyncGold : Allows 50000 events per day"), Qt::MatchExactly);
    QCOMPARE(gold.size(), 1);
    plans->setFocus();
    plans->setCurrentItem(gold.constFirst());
    QTest::keyClick(plans, Qt::Key_Space);
    QTest::mouseClick(child<QPushButton>(apiPage, "savePlansButton"), Qt::LeftButton);
    QTRY_VERIFY(publisher->api(apiId)->plans.contains(QStringLiteral("AsyncGold")));

    // 4. Lifecycle: Publish.
    openTab(tabs, QStringLiteral("Lifecycle"));
    auto *publish = child<QPushButton>(apiPage, "lifecycleAction_Publish");
    QTRY_VERIFY(publish->isVisible() && publish->isEnabled());
    QTest::mouseClick(publish, Qt::LeftButton);
    QTRY_COMPARE(publisher->api(apiId)->state, models::LifecycleState::Published);

    // 5. Deployments: Deploy New Revision to Production and Sandbox on localhost.
    openTab(tabs, QStringLiteral("Deployments"));
    auto *deployments = child<ui::ApiDeploymentsPage>(apiPage, "deploymentsPage");
    bool deployed = false;
    QTimer::singleShot(0, deployments, [&deployed] {
        auto *dialog = qobject_cast<ui::DeployRevisionDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QCOMPARE(dialog->objectName(), QStringLiteral("deployRevisionDialog"));
        auto *environment = child<QCheckBox>(dialog, "environment_Default");
        QCOMPARE(environment->accessibleName(), QStringLiteral("Production and Sandbox"));
        QCOMPARE(child<QComboBox>(dialog, "vhost_Default")->currentText(), QStringLiteral("localhost"));
        environment->setFocus();
        if (!environment->isChecked())
            QTest::keyClick(environment, Qt::Key_Space);
        QTest::mouseClick(child<QPushButton>(dialog, "deployButton"), Qt::LeftButton);
        deployed = true;
        if (dialog->isVisible())
            dialog->reject();
    });
    QTest::mouseClick(child<QPushButton>(apiPage, "deployNewRevisionButton"), Qt::LeftButton);
    QVERIFY(deployed);
    QTRY_VERIFY(!deployments->isBusy());
    const auto live = publisher->deployments(apiId);
    QCOMPARE(live.size(), 1);
    QCOMPARE(live.constFirst().environment, QStringLiteral("Default"));
    QCOMPARE(live.constFirst().vhost, QStringLiteral("localhost"));
    QCOMPARE(publisher->revisions(apiId).size(), 1);
    QCOMPARE(publisher->api(apiId)->state, models::LifecycleState::Published);

    // Steps 7 and 8 (the Developer Portal is the next issue): subscribe and get a token through the services,
    // then stream through the gateway as curl does.
    auto *portal = console.runtime()->portal();
    const auto admin = console.session.user();
    models::ApplicationDraft application;
    application.name = QStringLiteral("Tutorial");
    const auto app = portal->createApplication(admin, application);
    QVERIFY(app);
    QVERIFY(portal->subscribe(admin, app->id, apiId, QStringLiteral("AsyncGold")));
    const auto keys = portal->generateKeys(admin, app->id, models::KeyType::Production,
                                           {QStringLiteral("client_credentials")}, 3600);
    QVERIFY(keys);
    const auto token = console.runtime()->tokens()->issue(keys->keys, 3600);
    QVERIFY(token);

    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(console.status.gatewayUrl + QStringLiteral("/observer/1.0.0/memory")));
    request.setRawHeader("Authorization", "Bearer " + token->accessToken.toLatin1());
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(backend.requestCount(), 1, 30000);
    QVERIFY(backend.request(0).startsWith("GET /memory "));
    const QByteArray first =
        R"(data:{"heap":67893392,"nonHeap":36260800,"ts":1614803952066,"identifier":"ram_1"})"
        "\n\n";
    const QByteArray second =
        R"(data:{"heap":67893400,"nonHeap":36260800,"ts":1614803953066,"identifier":"ram_2"})"
        "\n\n";
    backend.sendAll(first);
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(first), 30000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(u"text/event-stream"));
    backend.sendAll(second);
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(QByteArray(first + second)), 30000);
    reply->abort();
}

QTEST_MAIN(TestPublisherTutorial)
#include "tst_publishertutorial.moc"
