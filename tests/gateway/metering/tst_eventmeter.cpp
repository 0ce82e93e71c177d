// EventMeter on a real SQLite file. A second Store on the same file reads what a process restarted after
// a SIGKILL would find, so these tests prove the crash guarantee without killing anything.
#include "gateway/metering/eventmeter.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace sd;
using namespace sd::gateway;
using namespace Qt::StringLiterals;

namespace {

const QString subscriptionId = u"s1"_s;

models::BusinessPlan limited(qint64 events)
{
    return {u"Small"_s, {}, events, 86400};
}

/// Lets the writer finish what it has, as a consumer slower than the disk would.
void waitForWriter(const EventMeter &meter)
{
    while (meter.pendingWrites() > 0)
        QThread::yieldCurrentThread();
}

} // namespace

class TestEventMeter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storeAlwaysCoversDelivered_data();
    void storeAlwaysCoversDelivered();
    void restartAfterCrashNeverOvershoots();
    void flushReturnsUnusedLease();
    void unlimitedPlanIsCountedOnFlush();
    void removedSubscriptionLeavesNoUsage();
    void usageExcludesUnusedLease();
    void concurrentConsumersTakeExactlyTheQuota();
    void steadyConsumerNeverWaitsForTheStore();
    void idleLeaseGoesBack();
    void failedLeaseRefusesTheEvent();
    void everyWindowKeepsItsCount_data();
    void everyWindowKeepsItsCount();

private:
    qint64 stored(const std::shared_ptr<models::Store> &store) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<models::Store> m_store;
    std::shared_ptr<models::Store> m_afterRestart; // a second connection to the same file
};

void TestEventMeter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const auto path = m_dir->filePath(u"streamdesk.db"_s);
    auto opened = models::Store::open(path);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    m_store = opened.value();
    models::Api api;
    api.id = u"a1"_s;
    QVERIFY(m_store->insertApi(api));
    QVERIFY(m_store->insertApplication({u"app"_s,
                                        u"admin"_s,
                                        u"A"_s,
                                        u"Unlimited"_s,
                                        {},
                                        models::TokenType::Jwt,
                                        QDateTime::currentDateTimeUtc()}));
    QVERIFY(m_store->insertSubscription({subscriptionId, u"app"_s, u"a1"_s, u"AsyncGold"_s,
                                         models::SubscriptionStatus::Unblocked,
                                         QDateTime::currentDateTimeUtc()}));
    m_afterRestart = models::Store::open(path).value();
}

void TestEventMeter::cleanup()
{
    m_afterRestart.reset();
    m_store.reset();
    m_dir.reset();
}

qint64 TestEventMeter::stored(const std::shared_ptr<models::Store> &store) const
{
    const auto window = EventMeter::windowStart(limited(1), QDateTime::currentSecsSinceEpoch());
    return store->eventUsage(subscriptionId, window);
}

void TestEventMeter::storeAlwaysCoversDelivered_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::newRow("below one lease") << qint64(5);
    QTest::newRow("one lease") << EventMeter::minimumLease;
    QTest::newRow("many leases") << qint64(1000);
}

void TestEventMeter::storeAlwaysCoversDelivered()
{
    QFETCH(qint64, limit);
    const auto plan = limited(limit);
    EventMeter meter(m_store);
    for (qint64 delivered = 1; delivered <= limit; ++delivered) {
        const auto grant = meter.consume(subscriptionId, plan);
        QVERIFY(grant.allowed);
        QCOMPARE(grant.remaining, limit - delivered);
        // Written before the event goes out, and never more than one lease ahead.
        const auto onDisk = stored(m_afterRestart);
        QVERIFY2(onDisk >= delivered && onDisk <= delivered + EventMeter::minimumLease,
                 qPrintable(u"%1 stored after %2 delivered"_s.arg(onDisk).arg(delivered)));
        QVERIFY(onDisk <= limit);
    }
    const auto refused = meter.consume(subscriptionId, plan);
    QVERIFY(!refused.allowed);
    QVERIFY(!refused.storageFailed);
    QCOMPARE(meter.remaining(subscriptionId, plan), 0);
    QCOMPARE(stored(m_afterRestart), limit);
}

void TestEventMeter::restartAfterCrashNeverOvershoots()
{
    const auto plan = limited(50);
    EventMeter crashed(m_store);
    for (int i = 0; i < 30; ++i)
        QVERIFY(crashed.consume(subscriptionId, plan).allowed);
    // No flush: the restarted process sees only what was written before each event went out.
    EventMeter restarted(m_afterRestart);
    QVERIFY(restarted.remaining(subscriptionId, plan) <= 20);
    int more = 0;
    while (restarted.consume(subscriptionId, plan).allowed)
        ++more;
    QVERIFY2(more <= 20, qPrintable(QString::number(more)));
    QVERIFY2(more >= 20 - EventMeter::minimumLease, qPrintable(QString::number(more)));
}

