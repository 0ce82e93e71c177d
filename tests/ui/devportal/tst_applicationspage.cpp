#include "gateway/client/streamrequest.h"
#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenservice.h"
#include "portalfixture.h"
#include "tests/gateway/server/testbackend.h"
#include "tests/gateway/server/testclient.h"
#include "ui/common/messagebox.h"
#include "ui/devportal/applicationdialog.h"
#include "ui/devportal/applicationlistmodel.h"
#include "ui/devportal/applicationspage.h"
#include "ui/devportal/applicationsubscriptionmodel.h"
#include "ui/keychain/secretstore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace sd;
using namespace Qt::StringLiterals;
using ui::SecretStore;

namespace {

void click(QWidget *parent, const char *name)
{
    auto *button = child<QAbstractButton>(parent, name);
    QVERIFY2(button->isVisible() && button->isEnabled(), name);
    QTest::mouseClick(button, Qt::LeftButton);
}

/// Toggles a check box from the keyboard, as a user tabbing to it would.
void toggle(QWidget *parent, const char *name)
{
    auto *box = child<QCheckBox>(parent, name);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Space);
}

/// The text of the cell `column` in the row of the application named `name`, or a note that it is not there.
QString cell(QTableView *table, const QString &name, int column)
{
    auto *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ui::ApplicationListModel::NameColumn).data().toString() == name)
            return model->index(row, column).data().toString();
    }
    return u"<no row %1>"_s.arg(name);
}

/// A subscriber signed in to the real console, with a session-only keychain.
struct Subscriber
{
    PortalFixture fx;
    models::User user = fx.signInSubscriber();
    SecretStore store{SecretStore::Backend::SessionOnly};
    ui::PortalContext context = fx.context(&store);

    models::Result<models::Application> createApplication(const QString &name)
    {
        auto app = context.portal->createApplication(user, {name, u"Unlimited"_s, {}, {}});
        if (!app)
            qFatal("createApplication failed: %s", qPrintable(app.error().message));
        return app;
    }

    /// The Applications page, shown at about the size the console gives it.
    std::unique_ptr<ui::ApplicationsPage> showPage()
    {
        auto page = std::make_unique<ui::ApplicationsPage>(context);
        page->resize(1100, 760);
        page->show();
        if (!QTest::qWaitForWindowExposed(page.get()))
            qFatal("The page was not shown");
        return page;
    }
};

} // namespace

class TestApplicationsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listFollowsTheService();
    void createEditDeleteThroughTheDialog();
    void keysShowSecretOnlyWhenAskedAndRegenerate();
    void secretMissingFromTheKeychain();
    void tokenGenerateAndRevoke();
    void openInStreamViewer();
    void usageBarAndUnsubscribe();
    void keyboardOnly();
    void keychainBannerWhenPersistenceIsLost();
    void cleanup();

private:
    /// Answers the next ApplicationDialog: replaces the name, lets `fill` set the rest, presses OK. When the
    /// dialog stays open, its error goes to `error` and Cancel closes it.
    void answerDialog(const QString &name, std::function<void(ui::ApplicationDialog *)> fill = {});

    QString m_dialogError;
    bool m_dialogAnswered = false;
};

void TestApplicationsPage::cleanup()
{
    // Background work (hashing, signing, usage reads) finishes before the fixture's services go.
    QThreadPool::globalInstance()->waitForDone();
}

void TestApplicationsPage::answerDialog(const QString &name,
                                        std::function<void(ui::ApplicationDialog *)> fill)
{
    m_dialogError.clear();
    m_dialogAnswered = false;
    QTimer::singleShot(0, this, [this, name, fill] {
        auto *dialog = qobject_cast<ui::ApplicationDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            qFatal("No application dialog is open");
        auto *field = child<QLineEdit>(dialog, "applicationName");
        field->selectAll();
        QTest::keyClicks(field, name);
        if (fill)
            fill(dialog);
        QTest::mouseClick(child<QPushButton>(dialog, "applicationOkButton"), Qt::LeftButton);
        if (dialog->isVisible()) {
            m_dialogError = child<QLabel>(dialog, "applicationDialogError")->text();
            QTest::mouseClick(child<QPushButton>(dialog, "applicationCancelButton"), Qt::LeftButton);
        }
        m_dialogAnswered = true;
    });
}

