// The whole test runs on EpollEventDispatcher in the main thread, so every QTRY_*, QSignalSpy::wait and
// nested QEventLoop here goes through it too: timers, posted events, socket notifiers and wake-ups.
#include "gateway/dataplane/epolleventdispatcher.h"
#include "gateway/runtime/descriptorlimit.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using sd::gateway::DescriptorLimit;
using sd::gateway::EpollEventDispatcher;
using namespace Qt::StringLiterals;

namespace {

constexpr int waitMs = 60'000;

// A connected AF_UNIX stream pair, closed on destruction.
struct SocketPair
{
    SocketPair()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
            fds[0] = fds[1] = -1;
    }
    ~SocketPair()
    {
        for (int fd : fds) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    Q_DISABLE_COPY_MOVE(SocketPair)

    bool send(const char *bytes) const { return ::write(fds[1], bytes, qstrlen(bytes)) > 0; }
    void drain() const
    {
        char buffer[64];
        while (::read(fds[0], buffer, sizeof buffer) > 0) {
        }
    }

    int fds[2] = {-1, -1};
};

// A client socket and the server side of the same loopback TCP connection.
struct TcpPair
{
    QTcpServer server;
    QTcpSocket client;
    QTcpSocket *accepted = nullptr;
};

bool connectPair(TcpPair &pair)
{
    if (!pair.server.listen(QHostAddress::LocalHost, 0))
        return false;
    pair.client.connectToHost(QHostAddress::LocalHost, pair.server.serverPort());
    if (!pair.server.waitForNewConnection(waitMs))
        return false;
    pair.accepted = pair.server.nextPendingConnection();
    return pair.accepted &&
           (pair.client.state() == QAbstractSocket::ConnectedState || pair.client.waitForConnected(waitMs));
}

EpollEventDispatcher *dispatcher()
{
    return qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
}

} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void installedForMainThread();
    void singleShotFiresOnce();
    void repeatingTimer();
    void registeredTimersAndRemainingTime();
    void manyTimersStartAndStop();
    void zeroTimerDoesNotStarveOthers();
    void timerStoppedByEarlierTimer_data();
    void timerStoppedByEarlierTimer();
    void timerNotReenteredFromNestedLoop();
    void deleteLaterAndPostedEvents();
    void crossThreadWakeUps();
    void interruptEndsBlockingWait();
    void excludeSocketNotifiers();
    void excludeTimers();
    void moreReadySocketsThanOnePassHolds();
    void notifiersShareOneDescriptor();
    void interestChangedWithinOnePass();
    void descriptorReusedAfterAnInterestChange();
    void exceptionNotifierOnUrgentData();
    void notifierRemovedByEarlierActivation_data();
    void notifierRemovedByEarlierActivation();
    void notifierDeletedInItsOwnActivation();
    void descriptorReusedBehindALeakedNotifier();
    void socketDeletedFromReadyRead();
    void peerCloseDeliversReadyReadAndDisconnected();
};

void TestEpollEventDispatcher::installedForMainThread()
{
    QVERIFY(dispatcher());
}

void TestEpollEventDispatcher::singleShotFiresOnce()
{
    int fired = 0;
    bool later = false;
    QTimer::singleShot(5, this, [&] { ++fired; });
    QTimer::singleShot(30, this, [&] { later = true; });
    QTRY_VERIFY_WITH_TIMEOUT(later, waitMs);
    QCOMPARE(fired, 1);
}

void TestEpollEventDispatcher::repeatingTimer()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(2);
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++fired == 5)
            timer.stop();
    });
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(!timer.isActive(), waitMs);
    QCOMPARE(fired, 5);
}

