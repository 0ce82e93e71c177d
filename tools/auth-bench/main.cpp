// auth-bench [seconds-per-row]: authenticate() calls per second for a JWT and an opaque token, with the store
// read on every call and with the cache the services' signals invalidate, on 1 and 4 threads.
#include "gateway/auth/authenticator.h"
#include "gateway/server/authcachewatcher.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <atomic>
#include <thread>
#include <vector>

using namespace sd;
using namespace sd::gateway;

namespace {

struct World
{
    std::shared_ptr<models::Store> store;
    std::unique_ptr<models::PublisherService> publisher;
    std::unique_ptr<models::DevPortalService> portal;
    std::unique_ptr<TokenService> tokens;
    Route route;
    QByteArray jwt;
    QByteArray opaque;
};

QByteArray issue(World &world, const QString &name, models::TokenType type)
{
    const models::User admin{QStringLiteral("admin"), models::Role::Admin};
    models::ApplicationDraft draft;
    draft.name = name;
    draft.quota = QStringLiteral("Unlimited");
    draft.tokenType = type;
    const auto app = world.portal->createApplication(admin, draft);
    if (!app || !world.portal->subscribe(admin, app->id, world.route.apiId))
        return {};
    const auto keys = world.portal->generateKeys(admin, app->id, models::KeyType::Production,
                                                 {QStringLiteral("client_credentials")}, 3600);
    if (!keys)
        return {};
    const auto token = world.tokens->issue(keys->keys, 0);
    return token ? "Bearer " + token->accessToken.toLatin1() : QByteArray();
}

// Calls per second over `seconds`, every thread calling with `authorization`.
double rate(const Authenticator &auth, const World &world, const QByteArray &authorization, int threads,
            double seconds)
{
    std::atomic<bool> done{false};
    std::atomic<qint64> calls{0};
    std::atomic<qint64> failures{0};
    std::vector<std::thread> workers;
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            qint64 mine = 0;
            while (!done.load(std::memory_order_relaxed)) {
                const auto result =
                    auth.authenticate(authorization, world.route, QDateTime::currentSecsSinceEpoch());
                if (!std::holds_alternative<Caller>(result))
                    failures.fetch_add(1);
                ++mine;
            }
            calls.fetch_add(mine);
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(qint64(seconds * 1000)));
    done.store(true);
    for (auto &worker : workers)
        worker.join();
    if (failures.load() > 0)
        QTextStream(stderr) << "warning: " << failures.load() << " calls were refused\n";
    return double(calls.load()) / (double(timer.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double seconds = argc > 1 ? QString::fromLocal8Bit(argv[1]).toDouble() : 2.0;
    QTemporaryDir dir;
    auto store = models::Store::open(dir.filePath(QStringLiteral("streamdesk.db")));
    auto key = SigningKey::loadOrCreate(dir.filePath(QStringLiteral("signing.pem")));
    if (!store || !key) {
        QTextStream(stderr) << "cannot create the store or the signing key in " << dir.path() << '\n';
        return 1;
    }
    World world;
    world.store = store.value();
    world.publisher = std::make_unique<models::PublisherService>(world.store);
    world.portal = std::make_unique<models::DevPortalService>(world.store);
    world.tokens =
        std::make_unique<TokenService>(world.store, key.value(), QStringLiteral("https://localhost"));
    const models::User admin{QStringLiteral("admin"), models::Role::Admin};
    models::ApiDraft draft;
    draft.name = QStringLiteral("Bench");
    draft.context = QStringLiteral("/bench");
    draft.version = QStringLiteral("1.0.0");
    draft.productionEndpoint = QStringLiteral("http://127.0.0.1:1/events");
    draft.plans = {QStringLiteral("AsyncUnlimited")};
    const auto api = world.publisher->createApi(admin, draft);
    if (!api || !world.publisher->changeLifecycle(admin, api->id, QStringLiteral("Publish"))) {
        QTextStream(stderr) << "cannot create the API\n";
        return 1;
    }
    world.route = Route{api->id,
                        {},
                        draft.name,
                        draft.context,
                        draft.version,
                        models::LifecycleState::Published,
                        draft.productionEndpoint,
                        {}};
    world.jwt = issue(world, QStringLiteral("JwtApp"), models::TokenType::Jwt);
    world.opaque = issue(world, QStringLiteral("OpaqueApp"), models::TokenType::OAuth);

    QTextStream out(stdout);
    out << "token   threads  store-every-call/s  cached/s  ratio\n";
    for (const auto &[name, authorization] :
         {std::pair{QStringLiteral("JWT"), world.jwt}, std::pair{QStringLiteral("opaque"), world.opaque}}) {
        for (const int threads : {1, 4}) {
            Authenticator plain(world.store, key.value());
            const double before = rate(plain, world, authorization, threads, seconds);
            Authenticator cached(world.store, key.value());
            const AuthCacheWatcher watcher(cached.cache(), world.publisher.get(), world.portal.get(),
                                           world.tokens.get());
            const double after = rate(cached, world, authorization, threads, seconds);
            out << qSetFieldWidth(8) << Qt::left << name << qSetFieldWidth(9) << threads << qSetFieldWidth(20)
                << qRound64(before) << qSetFieldWidth(10) << qRound64(after) << qSetFieldWidth(0)
                << QString::number(after / before, 'f', 1) << '\n';
            out.flush();
        }
    }
    return 0;
}
