#include "gateway/client/streamrequest.h"
#include "gateway/token/tokenservice.h"
#include "portalfixture.h"
#include "tests/gateway/server/testbackend.h"
#include "tests/gateway/server/testclient.h"
#include "ui/common/messagebox.h"
#include "ui/devportal/subscriptionwizard.h"
#include "ui/devportal/subscriptionwizardflow.h"
#include "ui/keychain/secretstore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTest>

using namespace sd;
using Wizard = ui::SubscriptionWizard;

namespace {

// What a loaded machine running the suite in parallel may need for a step (key hashing, keychain, sockets).
constexpr int waitMs = 20000;

/// The store's view of what a user has, to compare before and after the wizard.
struct Holdings
{
    QStringList applications;
    QStringList subscriptions;
    QStringList keySets;

    bool operator==(const Holdings &) const = default;
};

Holdings holdings(const ui::PortalContext &context)
{
    Holdings result;
    const auto &actor = context.session->user();
    for (const auto &app : context.portal->applications(actor)) {
        result.applications << app.id;
        for (const auto &keys : context.portal->keySets(actor, app.id))
            result.keySets << keys.id;
    }
    for (const auto &sub : context.portal->subscriptions(actor))
        result.subscriptions << sub.id;
    return result;
}

/// Clicks a check box or radio button on its text, wherever the layout stretched it to.
void clickToggle(QAbstractButton *button)
{
    QTest::mouseClick(
        button, Qt::LeftButton, {},
        QPoint(std::min(button->sizeHint().width(), button->width()) / 2, button->height() / 2));
}

/// The visible controls of the wizard's current step that a screen reader would not name.
QString unnamedControls(Wizard &wizard)
{
    auto unnamed = ConsoleFixture::unnamedControls(&wizard);
    // A spin box's editor is part of the spin box, which screen readers see as one named spin button.
    unnamed.removeIf([](const QString &control) { return control.startsWith(u"qt_spinbox_lineedit("); });
    return unnamed.join(u", ");
}

/// A subscriber signed in to the real console with the Observer API published on `endpoint`, a
/// session-only keychain, and the wizard on the API once open() is called.
struct Setup
{
    Q_DISABLE_COPY_MOVE(Setup)

    explicit Setup(const QString &endpoint = QStringLiteral("http://127.0.0.1:9"))
        : api(fx.publishApi(endpoint))
        , user(fx.signInSubscriber())
        , context(fx.context(&store))
    {}

    /// Opens the wizard on `apiId` (the published API when empty).
    Wizard &open(const QString &apiId = {})
    {
        wizard = std::make_unique<Wizard>(context, apiId.isEmpty() ? api.id : apiId);
        wizard->show();
        if (!QTest::qWaitForWindowExposed(wizard.get(), waitMs))
            qFatal("The wizard was not shown");
        return *wizard;
    }

    PortalFixture fx;
    models::Api api;
    models::User user;
    ui::SecretStore store{ui::SecretStore::Backend::SessionOnly};
    ui::PortalContext context;
    std::unique_ptr<Wizard> wizard;
};

} // namespace

class TestSubscriptionWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endToEnd();
    void openInStreamViewer();
    void keyboardOnly();
    void cancelUndoes_data();
    void cancelUndoes();
    void cancelWithNothingCreatedAsksNothing();
    void busyWhileWorking();
    void escapeOnTheLastStepFinishes();
    void missingApiSaysSo();
    void deprecatedApiTakesOnlySubscribedApplications();
    void cancelKeepsAnExistingApplication();
    void cancelSaysWhatItCouldNotUndo();
    void existingSubscriptionAndKeysAreReused();
    void backThenNextCreatesNoDuplicate();
    void nameOver70CharactersRefused();
    void duplicateNameShownOnThePage();
    void undoRevokesTheIssuedToken();

private:
    static void next(Wizard &wizard, int expectedId);
    static void typeName(Wizard &wizard, const QString &name);
    /// From step 1 (a new application `name`) to step `id`, pressing Next.
    static void walkTo(Wizard &wizard, int id, const QString &name = QStringLiteral("ObserverClient"));
};

