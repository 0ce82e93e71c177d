// The viewer's bounded, batched event model and its filter.
#include "ui/viewer/streameventfilter.h"
#include "ui/viewer/streameventmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::ui;

namespace {

ReceivedEvent message(int n, const QString &type = u"message"_s)
{
    ReceivedEvent e;
    e.receivedAt = QDateTime::currentDateTimeUtc();
    e.event.dispatched = true;
    e.event.type = type;
    e.event.data = u"{\"identifier\":\"ram_%1\"}"_s.arg(n);
    e.event.lastEventId = QString::number(n);
    e.raw = "id: " + QByteArray::number(n) + "\ndata: " + e.event.data.toUtf8() + "\n\n";
    if (type != u"message")
        e.raw.prepend("event: " + type.toUtf8() + '\n');
    return e;
}

ReceivedEvent heartbeat()
{
    ReceivedEvent e;
    e.receivedAt = QDateTime::currentDateTimeUtc();
    e.raw = ": keepalive\n\n";
    return e;
}

QList<ReceivedEvent> messages(int from, int count)
{
    QList<ReceivedEvent> events;
    for (int i = from; i < from + count; ++i)
        events << message(i);
    return events;
}

QString idAt(const QAbstractItemModel &model, int row)
{
    return model.index(row, StreamEventModel::Id).data().toString();
}

} // namespace

class TestStreamEventModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnsShowTheEvent();
    void batchesInsertsPerFlush();
    void evictsOldestAtCapacity_data();
    void evictsOldestAtCapacity();
    void smallerCapacityEvictsAtOnce();
    void pauseKeepsReceivingAndResumeInserts();
    void pauseIsBoundedAndCountsTheDropped();
    void clearEmptiesRowsQueueAndTypes();
    void filterByTextTypeAndComments();
};

void TestStreamEventModel::columnsShowTheEvent()
{
    StreamEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({message(7, u"update"_s), heartbeat()});
    model.flush();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, StreamEventModel::Type).data().toString(), u"update"_s);
    QCOMPARE(idAt(model, 0), u"7"_s);
    QCOMPARE(model.index(0, StreamEventModel::Preview).data().toString(), u"{\"identifier\":\"ram_7\"}"_s);
    QVERIFY(model.index(0, StreamEventModel::Size)
                .data()
                .toString()
                .startsWith(QString::number(message(7, u"update"_s).raw.size())));
    QCOMPARE(model.index(1, StreamEventModel::Type).data().toString(), u"(comment)"_s);
    QCOMPARE(model.index(1, StreamEventModel::Preview).data().toString(), u"keepalive"_s);
    QCOMPARE(model.index(1, 0).data(StreamEventModel::DispatchedRole).toBool(), false);
    QCOMPARE(model.index(0, 0).data(StreamEventModel::RawRole).toByteArray(), message(7, u"update"_s).raw);
    QCOMPARE(model.eventTypes(), QStringList{u"update"_s});
}

void TestStreamEventModel::batchesInsertsPerFlush()
{
    StreamEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.capacity(), StreamEventModel::defaultCapacity);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy flushed(&model, &StreamEventModel::flushed);
    for (int i = 0; i < 100; ++i)
        model.appendEvents({message(i)});
    QCOMPARE(model.rowCount(), 0); // batched: nothing until the timer flushes
    QVERIFY(flushed.wait());
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted[0].at(1).toInt(), 0);
    QCOMPARE(inserted[0].at(2).toInt(), 99);
    model.appendEvents(messages(100, 5));
    QVERIFY(flushed.wait());
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.rowCount(), 105);
    QCOMPARE(idAt(model, 104), u"104"_s);
}

void TestStreamEventModel::evictsOldestAtCapacity_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("first");   // events in the first flush
    QTest::addColumn<int>("second");  // events in the second flush
    QTest::addColumn<int>("removed"); // rows removed by the second flush
    QTest::newRow("fits") << 10 << 4 << 6 << 0;
    QTest::newRow("one over") << 10 << 10 << 1 << 1;
    QTest::newRow("half over") << 10 << 8 << 7 << 5;
    QTest::newRow("batch larger than the ring") << 10 << 3 << 25 << 3;
    QTest::newRow("capacity one") << 1 << 1 << 3 << 1;
}

