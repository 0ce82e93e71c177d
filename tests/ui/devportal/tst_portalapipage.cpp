#include "gateway/client/streamrequest.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "portalfixture.h"
#include "ui/common/messagebox.h"
#include "ui/devportal/portalapipage.h"
#include "ui/devportal/portalcatalogpage.h"
#include "ui/devportal/portalworkspace.h"
#include "ui/devportal/subscriptionwizard.h"
#include "ui/devportal/subscriptionwizardflow.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace sd;

class TestPortalApiPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openingShowsTabsAndGatewayUrls();
    void subscribeThroughTheBox();
    void unsubscribeAsksFirst();
    void rowActionsAreRequested();
    void wizardOpensWindowModal();
    void noApplicationPointsToTheWizard();
    void deprecatedApiTakesNoSubscriptions();
    void nonSubscriberSeesWhy();
    void keyboardAlone();
    void noTwoControlsShareAnAltLetter();
    void apiLeavingThePortalReturnsToCatalog();
};

namespace {

const QString endpoint = QStringLiteral("http://127.0.0.1:9/");

models::Application createApplication(PortalFixture &fixture, const models::User &user, const QString &name)
{
    models::ApplicationDraft draft;
    draft.name = name;
    const auto app = fixture.console.runtime()->portal()->createApplication(user, draft);
    if (!app)
        qFatal("createApplication: %s", qPrintable(app.error().message));
    return app.value();
}

/// The workspace on the fixture's context, shown and exposed.
struct Shown
{
    explicit Shown(PortalFixture &fixture)
        : workspace(fixture.context(), fixture.console.publisher())
    {
        workspace.resize(1100, 760);
        workspace.show();
        if (!QTest::qWaitForWindowExposed(&workspace))
            qWarning("The portal workspace was not exposed");
    }

    QWidget *tab(const char *key)
    {
        auto *page = workspace.apiPage();
        page->showTab(QString::fromLatin1(key));
        return child<QTabWidget>(page, "portalApiTabs")->currentWidget();
    }

    ui::PortalWorkspace workspace;
};

/// Alt letters taken by more than one visible control under `root` (buttons, buddy labels, tabs).
QStringList sharedAltLetters(QWidget *root)
{
    QHash<QString, QStringList> owners;
    const auto add = [&](const QString &text) {
        const auto key = QKeySequence::mnemonic(text).toString();
        if (!key.isEmpty())
            owners[key] << text;
    };
    for (auto *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisible())
            continue;
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            add(button->text());
        else if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
            add(label->text());
        else if (auto *bar = qobject_cast<QTabBar *>(widget))
            for (int i = 0; i < bar->count(); ++i)
                add(bar->tabText(i));
    }
    QStringList shared;
    for (auto it = owners.cbegin(); it != owners.cend(); ++it) {
        if (it.value().size() > 1)
            shared << it.key() + u": " + it.value().join(QStringLiteral(" / "));
    }
    return shared;
}

QStringList rowTexts(const QTableView *table, int row)
{
    QStringList texts;
    for (int column = 0; column < table->model()->columnCount(); ++column)
        texts << table->model()->index(row, column).data().toString();
    return texts;
}

} // namespace

