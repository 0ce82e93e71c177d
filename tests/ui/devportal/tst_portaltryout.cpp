#include "gateway/client/streamrequest.h"
#include "models/devportalservice.h"
#include "portalfixture.h"
#include "tests/gateway/server/testbackend.h"
#include "ui/devportal/portalapipage.h"
#include "ui/devportal/portalcatalogpage.h"
#include "ui/devportal/portalworkspace.h"
#include "ui/devportal/subscriptionwizard.h"
#include "ui/keychain/secretstore.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace sd;

class TestPortalTryOut final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generateTokenCurlAndViewer();
    void tokenComesFromTheKeychain();
    void applicationWithoutKeys();
    void noSubscribedApplication();
    void anotherUserDoesNotSeeTheToken();
    void wizardFromThePortalFeedsTryOut();
    void requestStreamsThroughTheGateway();
};

namespace {

const QString endpoint = QStringLiteral("http://127.0.0.1:9/");

/// A subscriber with the application Dashboard subscribed to Observer; production keys on request.
struct Subscribed
{
    explicit Subscribed(bool withKeys, const QString &apiEndpoint = endpoint)
    {
        api = fixture.publishApi(apiEndpoint);
        user = fixture.signInSubscriber();
        auto *portal = fixture.console.runtime()->portal();
        models::ApplicationDraft draft;
        draft.name = QStringLiteral("Dashboard");
        const auto created = portal->createApplication(user, draft);
        if (!created || !portal->subscribe(user, created->id, api.id))
            qFatal("the application or its subscription was refused");
        application = created.value();
        if (withKeys) {
            const auto generated = portal->generateKeys(user, application.id, models::KeyType::Production,
                                                        {QStringLiteral("client_credentials")}, 3600);
            if (!generated)
                qFatal("generateKeys: %s", qPrintable(generated.error().message));
            keys = generated->keys;
        }
    }

    /// The workspace on the Try Out tab of Observer.
    ui::PortalWorkspace *open()
    {
        workspace =
            std::make_unique<ui::PortalWorkspace>(fixture.context(&secrets), fixture.console.publisher());
        workspace->resize(1100, 760);
        workspace->show();
        if (!QTest::qWaitForWindowExposed(workspace.get()))
            qWarning("The portal workspace was not exposed");
        if (!workspace->showApi(api.id) || !workspace->apiPage()->showTab(QStringLiteral("tryout")))
            qFatal("Observer's Try Out tab did not open");
        tab = child<QTabWidget>(workspace.get(), "portalApiTabs")->currentWidget();
        return workspace.get();
    }

    PortalFixture fixture;
    ui::SecretStore secrets{ui::SecretStore::Backend::SessionOnly};
    models::Api api;
    models::User user;
    models::Application application;
    models::KeySet keys;
    std::unique_ptr<ui::PortalWorkspace> workspace;
    QWidget *tab = nullptr;
};

} // namespace