void TestApplicationsPage::listFollowsTheService()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto api = fx.publishApi(u"http://127.0.0.1:9"_s);
    ui::ApplicationListModel model(context.portal, context.session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);

    const auto zed =
        context.portal->createApplication(user, {u"Zed"_s, u"10PerMin"_s, {}, models::TokenType::OAuth});
    QVERIFY(zed);
    const auto alpha = context.portal->createApplication(user, {u"alpha"_s, u"Unlimited"_s, {}, {}});
    QVERIFY(alpha);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(alpha->id), 0); // by name, case aside
    QCOMPARE(model.index(1, ui::ApplicationListModel::QuotaColumn).data().toString(), u"10PerMin"_s);
    QCOMPARE(model.index(1, ui::ApplicationListModel::TokenTypeColumn).data().toString(), u"OAUTH"_s);
    QCOMPARE(model.index(1, ui::ApplicationListModel::SubscriptionsColumn).data().toInt(), 0);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const auto sub = context.portal->subscribe(user, zed->id, api.id);
    QVERIFY(sub);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(1, ui::ApplicationListModel::SubscriptionsColumn).data().toInt(), 1);
    QVERIFY(context.portal->updateApplication(user, zed->id,
                                              {u"Zed"_s, u"50PerMin"_s, {}, models::TokenType::Jwt}));
    QCOMPARE(model.index(1, ui::ApplicationListModel::QuotaColumn).data().toString(), u"50PerMin"_s);
    QCOMPARE(model.index(1, ui::ApplicationListModel::TokenTypeColumn).data().toString(), u"JWT"_s);

    // Someone else's application never shows.
    const auto other = fx.console.createUser(u"olga"_s, models::Role::Subscriber);
    QVERIFY(context.portal->createApplication(other, {u"Theirs"_s, u"Unlimited"_s, {}, {}}));
    QCOMPARE(model.rowCount(), 2);

    QVERIFY(context.portal->deleteApplication(user, alpha->id));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(zed->id), 0);

    ui::ApplicationSubscriptionModel subscriptions(context);
    QAbstractItemModelTester subTester(&subscriptions,
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
    subscriptions.setApplication(zed->id);
    QCOMPARE(subscriptions.rowCount(), 1);
    QCOMPARE(subscriptions.index(0, ui::ApplicationSubscriptionModel::ApiColumn).data().toString(),
             u"Observer 1.0.0"_s);
    QCOMPARE(subscriptions.subscribedApis().size(), 1);
    QVERIFY(context.portal->unsubscribe(user, sub->id));
    QCOMPARE(subscriptions.rowCount(), 0);
    QCOMPARE(model.index(0, ui::ApplicationListModel::SubscriptionsColumn).data().toInt(), 0);

    fx.console.session.signOut();
    QCOMPARE(model.rowCount(), 0);
}