void TestSubscriptionWizard::next(Wizard &wizard, int expectedId)
{
    auto *button = wizard.button(QWizard::NextButton);
    QTRY_VERIFY_WITH_TIMEOUT(button->isVisible() && button->isEnabled(), waitMs);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), expectedId, waitMs);
}

void TestSubscriptionWizard::typeName(Wizard &wizard, const QString &name)
{
    ConsoleFixture::typeInto(&wizard, "applicationName", name);
}

void TestSubscriptionWizard::walkTo(Wizard &wizard, int id, const QString &name)
{
    QCOMPARE(wizard.currentId(), int(Wizard::ApplicationPageId));
    typeName(wizard, name);
    for (int step = Wizard::SubscribePageId; step <= id; ++step) {
        next(wizard, step);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestSubscriptionWizard::endToEnd()
{
    gateway::test::TestBackend backend;
    QVERIFY(backend.listen());
    Setup s(backend.endpoint());
    const auto &api = s.api;
    auto &store = s.store;
    const auto &context = s.context;
    auto &wizard = s.open();
    QCOMPARE(wizard.windowTitle(), QStringLiteral("Subscription & Key Generation Wizard"));
    QCOMPARE(wizard.objectName(), QStringLiteral("subscriptionWizard"));

    // Step 1: the first quota and JWT are preselected.
    QVERIFY(child<QRadioButton>(&wizard, "createApplicationChoice")->isChecked());
    QCOMPARE(child<QComboBox>(&wizard, "applicationQuota")->currentData().toString(),
             context.portal->quotas().first().name);
    QVERIFY(child<QComboBox>(&wizard, "applicationTokenType")->currentText().startsWith(u"JWT"));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    typeName(wizard, QStringLiteral("ObserverClient"));
    QTest::keyClicks(child<QLineEdit>(&wizard, "applicationDescription"), QStringLiteral("for the tutorial"));
    QVERIFY2(unnamedControls(wizard).isEmpty(), qPrintable(unnamedControls(wizard)));
    next(wizard, Wizard::SubscribePageId);
    const auto apps = context.portal->applications(context.session->user());
    QCOMPARE(apps.size(), 1);
    QCOMPARE(apps.first().name, QStringLiteral("ObserverClient"));
    QCOMPARE(apps.first().description, QStringLiteral("for the tutorial"));

    // Step 2: the API's first plan.
    QCOMPARE(child<QComboBox>(&wizard, "businessPlan")->currentText(), api.plans.first());
    QCOMPARE(api.plans.first(), QStringLiteral("AsyncGold"));
    QVERIFY2(unnamedControls(wizard).isEmpty(), qPrintable(unnamedControls(wizard)));
    next(wizard, Wizard::KeysPageId);
    const auto subs = context.portal->subscriptions(context.session->user());
    QCOMPARE(subs.size(), 1);
    QCOMPARE(subs.first().plan, QStringLiteral("AsyncGold"));

    QVERIFY2(unnamedControls(wizard).isEmpty(), qPrintable(unnamedControls(wizard)));

    // Step 3: PRODUCTION and the key configuration.
    QVERIFY(child<QRadioButton>(&wizard, "productionKeys")->isChecked());
    auto *table = child<QTableWidget>(&wizard, "keyConfiguration");
    QCOMPARE(table->item(0, 1)->text(), QString(context.status.managementUrl + u"/oauth2/token"));
    QCOMPARE(table->item(1, 1)->text(), QString(context.status.managementUrl + u"/oauth2/revoke"));
    QCOMPARE(table->item(2, 1)->text(), QString(context.status.managementUrl + u"/oauth2/jwks"));
    QCOMPARE(table->item(3, 1)->text(), QStringLiteral("client_credentials"));
    next(wizard, Wizard::TokenPageId);
    const auto keySets = context.portal->keySets(context.session->user(), apps.first().id);
    QCOMPARE(keySets.size(), 1);
    QCOMPARE(keySets.first().keyType, models::KeyType::Production);

    QVERIFY2(unnamedControls(wizard).isEmpty(), qPrintable(unnamedControls(wizard)));

    // Step 4: the consumer key, the secret masked until shown, 3600 s.
    QCOMPARE(child<QLineEdit>(&wizard, "consumerKey")->text(), keySets.first().consumerKey);
    auto *secret = child<QLineEdit>(&wizard, "consumerSecret");
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    clickToggle(child<QCheckBox>(&wizard, "showConsumerSecret"));
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QVERIFY(context.portal->authenticateClient(keySets.first().consumerKey, secret->text()).ok());
    QCOMPARE(child<QSpinBox>(&wizard, "tokenValidity")->value(), 3600);
    QVERIFY2(unnamedControls(wizard).isEmpty(), qPrintable(unnamedControls(wizard)));
    next(wizard, Wizard::CopyPageId);

    // Step 5: no Back, no Cancel; the token masked until shown.
    QVERIFY(!wizard.button(QWizard::BackButton)->isVisible());
    QVERIFY(!wizard.button(QWizard::CancelButton)->isVisible());
    QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
    QVERIFY(wizard.button(QWizard::CustomButton1)->isVisible());
    auto *tokenField = child<QLineEdit>(&wizard, "accessToken");
    const auto token = tokenField->text();
    QVERIFY(!token.isEmpty());
    QCOMPARE(tokenField->echoMode(), QLineEdit::Password);
    auto *curl = child<QPlainTextEdit>(&wizard, "curlCommand");
    QVERIFY(!curl->toPlainText().contains(token));
    clickToggle(child<QCheckBox>(&wizard, "showAccessToken"));
    QCOMPARE(tokenField->echoMode(), QLineEdit::Normal);
    const auto url = context.invocationUrl(api, context.suggestedPath(api));
    QCOMPARE(curl->toPlainText(), context.curlCommand(url, token));
    QTest::mouseClick(child<QAbstractButton>(&wizard, "copyAccessToken"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), token);
    QTest::mouseClick(child<QAbstractButton>(&wizard, "copyCurlCommand"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), context.curlCommand(url, token));
    QVERIFY2(unnamedControls(wizard).isEmpty(), qPrintable(unnamedControls(wizard)));

    // The gateway takes the token: the stream starts on the backend.
    gateway::test::TestClient client;
    client.get(quint16(url.port()), url.path().toUtf8(),
               {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token.toUtf8()}});
    QTRY_VERIFY_WITH_TIMEOUT(client.headComplete(), waitMs);
    QCOMPARE(client.status(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(backend.requestCount(), 1, waitMs);
    client.abort();

    // The keychain holds the secret and the token.
    QCOMPARE(PortalFixture::readSecret(store, ui::SecretStore::consumerSecretKey(keySets.first().id)),
             secret->text());
    QCOMPARE(PortalFixture::readSecret(store, ui::SecretStore::accessTokenKey(keySets.first().id)), token);

    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QCOMPARE(holdings(context).applications.size(), 1);
}

void TestSubscriptionWizard::openInStreamViewer()
{
    Setup s;
    const auto &api = s.api;
    const auto &context = s.context;
    auto &wizard = s.open();
    walkTo(wizard, Wizard::CopyPageId);
    const auto token = wizard.flow().issuedToken()->token.accessToken;

    QSignalSpy opened(&wizard, &Wizard::openStreamRequested);
    auto *open = wizard.button(QWizard::CustomButton1);
    QCOMPARE(open->objectName(), QStringLiteral("openInStreamViewer"));
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(opened.size(), 1);
    const auto request = opened.first().first().value<gateway::StreamRequest>();
    QCOMPARE(request.url, context.invocationUrl(api, context.suggestedPath(api)));
    QCOMPARE(request.header("Authorization"), QByteArrayLiteral("Bearer ") + token.toUtf8());
    QCOMPARE(request.method, QByteArrayLiteral("GET"));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
}

void TestSubscriptionWizard::keyboardOnly()
{
    Setup s;
    auto &wizard = s.open();
    QApplication::setActiveWindow(&wizard);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLineEdit>(&wizard, "applicationName")->hasFocus(), waitMs);
    // The new application's fields sit between the two choices in the tab order.
    QStringList tabOrder;
    auto *widget = child<QWidget>(&wizard, "createApplicationChoice");
    for (int i = 0; i < 100 && tabOrder.size() < 6; ++i, widget = widget->nextInFocusChain()) {
        if (widget->focusPolicy() & Qt::TabFocus)
            tabOrder << widget->objectName();
    }
    QCOMPARE(
        tabOrder,
        (QStringList{QStringLiteral("createApplicationChoice"), QStringLiteral("applicationName"),
                     QStringLiteral("applicationQuota"), QStringLiteral("applicationTokenType"),
                     QStringLiteral("applicationDescription"), QStringLiteral("existingApplicationChoice")}));
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("KeyboardClient"));
    // Enter is Next on every step, then Finish.
    for (int id = Wizard::SubscribePageId; id <= Wizard::CopyPageId; ++id) {
        QTRY_VERIFY_WITH_TIMEOUT(
            wizard.button(QWizard::NextButton)->isEnabled() && QApplication::focusWidget(), waitMs);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), id, waitMs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::focusWidget(), waitMs);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_C, Qt::AltModifier);
    QTRY_COMPARE_WITH_TIMEOUT(QGuiApplication::clipboard()->text(),
                              wizard.flow().issuedToken()->token.accessToken, waitMs);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
}

