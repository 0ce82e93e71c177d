// Worker threads on EpollEventDispatcher, driven from a main thread on Qt's default dispatcher, as the
// gateway's data plane runs: many TCP connections, TLS handshakes, timers, cross-thread calls, nested
// loops and thread shutdown.
#include "gateway/auth/tlsidentity.h"
#include "gateway/dataplane/epolleventdispatcher.h"
#include "gateway/runtime/descriptorlimit.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

namespace {

constexpr int waitMs = 120'000;

// A started QThread on EpollEventDispatcher and a context object living in it.
class Worker final
{
public:
    Worker()
    {
        m_thread.setEventDispatcher(new EpollEventDispatcher);
        m_thread.start();
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
    }
    ~Worker()
    {
        if (m_thread.isFinished()) {
            delete m_context;
            return;
        }
        // The thread sends deferred deletes as it finishes, so the context and its children die in it.
        m_context->deleteLater();
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(Worker)

    QThread &thread() { return m_thread; }
    QObject *context() const { return m_context; }
    // Runs f in the worker and returns when it has run.
    template <typename F> void run(F f)
    {
        QMetaObject::invokeMethod(m_context, std::move(f), Qt::BlockingQueuedConnection);
    }

private:
    QThread m_thread;
    QObject *m_context = nullptr;
};

// Starts an echo service on server (in the worker): every byte received is written back.
void serveEcho(QTcpServer *server, std::atomic<int> &disconnects)
{
    QObject::connect(server, &QTcpServer::pendingConnectionAvailable, server, [server, &disconnects] {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [socket] { socket->write(socket->readAll()); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, &disconnects] {
                ++disconnects;
                socket->deleteLater();
            });
        }
    });
}

// Listens on loopback port 0 in the worker and returns the port, or 0.
quint16 listenInWorker(Worker &worker, const std::optional<QSslConfiguration> &tls,
                       std::atomic<int> &disconnects)
{
    quint16 port = 0;
    worker.run([&] {
        QTcpServer *server = nullptr;
        if (tls) {
            auto *sslServer = new QSslServer(worker.context());
            sslServer->setSslConfiguration(*tls);
            server = sslServer;
        } else {
            server = new QTcpServer(worker.context());
        }
        server->setListenBacklogSize(1024);
        server->setMaxPendingConnections(1024);
        serveEcho(server, disconnects);
        if (server->listen(QHostAddress::LocalHost, 0))
            port = server->serverPort();
    });
    return port;
}

// A client in the main thread that sends its message once connected and counts the echo.
void echoOnce(QTcpSocket *socket, const QByteArray &message, int &completed)
{
    auto received = std::make_shared<QByteArray>();
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, message, received, &completed] {
        *received += socket->readAll();
        if (*received == message) {
            ++completed;
            socket->disconnectFromHost();
        }
    });
}

} // namespace

class TestEpollWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void echoManyConnections();
    void tlsHandshakes();
    void crossThreadCallsWakeTheWorker();
    void timersInWorker();
    void nestedLoopInWorkerKeepsServing();
    void deleteLaterInWorker();
    void quitAndWait();
};

void TestEpollWorker::initTestCase()
{
    // 500 connections take 1,000 descriptors in this process, the usual soft limit is 1,024.
    QVERIFY(DescriptorLimit::raiseToHardLimit() >= 1200);
}

void TestEpollWorker::echoManyConnections()
{
    constexpr int connections = 500;
    std::atomic<int> disconnects = 0;
    Worker worker;
    const quint16 port = listenInWorker(worker, std::nullopt, disconnects);
    QVERIFY(port != 0);

    std::vector<std::unique_ptr<QTcpSocket>> clients;
    int completed = 0;
    for (int i = 0; i < connections; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        const QByteArray message = "message " + QByteArray::number(i) + ' ' + QByteArray(i % 97, 'x');
        echoOnce(socket.get(), message, completed);
        connect(socket.get(), &QTcpSocket::connected, socket.get(),
                [raw = socket.get(), message] { raw->write(message); });
        socket->connectToHost(QHostAddress::LocalHost, port);
        clients.push_back(std::move(socket));
    }
    QTRY_COMPARE_WITH_TIMEOUT(completed, connections, waitMs);
    // The worker saw every peer close (end of stream on a readable socket).
    QTRY_COMPARE_WITH_TIMEOUT(disconnects.load(), connections, waitMs);
}