void TestApplicationsPage::createEditDeleteThroughTheDialog()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto page = s.showPage();
    QCOMPARE(page->objectName(), u"applicationsPage"_s);
    QVERIFY2(ConsoleFixture::unnamedControls(page.get()).isEmpty(),
             qPrintable(ConsoleFixture::unnamedControls(page.get()).join(u", ")));
    auto *table = child<QTableView>(page.get(), "applicationsTable");
    QVERIFY(!child<QPushButton>(page.get(), "editApplicationButton")->isEnabled());

    answerDialog(u"ObserverClient"_s, [](ui::ApplicationDialog *dialog) {
        QVERIFY(ConsoleFixture::unnamedControls(dialog).isEmpty());
        auto *quota = child<QComboBox>(dialog, "applicationQuota");
        QCOMPARE(quota->currentIndex(), 0); // the first policy preselected
        quota->setCurrentIndex(quota->findData(u"20PerMin"_s));
        auto *type = child<QComboBox>(dialog, "applicationTokenType");
        type->setCurrentIndex(1);
        QTest::keyClicks(child<QLineEdit>(dialog, "applicationDescription"), u"for the tutorial"_s);
    });
    click(page.get(), "newApplicationButton");
    QVERIFY(m_dialogAnswered);
    QCOMPARE(m_dialogError, QString());
    auto apps = context.portal->applications(user);
    QCOMPARE(apps.size(), 1);
    QCOMPARE(apps.first().name, u"ObserverClient"_s);
    QCOMPARE(apps.first().quota, u"20PerMin"_s);
    QCOMPARE(apps.first().tokenType, models::TokenType::OAuth);
    QCOMPARE(apps.first().description, u"for the tutorial"_s);
    QCOMPARE(page->currentApplicationId(), apps.first().id);
    QCOMPARE(cell(table, u"ObserverClient"_s, ui::ApplicationListModel::TokenTypeColumn), u"OAUTH"_s);

    // A name longer than 70 characters cannot be submitted.
    answerDialog(QString(71, u'x'), [](ui::ApplicationDialog *dialog) {
        QVERIFY(!child<QPushButton>(dialog, "applicationOkButton")->isEnabled());
        QVERIFY(child<QLabel>(dialog, "applicationNameProblem")->isVisible());
    });
    click(page.get(), "newApplicationButton");
    QVERIFY(m_dialogAnswered);
    QCOMPARE(context.portal->applications(user).size(), 1);

    // A second application of the same name: the dialog says so and stays open.
    answerDialog(u"ObserverClient"_s);
    click(page.get(), "newApplicationButton");
    QVERIFY(m_dialogAnswered);
    QVERIFY2(m_dialogError.contains(u"already have an application named"), qPrintable(m_dialogError));
    QCOMPARE(context.portal->applications(user).size(), 1);

    // Edit: the dialog starts from the application as it is.
    answerDialog(u"Renamed"_s, [](ui::ApplicationDialog *dialog) {
        QCOMPARE(dialog->windowTitle(), u"Edit Application"_s);
        QCOMPARE(child<QComboBox>(dialog, "applicationQuota")->currentData().toString(), u"20PerMin"_s);
        QCOMPARE(child<QLineEdit>(dialog, "applicationDescription")->text(), u"for the tutorial"_s);
    });
    click(page.get(), "editApplicationButton");
    QVERIFY(m_dialogAnswered);
    QCOMPARE(m_dialogError, QString());
    apps = context.portal->applications(user);
    QCOMPARE(apps.first().name, u"Renamed"_s);
    QCOMPARE(apps.first().quota, u"20PerMin"_s);
    QCOMPARE(cell(table, u"Renamed"_s, ui::ApplicationListModel::QuotaColumn), u"20PerMin"_s);

    // Delete asks; No keeps it. Yes removes it with its keys' secrets in the keychain.
    auto *production = child<QWidget>(page.get(), "productionKeys");
    click(production, "generateKeysButton");
    QTRY_VERIFY(!context.portal->keySets(user, apps.first().id).isEmpty());
    const auto keySetId = context.portal->keySets(user, apps.first().id).first().id;
    QTRY_VERIFY(PortalFixture::readSecret(store, SecretStore::consumerSecretKey(keySetId)).has_value());
    ui::MessageBox::setNextAnswer(QMessageBox::No);
    click(page.get(), "deleteApplicationButton");
    QVERIFY(ui::MessageBox::lastText().contains(u"Renamed"));
    QCOMPARE(context.portal->applications(user).size(), 1);
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    click(page.get(), "deleteApplicationButton");
    QCOMPARE(context.portal->applications(user).size(), 0);
    QCOMPARE(table->model()->rowCount(), 0);
    QTRY_COMPARE(PortalFixture::readSecret(store, SecretStore::consumerSecretKey(keySetId)), std::nullopt);
    QVERIFY(!child<QPushButton>(page.get(), "deleteApplicationButton")->isEnabled());
}

