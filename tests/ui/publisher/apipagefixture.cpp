#include "apipagefixture.h"

#include <QAbstractItemView>
#include <QTest>

using namespace sd::models;

ApiPageFixture::ApiPageFixture()
{
    auto opened = Store::open(dir.filePath(QStringLiteral("store.db")));
    if (!opened)
        qFatal("cannot open the test store: %s", qPrintable(opened.error().message));
    store = opened.value();
    publisher = std::make_unique<PublisherService>(store);
    portal = std::make_unique<DevPortalService>(store);
    session.signIn(admin);
}

Api ApiPageFixture::createApi(const QString &context)
{
    const ApiDraft draft{QStringLiteral("Observer"), context, QStringLiteral("1.0.0"),
                         QStringLiteral("http://localhost:8080")};
    return publisher->createApi(creator, draft).value();
}

Api ApiPageFixture::publishedApi(const QString &context)
{
    const auto api = createApi(context);
    publisher->setPlans(creator, api.id, {QStringLiteral("AsyncGold")});
    return publisher->changeLifecycle(publisherUser, api.id, QStringLiteral("Publish")).value();
}

Api ApiPageFixture::storedApi(const QString &id) const
{
    return store->api(id).value_or(Api{});
}

void ApiPageFixture::clickRow(QAbstractItemView *view, int row)
{
    const auto rect = view->visualRect(view->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
}

int ApiPageFixture::rowOf(const QAbstractItemView *view, const QString &text, int column)
{
    const auto *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}
