#include "gateway/rest/loginthrottle.h"

#include <QTest>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysDoubleUpToTheCap();
    void successClearsTheAddress();
    void addressesAreIndependent();
    void floodOfAddressesIsBounded();
    void lockoutLastsTheDelay();
};

void TestLoginThrottle::delaysDoubleUpToTheCap()
{
    LoginThrottle throttle;
    QList<int> delays;
    for (int i = 0; i < 40; ++i)
        delays << throttle.failed(u"10.0.0.1"_s);
    QCOMPARE(delays.mid(0, 6), (QList<int>{250, 500, 1000, 2000, 4000, 4000}));
    QCOMPARE(delays.last(), LoginThrottle::defaultMaxDelayMs);
    QCOMPARE(throttle.consecutiveFailures(u"10.0.0.1"_s), 30); // counted up to a ceiling, never overflowing
}

void TestLoginThrottle::successClearsTheAddress()
{
    LoginThrottle throttle;
    throttle.failed(u"10.0.0.1"_s);
    throttle.failed(u"10.0.0.1"_s);
    QCOMPARE(throttle.consecutiveFailures(u"10.0.0.1"_s), 2);
    throttle.succeeded(u"10.0.0.1"_s);
    QCOMPARE(throttle.consecutiveFailures(u"10.0.0.1"_s), 0);
    QCOMPARE(throttle.failed(u"10.0.0.1"_s), LoginThrottle::defaultFirstDelayMs);
}

void TestLoginThrottle::addressesAreIndependent()
{
    LoginThrottle throttle;
    for (int i = 0; i < 5; ++i)
        throttle.failed(u"10.0.0.1"_s);
    QCOMPARE(throttle.failed(u"::1"_s), LoginThrottle::defaultFirstDelayMs);
    QCOMPARE(throttle.consecutiveFailures(u"10.0.0.1"_s), 5);
    QCOMPARE(throttle.consecutiveFailures(u"10.0.0.2"_s), 0);
}

void TestLoginThrottle::floodOfAddressesIsBounded()
{
    LoginThrottle throttle;
    for (qsizetype i = 0; i < LoginThrottle::maxKeys; ++i)
        throttle.failed(QString::number(i));
    QCOMPARE(throttle.consecutiveFailures(u"0"_s), 1);
    // Full and nothing expired yet: the table starts over instead of growing.
    throttle.failed(u"one more"_s);
    QCOMPARE(throttle.consecutiveFailures(u"0"_s), 0);
    QCOMPARE(throttle.consecutiveFailures(u"one more"_s), 1);
}

void TestLoginThrottle::lockoutLastsTheDelay()
{
    LoginThrottle throttle(100, 300);
    QCOMPARE(throttle.retryAfterMs(u"key"_s), 0);
    QCOMPARE(throttle.failed(u"key"_s), 100);
    QVERIFY(throttle.retryAfterMs(u"key"_s) > 0);
    QVERIFY(throttle.retryAfterMs(u"key"_s) <= 100);
    QCOMPARE(throttle.retryAfterMs(u"other"_s), 0);
    QTRY_COMPARE(throttle.retryAfterMs(u"key"_s), 0);
    // The next failure locks for longer, up to the maximum; a success unlocks at once.
    QCOMPARE(throttle.failed(u"key"_s), 200);
    QCOMPARE(throttle.failed(u"key"_s), 300);
    QCOMPARE(throttle.failed(u"key"_s), 300);
    QVERIFY(throttle.retryAfterMs(u"key"_s) > 0);
    throttle.succeeded(u"key"_s);
    QCOMPARE(throttle.retryAfterMs(u"key"_s), 0);
}

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