void TestApplicationsPage::keysShowSecretOnlyWhenAskedAndRegenerate()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto app = s.createApplication(u"ObserverClient"_s);
    const auto page = s.showPage();
    page->showApplication(app->id);
    auto *production = child<QWidget>(page.get(), "productionKeys");
    auto *sandbox = child<QWidget>(page.get(), "sandboxKeys");
    QVERIFY(child<QLabel>(production, "noKeysText")->isVisible());

    click(production, "generateKeysButton");
    auto *consumerKey = child<QLineEdit>(production, "consumerKey");
    QTRY_VERIFY(consumerKey->isVisible());
    const auto keys = context.portal->keySets(user, app->id);
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().keyType, models::KeyType::Production);
    QCOMPARE(consumerKey->text(), keys.first().consumerKey);
    QTRY_VERIFY(
        PortalFixture::readSecret(store, SecretStore::consumerSecretKey(keys.first().id)).has_value());
    const auto secret = *PortalFixture::readSecret(store, SecretStore::consumerSecretKey(keys.first().id));
    QVERIFY(context.portal->authenticateClient(keys.first().consumerKey, secret).ok());
    // The sandbox keys are separate and still to be generated.
    QVERIFY(child<QPushButton>(sandbox, "generateKeysButton")->isEnabled());

    // Hidden until Show.
    auto *secretField = child<QLineEdit>(production, "consumerSecret");
    QCOMPARE(secretField->text(), QString());
    QCOMPARE(secretField->echoMode(), QLineEdit::Password);
    toggle(production, "showSecret");
    QTRY_COMPARE(secretField->text(), secret);
    QCOMPARE(secretField->echoMode(), QLineEdit::Normal);
    toggle(production, "showSecret");
    QCOMPARE(secretField->text(), QString());
    click(production, "copyConsumerKeyButton");
    QCOMPARE(QGuiApplication::clipboard()->text(), keys.first().consumerKey);
    click(production, "copyConsumerSecretButton");
    QTRY_COMPARE(QGuiApplication::clipboard()->text(), secret);
    QVERIFY2(ConsoleFixture::unnamedControls(page.get()).isEmpty(),
             qPrintable(ConsoleFixture::unnamedControls(page.get()).join(u", ")));

    // Regenerate asks, then the old secret stops authenticating and the keychain has the new one.
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    click(production, "regenerateSecretButton");
    QVERIFY(ui::MessageBox::lastText().contains(u"stops working"));
    QTRY_VERIFY(PortalFixture::readSecret(store, SecretStore::consumerSecretKey(keys.first().id)) != secret);
    const auto renewed = *PortalFixture::readSecret(store, SecretStore::consumerSecretKey(keys.first().id));
    QVERIFY(!context.portal->authenticateClient(keys.first().consumerKey, secret).ok());
    QVERIFY(context.portal->authenticateClient(keys.first().consumerKey, renewed).ok());
    QTRY_VERIFY(child<QPushButton>(production, "regenerateSecretButton")->isEnabled());
    toggle(production, "showSecret");
    QTRY_COMPARE(secretField->text(), renewed);
}

void TestApplicationsPage::secretMissingFromTheKeychain()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto app = context.portal->createApplication(user, {u"Elsewhere"_s, u"Unlimited"_s, {}, {}});
    QVERIFY(app);
    // Keys generated on another computer: their secret is not in this keychain.
    QVERIFY(context.portal->generateKeys(user, app->id, models::KeyType::Sandbox, {}, 3600));
    const auto page = s.showPage();
    // Only the keychain's session-only notice: no keychain service runs for this store.
    QVERIFY(child<QLabel>(page.get(), "keychainBanner")->isVisible());
    QVERIFY(child<QLabel>(page.get(), "keychainBanner")->text().contains(u"this session only"));
    auto *tabs = child<QTabWidget>(page.get(), "applicationDetails");
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
    auto *sandbox = child<QWidget>(page.get(), "sandboxKeys");
    QVERIFY(sandbox->isVisible());
    toggle(sandbox, "showSecret");
    auto *note = child<QLabel>(sandbox, "secretNote");
    QTRY_VERIFY(note->isVisible());
    QCOMPARE(note->text(),
             u"The secret is not in this computer's keychain; regenerate it to get a new one."_s);
    QVERIFY(!child<QCheckBox>(sandbox, "showSecret")->isChecked());
}

void TestApplicationsPage::tokenGenerateAndRevoke()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto app = s.createApplication(u"ObserverClient"_s);
    const auto page = s.showPage();
    auto *production = child<QWidget>(page.get(), "productionKeys");
    click(production, "generateKeysButton");
    QTRY_VERIFY(child<QPushButton>(production, "generateTokenButton")->isEnabled());
    const auto keySetId = context.portal->keySets(user, app->id).first().id;

    auto *validity = child<QSpinBox>(production, "tokenValidity");
    QCOMPARE(validity->value(), 3600);
    validity->selectAll();
    QTest::keyClicks(validity, u"600"_s);
    QCOMPARE(validity->value(), 600);
    QSignalSpy issued(context.tokens, &gateway::TokenService::tokenIssued);
    click(production, "generateTokenButton");
    auto *tokenField = child<QLineEdit>(production, "accessToken");
    QTRY_VERIFY(!tokenField->text().isEmpty());
    QCOMPARE(tokenField->echoMode(), QLineEdit::Password);
    QCOMPARE(issued.count(), 1);
    const auto jti = issued.at(0).at(0).toString();
    const auto record = fx.console.runtime()->store()->token(jti);
    QVERIFY(record && !record->revoked);
    QCOMPARE(record->keySetId, keySetId);
    QCOMPARE(record->issuedAt.secsTo(record->expiresAt), 600);
    QTRY_COMPARE(PortalFixture::readSecret(store, SecretStore::accessTokenKey(keySetId)), tokenField->text());
    toggle(production, "showToken");
    QCOMPARE(tokenField->echoMode(), QLineEdit::Normal);
    click(production, "copyTokenButton");
    QCOMPARE(QGuiApplication::clipboard()->text(), tokenField->text());

    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    click(production, "revokeTokensButton");
    QTRY_VERIFY(fx.console.runtime()->store()->token(jti)->revoked);
    QTRY_COMPARE(PortalFixture::readSecret(store, SecretStore::accessTokenKey(keySetId)), std::nullopt);
    QTRY_VERIFY(tokenField->text().isEmpty());
    QTRY_VERIFY(child<QLabel>(production, "keysMessage")->text().contains(u"Revoked 1 access token"));
}