void TestPortalApiPage::openingShowsTabsAndGatewayUrls()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    fixture.signInSubscriber();
    Shown shown(fixture);
    auto &workspace = shown.workspace;
    auto *table = child<QTableView>(&workspace, "portalApiTable");
    workspace.catalogPage()->focusList();
    QTest::keyClick(table, Qt::Key_Return);
    auto *page = workspace.apiPage();
    QVERIFY(page->isVisible());
    QCOMPARE(page->apiId(), api.id);
    QVERIFY(child<QLabel>(page, "portalApiTitle")->text().contains(QStringLiteral("Observer")));
    QCOMPARE(child<QLabel>(page, "portalApiState")->text(), QStringLiteral("PUBLISHED"));

    auto *tabs = child<QTabWidget>(page, "portalApiTabs");
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i);
    QCOMPARE(titles, (QStringList{QStringLiteral("&Overview"), QStringLiteral("&Definition"),
                                  QStringLiteral("&Try Out"), QStringLiteral("&Subscriptions")}));
    QCOMPARE(tabs->currentIndex(), 0);

    QCOMPARE(child<QLineEdit>(page, "portalHttpUrl")->text(),
             fixture.console.status.gatewayUrl + QStringLiteral("/observer/1.0.0"));
    QCOMPARE(child<QLineEdit>(page, "portalHttpsUrl")->text(),
             fixture.console.status.gatewayTlsUrl + QStringLiteral("/observer/1.0.0"));
    QVERIFY(child<QLabel>(page, "portalDeploymentText")->text().contains(QStringLiteral("Default")));
    const auto plans = child<QLabel>(page, "portalPlansText")->text();
    QVERIFY(plans.indexOf(QStringLiteral("AsyncGold")) < plans.indexOf(QStringLiteral("AsyncBronze")));
    QVERIFY(plans.contains(QLocale().toString(50000) + QStringLiteral(" events per day")));
    QVERIFY(plans.contains(QLocale().toString(5000) + QStringLiteral(" events per day")));

    shown.tab("definition");
    const auto definition = child<QPlainTextEdit>(page, "portalDefinitionText")->toPlainText();
    QVERIFY(definition.contains(QStringLiteral("\"asyncapi\"")));
    QVERIFY(definition.contains(QStringLiteral("/observer/1.0.0")));
    QVERIFY(child<QPlainTextEdit>(page, "portalDefinitionText")->isReadOnly());

    QTest::mouseClick(child<QPushButton>(page, "backToCatalogButton"), Qt::LeftButton);
    QVERIFY(workspace.catalogPage()->isVisible());
}

void TestPortalApiPage::subscribeThroughTheBox()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    createApplication(fixture, sam, QStringLiteral("Dashboard"));
    createApplication(fixture, sam, QStringLiteral("Alerts"));
    Shown shown(fixture);
    QVERIFY(shown.workspace.showApi(api.id));
    auto *tab = shown.tab("subscriptions");
    QCOMPARE(tab->objectName(), QStringLiteral("portalSubscriptionsTab"));
    QVERIFY(child<QLabel>(tab, "noPortalSubscriptions")->isVisible());

    auto *application = child<QComboBox>(tab, "subscribeApplication");
    auto *plan = child<QComboBox>(tab, "subscribePlan");
    QCOMPARE(application->count(), 2);
    QCOMPARE(plan->count(), 2);
    QCOMPARE(plan->currentData().toString(), QStringLiteral("AsyncGold"));
    application->setCurrentIndex(application->findText(QStringLiteral("Alerts")));
    plan->setCurrentIndex(plan->findData(QStringLiteral("AsyncBronze")));
    QTest::mouseClick(child<QPushButton>(tab, "subscribeButton"), Qt::LeftButton);

    const auto subscriptions = fixture.console.runtime()->portal()->subscriptions(sam);
    QCOMPARE(subscriptions.size(), 1);
    QCOMPARE(subscriptions.first().apiId, api.id);
    QCOMPARE(subscriptions.first().plan, QStringLiteral("AsyncBronze"));
    auto *table = child<QTableView>(tab, "portalSubscriptionsTable");
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(rowTexts(table, 0), (QStringList{QStringLiteral("Alerts"), QStringLiteral("AsyncBronze"),
                                              QStringLiteral("UNBLOCKED")}));
    QVERIFY(child<QLabel>(tab, "subscriptionsMessage")->text().contains(QStringLiteral("Alerts subscribes")));
    // Only the application not yet subscribed is offered.
    QCOMPARE(application->count(), 1);
    QCOMPARE(application->currentText(), QStringLiteral("Dashboard"));

    QTest::mouseClick(child<QPushButton>(tab, "subscribeButton"), Qt::LeftButton);
    QCOMPARE(fixture.console.runtime()->portal()->subscriptions(sam).size(), 2);
    QTRY_COMPARE(table->model()->rowCount(), 2);
    auto *box = child<QGroupBox>(tab, "subscribeBox");
    QVERIFY(!box->isEnabled());
    QVERIFY(child<QLabel>(tab, "subscribeNote")->text().contains(QStringLiteral("already subscribes")));
}