void TestEventMeter::flushReturnsUnusedLease()
{
    const auto plan = limited(100);
    EventMeter meter(m_store);
    for (int i = 0; i < 5; ++i)
        QVERIFY(meter.consume(subscriptionId, plan).allowed);
    QCOMPARE(stored(m_afterRestart), EventMeter::minimumLease);
    meter.flush();
    QCOMPARE(stored(m_afterRestart), 5);
    // Consuming after a flush takes a new lease on top of the exact count.
    QVERIFY(meter.consume(subscriptionId, plan).allowed);
    QCOMPARE(stored(m_afterRestart), 6 + EventMeter::minimumLease - 1);
    QCOMPARE(meter.remaining(subscriptionId, plan), 94);
}

void TestEventMeter::unlimitedPlanIsCountedOnFlush()
{
    const models::BusinessPlan unlimited{u"AsyncUnlimited"_s, {}, -1, 86400};
    {
        EventMeter meter(m_store);
        for (int i = 0; i < 100; ++i) {
            const auto grant = meter.consume(subscriptionId, unlimited);
            QVERIFY(grant.allowed);
            QCOMPARE(grant.remaining, -1);
        }
        meter.flush();
        QCOMPARE(stored(m_afterRestart), 100);
        QVERIFY(meter.consume(subscriptionId, unlimited).allowed);
    } // the destructor writes the last one
    QCOMPARE(stored(m_afterRestart), 101);
}

void TestEventMeter::removedSubscriptionLeavesNoUsage()
{
    const auto plan = limited(10);
    EventMeter meter(m_store);
    for (int i = 0; i < 10; ++i)
        QVERIFY(meter.consume(subscriptionId, plan).allowed);
    QVERIFY(!meter.consume(subscriptionId, plan).allowed);
    // The subscription was removed and its usage rows with it.
    QVERIFY(m_store->write([&]() -> models::Status { return m_store->deleteSubscription(subscriptionId); }));
    meter.forget(subscriptionId);
    QCOMPARE(stored(m_afterRestart), 0);
    meter.flush(); // nothing left to write for it
    QCOMPARE(stored(m_afterRestart), 0);
}

void TestEventMeter::usageExcludesUnusedLease()
{
    // The subscription is on AsyncGold: 50000 events a day.
    const auto plan = m_store->plan(u"AsyncGold"_s).value();
    EventMeter meter(m_store);
    for (int i = 0; i < 3; ++i)
        QVERIFY(meter.consume(subscriptionId, plan).allowed);
    QCOMPARE(stored(m_afterRestart), EventMeter::minimumLease); // the lease is on disk, unused
    const auto usage = meter.usage(subscriptionId);
    QVERIFY(usage);
    QCOMPARE(usage->plan, u"AsyncGold"_s);
    QCOMPARE(usage->delivered, 3);
    QCOMPARE(usage->limit, 50000);
    const auto now = QDateTime::currentDateTimeUtc();
    QVERIFY(usage->windowStart <= now && now < usage->windowEnd);
    QCOMPARE(usage->windowStart.secsTo(usage->windowEnd), 86400);
    QCOMPARE(stored(m_afterRestart), EventMeter::minimumLease); // asking leased nothing

    // Another meter (no counter of its own) reads the store, which flush() made exact.
    meter.flush();
    EventMeter other(m_afterRestart);
    QCOMPARE(other.usage(subscriptionId)->delivered, 3);
    QVERIFY(!meter.usage(u"unknown"_s));
}

