// dispatcher-bench: CPU time per event-loop wake-up of a worker thread that holds many idle sockets,
// with the event dispatcher Qt creates for a QThread and with sd::gateway::EpollEventDispatcher.
//
// The worker watches one end of each idle socket pair with a read notifier (as a relay watches its
// streams) and is woken `--rate` times a second by one of: a byte on one more socket pair (`socket`),
// a precise QTimer in the worker (`timer`), or a queued call from another thread (`post`). The result is
// the worker thread's CPU time over the measured window divided by its event-loop passes (awake() signals:
// each is one return from the dispatcher's wait); events counts the wake-ups handled (several queued calls
// may share one pass).
#include "gateway/dataplane/epolleventdispatcher.h"
#include "gateway/runtime/descriptorlimit.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <memory>
#include <optional>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

enum class Dispatcher { Glib, Unix, Epoll };
enum class Wake { Socket, Timer, Post };

struct Options
{
    std::vector<Dispatcher> dispatchers;
    std::vector<Wake> wakes;
    int idlePairs = 9000;
    int rate = 1000;
    double seconds = 5.0;
};

struct Result
{
    QString dispatcherClass;
    qint64 events = 0;
    qint64 passes = 0;
    qint64 cpuNs = 0;
};

QString dispatcherName(Dispatcher dispatcher)
{
    static const QString names[] = {u"glib"_s, u"unix"_s, u"epoll"_s};
    return names[int(dispatcher)];
}

QString wakeName(Wake wake)
{
    static const QString names[] = {u"socket"_s, u"timer"_s, u"post"_s};
    return names[int(wake)];
}

qint64 clockNs(clockid_t clock)
{
    timespec now{};
    ::clock_gettime(clock, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Sleeps until the monotonic clock reaches deadlineNs.
void sleepUntil(qint64 deadlineNs)
{
    const timespec deadline{time_t(deadlineNs / 1'000'000'000), long(deadlineNs % 1'000'000'000)};
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) == EINTR) {
    }
}

// Owns the socket pairs; the worker's notifiers watch fds[0] of each.
struct SocketPairs
{
    ~SocketPairs()
    {
        for (int fd : fds)
            ::close(fd);
    }

    bool add(int count)
    {
        for (int i = 0; i < count; ++i) {
            int pair[2];
            if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0)
                return false;
            fds.push_back(pair[0]);
            fds.push_back(pair[1]);
        }
        return true;
    }

    std::vector<int> fds;
};

Result measure(Dispatcher dispatcher, Wake wake, const Options &options, const SocketPairs &idle,
               int activeReadFd, int activeWriteFd)
{
    // Qt creates a thread's dispatcher when the thread starts: glib unless QT_NO_GLIB is set.
    if (dispatcher == Dispatcher::Unix)
        qputenv("QT_NO_GLIB", "1");
    else
        qunsetenv("QT_NO_GLIB");
    QThread worker;
    if (dispatcher == Dispatcher::Epoll)
        worker.setEventDispatcher(new sd::gateway::EpollEventDispatcher);
    worker.start();
    auto *context = new QObject;
    context->moveToThread(&worker);
    const auto inWorker = [context](auto f) {
        QMetaObject::invokeMethod(context, std::move(f), Qt::BlockingQueuedConnection);
    };

    std::atomic<qint64> wakeUps = 0;
    std::atomic<qint64> passes = 0;
    Result result;
    inWorker([&] {
        QAbstractEventDispatcher *loop = QThread::currentThread()->eventDispatcher();
        result.dispatcherClass = QString::fromLatin1(loop->metaObject()->className());
        QObject::connect(
            loop, &QAbstractEventDispatcher::awake, context, [&passes] { ++passes; }, Qt::DirectConnection);
        for (std::size_t i = 0; i < idle.fds.size(); i += 2)
            new QSocketNotifier(idle.fds[i], QSocketNotifier::Read, context);
        if (wake == Wake::Socket) {
            auto *active = new QSocketNotifier(activeReadFd, QSocketNotifier::Read, context);
            QObject::connect(active, &QSocketNotifier::activated, context, [activeReadFd, &wakeUps] {
                char buffer[256];
                while (::read(activeReadFd, buffer, sizeof buffer) > 0) {
                }
                ++wakeUps;
            });
        } else if (wake == Wake::Timer) {
            auto *timer = new QTimer(context);
            timer->setTimerType(Qt::PreciseTimer);
            QObject::connect(timer, &QTimer::timeout, context, [&wakeUps] { ++wakeUps; });
            timer->start(std::max(1, 1000 / options.rate));
        }
    });

    std::atomic<bool> driving = true;
    std::thread driver([&] {
        if (wake == Wake::Timer)
            return;
        const qint64 period = 1'000'000'000 / options.rate;
        qint64 next = clockNs(CLOCK_MONOTONIC);
        while (driving) {
            next += period;
            sleepUntil(next);
            if (wake == Wake::Socket) {
                const char byte = 0;
                while (::write(activeWriteFd, &byte, 1) < 0 && errno == EINTR) {
                }
            } else {
                QMetaObject::invokeMethod(
                    context, [&wakeUps] { ++wakeUps; }, Qt::QueuedConnection);
            }
        }
    });

    // Warm up, then measure the worker thread's own CPU clock over the window.
    sleepUntil(clockNs(CLOCK_MONOTONIC) + 500'000'000);
    qint64 cpuStart = 0;
    qint64 wakeStart = 0;
    qint64 passStart = 0;
    inWorker([&] {
        cpuStart = clockNs(CLOCK_THREAD_CPUTIME_ID);
        wakeStart = wakeUps;
        passStart = passes;
    });
    sleepUntil(clockNs(CLOCK_MONOTONIC) + qint64(options.seconds * 1e9));
    inWorker([&] {
        result.cpuNs = clockNs(CLOCK_THREAD_CPUTIME_ID) - cpuStart;
        result.events = wakeUps - wakeStart;
        result.passes = passes - passStart;
    });

    driving = false;
    driver.join();
    context->deleteLater();
    worker.quit();
    worker.wait();
    char buffer[4096];
    while (::read(activeReadFd, buffer, sizeof buffer) > 0) {
    }
    return result;
}

