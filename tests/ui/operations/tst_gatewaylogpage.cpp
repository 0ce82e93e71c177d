// The Gateway log page: the capped, batched model, the level and text filter, Copy and Clear.
#include "gateway/events/gatewayevents.h"
#include "ui/operations/gatewaylogfilter.h"
#include "ui/operations/gatewaylogmodel.h"
#include "ui/operations/gatewaylogpage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::ui;

namespace {

GatewayEvent refused(const QString &code, int status, const QString &client = u"127.0.0.1"_s)
{
    GatewayEvent e;
    e.kind = GatewayEvent::Kind::Refused;
    e.level = GatewayEvent::levelOf(e.kind);
    e.time = QDateTime::currentDateTimeUtc();
    e.client = client;
    e.method = u"GET"_s;
    e.path = u"/observer/1.0.0/memory"_s;
    e.httpStatus = status;
    e.code = code;
    e.message = u"Missing Credentials"_s;
    e.apiName = u"Observer"_s;
    return e;
}

GatewayEvent streamEvent(GatewayEvent::Kind kind, quint64 id)
{
    auto e = refused({}, 200);
    e.kind = kind;
    e.level = GatewayEvent::levelOf(kind);
    e.streamId = id;
    e.message = kind == GatewayEvent::Kind::StreamClosed ? u"client disconnected"_s : u"stream opened"_s;
    return e;
}

} // namespace

class TestGatewayLogPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchesInserts();
    void evictsOldestAtCapacity_data();
    void evictsOldestAtCapacity();
    void filterByLevelAndText();
    void pageFiltersCopiesAndClears();
    void eventsFromAnotherThread();
};

void TestGatewayLogPage::batchesInserts()
{
    GatewayEvents events;
    GatewayLogModel model(&events);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.capacity(), 10000);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 5; ++i)
        events.report(refused(u"900902"_s, 401));
    QCOMPARE(model.rowCount(), 0); // not yet: batched
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.index(0, GatewayLogModel::Level).data().toString(), u"Warning"_s);
    QCOMPARE(model.index(0, GatewayLogModel::Status).data().toString(), u"401"_s);
    QCOMPARE(model.index(0, GatewayLogModel::Code).data().toString(), u"900902"_s);
    QCOMPARE(model.index(0, GatewayLogModel::Api).data().toString(), u"Observer"_s);
    QVERIFY(model.index(0, GatewayLogModel::Message).data().toString().contains(u"Missing Credentials"));
}

void TestGatewayLogPage::evictsOldestAtCapacity_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("first");   // events in the first batch
    QTest::addColumn<int>("second");  // events in the second batch
    QTest::addColumn<int>("removed"); // rows removed by the second batch
    QTest::newRow("fits") << 10 << 4 << 6 << 0;
    QTest::newRow("one over") << 10 << 10 << 1 << 1;
    QTest::newRow("batch larger than the log") << 10 << 3 << 25 << 3;
}

