// The listener's hand-off queue: connections admitted and handed to a worker that has not taken them yet
// (it is busy) fill the queue, the port then stops accepting and the rest wait in the kernel's backlog
// instead of counting against the per-address cap; once the worker takes half, accepting goes on. A client
// that holds its connections unanswered still meets the cap. The "worker" here is the test itself, taking
// the handed descriptors when it chooses, over real sockets on port 0.
#include "gateway/server/listener.h"

#include <QTcpSocket>
#include <QTest>
#include <algorithm>
#include <memory>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace sd::gateway;

namespace {

constexpr int clientCount = 20;
constexpr int perAddressCap = 8;
constexpr int handOffs = 4;

ConnectionLimits smallLimits()
{
    ConnectionLimits limits;
    limits.maxUnansweredPerAddress = perAddressCap;
    limits.maxUnansweredTotal = 4 * perAddressCap;
    limits.maxHandOffs = handOffs;
    return limits;
}

} // namespace

class TestListenerHandOff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void busyWorkerLeavesConnectionsInTheBacklog();
    void unansweredConnectionsStillMeetTheCap();

private:
    /// Connects clientCount clients from 127.0.0.1.
    void connectClients();
    /// Takes every descriptor handed over so far, as a worker would; `answer`: their requests are answered
    /// at once. Returns how many have been taken in all.
    int takeHanded(bool answer);
    int clientsAnswered503() const;

    std::unique_ptr<Listener> m_listener;
    QList<qintptr> m_handed;
    std::unique_ptr<QObject> m_taken; // parent of the sockets made of taken descriptors
    int m_takenCount = 0;
    std::vector<std::unique_ptr<QTcpSocket>> m_clients;
};

void TestListenerHandOff::init()
{
    m_listener = std::make_unique<Listener>(smallLimits(), false,
                                            [this](qintptr descriptor) { m_handed.append(descriptor); });
    QVERIFY(m_listener->open(QHostAddress::LocalHost, 0));
    m_taken = std::make_unique<QObject>();
}

void TestListenerHandOff::cleanup()
{
    m_clients.clear();
    m_taken.reset();
    m_listener.reset();
    for (const auto descriptor : std::as_const(m_handed))
        ::close(int(descriptor));
    m_handed.clear();
    m_takenCount = 0;
}

void TestListenerHandOff::connectClients()
{
    for (int i = 0; i < clientCount; ++i) {
        auto client = std::make_unique<QTcpSocket>();
        client->connectToHost(QHostAddress::LocalHost, m_listener->serverPort());
        m_clients.push_back(std::move(client));
    }
    // Connected in the kernel's backlog, whether or not the listener accepted them.
    for (const auto &client : m_clients)
        QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
}

int TestListenerHandOff::takeHanded(bool answer)
{
    const auto handed = std::exchange(m_handed, {});
    for (const auto descriptor : handed) {
        auto *socket = new QTcpSocket(m_taken.get());
        if (!socket->setSocketDescriptor(descriptor))
            ::close(int(descriptor));
        m_listener->admission()->track(descriptor, socket);
        if (answer)
            m_listener->admission()->answered(socket);
        ++m_takenCount;
    }
    return m_takenCount;
}

int TestListenerHandOff::clientsAnswered503() const
{
    return int(std::count_if(m_clients.cbegin(), m_clients.cend(),
                             [](const auto &client) { return client->peek(12).startsWith("HTTP/1.1 503"); }));
}

void TestListenerHandOff::busyWorkerLeavesConnectionsInTheBacklog()
{
    connectClients();
    // The worker takes nothing: the port holds once the queue is full, with the rest in the backlog.
    QTRY_VERIFY(m_listener->isHolding());
    QCOMPARE(m_handed.size(), handOffs);
    QCOMPARE(m_listener->admission()->of(QHostAddress::LocalHost).unanswered, handOffs);

    // Once it takes them, accepting goes on until every client is in, and none was refused, although
    // clientCount is more than the per-address cap.
    QTRY_COMPARE(takeHanded(true), clientCount);
    QVERIFY(!m_listener->isHolding());
    QCOMPARE(clientsAnswered503(), 0);
    for (const auto &client : m_clients)
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_listener->admission()->total().unanswered, 0);
}

void TestListenerHandOff::unansweredConnectionsStillMeetTheCap()
{
    connectClients();
    // The worker takes every connection but none sends a request: they stay unanswered, and past the cap
    // the rest of this address is refused as before.
    QTRY_COMPARE(takeHanded(false) + clientsAnswered503(), clientCount);
    QCOMPARE(m_takenCount, perAddressCap);
    QCOMPARE(clientsAnswered503(), clientCount - perAddressCap);
    QCOMPARE(m_listener->admission()->of(QHostAddress::LocalHost).unanswered, perAddressCap);
}

QTEST_GUILESS_MAIN(TestListenerHandOff)
#include "tst_listenerhandoff.moc"