void TestPortalApiPage::unsubscribeAsksFirst()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    const auto app = createApplication(fixture, sam, QStringLiteral("Dashboard"));
    auto *portal = fixture.console.runtime()->portal();
    QVERIFY(portal->subscribe(sam, app.id, api.id));
    Shown shown(fixture);
    QVERIFY(shown.workspace.showApi(api.id));
    auto *tab = shown.tab("subscriptions");
    auto *table = child<QTableView>(tab, "portalSubscriptionsTable");
    QCOMPARE(table->model()->rowCount(), 1);
    auto *unsubscribe = child<QPushButton>(tab, "unsubscribeButton");
    QVERIFY(unsubscribe->isEnabled());

    ui::MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(unsubscribe, Qt::LeftButton);
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("Unsubscribe Dashboard from Observer 1.0.0")));
    QCOMPARE(portal->subscriptions(sam).size(), 1);
    QCOMPARE(table->model()->rowCount(), 1);

    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(unsubscribe, Qt::LeftButton);
    QCOMPARE(portal->subscriptions(sam).size(), 0);
    QTRY_VERIFY(child<QLabel>(tab, "noPortalSubscriptions")->isVisible());
    QVERIFY(!table->isVisible());
    QVERIFY(!unsubscribe->isEnabled());
    QVERIFY(
        child<QLabel>(tab, "subscriptionsMessage")->text().contains(QStringLiteral("no longer subscribes")));
    // The application can subscribe again.
    QCOMPARE(child<QComboBox>(tab, "subscribeApplication")->currentText(), QStringLiteral("Dashboard"));
}

void TestPortalApiPage::rowActionsAreRequested()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    const auto app = createApplication(fixture, sam, QStringLiteral("Dashboard"));
    QVERIFY(fixture.console.runtime()->portal()->subscribe(sam, app.id, api.id));
    Shown shown(fixture);
    QSignalSpy manage(&shown.workspace, &ui::PortalWorkspace::manageApplicationRequested);
    QVERIFY(shown.workspace.showApi(api.id));
    auto *tab = shown.tab("subscriptions");
    for (const char *name : {"prodKeysButton", "sandboxKeysButton", "manageAppButton"})
        QTest::mouseClick(child<QPushButton>(tab, name), Qt::LeftButton);
    QCOMPARE(manage.size(), 3);
    for (const auto &arguments : std::as_const(manage))
        QCOMPARE(arguments.at(0).toString(), app.id);
}

void TestPortalApiPage::wizardOpensWindowModal()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    fixture.signInSubscriber();
    Shown shown(fixture);
    QList<gateway::StreamRequest> requests;
    connect(&shown.workspace, &ui::PortalWorkspace::openStreamRequested, this,
            [&requests](const gateway::StreamRequest &request) { requests << request; });
    QVERIFY(shown.workspace.showApi(api.id));
    auto *tab = shown.tab("subscriptions");
    auto *button = child<QPushButton>(tab, "subscriptionWizardButton");
    QCOMPARE(button->text(), QStringLiteral("SUBSCRIPTION && KEY GENERATION &WIZARD"));
    QTest::mouseClick(button, Qt::LeftButton);
    QPointer<ui::SubscriptionWizard> wizard =
        shown.workspace.findChild<ui::SubscriptionWizard *>(QStringLiteral("subscriptionWizard"));
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());
    QCOMPARE(wizard->windowModality(), Qt::WindowModal);
    QVERIFY(wizard->testAttribute(Qt::WA_DeleteOnClose));
    QCOMPARE(wizard->flow().api().id, api.id);

    // What the wizard's last step opens reaches the console through the workspace.
    gateway::StreamRequest request;
    request.url = QUrl(fixture.console.status.gatewayUrl + QStringLiteral("/observer/1.0.0/memory"));
    request.setBearerToken(QStringLiteral("token"));
    Q_EMIT wizard->openStreamRequested(request);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().url, request.url);

    // Nothing created yet: Cancel closes at once, and the wizard is gone.
    wizard->reject();
    QTRY_VERIFY(!wizard);
}