void TestGatewayLogPage::evictsOldestAtCapacity()
{
    QFETCH(int, capacity);
    QFETCH(int, first);
    QFETCH(int, second);
    QFETCH(int, removed);
    GatewayLogModel model(nullptr, capacity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int n = 0;
    const auto add = [&](int count) {
        for (int i = 0; i < count; ++i, ++n)
            model.add(refused(QString::number(n), 401, u"10.0.0.%1"_s.arg(n)));
        model.flush();
    };
    add(first);
    QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(&model, &QAbstractItemModel::rowsInserted);
    add(second);
    QCOMPARE(removedSpy.count(), removed > 0 ? 1 : 0);
    if (removed > 0) {
        QCOMPARE(removedSpy[0].at(1).toInt(), 0);
        QCOMPARE(removedSpy[0].at(2).toInt(), removed - 1);
    }
    QCOMPARE(insertedSpy.count(), 1);
    const int total = first + second;
    QCOMPARE(model.rowCount(), qMin(total, capacity));
    // The newest rows stay, in order.
    QCOMPARE(model.index(model.rowCount() - 1, GatewayLogModel::Code).data().toString(),
             QString::number(total - 1));
    QCOMPARE(model.index(0, GatewayLogModel::Code).data().toString(),
             QString::number(total - model.rowCount()));
}

void TestGatewayLogPage::filterByLevelAndText()
{
    GatewayLogModel model(nullptr);
    GatewayLogFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add(streamEvent(GatewayEvent::Kind::StreamOpened, 1));
    model.add(refused(u"900902"_s, 401));
    model.add(refused(u"900908"_s, 403, u"10.1.1.1"_s));
    auto failure = refused(u"101503"_s, 503);
    failure.kind = GatewayEvent::Kind::BackendFailed;
    failure.level = GatewayEvent::levelOf(failure.kind);
    model.add(failure);
    model.add(streamEvent(GatewayEvent::Kind::StreamClosed, 1));
    model.flush();
    QCOMPARE(filter.rowCount(), 5);
    filter.setLevel(GatewayEvent::Level::Warning);
    QCOMPARE(filter.rowCount(), 2);
    filter.setText(u"10.1.1"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, GatewayLogModel::Code).data().toString(), u"900908"_s);
    filter.setLevel(GatewayEvent::Level::Error);
    QCOMPARE(filter.rowCount(), 0);
    filter.setText({});
    QCOMPARE(filter.rowCount(), 1);
    filter.setLevel(std::nullopt);
    filter.setText(u"STREAM 1"_s); // any column, any case
    QCOMPARE(filter.rowCount(), 2);
}

void TestGatewayLogPage::pageFiltersCopiesAndClears()
{
    GatewayEvents events;
    GatewayLogPage page(&events);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    auto *table = page.findChild<QTableView *>(u"logTable"_s);
    auto *level = page.findChild<QComboBox *>(u"logLevelFilter"_s);
    auto *text = page.findChild<QLineEdit *>(u"logTextFilter"_s);
    auto *copy = page.findChild<QPushButton *>(u"copyLogButton"_s);
    auto *clear = page.findChild<QPushButton *>(u"clearLogButton"_s);
    QVERIFY(table && level && text && copy && clear);
    for (QWidget *w :
         {static_cast<QWidget *>(table), static_cast<QWidget *>(level), static_cast<QWidget *>(text),
          static_cast<QWidget *>(copy), static_cast<QWidget *>(clear)})
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    QVERIFY(!copy->isEnabled() && !clear->isEnabled());

    events.report(streamEvent(GatewayEvent::Kind::StreamOpened, 7));
    events.report(refused(u"900902"_s, 401));
    events.report(refused(u"900908"_s, 403));
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QVERIFY(clear->isEnabled());

    level->setFocus();
    level->setCurrentIndex(level->findText(u"Warning"_s));
    QCOMPARE(table->model()->rowCount(), 2);
    QTest::keyClicks(text, u"900908"_s);
    QCOMPARE(table->model()->rowCount(), 1);

    table->setFocus();
    table->selectAll();
    QVERIFY(copy->isEnabled());
    QApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    const auto copied = QApplication::clipboard()->text();
    QCOMPARE(copied.count(u'\n'), 1);
    QVERIFY(copied.contains(u"\t900908\t"));
    QVERIFY(!copied.contains(u"900902"));

    text->clear();
    level->setCurrentIndex(0);
    QCOMPARE(table->model()->rowCount(), 3);
    table->setFocus();
    table->selectAll();
    QApplication::clipboard()->clear();
    QTest::keySequence(table, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text().count(u'\n'), 3);

    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(!clear->isEnabled());
}

void TestGatewayLogPage::eventsFromAnotherThread()
{
    GatewayEvents events;
    GatewayLogModel model(&events);
    std::unique_ptr<QThread> thread(QThread::create([&] {
        for (int i = 0; i < 100; ++i)
            events.report(refused(u"900902"_s, 401));
    }));
    thread->start();
    QVERIFY(thread->wait());
    QTRY_COMPARE(model.rowCount(), 100);
}

QTEST_MAIN(TestGatewayLogPage)
#include "tst_gatewaylogpage.moc"
