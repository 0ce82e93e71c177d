// The Streams page and its model: batches from a StreamMonitor on a test clock, and closing a real stream
// through a real gateway from the page.
#include "gateway/relay/streammonitor.h"
#include "gateway/server/gatewayserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"
#include "ui/common/messagebox.h"
#include "ui/common/session.h"
#include "ui/operations/streamspage.h"
#include "ui/operations/streamtablemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sd;
using namespace sd::gateway;
using namespace sd::ui;

namespace {

// Opens the table's context menu at `position` and picks its first action, as a user would.
void openContextMenuAndPick(QTableView *table, const QPoint &position)
{
    bool picked = false;
    QTimer::singleShot(0, table, [&picked] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        menu->setActiveAction(menu->actions().constFirst());
        QTest::keyClick(menu, Qt::Key_Return);
        picked = true;
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, position, table->viewport()->mapToGlobal(position));
    QApplication::sendEvent(table->viewport(), &event);
    QVERIFY(picked);
}

} // namespace

class TestStreamsPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void modelFollowsBatches();
    void modelShowsValues();
    void emptyStateAndRoles();
    void closeAsksFirst_data();
    void closeAsksFirst();
    void closeEndsARealStream();

private:
    StreamInfo stream(const QString &api, models::KeyType keyType = models::KeyType::Production) const;

    std::unique_ptr<StreamMonitor> m_monitor;
    qint64 m_now = 0;
    const models::User m_admin{u"admin"_s, models::Role::Admin};
};

void TestStreamsPage::init()
{
    m_now = 1000;
    m_monitor = std::make_unique<StreamMonitor>([this] { return m_now; });
}

void TestStreamsPage::cleanup()
{
    m_monitor.reset();
}

StreamInfo TestStreamsPage::stream(const QString &api, models::KeyType keyType) const
{
    StreamInfo info;
    info.apiName = api;
    info.applicationName = u"Dashboard"_s;
    info.keyType = keyType;
    info.client = u"10.0.0.7"_s;
    info.openedAt = QDateTime::currentDateTimeUtc().addSecs(-75);
    info.quotaLeft = 50000;
    return info;
}