void TestPortalApiPage::noApplicationPointsToTheWizard()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    Shown shown(fixture);
    QVERIFY(shown.workspace.showApi(api.id));
    auto *tab = shown.tab("subscriptions");
    QVERIFY(!child<QGroupBox>(tab, "subscribeBox")->isEnabled());
    auto *note = child<QLabel>(tab, "subscribeNote");
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(QStringLiteral("no application yet")));
    QVERIFY(child<QPushButton>(tab, "subscriptionWizardButton")->isEnabled());

    // An application created elsewhere (the Applications page, REST) makes the box usable at once.
    createApplication(fixture, sam, QStringLiteral("Dashboard"));
    QTRY_VERIFY(child<QGroupBox>(tab, "subscribeBox")->isEnabled());
    QVERIFY(!note->isVisible());
    QCOMPARE(child<QComboBox>(tab, "subscribeApplication")->currentText(), QStringLiteral("Dashboard"));
}

void TestPortalApiPage::deprecatedApiTakesNoSubscriptions()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    createApplication(fixture, sam, QStringLiteral("Dashboard"));
    QVERIFY(fixture.console.publisher()->changeLifecycle(fixture.console.admin(), api.id,
                                                         QStringLiteral("Deprecate")));
    Shown shown(fixture);
    QVERIFY(shown.workspace.showApi(api.id));
    QCOMPARE(child<QLabel>(shown.workspace.apiPage(), "portalApiState")->text(),
             QStringLiteral("DEPRECATED"));
    auto *tab = shown.tab("subscriptions");
    auto *box = child<QGroupBox>(tab, "subscribeBox");
    QVERIFY(!box->isEnabled());
    QVERIFY(box->toolTip().contains(QStringLiteral("DEPRECATED")));
    QVERIFY(!child<QPushButton>(tab, "subscriptionWizardButton")->isEnabled());
    // The reason is said once, next to the wizard, for keyboard users who cannot reach a tooltip.
    QVERIFY(child<QLabel>(tab, "wizardNote")->text().contains(QStringLiteral("no new subscriptions")));
    QVERIFY(!child<QLabel>(tab, "subscribeNote")->isVisible());
}

void TestPortalApiPage::nonSubscriberSeesWhy()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    fixture.console.session.signIn(
        fixture.console.createUser(QStringLiteral("pat"), models::Role::Publisher));
    Shown shown(fixture);
    QVERIFY(shown.workspace.showApi(api.id));
    auto *tab = shown.tab("subscriptions");
    auto *box = child<QGroupBox>(tab, "subscribeBox");
    QVERIFY(!box->isEnabled());
    QVERIFY(box->toolTip().contains(QStringLiteral("subscriber role")));
    auto *wizard = child<QPushButton>(tab, "subscriptionWizardButton");
    QVERIFY(!wizard->isEnabled());
    QVERIFY(wizard->toolTip().contains(QStringLiteral("subscriber role")));
    auto *tryOut = shown.tab("tryout");
    QVERIFY(child<QLabel>(tryOut, "tryOutKeysMessage")->text().contains(QStringLiteral("subscriber role")));

    // Signing in as a subscriber brings the user back to the catalog, with subscribing allowed.
    const auto sam = fixture.signInSubscriber();
    createApplication(fixture, sam, QStringLiteral("Dashboard"));
    QVERIFY(shown.workspace.catalogPage()->isVisible());
    QVERIFY(shown.workspace.showApi(api.id));
    shown.tab("subscriptions");
    QVERIFY(box->isEnabled());
    QVERIFY(wizard->isEnabled());
}