void TestApplicationsPage::openInStreamViewer()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto api = fx.publishApi(u"http://127.0.0.1:9"_s);
    const auto app = s.createApplication(u"ObserverClient"_s);
    const auto page = s.showPage();
    auto *production = child<QWidget>(page.get(), "productionKeys");
    click(production, "generateKeysButton");
    QTRY_VERIFY(child<QPushButton>(production, "generateTokenButton")->isEnabled());
    // Not subscribed yet: nothing to open.
    QVERIFY(!child<QPushButton>(production, "openInViewerButton")->isEnabled());
    QVERIFY(context.portal->subscribe(user, app->id, api.id));
    auto *apiChoice = child<QComboBox>(production, "viewerApi");
    QTRY_COMPARE(apiChoice->currentText(), u"Observer 1.0.0"_s);

    // Without a token it says what to do.
    QSignalSpy opened(page.get(), &ui::ApplicationsPage::openStreamRequested);
    click(production, "openInViewerButton");
    QTRY_VERIFY(child<QLabel>(production, "keysMessage")->text().contains(u"Generate a token first"));
    QCOMPARE(opened.count(), 0);

    click(production, "generateTokenButton");
    auto *tokenField = child<QLineEdit>(production, "accessToken");
    QTRY_VERIFY(!tokenField->text().isEmpty());
    QTRY_VERIFY(child<QPushButton>(production, "openInViewerButton")->isEnabled());
    click(production, "openInViewerButton");
    QTRY_COMPARE(opened.count(), 1);
    const auto request = opened.at(0).at(0).value<gateway::StreamRequest>();
    QCOMPARE(request.url, context.invocationUrl(api, context.suggestedPath(api)));
    QCOMPARE(request.method, QByteArrayLiteral("GET"));
    QCOMPARE(request.header("Authorization"), QByteArray("Bearer " + tokenField->text().toUtf8()));
    QVERIFY(request.title.contains(u"Observer"));
}