void TestSubscriptionWizard::cancelUndoes_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("backToStart");
    QTest::addColumn<QStringList>("named");

    const QString app = QStringLiteral("delete the application \"Temp\"");
    const QString sub = QStringLiteral("remove the subscription of \"Temp\" to Observer 1.0.0 (AsyncGold)");
    const QString keys = QStringLiteral("delete the PRODUCTION keys of \"Temp\"");
    QTest::newRow("step 1, back after creating")
        << int(Wizard::ApplicationPageId) << true << QStringList{app};
    QTest::newRow("step 2") << int(Wizard::SubscribePageId) << false << QStringList{app};
    QTest::newRow("step 3") << int(Wizard::KeysPageId) << false << QStringList{sub, app};
    QTest::newRow("step 4") << int(Wizard::TokenPageId) << false << QStringList{keys, sub, app};
}

void TestSubscriptionWizard::cancelUndoes()
{
    QFETCH(int, step);
    QFETCH(bool, backToStart);
    QFETCH(QStringList, named);

    Setup s;
    auto &store = s.store;
    const auto &context = s.context;
    const auto before = holdings(context);
    auto &wizard = s.open();
    walkTo(wizard, backToStart ? int(Wizard::SubscribePageId) : step, QStringLiteral("Temp"));
    if (backToStart) {
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), step, waitMs);
    }
    const auto keySetId = wizard.flow().keys() ? wizard.flow().keys()->keys.id : QString();
    QVERIFY(holdings(context) != before);

    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(wizard.result(), int(QDialog::Rejected));
    const auto question = ui::MessageBox::lastText();
    QVERIFY2(question.startsWith(u"Cancel the wizard?"), qPrintable(question));
    int from = 0;
    for (const auto &line : named) {
        const int at = question.indexOf(line, from);
        QVERIFY2(at >= 0, qPrintable(question));
        from = at; // in the order they are undone
    }
    QCOMPARE(question.count(u'\u2022'), named.size());
    QCOMPARE(holdings(context), before);
    if (!keySetId.isEmpty())
        QTRY_VERIFY_WITH_TIMEOUT(
            !PortalFixture::readSecret(store, ui::SecretStore::consumerSecretKey(keySetId)), waitMs);
}