void TestPortalApiPage::keyboardAlone()
{
    PortalFixture fixture;
    fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    createApplication(fixture, sam, QStringLiteral("Dashboard"));
    Shown shown(fixture);
    auto &workspace = shown.workspace;
    workspace.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&workspace));
    QVERIFY(ConsoleFixture::unnamedControls(&workspace).isEmpty());

    workspace.catalogPage()->focusList();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    auto *page = workspace.apiPage();
    QVERIFY(page->isVisible());
    // Tab order: the back button, the tab bar, then the Overview's first field.
    child<QPushButton>(page, "backToCatalogButton")->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QVERIFY(qobject_cast<QTabBar *>(QApplication::focusWidget()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("portalHttpUrl"));
    auto *tabs = child<QTabWidget>(page, "portalApiTabs");
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QVERIFY2(ConsoleFixture::unnamedControls(page).isEmpty(),
                 qPrintable(ConsoleFixture::unnamedControls(page).join(u' ')));
    }
    tabs->setCurrentIndex(0);

    // Alt+S: the Subscriptions tab; Alt+B: Subscribe with the preselected application and plan.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::AltModifier);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("portalSubscriptionsTab"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_B, Qt::AltModifier);
    // A mnemonic presses its button with a short animation.
    auto *portal = fixture.console.runtime()->portal();
    QTRY_COMPARE(portal->subscriptions(sam).size(), 1);
    QCOMPARE(portal->subscriptions(sam).first().plan, QStringLiteral("AsyncGold"));

    // Alt+Left: back to the catalog.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left, Qt::AltModifier);
    QTRY_VERIFY(workspace.catalogPage()->isVisible());
}

void TestPortalApiPage::noTwoControlsShareAnAltLetter()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    const auto sam = fixture.signInSubscriber();
    const auto app = createApplication(fixture, sam, QStringLiteral("Dashboard"));
    createApplication(fixture, sam, QStringLiteral("Alerts"));
    QVERIFY(fixture.console.runtime()->portal()->subscribe(sam, app.id, api.id));
    Shown shown(fixture);
    QVERIFY2(sharedAltLetters(&shown.workspace).isEmpty(),
             qPrintable(sharedAltLetters(&shown.workspace).join(u'\n')));
    QVERIFY(shown.workspace.showApi(api.id));
    for (const char *key : {"overview", "definition", "tryout", "subscriptions"}) {
        shown.tab(key);
        const auto shared = sharedAltLetters(&shown.workspace);
        QVERIFY2(shared.isEmpty(), qPrintable(QString::fromLatin1(key) + u' ' + shared.join(u'\n')));
    }
}

void TestPortalApiPage::apiLeavingThePortalReturnsToCatalog()
{
    PortalFixture fixture;
    const auto api = fixture.publishApi(endpoint);
    fixture.signInSubscriber();
    Shown shown(fixture);
    QVERIFY(shown.workspace.showApi(api.id));
    QVERIFY(fixture.console.publisher()->changeLifecycle(fixture.console.admin(), api.id,
                                                         QStringLiteral("Deprecate")));
    QTRY_COMPARE(child<QLabel>(shown.workspace.apiPage(), "portalApiState")->text(),
                 QStringLiteral("DEPRECATED"));
    QVERIFY(shown.workspace.apiPage()->isVisible());
    QVERIFY(fixture.console.publisher()->changeLifecycle(fixture.console.admin(), api.id,
                                                         QStringLiteral("Retire")));
    QTRY_VERIFY(shown.workspace.catalogPage()->isVisible());
    auto *notice = child<QLabel>(shown.workspace.catalogPage(), "portalCatalogNotice");
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("Observer 1.0.0 is no longer offered")));
    QVERIFY(!shown.workspace.showApi(api.id));
}

QTEST_MAIN(TestPortalApiPage)
#include "tst_portalapipage.moc"