void TestEventMeter::concurrentConsumersTakeExactlyTheQuota()
{
    constexpr qint64 quota = 5000;
    const auto plan = limited(quota);
    EventMeter meter(m_store);
    std::atomic<qint64> granted{0};
    std::atomic<int> storageFailures{0};
    std::atomic<int> consumersLeft{8};
    // Watches the file from its own connection while the consumers run: what is stored never falls below
    // what was granted (granted is read first, and only grows).
    std::atomic<qint64> checks{0};
    std::atomic<qint64> worstShortfall{0};
    std::unique_ptr<QThread> watcher(QThread::create([&] {
        do {
            const auto before = granted.load();
            const auto shortfall = before - stored(m_afterRestart);
            if (shortfall > worstShortfall.load())
                worstShortfall = shortfall;
            ++checks;
        } while (consumersLeft.load() > 0);
    }));
    watcher->start();
    std::vector<std::unique_ptr<QThread>> consumers;
    for (int t = 0; t < 8; ++t) {
        consumers.emplace_back(QThread::create([&] {
            for (;;) {
                const auto grant = meter.consume(subscriptionId, plan);
                if (!grant.allowed) {
                    storageFailures += grant.storageFailed ? 1 : 0;
                    break;
                }
                ++granted;
            }
            --consumersLeft;
        }));
        consumers.back()->start();
    }
    for (auto &consumer : consumers)
        QVERIFY(consumer->wait());
    QVERIFY(watcher->wait());
    QCOMPARE(storageFailures.load(), 0);
    QCOMPARE(granted.load(), quota);
    QVERIFY(checks.load() > 0);
    QCOMPARE(worstShortfall.load(), 0);
    QCOMPARE(stored(m_afterRestart), quota);
    QCOMPARE(meter.remaining(subscriptionId, plan), 0);
    QVERIFY(!meter.consume(subscriptionId, plan).allowed);
}

void TestEventMeter::steadyConsumerNeverWaitsForTheStore()
{
    const auto plan = limited(100000);
    EventMeter meter(m_store);
    // Opening a stream asks for the first lease.
    QCOMPARE(meter.remaining(subscriptionId, plan), 100000);
    waitForWriter(meter);
    QCOMPARE(stored(m_afterRestart), EventMeter::minimumLease);
    for (qint64 delivered = 1; delivered <= 1000; ++delivered) {
        const auto grant = meter.consume(subscriptionId, plan);
        QVERIFY(grant.allowed);
        waitForWriter(meter);
        const auto onDisk = stored(m_afterRestart);
        QVERIFY2(onDisk > delivered,
                 qPrintable(u"%1 stored after %2 delivered"_s.arg(onDisk).arg(delivered)));
    }
    // The next lease was always durable before the last one ran out.
    QCOMPARE(meter.leaseWaits(), quint64(0));
    meter.flush();
    QCOMPARE(stored(m_afterRestart), 1000);
}

void TestEventMeter::idleLeaseGoesBack()
{
    const auto plan = limited(100);
    EventMeter meter(m_store);
    for (int i = 0; i < 5; ++i)
        QVERIFY(meter.consume(subscriptionId, plan).allowed);
    QCOMPARE(stored(m_afterRestart), EventMeter::minimumLease);
    // A second without events: the unused part goes back without a flush.
    QTRY_COMPARE_WITH_TIMEOUT(stored(m_afterRestart), 5, 30000);
    QCOMPARE(meter.remaining(subscriptionId, plan), 95);
}

void TestEventMeter::failedLeaseRefusesTheEvent()
{
    const auto plan = limited(100);
    EventMeter meter(m_store);
    QVERIFY(m_store->write([&]() -> models::Status { return m_store->deleteSubscription(subscriptionId); }));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"SQL failed:.*FOREIGN KEY"_s));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(u"Could not save event usage of subscription s1"_s));
    const auto grant = meter.consume(subscriptionId, plan);
    QVERIFY(!grant.allowed);
    QVERIFY(grant.storageFailed);
    QCOMPARE(stored(m_afterRestart), 0);
}

void TestEventMeter::everyWindowKeepsItsCount_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::newRow("limited") << qint64(1000);
    QTest::newRow("unlimited") << qint64(-1);
}

void TestEventMeter::everyWindowKeepsItsCount()
{
    QFETCH(qint64, limit);
    // One-second windows: three of them pass while the test consumes.
    const models::BusinessPlan plan{u"Second"_s, {}, limit, 1};
    EventMeter meter(m_store);
    const auto first = EventMeter::windowStart(plan, QDateTime::currentSecsSinceEpoch());
    auto window = first;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 10; ++i)
            QVERIFY(meter.consume(subscriptionId, plan).allowed);
        QTRY_VERIFY(EventMeter::windowStart(plan, QDateTime::currentSecsSinceEpoch()) != window);
        window = EventMeter::windowStart(plan, QDateTime::currentSecsSinceEpoch());
    }
    meter.flush();
    // Each window keeps what was delivered in it, not its unused lease.
    qint64 total = 0;
    for (auto w = first; w <= window; ++w)
        total += m_afterRestart->eventUsage(subscriptionId, w);
    QCOMPARE(total, 30);
}

QTEST_GUILESS_MAIN(TestEventMeter)
#include "tst_eventmeter.moc"
