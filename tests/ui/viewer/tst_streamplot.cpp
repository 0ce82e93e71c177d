// The viewer's plot: numeric JSON fields found, thinned, and redrawn with replace() from a timer.
#include "ui/viewer/streamplot.h"

#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::ui;

namespace {

const QDateTime origin = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);

// As the sample sse-server sends them, one every 100 ms.
QList<ReceivedEvent> memoryEvents(int from, int count)
{
    QList<ReceivedEvent> events;
    for (int i = from; i < from + count; ++i) {
        ReceivedEvent e;
        e.receivedAt = origin.addMSecs(100 * i);
        e.event.dispatched = true;
        e.event.type = u"message"_s;
        e.event.data = u"{\"heap\":%1,\"nonHeap\":%2,\"ts\":%3,\"identifier\":\"ram_%4\"}"_s.arg(1000 + i)
                           .arg(500 - i)
                           .arg(e.receivedAt.toMSecsSinceEpoch())
                           .arg(i);
        events << e;
    }
    return events;
}

Qt::CheckState checkState(const StreamPlot &plot, const QString &field)
{
    const auto items = plot.fieldModel()->findItems(field);
    return items.isEmpty() ? Qt::PartiallyChecked : items.first()->checkState();
}

} // namespace

class TestStreamPlot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsNumericFields();
    void redrawsWithReplaceFromATimer();
    void thinsWhenFull();
    void pausedKeepsCollecting();
    void untickedFieldsAreHidden();
    void ignoresWhatIsNotAJsonObject();
};

void TestStreamPlot::findsNumericFields()
{
    StreamPlot plot;
    plot.setOrigin(origin);
    plot.addEvents(memoryEvents(0, 3));
    QCOMPARE(plot.fields(), (QStringList{u"heap"_s, u"nonHeap"_s, u"ts"_s}));
    QCOMPARE(checkState(plot, u"heap"_s), Qt::Checked);
    QCOMPARE(checkState(plot, u"nonHeap"_s), Qt::Checked);
    QCOMPARE(checkState(plot, u"ts"_s), Qt::Unchecked); // a timestamp: found, not plotted
    QVERIFY(plot.series(u"heap"_s)->isVisible());
    QVERIFY(!plot.series(u"ts"_s)->isVisible());
    QVERIFY(StreamPlot::looksLikeTimestamp(u"createdAt"_s, 3));
    QVERIFY(StreamPlot::looksLikeTimestamp(u"value"_s, 1'700'000'000'000.0));
    QVERIFY(!StreamPlot::looksLikeTimestamp(u"heap"_s, 123'456'789));
}

void TestStreamPlot::redrawsWithReplaceFromATimer()
{
    StreamPlot plot;
    plot.setOrigin(origin);
    plot.addEvents(memoryEvents(0, 1));
    auto *heap = plot.series(u"heap"_s);
    QVERIFY(heap);
    QSignalSpy replaced(heap, &QXYSeries::pointsReplaced);
    QSignalSpy added(heap, &QXYSeries::pointAdded);
    for (int i = 1; i < 50; ++i)
        plot.addEvents(memoryEvents(i, 1));
    QCOMPARE(heap->count(), 0); // not yet: redrawn by the timer
    QTRY_COMPARE(heap->count(), 50);
    QCOMPARE(added.count(), 0);
    QVERIFY(replaced.count() >= 1);
    QVERIFY(replaced.count() < 50);
    const auto points = heap->points();
    QCOMPARE(points.first(), QPointF(0, 1000));
    QCOMPARE(points.last(), QPointF(4.9, 1049));
    QCOMPARE(plot.series(u"nonHeap"_s)->points().last(), QPointF(4.9, 451));
}

void TestStreamPlot::thinsWhenFull()
{
    StreamPlot plot;
    plot.setOrigin(origin);
    const int total = 5 * StreamPlot::maxPoints;
    for (int i = 0; i < total; i += 100)
        plot.addEvents(memoryEvents(i, 100));
    auto *heap = plot.series(u"heap"_s);
    QTRY_VERIFY(heap->count() > 0);
    QTRY_VERIFY(heap->points().last().x() >= (total - 8) / 10.0);
    const auto points = heap->points();
    QVERIFY(points.size() < StreamPlot::maxPoints);
    QVERIFY(points.size() >= StreamPlot::maxPoints / 2);
    QCOMPARE(points.first(), QPointF(0, 1000));
    // Evenly thinned: the points keep their order and a constant step.
    const double step = points.at(1).x() - points.at(0).x();
    for (qsizetype i = 1; i < points.size(); ++i)
        QCOMPARE(points.at(i).x() - points.at(i - 1).x(), step);
}

void TestStreamPlot::pausedKeepsCollecting()
{
    StreamPlot plot;
    plot.setOrigin(origin);
    plot.addEvents(memoryEvents(0, 3));
    QTRY_COMPARE(plot.series(u"heap"_s)->count(), 3);
    plot.setPaused(true);
    QSignalSpy replaced(plot.series(u"heap"_s), &QXYSeries::pointsReplaced);
    // A running plot fed alongside shows when the paused one would have redrawn.
    StreamPlot running;
    running.setOrigin(origin);
    plot.addEvents(memoryEvents(3, 4));
    running.addEvents(memoryEvents(0, 7));
    QTRY_COMPARE(running.series(u"heap"_s)->count(), 7);
    QCOMPARE(replaced.count(), 0);
    QCOMPARE(plot.series(u"heap"_s)->count(), 3);
    plot.setPaused(false);
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(plot.series(u"heap"_s)->count(), 7);
}

void TestStreamPlot::untickedFieldsAreHidden()
{
    StreamPlot plot;
    plot.addEvents(memoryEvents(0, 5));
    auto *item = plot.fieldModel()->findItems(u"nonHeap"_s).first();
    item->setCheckState(Qt::Unchecked);
    QVERIFY(!plot.series(u"nonHeap"_s)->isVisible());
    QTRY_COMPARE(plot.series(u"heap"_s)->count(), 5);
    QCOMPARE(plot.series(u"ts"_s)->count(), 0); // hidden: not drawn
    plot.fieldModel()->findItems(u"ts"_s).first()->setCheckState(Qt::Checked);
    QVERIFY(plot.series(u"ts"_s)->isVisible());
    QCOMPARE(plot.series(u"ts"_s)->count(), 5);
    plot.clear();
    QCOMPARE(plot.fields(), QStringList());
    QCOMPARE(plot.fieldModel()->rowCount(), 0);
}

void TestStreamPlot::ignoresWhatIsNotAJsonObject()
{
    StreamPlot plot;
    ReceivedEvent text;
    text.event.dispatched = true;
    text.event.data = u"hello 42"_s;
    ReceivedEvent array = text;
    array.event.data = u"[1, 2, 3]"_s;
    ReceivedEvent comment;
    comment.raw = ": {\"heap\": 1}\n\n";
    ReceivedEvent strings = text;
    strings.event.data = u"{\"name\":\"x\",\"ok\":true}"_s;
    plot.addEvents({text, array, comment, strings});
    QCOMPARE(plot.fields(), QStringList());
}

QTEST_MAIN(TestStreamPlot)
#include "tst_streamplot.moc"