void TestSubscriptionWizard::cancelWithNothingCreatedAsksNothing()
{
    Setup s;
    const auto &context = s.context;
    auto &wizard = s.open();
    typeName(wizard, QStringLiteral("Never"));
    ui::MessageBox::setNextAnswer(QMessageBox::No); // would keep the wizard open if it asked
    QTest::keyClick(&wizard, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(wizard.result(), int(QDialog::Rejected));
    QVERIFY(holdings(context).applications.isEmpty());
    // The answer is still waiting: the wizard asked nothing.
    QCOMPARE(ui::MessageBox::question(nullptr, QString(), QStringLiteral("unused")), QMessageBox::No);
}

void TestSubscriptionWizard::busyWhileWorking()
{
    Setup s;
    auto &wizard = s.open();
    walkTo(wizard, Wizard::KeysPageId);
    // The keys are generated on a worker thread; the result comes back through the event loop.
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(Wizard::KeysPageId));
    QVERIFY(child<QWidget>(wizard.currentPage(), "stepProgress")->isVisible());
    QVERIFY(child<QLabel>(wizard.currentPage(), "stepProgressText")->text().contains(u"PRODUCTION"));
    for (const auto which : {QWizard::BackButton, QWizard::NextButton, QWizard::CancelButton})
        QVERIFY(!wizard.button(which)->isEnabled());
    QVERIFY(!child<QWidget>(&wizard, "productionKeys")->isEnabled());
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::keyClick(&wizard, Qt::Key_Escape); // ignored while busy: no question, nothing undone
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(Wizard::TokenPageId), waitMs);
    QVERIFY(wizard.isVisible());
    QCOMPARE(ui::MessageBox::question(nullptr, QString(), QStringLiteral("unused")), QMessageBox::Yes);
    QVERIFY(!child<QWidget>(wizard.page(Wizard::KeysPageId), "stepProgress")->isVisible());
    QVERIFY(wizard.button(QWizard::BackButton)->isEnabled());
    QVERIFY(wizard.button(QWizard::CancelButton)->isEnabled());
}