void TestStreamEventModel::evictsOldestAtCapacity()
{
    QFETCH(int, capacity);
    QFETCH(int, first);
    QFETCH(int, second);
    QFETCH(int, removed);
    StreamEventModel model;
    model.setCapacity(capacity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(messages(0, first));
    model.flush();
    QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(&model, &QAbstractItemModel::rowsInserted);
    model.appendEvents(messages(first, second));
    model.flush();
    QCOMPARE(removedSpy.count(), removed > 0 ? 1 : 0);
    if (removed > 0) {
        QCOMPARE(removedSpy[0].at(1).toInt(), 0);
        QCOMPARE(removedSpy[0].at(2).toInt(), removed - 1);
    }
    QCOMPARE(insertedSpy.count(), 1);
    const int total = first + second;
    QCOMPARE(model.rowCount(), qMin(total, capacity));
    QCOMPARE(insertedSpy[0].at(2).toInt() - insertedSpy[0].at(1).toInt() + 1, qMin(second, capacity));
    // The newest rows stay, in order.
    QCOMPARE(idAt(model, model.rowCount() - 1), QString::number(total - 1));
    QCOMPARE(idAt(model, 0), QString::number(total - model.rowCount()));
}

void TestStreamEventModel::smallerCapacityEvictsAtOnce()
{
    StreamEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(messages(0, 20));
    model.flush();
    QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
    model.setCapacity(5);
    QCOMPARE(removedSpy.count(), 1);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(idAt(model, 0), u"15"_s);
}

void TestStreamEventModel::pauseKeepsReceivingAndResumeInserts()
{
    StreamEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(messages(0, 3));
    model.flush();
    QSignalSpy waiting(&model, &StreamEventModel::waitingChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPaused(true);
    QVERIFY(model.isPaused());
    model.appendEvents(messages(3, 4));
    model.appendEvents(messages(7, 2));
    QTRY_COMPARE(waiting.last().at(0).toInt(), 6); // the batch timer reports while paused
    model.flush();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(model.waitingCount(), 6);
    QCOMPARE(model.droppedCount(), 0);
    model.setPaused(false);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(model.waitingCount(), 0);
    QCOMPARE(waiting.last().at(0).toInt(), 0);
    QCOMPARE(idAt(model, 8), u"8"_s);
}

void TestStreamEventModel::pauseIsBoundedAndCountsTheDropped()
{
    StreamEventModel model;
    model.setCapacity(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(messages(0, 4));
    model.flush();
    model.setPaused(true);
    for (int i = 4; i < 54; ++i)
        model.appendEvents({message(i)});
    QCOMPARE(model.waitingCount(), 10);
    QCOMPARE(model.droppedCount(), 40);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPaused(false);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(idAt(model, 0), u"44"_s);
    QCOMPARE(idAt(model, 9), u"53"_s);
    QCOMPARE(model.droppedCount(), 0);
}

void TestStreamEventModel::clearEmptiesRowsQueueAndTypes()
{
    StreamEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy types(&model, &StreamEventModel::eventTypesChanged);
    model.appendEvents({message(1, u"a"_s), message(2, u"b"_s), message(3, u"a"_s)});
    model.flush();
    QCOMPARE(types.count(), 1);
    QCOMPARE(model.eventTypes(), (QStringList{u"a"_s, u"b"_s}));
    model.appendEvents(messages(4, 2));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.eventTypes(), QStringList());
    QCOMPARE(types.count(), 2);
    model.flush();
    QCOMPARE(model.rowCount(), 0);
}

void TestStreamEventModel::filterByTextTypeAndComments()
{
    StreamEventModel model;
    StreamEventFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({message(1, u"update"_s), message(2), heartbeat(), message(12, u"update"_s)});
    model.flush();
    QCOMPARE(filter.rowCount(), 4);
    filter.setShowComments(false);
    QCOMPARE(filter.rowCount(), 3);
    filter.setEventType(u"update"_s);
    QCOMPARE(filter.rowCount(), 2);
    filter.setText(u"RAM_12"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, StreamEventModel::Id).data().toString(), u"12"_s);
    filter.setEventType({});
    filter.setText(u"2"_s); // the ID or the data
    QCOMPARE(filter.rowCount(), 2);
    filter.setText(u"keepalive"_s);
    QCOMPARE(filter.rowCount(), 0);
    filter.setShowComments(true);
    QCOMPARE(filter.rowCount(), 1);
    // Rows keep flowing through the filter.
    filter.setText({});
    model.appendEvents(messages(20, 3));
    model.flush();
    QCOMPARE(filter.rowCount(), 7);
}

QTEST_GUILESS_MAIN(TestStreamEventModel)
#include "tst_streameventmodel.moc"
