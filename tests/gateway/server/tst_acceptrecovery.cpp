// A listening port whose accept() fails with EMFILE pauses and retries with a growing wait instead of
// spinning (Qt 6.4.2 retries on every pass of the event loop); once descriptors are free again it answers
// again, over HTTP, HTTPS and on the management port.
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/logrecorder.h"

#include <QList>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QTest>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sd::gateway::test;

namespace {

std::unique_ptr<LogRecorder> g_listenerLog;
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

// The retries are logged at debug level, which the test environment turns off for everything else.
void enableListenerDebug(QLoggingCategory *category)
{
    g_previousFilter(category);
    if (qstrcmp(category->categoryName(), "streamdesk.gateway.listener") == 0)
        category->setEnabled(QtDebugMsg, true);
}

int linesStartingWith(const QString &prefix)
{
    return g_listenerLog->count([&](const QString &line) { return line.startsWith(prefix); });
}

int episodesStarted(quint16 port)
{
    return linesStartingWith(QStringLiteral("Port %1 cannot accept").arg(port));
}

int episodesEnded(quint16 port)
{
    return linesStartingWith(QStringLiteral("Port %1 accepts connections again").arg(port));
}

bool retryLogged(quint16 port, int waitMs)
{
    const auto line = QStringLiteral("Port %1 tries to accept again in %2 ms").arg(port).arg(waitMs);
    return g_listenerLog->lines().contains(line);
}

// A blocking connect on loopback completes in the kernel's backlog whether or not the server accepts.
int connectRaw(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        return -error;
    }
    return fd;
}

} // namespace

class TestAcceptRecovery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void portAnswersAgainAfterDescriptorsRunOut_data();
    void portAnswersAgainAfterDescriptorsRunOut();
};

void TestAcceptRecovery::initTestCase()
{
    g_listenerLog = std::make_unique<LogRecorder>("streamdesk.gateway.listener");
    g_previousFilter = QLoggingCategory::installFilter(enableListenerDebug);
}

void TestAcceptRecovery::cleanupTestCase()
{
    QLoggingCategory::installFilter(g_previousFilter);
    g_listenerLog.reset();
}

void TestAcceptRecovery::portAnswersAgainAfterDescriptorsRunOut_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("management");
    QTest::newRow("gateway http") << false << false;
    QTest::newRow("gateway https") << true << false;
    QTest::newRow("management") << true << true;
}

void TestAcceptRecovery::portAnswersAgainAfterDescriptorsRunOut()
{
    QFETCH(bool, tls);
    QFETCH(bool, management);
    GatewayFixture fx(tls);
    const auto started = fx.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const quint16 port = management ? fx.runtime()->managementPort() : fx.gatewayPort();
    // Each probe waits for the server to close the connection and is then deleted: no client of the test
    // may still have events to handle once the descriptors run out (see below).
    const auto answersNotFound = [&] {
        auto *c = management ? fx.management("GET", "/nothing-here") : fx.get("/nothing-here", QString());
        const bool answered = QTest::qWaitFor([c] { return c->isClosed(); }, 10000) && c->status() == 404 &&
                              !jsonObject(c->body()).isEmpty();
        delete c;
        return answered;
    };
    // Only the probe's sockets must be gone: a thread or library may open a descriptor of its own meanwhile.
    const int idleSockets = openSockets();
    const QString idleDescriptors = describeDescriptors();
    QVERIFY(answersNotFound());
    QTRY_VERIFY2_WITH_TIMEOUT(
        openSockets() == idleSockets,
        qPrintable(QStringLiteral("Idle:\n%1\nNow:\n%2").arg(idleDescriptors, describeDescriptors())), 30000);
    g_listenerLog->clear();

    // Leave a few descriptors above what is open and take them all with client connections: the
    // listener's accept() then fails with EMFILE. Until they are freed, only the accept loop may run: UBSan's
    // vptr check opens a pipe to probe memory the first time it meets a type, and without a free descriptor
    // it reports a valid object as having an invalid vptr (what a client socket's late close event did here).
    rlimit original{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &original), 0);
    const auto restoreLimit = qScopeGuard([&] { setrlimit(RLIMIT_NOFILE, &original); });
    QList<int> clients;
    const auto closeClients = qScopeGuard([&] {
        for (int fd : std::as_const(clients))
            ::close(fd);
        clients.clear();
    });
    rlimit lowered = original;
    lowered.rlim_cur = rlim_t(openDescriptors()) + 32;
    QVERIFY(lowered.rlim_cur < original.rlim_cur);
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    for (;;) {
        const int fd = connectRaw(port);
        if (fd == -EMFILE)
            break;
        QVERIFY2(fd >= 0, strerror(-fd));
        clients.append(fd);
    }
    QVERIFY(!clients.isEmpty());
    // A descriptor freed meanwhile (a socket of the first request deleted late) may let one more connection
    // in and start a new episode: each is logged once when it starts and once when it ends.
    QTRY_VERIFY_WITH_TIMEOUT(episodesStarted(port) >= 1, 30000);
    // While the descriptors stay taken the port is paused and retried, each wait twice the last.
    QTRY_VERIFY_WITH_TIMEOUT(retryLogged(port, 200), 30000);
    QVERIFY(retryLogged(port, 50));
    QVERIFY(retryLogged(port, 100));

    // The flood ends: descriptors are free again, and the port answers without anyone restarting it.
    for (int fd : std::as_const(clients))
        ::close(fd);
    clients.clear();
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &original), 0);
    bool answered = false;
    for (int attempt = 0; attempt < 5 && !answered; ++attempt)
        answered = answersNotFound();
    QVERIFY(answered);
    QTRY_COMPARE(episodesEnded(port), episodesStarted(port));
}

QTEST_GUILESS_MAIN(TestAcceptRecovery)
#include "tst_acceptrecovery.moc"