void TestSubscriptionWizard::escapeOnTheLastStepFinishes()
{
    Setup s;
    auto &wizard = s.open();
    walkTo(wizard, Wizard::CopyPageId);
    ui::MessageBox::setNextAnswer(QMessageBox::No);
    QTest::keyClick(&wizard, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QCOMPARE(ui::MessageBox::question(nullptr, QString(), QStringLiteral("unused")), QMessageBox::No);
    // The token stays valid and kept.
    const auto &issued = *wizard.flow().issuedToken();
    QVERIFY(!s.fx.console.runtime()->store()->token(issued.token.jti)->revoked);
    QCOMPARE(PortalFixture::readSecret(s.store, ui::SecretStore::accessTokenKey(issued.keys.id)),
             issued.token.accessToken);
}

void TestSubscriptionWizard::missingApiSaysSo()
{
    Setup s;
    auto &wizard = s.open(QStringLiteral("no-such-api"));
    auto *message = child<QLabel>(wizard.currentPage(), "stepMessage");
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"no longer in the Developer Portal"), qPrintable(message->text()));
    typeName(wizard, QStringLiteral("Orphan"));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QTest::keyClick(child<QLineEdit>(&wizard, "applicationName"), Qt::Key_Return);
    QCOMPARE(wizard.currentId(), int(Wizard::ApplicationPageId));
    QVERIFY(holdings(s.context).applications.isEmpty());
}

void TestSubscriptionWizard::deprecatedApiTakesOnlySubscribedApplications()
{
    Setup s;
    const auto subscribed = s.context.portal->createApplication(s.user, {QStringLiteral("Subscribed")});
    const auto other = s.context.portal->createApplication(s.user, {QStringLiteral("Other")});
    QVERIFY(subscribed.ok() && other.ok());
    QVERIFY(s.context.portal->subscribe(s.user, subscribed->id, s.api.id).ok());
    QVERIFY(s.fx.console.publisher()->changeLifecycle(s.fx.console.admin(), s.api.id,
                                                      QStringLiteral("Deprecate")));
    auto &wizard = s.open();
    QVERIFY(!child<QRadioButton>(&wizard, "createApplicationChoice")->isEnabled());
    QVERIFY(child<QRadioButton>(&wizard, "existingApplicationChoice")->isChecked());
    const auto note = child<QLabel>(wizard.currentPage(), "stepNote")->text();
    QVERIFY2(note.contains(u"DEPRECATED and takes no new subscriptions"), qPrintable(note));
    auto *existing = child<QComboBox>(&wizard, "existingApplication");
    existing->setCurrentIndex(existing->findData(other->id));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    existing->setCurrentIndex(existing->findData(subscribed->id));
    next(wizard, Wizard::SubscribePageId);
    next(wizard, Wizard::KeysPageId);
    next(wizard, Wizard::TokenPageId);
    next(wizard, Wizard::CopyPageId);
    QVERIFY(!wizard.flow().issuedToken()->token.accessToken.isEmpty());
}

