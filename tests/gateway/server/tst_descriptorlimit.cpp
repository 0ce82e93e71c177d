#include "gateway/runtime/descriptorlimit.h"

#include <QTest>
#include <sys/resource.h>

using sd::gateway::DescriptorLimit;

class TestDescriptorLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisesSoftLimitToHard();
    void capacity_data();
    void capacity();
};

void TestDescriptorLimit::raisesSoftLimitToHard()
{
    rlimit before{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &before), 0);
    rlimit lowered = before;
    lowered.rlim_cur = qMin<rlim_t>(before.rlim_max, 256);
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    const auto raised = DescriptorLimit::raiseToHardLimit();
    rlimit after{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &after), 0);
    QCOMPARE(after.rlim_cur, before.rlim_max);
    if (before.rlim_max != RLIM_INFINITY)
        QCOMPARE(raised, qint64(before.rlim_max));
}

void TestDescriptorLimit::capacity_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("streams");
    QTest::newRow("desktop default") << qint64(1024) << 448;
    QTest::newRow("this machine's hard limit") << qint64(20000) << 9936;
    QTest::newRow("tiny") << qint64(100) << 1;
}

void TestDescriptorLimit::capacity()
{
    QFETCH(qint64, limit);
    QFETCH(int, streams);
    QCOMPARE(DescriptorLimit::streamCapacity(limit), streams);
}

QTEST_APPLESS_MAIN(TestDescriptorLimit)
#include "tst_descriptorlimit.moc"
