// Test helper for tst_durability: commits changes to a store in a loop and reports each commit on stdout.
// `storewriter PATH START` writes applications with their keys; `storewriter PATH START lifecycle` moves one
// API between PUBLISHED and BLOCKED through PublisherService, which records each transition's history.
#include "models/publisherservice.h"
#include "models/store.h"

#include <QCoreApplication>
#include <QUuid>
#include <cstdio>

using namespace sd::models;

namespace {

int flipLifecycle(const std::shared_ptr<Store> &store, int start)
{
    PublisherService publisher(store);
    const User admin{QStringLiteral("admin"), Role::Admin};
    auto api = store->apiByContext(QStringLiteral("/observer"), QStringLiteral("1.0.0"));
    if (!api) {
        auto created = publisher.createApi(admin, {QStringLiteral("Observer"),
                                                   QStringLiteral("/observer"),
                                                   QStringLiteral("1.0.0"),
                                                   QStringLiteral("http://localhost:8080"),
                                                   {},
                                                   {QStringLiteral("AsyncGold")}});
        if (!created) {
            std::fprintf(stderr, "storewriter: %s\n", qPrintable(created.error().message));
            return 1;
        }
        api = created.value();
    }
    for (int n = start;; ++n) {
        const auto action = api->state == LifecycleState::Created     ? QStringLiteral("Publish")
                            : api->state == LifecycleState::Published ? QStringLiteral("Block")
                                                                      : QStringLiteral("Re-Publish");
        const auto changed = publisher.changeLifecycle(admin, api->id, action);
        if (!changed) {
            std::fprintf(stderr, "storewriter: %s\n", qPrintable(changed.error().message));
            return 1;
        }
        api = changed.value();
        std::printf("committed %d\n", n);
        std::fflush(stdout);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3 && argc != 4)
        return 2;
    auto opened = Store::open(QString::fromLocal8Bit(argv[1]));
    if (!opened) {
        std::fprintf(stderr, "storewriter: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    const auto store = opened.value();
    const int start = QString::fromLatin1(argv[2]).toInt();
    if (argc == 4)
        return flipLifecycle(store, start);
    for (int n = start;; ++n) {
        // Two rows per transaction: the parent checks that none is ever found without the other.
        const auto appId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const auto status = store->write([&]() -> Status {
            const Application a{appId,
                                QStringLiteral("writer"),
                                QStringLiteral("app-%1").arg(n),
                                QStringLiteral("Unlimited"),
                                QString(),
                                TokenType::Jwt,
                                QDateTime::currentDateTimeUtc()};
            if (auto s = store->insertApplication(a); !s)
                return s;
            return store->insertKeySet(KeySet{QUuid::createUuid().toString(QUuid::WithoutBraces),
                                              appId,
                                              KeyType::Production,
                                              QStringLiteral("key-%1").arg(n),
                                              QStringLiteral("hash"),
                                              {QStringLiteral("client_credentials")},
                                              3600});
        });
        if (!status) {
            std::fprintf(stderr, "storewriter: %s\n", qPrintable(status.error().message));
            return 1;
        }
        std::printf("committed %d\n", n);
        std::fflush(stdout);
    }
}