void TestPortalTryOut::generateTokenCurlAndViewer()
{
    Subscribed s(true);
    auto *workspace = s.open();
    QList<gateway::StreamRequest> requests;
    connect(workspace, &ui::PortalWorkspace::openStreamRequested, this,
            [&requests](const gateway::StreamRequest &request) { requests << request; });
    QCOMPARE(s.tab->objectName(), QStringLiteral("portalTryOutTab"));
    QVERIFY(ConsoleFixture::unnamedControls(s.tab).isEmpty());
    auto *application = child<QComboBox>(s.tab, "tryOutApplication");
    QCOMPARE(application->currentText(), QStringLiteral("Dashboard"));
    QCOMPARE(child<QComboBox>(s.tab, "tryOutKeyType")->currentText(), QStringLiteral("PRODUCTION"));
    auto *path = child<QLineEdit>(s.tab, "tryOutPath");
    QCOMPARE(path->text(), s.fixture.context().suggestedPath(s.api));
    auto *token = child<QLineEdit>(s.tab, "tryOutToken");
    QVERIFY(token->text().isEmpty());
    QVERIFY(!child<QPushButton>(s.tab, "generateCurlButton")->isEnabled());

    QTest::mouseClick(child<QPushButton>(s.tab, "tryOutGenerateTokenButton"), Qt::LeftButton);
    QVERIFY(!token->text().isEmpty());
    const auto issued = token->text();
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QTest::mouseClick(child<QCheckBox>(s.tab, "tryOutShowToken"), Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    // The token is kept for these keys.
    std::optional<QString> stored;
    bool read = false;
    s.secrets.read(ui::SecretStore::accessTokenKey(s.keys.id), this,
                   [&](const std::optional<QString> &secret, const QString &) {
                       stored = secret;
                       read = true;
                   });
    QTRY_VERIFY(read);
    QCOMPARE(stored.value_or(QString()), issued);

    path->selectAll();
    QTest::keyClicks(path, QStringLiteral("/memory"));
    QTest::mouseClick(child<QPushButton>(s.tab, "generateCurlButton"), Qt::LeftButton);
    const QString url = s.fixture.console.status.gatewayUrl + QStringLiteral("/observer/1.0.0/memory");
    auto *curl = child<QLineEdit>(s.tab, "tryOutCurl");
    QVERIFY(curl->isReadOnly());
    QCOMPARE(curl->text(), s.fixture.context().curlCommand(QUrl(url), issued));
    QVERIFY(curl->text().contains(url));
    QVERIFY(curl->text().contains(QStringLiteral("Authorization: Bearer ") + issued));
    QTest::mouseClick(child<QPushButton>(s.tab, "copyCurlButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), curl->text());

    QTest::mouseClick(child<QPushButton>(s.tab, "openInViewerButton"), Qt::LeftButton);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().url, QUrl(url));
    QCOMPARE(requests.first().method, QByteArrayLiteral("GET"));
    QCOMPARE(requests.first().header("Authorization"), QByteArray("Bearer " + issued.toUtf8()));

    // HTTPS: the gateway's TLS port, and curl told about the self-signed certificate.
    auto *https = child<QCheckBox>(s.tab, "tryOutHttps");
    // On the box itself: the row is wider than the check box's text.
    QTest::mouseClick(https, Qt::LeftButton, {}, QPoint(8, https->height() / 2));
    QVERIFY(https->isChecked());
    QVERIFY(curl->text().isEmpty());
    QTest::keyClick(path, Qt::Key_Return);
    QVERIFY(curl->text().startsWith(QStringLiteral("curl -N -k '") + s.fixture.console.status.gatewayTlsUrl));
}

void TestPortalTryOut::tokenComesFromTheKeychain()
{
    Subscribed s(true);
    bool written = false;
    s.secrets.write(ui::SecretStore::accessTokenKey(s.keys.id), QStringLiteral("stored-token"), this,
                    [&](bool ok, const QString &) { written = ok; });
    QTRY_VERIFY(written);
    s.open();
    auto *token = child<QLineEdit>(s.tab, "tryOutToken");
    QTRY_COMPARE(token->text(), QStringLiteral("stored-token"));
    QVERIFY(child<QLabel>(s.tab, "tryOutMessage")->text().contains(QStringLiteral("keychain")));
    QVERIFY(child<QPushButton>(s.tab, "openInViewerButton")->isEnabled());

    // SANDBOX keys do not exist: no token, and the page says what to do.
    auto *keyType = child<QComboBox>(s.tab, "tryOutKeyType");
    keyType->setCurrentIndex(keyType->findText(QStringLiteral("SANDBOX")));
    QVERIFY(token->text().isEmpty());
    QVERIFY(child<QLabel>(s.tab, "tryOutKeysMessage")->text().contains(QStringLiteral("no SANDBOX keys")));
    QVERIFY(!child<QPushButton>(s.tab, "tryOutGenerateTokenButton")->isEnabled());

    // A newer token stored elsewhere (the wizard, the Applications page) replaces the shown one.
    keyType->setCurrentIndex(keyType->findText(QStringLiteral("PRODUCTION")));
    QTRY_COMPARE(token->text(), QStringLiteral("stored-token"));
    s.secrets.write(ui::SecretStore::accessTokenKey(s.keys.id), QStringLiteral("newer-token"));
    QTRY_COMPARE(token->text(), QStringLiteral("newer-token"));
}

void TestPortalTryOut::applicationWithoutKeys()
{
    Subscribed s(false);
    auto *workspace = s.open();
    QSignalSpy manage(workspace, &ui::PortalWorkspace::manageApplicationRequested);
    auto *message = child<QLabel>(s.tab, "tryOutKeysMessage");
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("Dashboard has no PRODUCTION keys")));
    QVERIFY(!child<QPushButton>(s.tab, "tryOutGenerateTokenButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>(s.tab, "tryOutManageAppButton"), Qt::LeftButton);
    QCOMPARE(manage.size(), 1);
    QCOMPARE(manage.first().first().toString(), s.application.id);

    // Keys generated elsewhere make the page ready.
    QVERIFY(s.fixture.console.runtime()->portal()->generateKeys(s.user, s.application.id,
                                                                models::KeyType::Production, {}, 3600));
    QTRY_VERIFY(child<QPushButton>(s.tab, "tryOutGenerateTokenButton")->isEnabled());
    QVERIFY(!message->isVisible());
}

void TestPortalTryOut::noSubscribedApplication()
{
    Subscribed s(true);
    auto *portal = s.fixture.console.runtime()->portal();
    s.open();
    auto *application = child<QComboBox>(s.tab, "tryOutApplication");
    QCOMPARE(application->count(), 1);
    QVERIFY(portal->unsubscribe(s.user, portal->subscriptions(s.user).first().id));
    QTRY_COMPARE(application->count(), 0);
    QVERIFY(!application->isEnabled());
    QVERIFY(child<QLabel>(s.tab, "tryOutKeysMessage")->text().contains(QStringLiteral("Subscriptions tab")));
    QVERIFY(child<QLineEdit>(s.tab, "tryOutToken")->text().isEmpty());
}

void TestPortalTryOut::anotherUserDoesNotSeeTheToken()
{
    Subscribed s(true);
    s.open();
    QTest::mouseClick(child<QPushButton>(s.tab, "tryOutGenerateTokenButton"), Qt::LeftButton);
    auto *token = child<QLineEdit>(s.tab, "tryOutToken");
    QVERIFY(!token->text().isEmpty());
    // An administrator sees every application, this one included: the field starts empty all the same,
    // and only the keychain (the same operating-system user) can fill it again.
    QSignalSpy cleared(token, &QLineEdit::textChanged);
    s.fixture.console.session.signIn(s.fixture.console.admin());
    QVERIFY(!cleared.isEmpty());
    QVERIFY(cleared.first().first().toString().isEmpty());
    QVERIFY(s.workspace->catalogPage()->isVisible());
}

void TestPortalTryOut::wizardFromThePortalFeedsTryOut()
{
    PortalFixture fixture;
    ui::SecretStore secrets{ui::SecretStore::Backend::SessionOnly};
    const auto api = fixture.publishApi(endpoint);
    const auto user = fixture.signInSubscriber();
    ui::PortalWorkspace workspace(fixture.context(&secrets), fixture.console.publisher());
    workspace.resize(1100, 760);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QVERIFY(workspace.showApi(api.id));
    auto *page = workspace.apiPage();
    page->showTab(QStringLiteral("subscriptions"));
    QTest::mouseClick(child<QPushButton>(page, "subscriptionWizardButton"), Qt::LeftButton);
    QPointer<ui::SubscriptionWizard> wizard =
        workspace.findChild<ui::SubscriptionWizard *>(QStringLiteral("subscriptionWizard"));
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());

    ConsoleFixture::typeInto(wizard, "applicationName", QStringLiteral("ObserverClient"));
    for (int step = ui::SubscriptionWizard::SubscribePageId; step <= ui::SubscriptionWizard::CopyPageId;
         ++step) {
        auto *next = wizard->button(QWizard::NextButton);
        QTRY_VERIFY(next->isVisible() && next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QTRY_COMPARE(wizard->currentId(), step);
    }
    QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!wizard);

    // The subscription it made is in the table, and its token is ready on the Try Out tab.
    auto *table = child<QTableView>(page, "portalSubscriptionsTable");
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("ObserverClient"));
    page->showTab(QStringLiteral("tryout"));
    auto *tab = child<QTabWidget>(page, "portalApiTabs")->currentWidget();
    QCOMPARE(child<QComboBox>(tab, "tryOutApplication")->currentText(), QStringLiteral("ObserverClient"));
    const auto applications = fixture.console.runtime()->portal()->applications(user);
    QCOMPARE(applications.size(), 1);
    const auto keys = fixture.console.runtime()->portal()->keySets(user, applications.first().id);
    QCOMPARE(keys.size(), 1);
    std::optional<QString> stored;
    bool read = false;
    secrets.read(ui::SecretStore::accessTokenKey(keys.first().id), this,
                 [&](const std::optional<QString> &secret, const QString &) {
                     stored = secret;
                     read = true;
                 });
    QTRY_VERIFY(read);
    QVERIFY(stored.has_value());
    QTRY_COMPARE(child<QLineEdit>(tab, "tryOutToken")->text(), *stored);
}