void TestApplicationsPage::usageBarAndUnsubscribe()
{
    gateway::test::TestBackend backend;
    QVERIFY(backend.listen());
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto api = fx.publishApi(backend.endpoint());
    const auto app = s.createApplication(u"ObserverClient"_s);
    QVERIFY(context.portal->subscribe(user, app->id, api.id)); // AsyncGold, the first plan
    const auto page = s.showPage();
    QCOMPARE(cell(child<QTableView>(page.get(), "applicationsTable"), u"ObserverClient"_s,
                  ui::ApplicationListModel::SubscriptionsColumn),
             u"1"_s);

    auto *tabs = child<QTabWidget>(page.get(), "applicationDetails");
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(2).center());
    auto *table = child<QTableView>(page.get(), "applicationSubscriptionsTable");
    QVERIFY(table->isVisible());
    QVERIFY2(ConsoleFixture::unnamedControls(page.get()).isEmpty(),
             qPrintable(ConsoleFixture::unnamedControls(page.get()).join(u", ")));
    auto *model = table->model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, ui::ApplicationSubscriptionModel::ApiColumn).data().toString(),
             u"Observer 1.0.0"_s);
    QCOMPARE(model->index(0, ui::ApplicationSubscriptionModel::PlanColumn).data().toString(), u"AsyncGold"_s);
    QCOMPARE(model->index(0, ui::ApplicationSubscriptionModel::StatusColumn).data().toString(),
             u"UNBLOCKED"_s);
    const auto usage = model->index(0, ui::ApplicationSubscriptionModel::UsageColumn);
    const QLocale locale;
    QTRY_COMPARE(usage.data().toString(), u"%1 / %2"_s.arg(locale.toString(0), locale.toString(50000)));
    QCOMPARE(usage.data(ui::ApplicationSubscriptionModel::LimitRole).toLongLong(), 50000);

    // Events flow through the gateway: the bar follows without anyone asking.
    const auto keys = context.portal->generateKeys(user, app->id, models::KeyType::Production, {}, 3600);
    QVERIFY(keys);
    const auto token = context.tokens->issue(keys->keys, 3600);
    QVERIFY(token);
    const auto url = context.invocationUrl(api, u"/"_s);
    gateway::test::TestClient client;
    client.get(
        quint16(url.port()), url.path().toUtf8(),
        {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token->accessToken.toUtf8()}});
    QTRY_COMPARE(backend.requestCount(), 1);
    backend.sendAll(QByteArrayLiteral("data: one\n\ndata: two\n\ndata: three\n\n"));
    QTRY_COMPARE(client.events().size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(usage.data(ui::ApplicationSubscriptionModel::DeliveredRole).toLongLong(), 3,
                              30'000);
    QCOMPARE(usage.data().toString(), u"%1 / %2"_s.arg(locale.toString(3), locale.toString(50000)));
    client.abort();

    // Unsubscribe asks, then the row goes and the list's count follows.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(model->index(0, 0)).center());
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    click(page.get(), "unsubscribeButton");
    QVERIFY(ui::MessageBox::lastText().contains(u"Observer 1.0.0"));
    QCOMPARE(context.portal->subscriptions(user).size(), 0);
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(cell(child<QTableView>(page.get(), "applicationsTable"), u"ObserverClient"_s,
                  ui::ApplicationListModel::SubscriptionsColumn),
             u"0"_s);
}

void TestApplicationsPage::keyboardOnly()
{
    Subscriber s;
    auto &[fx, user, store, context] = s;
    const auto page = s.showPage();
    QApplication::setActiveWindow(page.get());
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    auto *table = child<QTableView>(page.get(), "applicationsTable");
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QWidget>(page.get(), "newApplicationButton"));

    // The dialog by keyboard: type the name, Tab through the fields, Return creates.
    m_dialogAnswered = false;
    QTimer::singleShot(0, this, [this] {
        auto *dialog = QApplication::activeModalWidget();
        if (!dialog)
            qFatal("No application dialog is open");
        // What a window manager does for a new modal dialog; the offscreen platform has none.
        QApplication::setActiveWindow(dialog);
        if (QTest::qWaitForWindowActive(dialog) &&
            QApplication::focusWidget() == child<QWidget>(dialog, "applicationName")) {
            QTest::keyClicks(QApplication::focusWidget(), u"KeyboardApp"_s);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down); // the next quota
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
            m_dialogAnswered = true;
        }
        if (dialog->isVisible()) // never leave the test waiting on the dialog
            QTest::keyClick(dialog, Qt::Key_Escape);
    });
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QVERIFY(m_dialogAnswered);
    const auto apps = context.portal->applications(user);
    QCOMPARE(apps.size(), 1);
    QCOMPARE(apps.first().name, u"KeyboardApp"_s);
    QCOMPARE(apps.first().quota, context.portal->quotas().value(1).name);

    // Alt+K generates the keys of the current tab.
    QApplication::setActiveWindow(page.get());
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_K, Qt::AltModifier);
    QTRY_COMPARE(context.portal->keySets(user, apps.first().id).size(), 1);
}

void TestApplicationsPage::keychainBannerWhenPersistenceIsLost()
{
    Subscriber s;
    SecretStore keychain; // not used for secrets here: the page only follows what it says
    auto context = s.context;
    context.secrets = &keychain;
    ui::ApplicationsPage page(context);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *banner = child<QLabel>(&page, "keychainBanner");
    QVERIFY(!banner->isVisible());
    Q_EMIT keychain.persistenceLost(u"No keychain service answered (no session bus)."_s);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(u"kept for this session only"));
    QCOMPARE(banner->toolTip(), u"No keychain service answered (no session bus)."_s);
}

QTEST_MAIN(TestApplicationsPage)
#include "tst_applicationspage.moc"
