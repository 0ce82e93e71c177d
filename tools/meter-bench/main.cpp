// meter-bench: EventMeter on a limited plan, consumed from several threads as relay workers would, on a
// real SQLite file. Reports events/s, consume() latency, and how often a consume() waited for the store.
// The main thread runs an event loop so that the meter's one-second tick (lease sizing) runs as in the
// gateway. Builds against any EventMeter with consume() and flush(); leaseWaits() is reported when present.
#include "gateway/metering/eventmeter.h"
#include "models/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace sd;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    qint64 events = 200000;
    int threads = 4;
    int subscriptions = 1;
    double rate = 0; // events/s per thread; 0: as fast as possible
};

template <typename Meter> qint64 leaseWaitsOf(const Meter &meter)
{
    if constexpr (requires { meter.leaseWaits(); })
        return qint64(meter.leaseWaits());
    else
        return -1;
}

/// Consumes `count` events of one subscription, paced at `rate` when it is positive; returns each call's
/// latency in microseconds.
std::vector<qint64> consume(gateway::EventMeter &meter, const QString &subscription,
                            const models::BusinessPlan &plan, qint64 count, double rate,
                            std::atomic<qint64> &refused)
{
    std::vector<qint64> latencies;
    latencies.reserve(std::size_t(count));
    const auto start = Clock::now();
    for (qint64 i = 0; i < count; ++i) {
        if (rate > 0)
            std::this_thread::sleep_until(start + std::chrono::duration<double>(double(i) / rate));
        const auto before = Clock::now();
        const auto grant = meter.consume(subscription, plan);
        const auto after = Clock::now();
        if (!grant.allowed)
            ++refused;
        latencies.push_back(std::chrono::duration_cast<std::chrono::microseconds>(after - before).count());
    }
    return latencies;
}

qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    return sorted[std::min(sorted.size() - 1, std::size_t(double(sorted.size()) * p))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Consumes events of a limited plan from several threads."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("events"), QStringLiteral("Events in all (default 200000)."), QStringLiteral("n")},
        {QStringLiteral("threads"), QStringLiteral("Consuming threads (default 4)."), QStringLiteral("k")},
        {QStringLiteral("subscriptions"), QStringLiteral("Subscriptions, shared round-robin (default 1)."),
         QStringLiteral("s")},
        {QStringLiteral("rate"), QStringLiteral("Events/s per thread; 0 as fast as possible (default 0)."),
         QStringLiteral("r")},
    });
    parser.process(app);
    Options options;
    if (parser.isSet(QStringLiteral("events")))
        options.events = parser.value(QStringLiteral("events")).toLongLong();
    if (parser.isSet(QStringLiteral("threads")))
        options.threads = parser.value(QStringLiteral("threads")).toInt();
    if (parser.isSet(QStringLiteral("subscriptions")))
        options.subscriptions = parser.value(QStringLiteral("subscriptions")).toInt();
    if (parser.isSet(QStringLiteral("rate")))
        options.rate = parser.value(QStringLiteral("rate")).toDouble();
    if (options.events < 1 || options.threads < 1 || options.subscriptions < 1 || options.rate < 0) {
        err << "meter-bench: --events, --threads and --subscriptions must be positive, --rate not negative"
            << Qt::endl;
        return 2;
    }

    QTemporaryDir dir;
    auto opened = models::Store::open(dir.filePath(QStringLiteral("bench.db")));
    if (!opened) {
        err << "meter-bench: " << opened.error().message << Qt::endl;
        return 1;
    }
    const auto store = opened.value();
    store->insertApplication({QStringLiteral("app"),
                              QStringLiteral("admin"),
                              QStringLiteral("bench"),
                              QStringLiteral("Unlimited"),
                              {},
                              models::TokenType::Jwt,
                              QDateTime::currentDateTimeUtc()});
    QStringList subscriptions;
    for (int s = 0; s < options.subscriptions; ++s) {
        models::Api other;
        other.id = QStringLiteral("api%1").arg(s);
        other.context = QStringLiteral("/api%1").arg(s);
        store->insertApi(other);
        subscriptions << QStringLiteral("sub%1").arg(s);
        store->insertSubscription({subscriptions.last(), QStringLiteral("app"), other.id,
                                   QStringLiteral("AsyncGold"), models::SubscriptionStatus::Unblocked,
                                   QDateTime::currentDateTimeUtc()});
    }
    // Enough quota for every event: the bench measures the meter, not the refusal.
    const models::BusinessPlan plan{QStringLiteral("Bench"), {}, options.events * 2, 86400};

    std::vector<std::vector<qint64>> latencies(std::size_t(options.threads));
    std::atomic<qint64> refused{0};
    std::atomic<qint64> elapsedUs{0};
    std::unique_ptr<gateway::EventMeter> meter = std::make_unique<gateway::EventMeter>(store);
    std::unique_ptr<QThread> runner(QThread::create([&] {
        std::vector<std::thread> threads;
        const auto start = Clock::now();
        for (int t = 0; t < options.threads; ++t) {
            const auto count = options.events / options.threads + (t < options.events % options.threads);
            threads.emplace_back([&, t, count] {
                latencies[std::size_t(t)] = consume(*meter, subscriptions[t % subscriptions.size()], plan,
                                                    count, options.rate, refused);
            });
        }
        for (auto &thread : threads)
            thread.join();
        elapsedUs = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    }));
    QObject::connect(runner.get(), &QThread::finished, &app, &QCoreApplication::quit);
    runner->start();
    QCoreApplication::exec();
    runner->wait();
    const auto waits = leaseWaitsOf(*meter);
    meter->flush();
    meter.reset();

    std::vector<qint64> all;
    for (const auto &l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    const auto slow = std::count_if(all.begin(), all.end(), [](qint64 us) { return us >= 1000; });
    qint64 stored = 0;
    const auto window = gateway::EventMeter::windowStart(plan, QDateTime::currentSecsSinceEpoch());
    for (const auto &s : std::as_const(subscriptions))
        stored += store->eventUsage(s, window);
    const double seconds = double(elapsedUs.load()) / 1e6;
    out << "events " << options.events << " threads " << options.threads << " subscriptions "
        << options.subscriptions << " rate/thread " << (options.rate > 0 ? options.rate : 0) << Qt::endl;
    out << "events/s " << qint64(double(options.events) / seconds) << "  elapsed " << seconds << " s"
        << Qt::endl;
    out << "consume us p50 " << percentile(all, 0.5) << " p99 " << percentile(all, 0.99) << " p99.9 "
        << percentile(all, 0.999) << " max " << (all.empty() ? 0 : all.back()) << Qt::endl;
    out << "consume calls >= 1 ms " << slow << "  lease waits "
        << (waits < 0 ? QStringLiteral("n/a") : QString::number(waits)) << "  refused " << refused.load()
        << "  stored after flush " << stored << Qt::endl;
    return stored == options.events - refused.load() ? 0 : 1;
}