void TestPortalTryOut::requestStreamsThroughTheGateway()
{
    gateway::test::TestBackend backend;
    QVERIFY(backend.listen());
    Subscribed s(true, backend.endpoint());
    auto *workspace = s.open();
    QList<gateway::StreamRequest> requests;
    connect(workspace, &ui::PortalWorkspace::openStreamRequested, this,
            [&requests](const gateway::StreamRequest &request) { requests << request; });
    QTest::mouseClick(child<QPushButton>(s.tab, "tryOutGenerateTokenButton"), Qt::LeftButton);
    auto *path = child<QLineEdit>(s.tab, "tryOutPath");
    path->selectAll();
    QTest::keyClicks(path, QStringLiteral("/memory"));
    QTest::mouseClick(child<QPushButton>(s.tab, "openInViewerButton"), Qt::LeftButton);
    QCOMPARE(requests.size(), 1);

    // What the viewer would send: the gateway lets it through to the backend's /memory.
    QNetworkRequest request(requests.first().url);
    for (const auto &[name, value] : requests.first().headers)
        request.setRawHeader(name, value);
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    QTRY_COMPARE(backend.requestCount(), 1);
    QVERIFY(backend.request(0).startsWith("GET /memory "));
    backend.sendAll("data: {\"identifier\":\"ram_1\"}\n\n");
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QTRY_VERIFY(received.contains("ram_1"));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->abort();
}

QTEST_MAIN(TestPortalTryOut)
#include "tst_portaltryout.moc"