void TestEpollEventDispatcher::registeredTimersAndRemainingTime()
{
    QObject owner;
    const int id = owner.startTimer(10'000, Qt::CoarseTimer);
    QVERIFY(id > 0);
    const auto infos = dispatcher()->registeredTimers(&owner);
    QCOMPARE(infos.size(), 1);
    QCOMPARE(infos.first().timerId, id);
    QCOMPARE(infos.first().interval, 10'000);
    QCOMPARE(infos.first().timerType, Qt::CoarseTimer);
    const int remaining = dispatcher()->remainingTime(id);
    QVERIFY(remaining > 0);
    QVERIFY(remaining <= 10'000);

    const int second = owner.startTimer(20'000);
    QCOMPARE(dispatcher()->registeredTimers(&owner).size(), 2);
    owner.killTimer(id);
    QCOMPARE(dispatcher()->remainingTime(id), -1);
    QCOMPARE(dispatcher()->registeredTimers(&owner).size(), 1);
    QVERIFY(dispatcher()->unregisterTimers(&owner));
    QCOMPARE(dispatcher()->remainingTime(second), -1);
    QVERIFY(dispatcher()->registeredTimers(&owner).isEmpty());
    QVERIFY(!dispatcher()->unregisterTimers(&owner));
}

void TestEpollEventDispatcher::manyTimersStartAndStop()
{
    constexpr int count = 20'000;
    std::vector<std::unique_ptr<QTimer>> timers;
    int fired = 0;
    for (int i = 0; i < count; ++i) {
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        connect(timer.get(), &QTimer::timeout, this, [&] { ++fired; });
        timer->start(60'000 + i % 1000);
        timers.push_back(std::move(timer));
    }
    // Restart every other timer a few times, as heartbeats do on every read, then make half of them due now.
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < count; i += 2)
            timers[std::size_t(i)]->start(30'000 + round);
    }
    for (int i = 0; i < count; i += 2)
        timers[std::size_t(i)]->start(0);
    QTRY_COMPARE_WITH_TIMEOUT(fired, count / 2, waitMs);
    QVERIFY(dispatcher()->registeredTimers(timers[0].get()).isEmpty());
    const auto waiting = dispatcher()->registeredTimers(timers[1].get());
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(waiting.first().interval, 60'001);
}

void TestEpollEventDispatcher::zeroTimerDoesNotStarveOthers()
{
    QTimer zero;
    int zeroFired = 0;
    connect(&zero, &QTimer::timeout, this, [&] { ++zeroFired; });
    zero.start(0);

    bool timerFired = false;
    bool posted = false;
    QTimer::singleShot(20, this, [&] { timerFired = true; });
    QMetaObject::invokeMethod(
        this, [&] { posted = true; }, Qt::QueuedConnection);

    TcpPair pair;
    QVERIFY(connectPair(pair));
    QSignalSpy readyRead(pair.accepted, &QTcpSocket::readyRead);
    pair.client.write("ping");

    QTRY_VERIFY_WITH_TIMEOUT(timerFired && posted && !readyRead.isEmpty(), waitMs);
    QVERIFY(zeroFired > 1);
    QCOMPARE(pair.accepted->readAll(), QByteArray("ping"));
}

void TestEpollEventDispatcher::timerStoppedByEarlierTimer_data()
{
    QTest::addColumn<bool>("deleteIt");
    QTest::newRow("stopped") << false;
    QTest::newRow("deleted") << true;
}

void TestEpollEventDispatcher::timerStoppedByEarlierTimer()
{
    QFETCH(bool, deleteIt);
    // Both zero-interval timers are due in every pass; the first one's handler runs first and removes the
    // second.
    QTimer first;
    auto second = std::make_unique<QTimer>();
    int firstFired = 0;
    int secondFired = 0;
    connect(second.get(), &QTimer::timeout, this, [&] { ++secondFired; });
    connect(&first, &QTimer::timeout, this, [&] {
        ++firstFired;
        if (deleteIt)
            second.reset();
        else if (second)
            second->stop();
    });
    first.start(0);
    second->start(0);
    QTRY_VERIFY_WITH_TIMEOUT(firstFired >= 3, waitMs);
    QCOMPARE(secondFired, 0);
}

void TestEpollEventDispatcher::timerNotReenteredFromNestedLoop()
{
    QTimer repeating;
    repeating.setTimerType(Qt::PreciseTimer);
    repeating.setInterval(1);
    QTimer witness;
    witness.setTimerType(Qt::PreciseTimer);
    witness.setInterval(3);
    int depth = 0;
    int deepest = 0;
    int fired = 0;
    int witnessed = 0;
    QEventLoop nested;
    connect(&witness, &QTimer::timeout, this, [&] {
        // Several of the repeating timer's intervals have passed while its handler is still running.
        if (++witnessed == 3)
            nested.quit();
    });
    connect(&repeating, &QTimer::timeout, this, [&] {
        ++fired;
        deepest = qMax(deepest, ++depth);
        if (fired == 1) {
            witness.start();
            nested.exec();
        }
        --depth;
    });
    repeating.start();
    QTRY_VERIFY_WITH_TIMEOUT(fired >= 3, waitMs);
    QCOMPARE(deepest, 1);
    QVERIFY(witnessed >= 3);
}

void TestEpollEventDispatcher::deleteLaterAndPostedEvents()
{
    QPointer<QObject> doomed = new QObject;
    QPointer<QObject> insideNested = new QObject;
    QEventLoop nested;
    bool nestedDone = false;
    QMetaObject::invokeMethod(
        this,
        [&] {
            insideNested->deleteLater();
            // deleteLater() from a nested loop waits for control to return to that loop's level.
            QTimer::singleShot(0, &nested, [&] { nested.quit(); });
            nested.exec();
            nestedDone = true;
        },
        Qt::QueuedConnection);
    doomed->deleteLater();
    QTRY_VERIFY_WITH_TIMEOUT(doomed.isNull() && nestedDone, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(insideNested.isNull(), waitMs);
}

void TestEpollEventDispatcher::crossThreadWakeUps()
{
    constexpr int posts = 2000;
    int received = 0;
    std::thread poster([this, &received] {
        for (int i = 0; i < posts; ++i)
            QMetaObject::invokeMethod(
                this, [&received] { ++received; }, Qt::QueuedConnection);
    });
    QTRY_COMPARE_WITH_TIMEOUT(received, posts, waitMs);
    poster.join();
}

void TestEpollEventDispatcher::interruptEndsBlockingWait()
{
    EpollEventDispatcher *const mainDispatcher = dispatcher();
    std::atomic<bool> blocking = false;
    const auto connection = connect(
        mainDispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [&] { blocking = true; },
        Qt::DirectConnection);
    std::thread interrupter([&] {
        while (!blocking)
            std::this_thread::yield();
        mainDispatcher->interrupt();
    });
    // Nothing is posted and no timer is registered: only interrupt() can end this wait.
    mainDispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    interrupter.join();
    disconnect(connection);
    QVERIFY(blocking);
}

void TestEpollEventDispatcher::excludeSocketNotifiers()
{
    SocketPair pair;
    QVERIFY(pair.fds[0] >= 0);
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activated = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activated; });
    QVERIFY(pair.send("x"));

    bool timerFired = false;
    QTimer::singleShot(5, this, [&] { timerFired = true; });
    // The readable socket must neither be delivered nor end the wait early (no busy loop).
    while (!timerFired)
        dispatcher()->processEvents(QEventLoop::ExcludeSocketNotifiers | QEventLoop::WaitForMoreEvents);
    QCOMPARE(activated, 0);

    QTRY_VERIFY_WITH_TIMEOUT(activated > 0, waitMs);
    pair.drain();
}

void TestEpollEventDispatcher::excludeTimers()
{
    QTimer zero;
    int fired = 0;
    connect(&zero, &QTimer::timeout, this, [&] { ++fired; });
    zero.start(0);
    dispatcher()->processEvents(QEventLoop::X11ExcludeTimers);
    QCOMPARE(fired, 0);
    dispatcher()->processEvents(QEventLoop::AllEvents);
    QCOMPARE(fired, 1);
}

void TestEpollEventDispatcher::moreReadySocketsThanOnePassHolds()
{
    constexpr int count = 1000;
    QVERIFY(DescriptorLimit::raiseToHardLimit() >= 2 * count + 100);
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
    int activated = 0;
    for (int i = 0; i < count; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        QVERIFY(pairs.back()->fds[0] >= 0);
        QVERIFY(pairs.back()->send("x"));
        auto notifier = std::make_unique<QSocketNotifier>(pairs.back()->fds[0], QSocketNotifier::Read);
        connect(notifier.get(), &QSocketNotifier::activated, this, [&, raw = notifier.get(), i] {
            ++activated;
            pairs[std::size_t(i)]->drain();
            raw->setEnabled(false);
        });
        notifiers.push_back(std::move(notifier));
    }
    // All are ready at once: each is delivered exactly once, over as many passes as it takes.
    QTRY_COMPARE_WITH_TIMEOUT(activated, count, waitMs);
}

void TestEpollEventDispatcher::notifiersShareOneDescriptor()
{
    SocketPair pair;
    QVERIFY(pair.fds[0] >= 0);
    QSocketNotifier reader(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier writer(pair.fds[0], QSocketNotifier::Write);
    int reads = 0;
    int writes = 0;
    connect(&reader, &QSocketNotifier::activated, this, [&] {
        ++reads;
        pair.drain();
    });
    connect(&writer, &QSocketNotifier::activated, this, [&] { ++writes; });

    // An idle socket is writable, not readable.
    QTRY_VERIFY_WITH_TIMEOUT(writes > 0, waitMs);
    QCOMPARE(reads, 0);

    writer.setEnabled(false);
    QVERIFY(pair.send("a"));
    QTRY_COMPARE_WITH_TIMEOUT(reads, 1, waitMs);

    reader.setEnabled(false);
    writes = 0;
    writer.setEnabled(true);
    QVERIFY(pair.send("b"));
    QTRY_VERIFY_WITH_TIMEOUT(writes > 0, waitMs);
    QCOMPARE(reads, 1);

    writer.setEnabled(false);
    reader.setEnabled(true);
    QTRY_COMPARE_WITH_TIMEOUT(reads, 2, waitMs);
}

// The dispatcher hands a change between two non-empty interests to epoll only before its next wait: a write
// notifier enabled and disabled again within one pass is never activated, and one left enabled is.
void TestEpollEventDispatcher::interestChangedWithinOnePass()
{
    SocketPair pair;
    QVERIFY(pair.fds[0] >= 0);
    QSocketNotifier reader(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier writer(pair.fds[0], QSocketNotifier::Write);
    writer.setEnabled(false);
    int reads = 0;
    int writes = 0;
    bool keepWriter = false;
    connect(&reader, &QSocketNotifier::activated, this, [&] {
        ++reads;
        pair.drain();
        writer.setEnabled(true);
        writer.setEnabled(keepWriter);
    });
    connect(&writer, &QSocketNotifier::activated, this, [&] {
        ++writes;
        writer.setEnabled(false);
    });

    QVERIFY(pair.send("a"));
    QTRY_COMPARE_WITH_TIMEOUT(reads, 1, waitMs);
    // A second read proves that passes went by in which the writer could have been activated.
    QVERIFY(pair.send("b"));
    QTRY_COMPARE_WITH_TIMEOUT(reads, 2, waitMs);
    QCOMPARE(writes, 0);

    keepWriter = true;
    QVERIFY(pair.send("c"));
    QTRY_COMPARE_WITH_TIMEOUT(writes, 1, waitMs);
    QCOMPARE(reads, 3);
}

// A descriptor closed while a change of its interest waits for the next pass may come back as a new socket
// at once; the new socket's notifier must still be watched.
void TestEpollEventDispatcher::descriptorReusedAfterAnInterestChange()
{
    auto first = std::make_unique<SocketPair>();
    QVERIFY(first->fds[0] >= 0);
    const int number = first->fds[0];
    auto reader = std::make_unique<QSocketNotifier>(number, QSocketNotifier::Read);
    auto writer = std::make_unique<QSocketNotifier>(number, QSocketNotifier::Write);
    QSignalSpy written(writer.get(), &QSocketNotifier::activated);
    QVERIFY(written.wait(waitMs)); // epoll now watches both directions
    writer->setEnabled(false);     // waits for the next pass
    writer.reset();
    reader.reset();
    first.reset();

    SocketPair reused;
    QCOMPARE(reused.fds[0], number);
    QSocketNotifier current(reused.fds[0], QSocketNotifier::Read);
    QSignalSpy activated(&current, &QSocketNotifier::activated);
    QVERIFY(reused.send("x"));
    QVERIFY(activated.wait(waitMs));
    reused.drain();
}

void TestEpollEventDispatcher::exceptionNotifierOnUrgentData()
{
    TcpPair pair;
    QVERIFY(connectPair(pair));
    // An exception notifier next to the socket's own read and write notifiers on one descriptor.
    QSocketNotifier exception(pair.accepted->socketDescriptor(), QSocketNotifier::Exception);
    QSignalSpy activated(&exception, &QSocketNotifier::activated);
    connect(&exception, &QSocketNotifier::activated, this, [&] { exception.setEnabled(false); });
    QByteArray received;
    connect(pair.accepted, &QTcpSocket::readyRead, this, [&] { received += pair.accepted->readAll(); });
    const char urgent = '!';
    QCOMPARE(::send(int(pair.client.socketDescriptor()), &urgent, 1, MSG_OOB), 1);
    QVERIFY(activated.wait(waitMs));
    // Qt's TCP sockets receive urgent data inline.
    QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("!"), waitMs);
}

void TestEpollEventDispatcher::notifierRemovedByEarlierActivation_data()
{
    QTest::addColumn<bool>("deleteIt");
    QTest::newRow("disabled") << false;
    QTest::newRow("deleted") << true;
}

void TestEpollEventDispatcher::notifierRemovedByEarlierActivation()
{
    QFETCH(bool, deleteIt);
    SocketPair first;
    SocketPair second;
    QVERIFY(first.fds[0] >= 0 && second.fds[0] >= 0);
    std::unique_ptr<QSocketNotifier> notifiers[2] = {
        std::make_unique<QSocketNotifier>(first.fds[0], QSocketNotifier::Read),
        std::make_unique<QSocketNotifier>(second.fds[0], QSocketNotifier::Read),
    };
    int activations = 0;
    for (int i = 0; i < 2; ++i) {
        connect(notifiers[i].get(), &QSocketNotifier::activated, this, [&, other = 1 - i] {
            ++activations;
            if (deleteIt)
                notifiers[other].reset();
            else if (notifiers[other])
                notifiers[other]->setEnabled(false);
        });
    }
    // Both descriptors are ready before the pass starts: epoll reports both, only one may be delivered.
    QVERIFY(first.send("x"));
    QVERIFY(second.send("y"));
    while (activations == 0)
        dispatcher()->processEvents(QEventLoop::AllEvents);
    QCOMPARE(activations, 1);
    first.drain();
    second.drain();
}

void TestEpollEventDispatcher::notifierDeletedInItsOwnActivation()
{
    SocketPair pair;
    QVERIFY(pair.fds[0] >= 0);
    QPointer<QSocketNotifier> reader = new QSocketNotifier(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier writer(pair.fds[0], QSocketNotifier::Write);
    int writes = 0;
    connect(&writer, &QSocketNotifier::activated, this, [&] { ++writes; });
    connect(reader.data(), &QSocketNotifier::activated, this, [&] { delete reader.data(); });
    QVERIFY(pair.send("x"));
    QTRY_VERIFY_WITH_TIMEOUT(reader.isNull(), waitMs);
    // The descriptor's remaining notifier keeps working after its neighbour left the shared epoll entry.
    writes = 0;
    QTRY_VERIFY_WITH_TIMEOUT(writes > 0, waitMs);
}

void TestEpollEventDispatcher::descriptorReusedBehindALeakedNotifier()
{
    auto closed = std::make_unique<SocketPair>();
    QVERIFY(closed->fds[0] >= 0);
    const int number = closed->fds[0];
    // A notifier left enabled while its descriptor is closed; the lowest free number comes back next.
    QSocketNotifier leaked(number, QSocketNotifier::Read);
    closed.reset();
    SocketPair reused;
    QCOMPARE(reused.fds[0], number);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"several socket notifiers"_s));
    QSocketNotifier current(reused.fds[0], QSocketNotifier::Read);
    QSignalSpy activated(&current, &QSocketNotifier::activated);
    QVERIFY(reused.send("x"));
    QVERIFY(activated.wait(waitMs));
    reused.drain();
}

void TestEpollEventDispatcher::socketDeletedFromReadyRead()
{
    TcpPair first;
    TcpPair second;
    QVERIFY(connectPair(first));
    QVERIFY(connectPair(second));
    QPointer<QTcpSocket> a = first.accepted;
    QPointer<QTcpSocket> b = second.accepted;
    int reads = 0;
    // Whichever socket reads first deletes the other one (pending in the same pass) and itself.
    const auto onReadyRead = [&](QTcpSocket *self, QPointer<QTcpSocket> &other) {
        ++reads;
        delete other.data();
        self->deleteLater();
    };
    connect(a.data(), &QTcpSocket::readyRead, this, [&] { onReadyRead(a.data(), b); });
    connect(b.data(), &QTcpSocket::readyRead, this, [&] { onReadyRead(b.data(), a); });
    first.client.write("one");
    second.client.write("two");
    QVERIFY(first.client.waitForBytesWritten(waitMs));
    QVERIFY(second.client.waitForBytesWritten(waitMs));
    QTRY_VERIFY_WITH_TIMEOUT(a.isNull() && b.isNull(), waitMs);
    QCOMPARE(reads, 1);
    // Both peers see their connection end.
    QTRY_COMPARE_WITH_TIMEOUT(first.client.state(), QAbstractSocket::UnconnectedState, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.client.state(), QAbstractSocket::UnconnectedState, waitMs);
}

void TestEpollEventDispatcher::peerCloseDeliversReadyReadAndDisconnected()
{
    TcpPair pair;
    QVERIFY(connectPair(pair));
    QByteArray received;
    connect(pair.accepted, &QTcpSocket::readyRead, this, [&] { received += pair.accepted->readAll(); });
    QSignalSpy disconnected(pair.accepted, &QTcpSocket::disconnected);
    pair.client.write("last words");
    pair.client.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, waitMs);
    QCOMPARE(received, QByteArray("last words"));
}

int main(int argc, char **argv)
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