void TestStreamsPage::modelFollowsBatches()
{
    const auto before = m_monitor->opened(stream(u"Before"_s)); // open when the model is made
    StreamTableModel model(m_monitor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    m_monitor->publish(); // the opening of "Before" again: already there, reported as changed
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 1);
    changed.clear();

    const auto a = m_monitor->opened(stream(u"A"_s));
    const auto b = m_monitor->opened(stream(u"B"_s));
    const auto c = m_monitor->opened(stream(u"C"_s));
    m_monitor->publish();
    QCOMPARE(inserted.count(), 1); // one insert for the batch
    QCOMPARE(inserted[0].at(1).toInt(), 1);
    QCOMPARE(inserted[0].at(2).toInt(), 3);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(changed.count(), 0);

    a.counters->events = 5;
    a.counters->quotaLeft = 49995;
    c.counters->events = 7;
    c.counters->quotaLeft = 49993;
    m_now += 250;
    m_monitor->publish();
    QCOMPARE(changed.count(), 1); // one dataChanged spanning the changed rows
    QCOMPARE(changed[0].at(0).toModelIndex().row(), model.rowOf(a.id));
    QCOMPARE(changed[0].at(1).toModelIndex().row(), model.rowOf(c.id));
    QCOMPARE(model.streamAt(model.rowOf(c.id)).events, 7);

    m_monitor->closed(b.id, u"client disconnected"_s);
    m_monitor->closed(before.id, u"backend ended the stream"_s);
    changed.clear();
    m_monitor->publish();
    QCOMPARE(removed.count(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(b.id), -1);
    QCOMPARE(model.rowOf(before.id), -1);
    QCOMPARE(model.rowOf(a.id), 0);
    QCOMPARE(model.rowOf(c.id), 1);
    QCOMPARE(model.index(1, StreamTableModel::Api).data().toString(), u"C"_s);
    QCOMPARE(inserted.count(), 1);
}

void TestStreamsPage::modelShowsValues()
{
    StreamTableModel model(m_monitor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto unlimited = stream(u"Observer"_s, models::KeyType::Sandbox);
    unlimited.quotaLeft = -1;
    const auto opened = m_monitor->opened(unlimited);
    for (int step = 1; step <= 8; ++step) {
        m_now += 250;
        opened.counters->events = step * 3;
        opened.counters->bytes = step * 30;
        opened.counters->quotaLeft = -1;
        m_monitor->publish();
    }
    QCOMPARE(model.rowCount(), 1);
    const auto text = [&](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(text(StreamTableModel::Api), u"Observer"_s);
    QCOMPARE(text(StreamTableModel::Application), u"Dashboard"_s);
    QCOMPARE(text(StreamTableModel::KeyType), u"SANDBOX"_s);
    QCOMPARE(text(StreamTableModel::Client), u"10.0.0.7"_s);
    QCOMPARE(text(StreamTableModel::Events), QLocale().toString(24));
    QCOMPARE(text(StreamTableModel::QuotaLeft), u"Unlimited"_s);
    QCOMPARE(text(StreamTableModel::EventsPerSecond), QLocale().toString(12.0, 'f', 1));
    QVERIFY(text(StreamTableModel::Duration).startsWith(u"0:01:1")); // opened 75 s ago
    QCOMPARE(model.index(0, 0).data(StreamTableModel::StreamIdRole).toULongLong(), opened.id);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refreshDurations();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed[0].at(0).toModelIndex().column(), int(StreamTableModel::Duration));
}

void TestStreamsPage::emptyStateAndRoles()
{
    Session session;
    StreamsPage page(m_monitor.get(), &session);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *stack = page.findChild<QStackedWidget *>();
    auto *empty = page.findChild<QLabel *>(u"streamsEmptyState"_s);
    auto *table = page.findChild<QTableView *>(u"streamsTable"_s);
    auto *close = page.findChild<QPushButton *>(u"closeStreamButton"_s);
    QVERIFY(stack && empty && table && close);
    QCOMPARE(stack->currentWidget(), empty);
    QVERIFY(!close->isVisible()); // nobody signed in

    session.signIn({u"sam"_s, models::Role::Subscriber});
    QVERIFY(!close->isVisible());
    session.signIn(m_admin);
    QVERIFY(close->isVisible());
    QVERIFY(!close->isEnabled()); // nothing selected

    m_monitor->opened(stream(u"Observer"_s));
    m_monitor->publish();
    QCOMPARE(stack->currentWidget(), table);
    QCOMPARE(table->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    QVERIFY(!table->accessibleName().isEmpty());
    QVERIFY(!close->accessibleName().isEmpty());
    table->selectRow(0);
    QVERIFY(close->isEnabled());
}

void TestStreamsPage::closeAsksFirst_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QMessageBox::StandardButton>("answer");
    QTest::newRow("button, confirmed") << u"button"_s << QMessageBox::Yes;
    QTest::newRow("button, cancelled") << u"button"_s << QMessageBox::No;
    QTest::newRow("Delete key, confirmed") << u"delete"_s << QMessageBox::Yes;
    QTest::newRow("context menu, confirmed") << u"menu"_s << QMessageBox::Yes;
}

void TestStreamsPage::closeAsksFirst()
{
    QFETCH(QString, how);
    QFETCH(QMessageBox::StandardButton, answer);
    Session session;
    session.signIn(m_admin);
    StreamsPage page(m_monitor.get(), &session);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    QList<std::pair<quint64, QString>> requests;
    connect(m_monitor.get(), &StreamMonitor::closeRequested, this, [&](quint64 id, const QString &reason) {
        requests.append({id, reason});
    });
    m_monitor->opened(stream(u"First"_s));
    const auto second = m_monitor->opened(stream(u"Second"_s)).id;
    m_monitor->publish();
    auto *table = page.findChild<QTableView *>(u"streamsTable"_s);
    QTRY_COMPARE(table->model()->rowCount(), 2);
    int secondRow = -1;
    for (int row = 0; row < 2; ++row) {
        if (table->model()->index(row, 0).data(StreamTableModel::StreamIdRole).toULongLong() == second)
            secondRow = row;
    }
    QVERIFY(secondRow >= 0);
    table->setFocus();
    table->selectRow(secondRow);

    MessageBox::setNextAnswer(answer);
    if (how == u"button")
        QTest::mouseClick(page.findChild<QPushButton *>(u"closeStreamButton"_s), Qt::LeftButton);
    else if (how == u"delete")
        QTest::keyClick(table, Qt::Key_Delete);
    else
        openContextMenuAndPick(table, table->visualRect(table->model()->index(secondRow, 0)).center());
    QVERIFY(MessageBox::lastText().contains(u"Second"));
    if (answer != QMessageBox::Yes) {
        QCOMPARE(requests.size(), 0);
        return;
    }
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests[0].first, second);
    QCOMPARE(requests[0].second, u"closed from the console by admin"_s);
}

void TestStreamsPage::closeEndsARealStream()
{
    test::GatewayFixture fx(false);
    test::TestBackend backend;
    QVERIFY(backend.listen());
    const auto started = fx.start([](RuntimeOptions &o) { o.gateway.stream.heartbeatMs = 0; });
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const auto api = fx.deployedApi(backend.endpoint());
    QVERIFY(api);
    const auto sub = fx.subscriber(api->id);
    QVERIFY(sub);

    Session session;
    session.signIn(m_admin);
    StreamsPage page(fx.runtime()->gateway()->monitor(), &session);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *table = page.findChild<QTableView *>(u"streamsTable"_s);

    // One after the other: worker threads serve two requests at once in either order.
    auto *kept = fx.get("/observer/1.0.0/memory", sub->production.token);
    QTRY_VERIFY(kept->headComplete());
    auto *closed = fx.get("/observer/1.0.0/memory", sub->production.token);
    QTRY_VERIFY(closed->headComplete());
    QTRY_COMPARE(table->model()->rowCount(), 2);
    backend.sendAll("data: hello\n\n");
    QTRY_VERIFY(kept->events().size() == 1 && closed->events().size() == 1);
    // The stream opened second has the higher id.
    int row = 0;
    if (table->model()->index(1, 0).data(StreamTableModel::StreamIdRole).toULongLong() >
        table->model()->index(0, 0).data(StreamTableModel::StreamIdRole).toULongLong())
        row = 1;
    table->selectRow(row);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(page.findChild<QPushButton *>(u"closeStreamButton"_s), Qt::LeftButton);

    QTRY_VERIFY(closed->hasEnded());
    QVERIFY(closed->framingError().isEmpty());
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QVERIFY(!kept->hasEnded());
    backend.sendAll("data: more\n\n");
    QTRY_COMPARE(kept->events().size(), 2);
}

QTEST_MAIN(TestStreamsPage)
#include "tst_streamspage.moc"
