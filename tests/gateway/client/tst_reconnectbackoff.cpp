// ReconnectBackoff: the server's retry, doubling per failed attempt, the 60 s cap and resets.
#include "gateway/client/reconnectbackoff.h"

#include <QTest>

using namespace sd::gateway;

class TestReconnectBackoff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delays_data();
    void delays();
    void resetAfterAnEvent();
    void restartForgetsTheServer();
};

void TestReconnectBackoff::delays_data()
{
    QTest::addColumn<int>("serverDelay"); // -1: the server sent no retry
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("default") << -1 << QList<int>{3000, 6000, 12000, 24000, 48000, 60000, 60000};
    QTest::newRow("server 1 s") << 1000 << QList<int>{1000, 2000, 4000, 8000, 16000, 32000, 60000};
    QTest::newRow("server 0") << 0 << QList<int>{0, 500, 1000, 2000, 4000, 8000, 16000, 32000, 60000};
    QTest::newRow("server 90 s") << 90000 << QList<int>{90000, 90000, 90000};
    QTest::newRow("server INT_MAX") << INT_MAX << QList<int>{INT_MAX, INT_MAX};
}

void TestReconnectBackoff::delays()
{
    QFETCH(int, serverDelay);
    QFETCH(QList<int>, expected);
    ReconnectBackoff backoff;
    if (serverDelay >= 0)
        backoff.setServerDelay(serverDelay);
    QList<int> seen;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        seen.append(backoff.next());
        QCOMPARE(backoff.attempt(), i + 1);
    }
    QCOMPARE(seen, expected);
    // Many more failures stay at the cap.
    for (int i = 0; i < 100; ++i)
        QCOMPARE(backoff.next(), expected.constLast());
}

void TestReconnectBackoff::resetAfterAnEvent()
{
    ReconnectBackoff backoff;
    backoff.setServerDelay(500);
    QCOMPARE(backoff.next(), 500);
    QCOMPARE(backoff.next(), 1000);
    backoff.reset();
    QCOMPARE(backoff.attempt(), 0);
    QCOMPARE(backoff.next(), 500);
    backoff.setServerDelay(std::nullopt);
    QCOMPARE(backoff.next(), 1000);
}

void TestReconnectBackoff::restartForgetsTheServer()
{
    ReconnectBackoff backoff;
    backoff.setServerDelay(500);
    backoff.next();
    backoff.restart();
    QCOMPARE(backoff.next(), ReconnectBackoff::defaultDelayMs);
}

QTEST_APPLESS_MAIN(TestReconnectBackoff)
#include "tst_reconnectbackoff.moc"