void TestSubscriptionWizard::cancelSaysWhatItCouldNotUndo()
{
    Setup s;
    auto &wizard = s.open();
    walkTo(wizard, Wizard::SubscribePageId, QStringLiteral("Stuck"));
    const auto appId = wizard.flow().application()->id;

    // Another writer holds the database, so deleting the application fails once SQLite stops waiting.
    {
        auto locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        locker.setDatabaseName(s.fx.console.runtime()->store()->path());
        QVERIFY(locker.open());
        QVERIFY(QSqlQuery(locker).exec(QStringLiteral("BEGIN IMMEDIATE")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("database is locked")));
        ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QVERIFY(child<QWidget>(wizard.currentPage(), "stepProgress")->isVisible());
        ui::MessageBox::setNextAnswer(QMessageBox::Ok); // for the report that follows
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), 3 * waitMs);
        QVERIFY(QSqlQuery(locker).exec(QStringLiteral("ROLLBACK")));
        locker.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    const auto report = ui::MessageBox::lastText();
    QVERIFY2(report.contains(u"could not undo everything"), qPrintable(report));
    QVERIFY2(report.contains(u"the application \"Stuck\" is still there"), qPrintable(report));
    QVERIFY2(report.contains(u"Applications page"), qPrintable(report));
    QVERIFY(s.context.portal->application(s.user, appId).ok());
}

void TestSubscriptionWizard::cancelKeepsAnExistingApplication()
{
    Setup s;
    const auto &user = s.user;
    const auto &context = s.context;
    const auto existing = context.portal->createApplication(user, {QStringLiteral("Mine")});
    QVERIFY(existing.ok());
    const auto before = holdings(context);
    auto &wizard = s.open();
    clickToggle(child<QRadioButton>(&wizard, "existingApplicationChoice"));
    QCOMPARE(child<QComboBox>(&wizard, "existingApplication")->currentData().toString(), existing->id);
    next(wizard, Wizard::SubscribePageId);
    next(wizard, Wizard::KeysPageId);
    next(wizard, Wizard::TokenPageId);
    QVERIFY(holdings(context) != before);

    // Escape asks too; No keeps the wizard where it is.
    ui::MessageBox::setNextAnswer(QMessageBox::No);
    QTest::keyClick(&wizard, Qt::Key_Escape);
    QVERIFY(wizard.isVisible());
    QCOMPARE(wizard.currentId(), int(Wizard::TokenPageId));

    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    wizard.close();
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    const auto question = ui::MessageBox::lastText();
    QVERIFY2(question.contains(u"delete the PRODUCTION keys of \"Mine\""), qPrintable(question));
    QVERIFY2(question.contains(u"remove the subscription of \"Mine\""), qPrintable(question));
    QVERIFY2(!question.contains(u"delete the application"), qPrintable(question));
    QCOMPARE(holdings(context), before);
}

