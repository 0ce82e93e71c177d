#include "gateway/runtime/descriptorlimit.h"

#include <QTest>
#include <sys/resource.h>

using sd::gateway::DescriptorLimit;

class TestDescriptorLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisesSoftLimitToHard();
    void streamBudget_data();
    void streamBudget();
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

void TestDescriptorLimit::streamBudget_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("descriptors");
    QTest::newRow("desktop default") << qint64(1024) << 896;
    QTest::newRow("this machine's hard limit") << qint64(20000) << 19872;
    QTest::newRow("tiny: one stream still fits") << qint64(100) << 2;
    QTest::newRow("unlimited") << (qint64(1) << 40) << (1 << 21);
}

void TestDescriptorLimit::streamBudget()
{
    QFETCH(qint64, limit);
    QFETCH(int, descriptors);
    QCOMPARE(DescriptorLimit::streamDescriptorBudget(limit), descriptors);
}

QTEST_APPLESS_MAIN(TestDescriptorLimit)
#include "tst_descriptorlimit.moc"
