#pragma once

#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"
#include "ui/common/session.h"

#include <QModelIndex>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class QAbstractItemView;

/// A real store on a temporary SQLite file, the real services and a signed-in session, for page tests.
class ApiPageFixture final
{
    Q_DISABLE_COPY_MOVE(ApiPageFixture)

public:
    ApiPageFixture();

    sd::models::Api createApi(const QString &context = QStringLiteral("/observer"));
    /// A created API with AsyncGold, published by the publisher.
    sd::models::Api publishedApi(const QString &context = QStringLiteral("/observer"));
    sd::models::Api storedApi(const QString &id) const;
    /// A page of the given class on `apiId`, shown at 1280x800 as in the console.
    template <typename Page> std::unique_ptr<Page> open(const QString &apiId)
    {
        auto page = std::make_unique<Page>(publisher.get(), &session, status);
        page->setApiId(apiId);
        page->resize(1280, 800);
        page->show();
        if (!QTest::qWaitForWindowExposed(page.get()))
            qWarning("the page was not exposed");
        return page;
    }
    /// Clicks the cell of `row`, as a user selecting it.
    static void clickRow(QAbstractItemView *view, int row);
    static int rowOf(const QAbstractItemView *view, const QString &text, int column = 0);

    QTemporaryDir dir;
    std::shared_ptr<sd::models::Store> store;
    std::unique_ptr<sd::models::PublisherService> publisher;
    std::unique_ptr<sd::models::DevPortalService> portal;
    sd::ui::Session session;
    const sd::ui::ConsoleStatus status{QStringLiteral("http://127.0.0.1:8280"),
                                       QStringLiteral("https://127.0.0.1:8243"),
                                       QStringLiteral("https://127.0.0.1:9443"), QString(), QString()};
    const sd::models::User admin{QStringLiteral("admin"), sd::models::Role::Admin};
    const sd::models::User creator{QStringLiteral("carol"), sd::models::Role::Creator};
    const sd::models::User publisherUser{QStringLiteral("pat"), sd::models::Role::Publisher};
    const sd::models::User subscriber{QStringLiteral("sam"), sd::models::Role::Subscriber};
};