std::optional<Options> parseOptions(const QStringList &arguments, QString &error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"CPU time per event-loop wake-up with many idle sockets."_s);
    parser.addHelpOption();
    const QCommandLineOption dispatcherOption(u"dispatcher"_s, u"glib, unix, epoll or all (default all)."_s,
                                              u"name"_s, u"all"_s);
    const QCommandLineOption wakeOption(u"wake"_s, u"socket, timer, post or all (default socket)."_s,
                                        u"kind"_s, u"socket"_s);
    const QCommandLineOption idleOption(u"idle"_s, u"Idle socket pairs (default 9000)."_s, u"n"_s, u"9000"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Wake-ups per second (default 1000)."_s, u"n"_s,
                                        u"1000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Measured seconds per run (default 5)."_s, u"s"_s,
                                           u"5"_s);
    parser.addOptions({dispatcherOption, wakeOption, idleOption, rateOption, secondsOption});
    parser.process(arguments);

    Options options;
    const QString dispatcher = parser.value(dispatcherOption);
    for (Dispatcher d : {Dispatcher::Glib, Dispatcher::Unix, Dispatcher::Epoll}) {
        if (dispatcher == u"all"_s || dispatcher == dispatcherName(d))
            options.dispatchers.push_back(d);
    }
    const QString wake = parser.value(wakeOption);
    for (Wake w : {Wake::Socket, Wake::Timer, Wake::Post}) {
        if (wake == u"all"_s || wake == wakeName(w))
            options.wakes.push_back(w);
    }
    bool idleOk = false;
    bool rateOk = false;
    bool secondsOk = false;
    options.idlePairs = parser.value(idleOption).toInt(&idleOk);
    options.rate = parser.value(rateOption).toInt(&rateOk);
    options.seconds = parser.value(secondsOption).toDouble(&secondsOk);
    if (options.dispatchers.empty() || options.wakes.empty() || !idleOk || options.idlePairs < 0 || !rateOk ||
        options.rate < 1 || options.rate > 100'000 || !secondsOk || options.seconds <= 0) {
        error = u"dispatcher-bench: invalid option; see --help"_s;
        return std::nullopt;
    }
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"dispatcher-bench"_s);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString error;
    const auto options = parseOptions(QCoreApplication::arguments(), error);
    if (!options) {
        err << error << Qt::endl;
        return 2;
    }
    const qint64 limit = sd::gateway::DescriptorLimit::raiseToHardLimit();
    if (2 * qint64(options->idlePairs) + 64 > limit) {
        err << "dispatcher-bench: " << options->idlePairs
            << " socket pairs need more than the descriptor limit of " << limit << Qt::endl;
        return 2;
    }
    SocketPairs idle;
    SocketPairs active;
    if (!idle.add(options->idlePairs) || !active.add(1)) {
        err << "dispatcher-bench: socketpair failed: " << qt_error_string(errno) << Qt::endl;
        return 1;
    }

    QFile loadAverage(u"/proc/loadavg"_s);
    out << "idle pairs " << options->idlePairs << ", " << options->rate << " wake-ups/s, " << options->seconds
        << " s per run, load average "
        << (loadAverage.open(QIODevice::ReadOnly) ? loadAverage.readLine().trimmed() : QByteArray("?"))
        << "\n";
    out << qSetFieldWidth(8) << Qt::left << "wake" << qSetFieldWidth(36) << "dispatcher" << qSetFieldWidth(10)
        << Qt::right << "events" << qSetFieldWidth(10) << "passes" << qSetFieldWidth(12) << "CPU ms"
        << qSetFieldWidth(12) << "us/pass" << qSetFieldWidth(0) << Qt::endl;
    for (Wake wake : options->wakes) {
        for (Dispatcher dispatcher : options->dispatchers) {
            const Result result = measure(dispatcher, wake, *options, idle, active.fds[0], active.fds[1]);
            const double perPass =
                result.passes > 0 ? double(result.cpuNs) / 1000.0 / double(result.passes) : 0;
            out << qSetFieldWidth(8) << Qt::left << wakeName(wake) << qSetFieldWidth(36)
                << result.dispatcherClass << qSetFieldWidth(10) << Qt::right << result.events
                << qSetFieldWidth(10) << result.passes << qSetFieldWidth(12) << Qt::fixed
                << qSetRealNumberPrecision(1) << double(result.cpuNs) / 1e6 << qSetFieldWidth(12)
                << qSetRealNumberPrecision(2) << perPass << qSetFieldWidth(0) << Qt::endl;
        }
    }
    return 0;
}
