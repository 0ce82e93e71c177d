// StreamMonitor alone, on a clock the test moves: batches, events per second, close requests.
#include "gateway/relay/streammonitor.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

namespace {

// What a stream's relay stores as it forwards events.
void setProgress(const StreamMonitor::Handle &stream, qint64 events, qint64 bytes, qint64 quotaLeft)
{
    stream.counters->events = events;
    stream.counters->bytes = bytes;
    stream.counters->quotaLeft = quotaLeft;
}

} // namespace

class TestStreamMonitor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void batchesChanges();
    void ratePerStream_data();
    void ratePerStream();
    void rateFallsWhenSilent();
    void closeRequestFromAnotherThread();

private:
    std::unique_ptr<StreamMonitor> m_monitor;
    qint64 m_now = 0;
};

void TestStreamMonitor::init()
{
    m_now = 1000;
    m_monitor = std::make_unique<StreamMonitor>([this] { return m_now; });
}

void TestStreamMonitor::cleanup()
{
    m_monitor.reset();
}

void TestStreamMonitor::batchesChanges()
{
    QSignalSpy changed(m_monitor.get(), &StreamMonitor::streamsChanged);
    StreamInfo info;
    info.apiName = u"Observer"_s;
    info.keyType = sd::models::KeyType::Sandbox;
    const auto a = m_monitor->opened(info);
    const auto b = m_monitor->opened(info);
    QVERIFY(a.id != b.id);
    setProgress(a, 1, 10, 99);
    setProgress(a, 2, 20, 98);
    m_monitor->publish();
    QCOMPARE(changed.count(), 1);
    auto batch = changed.takeFirst().at(0).value<QList<StreamInfo>>();
    QCOMPARE(batch.size(), 2);
    for (const auto &s : std::as_const(batch)) {
        QCOMPARE(s.keyType, sd::models::KeyType::Sandbox);
        QCOMPARE(s.events, s.id == a.id ? 2 : 0);
    }
    m_monitor->closed(b.id, u"client disconnected"_s);
    m_monitor->publish();
    QCOMPARE(changed.count(), 1);
    batch = changed.takeFirst().at(0).value<QList<StreamInfo>>();
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch[0].id, b.id);
    QVERIFY(!batch[0].open);
    QCOMPARE(batch[0].closeReason, u"client disconnected"_s);
    QCOMPARE(m_monitor->openCount(), 1);
    m_monitor->publish(); // nothing changed: no signal
    QCOMPARE(changed.count(), 0);
}

void TestStreamMonitor::ratePerStream_data()
{
    QTest::addColumn<int>("stepMs");
    QTest::addColumn<int>("eventsPerStep");
    QTest::addColumn<double>("rate");
    QTest::newRow("10/s in 250 ms batches") << 250 << 10 << 40.0;
    QTest::newRow("silent") << 250 << 0 << 0.0;
    QTest::newRow("1000/s in 100 ms steps") << 100 << 100 << 1000.0;
}

void TestStreamMonitor::ratePerStream()
{
    QFETCH(int, stepMs);
    QFETCH(int, eventsPerStep);
    QFETCH(double, rate);
    const auto fast = m_monitor->opened({});
    const auto idle = m_monitor->opened({});
    qint64 events = 0;
    for (int step = 0; step < 12; ++step) {
        m_now += stepMs;
        events += eventsPerStep;
        setProgress(fast, events, events * 10, -1);
        m_monitor->publish();
    }
    QHash<quint64, double> rates;
    for (const auto &s : m_monitor->openStreams())
        rates.insert(s.id, s.eventsPerSecond);
    QCOMPARE(rates.value(fast.id), rate);
    QCOMPARE(rates.value(idle.id), 0.0);
    QCOMPARE(m_monitor->eventsPerSecond(), rate);
}

void TestStreamMonitor::rateFallsWhenSilent()
{
    QSignalSpy changed(m_monitor.get(), &StreamMonitor::streamsChanged);
    const auto id = m_monitor->opened({});
    for (int step = 1; step <= 8; ++step) {
        m_now += 250;
        setProgress(id, step * 25, 0, -1);
        m_monitor->publish();
    }
    QCOMPARE(m_monitor->openStreams().constFirst().eventsPerSecond, 100.0);
    changed.clear();
    // No progress for two seconds: the rate reaches 0 and observers hear of it without any progress call.
    for (int step = 0; step < 8; ++step) {
        m_now += 250;
        m_monitor->publish();
    }
    QVERIFY(changed.count() >= 1);
    const auto last = changed.constLast().at(0).value<QList<StreamInfo>>();
    QCOMPARE(last.constFirst().eventsPerSecond, 0.0);
    QCOMPARE(m_monitor->eventsPerSecond(), 0.0);
}

void TestStreamMonitor::closeRequestFromAnotherThread()
{
    const auto id = m_monitor->opened({}).id;
    QList<std::pair<quint64, QString>> requests;
    connect(m_monitor.get(), &StreamMonitor::closeRequested, this,
            [&](quint64 stream, const QString &reason) {
                requests.append({stream, reason});
            });
    std::unique_ptr<QThread> thread(
        QThread::create([&] { m_monitor->requestClose(id, u"closed by test"_s); }));
    thread->start();
    QVERIFY(thread->wait());
    // Queued to this (the receiver's) thread.
    QTRY_COMPARE(requests.size(), 1);
    QCOMPARE(requests[0].first, id);
    QCOMPARE(requests[0].second, u"closed by test"_s);
}

QTEST_GUILESS_MAIN(TestStreamMonitor)
#include "tst_streammonitor.moc"