void TestEpollWorker::tlsHandshakes()
{
    constexpr int connections = 20;
    const auto identity = TlsIdentity::generate();
    QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().message));
    std::atomic<int> disconnects = 0;
    Worker worker;
    const quint16 port = listenInWorker(worker, identity->serverConfiguration(), disconnects);
    QVERIFY(port != 0);

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificate(identity->certificate());
    std::vector<std::unique_ptr<QSslSocket>> clients;
    int completed = 0;
    int errors = 0;
    for (int i = 0; i < connections; ++i) {
        auto socket = std::make_unique<QSslSocket>();
        socket->setSslConfiguration(configuration);
        const QByteArray message = "secret " + QByteArray::number(i);
        echoOnce(socket.get(), message, completed);
        connect(socket.get(), &QSslSocket::encrypted, socket.get(),
                [raw = socket.get(), message] { raw->write(message); });
        connect(socket.get(), &QSslSocket::sslErrors, this, [&errors] { ++errors; });
        socket->connectToHostEncrypted(u"127.0.0.1"_s, port, u"localhost"_s);
        clients.push_back(std::move(socket));
    }
    QTRY_COMPARE_WITH_TIMEOUT(completed + errors, connections, waitMs);
    QCOMPARE(errors, 0);
    QTRY_COMPARE_WITH_TIMEOUT(disconnects.load(), connections, waitMs);
}

void TestEpollWorker::crossThreadCallsWakeTheWorker()
{
    constexpr int calls = 2000;
    std::atomic<int> received = 0;
    Worker worker;
    for (int i = 0; i < calls; ++i) {
        QMetaObject::invokeMethod(
            worker.context(), [&received] { ++received; }, Qt::QueuedConnection);
        // Also let the worker fall asleep between some of the calls.
        if (i % 100 == 0)
            QTRY_COMPARE_WITH_TIMEOUT(received.load(), i + 1, waitMs);
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.load(), calls, waitMs);
}

void TestEpollWorker::timersInWorker()
{
    std::atomic<int> repeated = 0;
    std::atomic<int> zeroFired = 0;
    std::atomic<bool> singleShot = false;
    Worker worker;
    worker.run([&] {
        auto *repeating = new QTimer(worker.context());
        repeating->setTimerType(Qt::PreciseTimer);
        QObject::connect(repeating, &QTimer::timeout, repeating, [&repeated, repeating] {
            if (++repeated == 10)
                repeating->stop();
        });
        repeating->start(1);
        auto *zero = new QTimer(worker.context());
        QObject::connect(zero, &QTimer::timeout, zero, [&zeroFired, zero] {
            if (++zeroFired == 100)
                zero->stop();
        });
        zero->start(0);
        QTimer::singleShot(5, worker.context(), [&singleShot] { singleShot = true; });
    });
    QTRY_VERIFY_WITH_TIMEOUT(repeated.load() == 10 && zeroFired.load() == 100 && singleShot, waitMs);
}

void TestEpollWorker::nestedLoopInWorkerKeepsServing()
{
    std::atomic<QEventLoop *> nested = nullptr;
    std::atomic<bool> returned = false;
    std::atomic<int> disconnects = 0;
    Worker worker;
    const quint16 port = listenInWorker(worker, std::nullopt, disconnects);
    QVERIFY(port != 0);
    QMetaObject::invokeMethod(
        worker.context(),
        [&] {
            QEventLoop loop;
            nested = &loop;
            loop.exec();
            nested = nullptr;
            returned = true;
        },
        Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(nested.load(), waitMs);

    // While the worker sits in the nested loop, its sockets are still served.
    QTcpSocket client;
    int completed = 0;
    echoOnce(&client, "inside", completed);
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(waitMs));
    client.write("inside");
    QTRY_COMPARE_WITH_TIMEOUT(completed, 1, waitMs);

    QMetaObject::invokeMethod(
        worker.context(), [&nested] { nested.load()->quit(); }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(returned.load(), waitMs);
}

void TestEpollWorker::deleteLaterInWorker()
{
    std::atomic<bool> destroyed = false;
    Worker worker;
    worker.run([&] {
        auto *object = new QObject;
        QObject::connect(
            object, &QObject::destroyed, worker.context(), [&destroyed] { destroyed = true; },
            Qt::DirectConnection);
        object->deleteLater();
    });
    QTRY_VERIFY_WITH_TIMEOUT(destroyed.load(), waitMs);
}

void TestEpollWorker::quitAndWait()
{
    Worker worker;
    QSignalSpy finished(&worker.thread(), &QThread::finished);
    // A pending timer must not keep the thread alive, nor an idle wait block quit().
    worker.run([&] { QTimer::singleShot(3'600'000, worker.context(), [] {}); });
    worker.thread().quit();
    QVERIFY(worker.thread().wait());
    QCOMPARE(finished.size(), 1);
    QVERIFY(worker.thread().isFinished());
}

QTEST_GUILESS_MAIN(TestEpollWorker)
#include "tst_epollworker.moc"
