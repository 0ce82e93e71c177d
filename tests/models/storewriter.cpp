// Test helper for tst_durability: commits changes to a store in a loop and reports each commit on stdout.
#include "models/store.h"

#include <QCoreApplication>
#include <QUuid>
#include <cstdio>

using namespace sd::models;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3)
        return 2;
    auto opened = Store::open(QString::fromLocal8Bit(argv[1]));
    if (!opened) {
        std::fprintf(stderr, "storewriter: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    const auto store = opened.value();
    const int start = QString::fromLatin1(argv[2]).toInt();
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