void TestSubscriptionWizard::existingSubscriptionAndKeysAreReused()
{
    Setup s;
    const auto &api = s.api;
    const auto &user = s.user;
    auto &store = s.store;
    const auto &context = s.context;
    const auto app = context.portal->createApplication(user, {QStringLiteral("Ready")});
    QVERIFY(app.ok());
    QVERIFY(context.portal->subscribe(user, app->id, api.id, QStringLiteral("AsyncBronze")).ok());
    const auto keys = context.portal->generateKeys(user, app->id, models::KeyType::Production,
                                                   {QStringLiteral("client_credentials")}, 3600);
    QVERIFY(keys.ok());
    bool written = false;
    store.write(ui::SecretStore::consumerSecretKey(keys->keys.id), keys->consumerSecret, this,
                [&](bool ok, const QString &) { written = ok; });
    QTRY_VERIFY_WITH_TIMEOUT(written, waitMs);
    // Sandbox keys whose secret this computer never kept.
    const auto sandbox = context.portal->generateKeys(user, app->id, models::KeyType::Sandbox,
                                                      {QStringLiteral("client_credentials")}, 3600);
    QVERIFY(sandbox.ok());
    const auto before = holdings(context);

    auto &wizard = s.open();
    auto *existing = child<QComboBox>(&wizard, "existingApplication");
    QVERIFY2(existing->currentText().contains(u"already subscribed"), qPrintable(existing->currentText()));
    clickToggle(child<QRadioButton>(&wizard, "existingApplicationChoice"));
    next(wizard, Wizard::SubscribePageId);
    auto *plan = child<QComboBox>(&wizard, "businessPlan");
    QCOMPARE(plan->currentText(), QStringLiteral("AsyncBronze"));
    QVERIFY(!plan->isEnabled());
    QVERIFY(child<QLabel>(&wizard, "subscribeSummary")->text().contains(u"already subscribed"));
    next(wizard, Wizard::KeysPageId);
    QVERIFY(child<QLabel>(&wizard, "keyNote")->text().contains(u"has PRODUCTION keys already"));
    next(wizard, Wizard::TokenPageId);
    QCOMPARE(child<QLineEdit>(&wizard, "consumerKey")->text(), keys->keys.consumerKey);
    QCOMPARE(child<QLineEdit>(&wizard, "consumerSecret")->text(), keys->consumerSecret);
    QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(Wizard::KeysPageId), waitMs);
    clickToggle(child<QRadioButton>(&wizard, "sandboxKeys"));
    QVERIFY(child<QLabel>(&wizard, "keyNote")->text().contains(u"has SANDBOX keys already"));
    next(wizard, Wizard::TokenPageId);
    QCOMPARE(child<QLineEdit>(&wizard, "consumerKey")->text(), sandbox->keys.consumerKey);
    QVERIFY(child<QLineEdit>(&wizard, "consumerSecret")->text().isEmpty());
    QVERIFY(!child<QCheckBox>(&wizard, "showConsumerSecret")->isEnabled());
    const auto note = child<QLabel>(&wizard, "consumerSecretNote")->text();
    QVERIFY2(note.contains(u"not in this computer's keychain"), qPrintable(note));
    QCOMPARE(holdings(context), before);
    QVERIFY(!wizard.flow().canUndo());

    // Nothing to undo: Cancel closes at once.
    ui::MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), waitMs);
    QCOMPARE(holdings(context), before);
    QCOMPARE(ui::MessageBox::question(nullptr, QString(), QStringLiteral("unused")), QMessageBox::No);
}

void TestSubscriptionWizard::backThenNextCreatesNoDuplicate()
{
    Setup s;
    const auto &context = s.context;
    auto &wizard = s.open();
    const auto back = [&](int expectedId) {
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), expectedId, waitMs);
    };

    walkTo(wizard, Wizard::SubscribePageId, QStringLiteral("Once"));
    const auto appId = wizard.flow().application()->id;
    back(Wizard::ApplicationPageId);
    QVERIFY(child<QRadioButton>(&wizard, "existingApplicationChoice")->isChecked());
    auto *existing = child<QComboBox>(&wizard, "existingApplication");
    QCOMPARE(existing->currentData().toString(), appId);
    QVERIFY(existing->currentText().contains(u"created by this wizard"));
    next(wizard, Wizard::SubscribePageId);
    next(wizard, Wizard::KeysPageId);
    back(Wizard::SubscribePageId);
    QVERIFY(!child<QComboBox>(&wizard, "businessPlan")->isEnabled());
    next(wizard, Wizard::KeysPageId);
    next(wizard, Wizard::TokenPageId);
    const auto keySetId = wizard.flow().keys()->keys.id;
    const auto secret = child<QLineEdit>(&wizard, "consumerSecret")->text();
    back(Wizard::KeysPageId);
    next(wizard, Wizard::TokenPageId);
    QCOMPARE(wizard.flow().keys()->keys.id, keySetId);
    QCOMPARE(child<QLineEdit>(&wizard, "consumerSecret")->text(), secret);

    const auto now = holdings(context);
    QCOMPARE(now.applications, QStringList{appId});
    QCOMPARE(now.subscriptions.size(), 1);
    QCOMPARE(now.keySets, QStringList{keySetId});
    QCOMPARE(wizard.flow().undoPlan().size(), 3);
}

void TestSubscriptionWizard::nameOver70CharactersRefused()
{
    Setup s;
    auto &wizard = s.open();
    auto *error = child<QLabel>(&wizard, "applicationNameError");
    typeName(wizard, QString(71, u'a'));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"at most 70"), qPrintable(error->text()));
    QCOMPARE(child<QLabel>(&wizard, "applicationNameCount")->text(), QStringLiteral("71/70"));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QTest::keyClick(child<QLineEdit>(&wizard, "applicationName"), Qt::Key_Backspace);
    QVERIFY(!error->isVisible());
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    next(wizard, Wizard::SubscribePageId);
    QCOMPARE(wizard.flow().application()->name, QString(70, u'a'));
}

void TestSubscriptionWizard::duplicateNameShownOnThePage()
{
    Setup s;
    const auto &user = s.user;
    const auto &context = s.context;
    QVERIFY(context.portal->createApplication(user, {QStringLiteral("Taken")}).ok());
    auto &wizard = s.open();
    typeName(wizard, QStringLiteral("taken"));
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
    auto *message = child<QLabel>(wizard.currentPage(), "stepMessage");
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), waitMs);
    QVERIFY2(message->text().contains(u"already have an application named \"taken\""),
             qPrintable(message->text()));
    QCOMPARE(wizard.currentId(), int(Wizard::ApplicationPageId));
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(!wizard.flow().canUndo());
    QTest::keyClicks(child<QLineEdit>(&wizard, "applicationName"), QStringLiteral("2"));
    QVERIFY(!message->isVisible());
    next(wizard, Wizard::SubscribePageId);
    QCOMPARE(wizard.flow().application()->name, QStringLiteral("taken2"));
}

void TestSubscriptionWizard::undoRevokesTheIssuedToken()
{
    Setup s;
    const auto &user = s.user;
    const auto &context = s.context;
    const auto app = context.portal->createApplication(user, {QStringLiteral("Kept")});
    QVERIFY(app.ok());
    const auto keys = context.portal->generateKeys(user, app->id, models::KeyType::Sandbox,
                                                   {QStringLiteral("client_credentials")}, 3600);
    QVERIFY(keys.ok());
    const auto earlier = context.tokens->issue(keys->keys, 60);
    QVERIFY(earlier.ok());

    ui::SubscriptionWizardFlow flow(context.portal, context.tokens, user, s.api);
    QVERIFY(flow.useApplication(app->id).ok());
    QVERIFY(flow.subscribe(QStringLiteral("AsyncGold")).ok());
    QVERIFY(flow.takeKeys(models::KeyType::Sandbox).ok());
    QCOMPARE(flow.keys()->keys.id, keys->keys.id);
    QVERIFY(!flow.keys()->generated);
    QVERIFY(flow.issueToken(120).ok());
    const auto jti = flow.issuedToken()->token.jti;
    QCOMPARE(flow.undoPlan(),
             (QStringList{
                 QStringLiteral("revoke the access token issued for the SANDBOX keys of \"Kept\""),
                 QStringLiteral("remove the subscription of \"Kept\" to Observer 1.0.0 (AsyncGold)"),
             }));

    const auto report = flow.undo();
    QCOMPARE(report.undone.size(), 2);
    QVERIFY(report.left.isEmpty());
    QVERIFY(!flow.canUndo());
    auto store = s.fx.console.runtime()->store();
    QVERIFY(store->token(jti)->revoked);
    QVERIFY(!store->token(earlier->jti)->revoked); // what existed before stays
    QCOMPARE(context.portal->keySets(user, app->id).size(), 1);
    QVERIFY(context.portal->subscriptions(user, app->id).isEmpty());
    QVERIFY(context.portal->application(user, app->id).ok());
}

QTEST_MAIN(TestSubscriptionWizard)
#include "tst_subscriptionwizard.moc"
