#include "consolefixture.h"
#include "models/publisherservice.h"
#include "ui/publisher/apilistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sd;
using ui::ApiListModel;

class TestApiListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheService();
};

namespace {

models::ApiDraft draft(const QString &name, const QString &context)
{
    return {name,
            context,
            QStringLiteral("1.0.0"),
            QStringLiteral("http://127.0.0.1:9/"),
            {},
            {QStringLiteral("AsyncGold")}};
}

} // namespace

void TestApiListModel::followsTheService()
{
    ConsoleFixture console;
    auto *publisher = console.publisher();
    const auto admin = console.admin();
    const auto first = publisher->createApi(admin, draft(QStringLiteral("First"), QStringLiteral("/first")));
    QVERIFY(first);

    ApiListModel model(publisher);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 5);
    QCOMPARE(model.headerData(ApiListModel::DeployedRevision, Qt::Horizontal).toString(),
             QStringLiteral("Deployed revision"));
    QCOMPARE(model.index(0, ApiListModel::Name).data().toString(), QStringLiteral("First"));
    QCOMPARE(model.index(0, ApiListModel::Context).data().toString(), QStringLiteral("/first"));
    QCOMPARE(model.index(0, ApiListModel::State).data().toString(), QStringLiteral("CREATED"));
    QCOMPARE(model.index(0, ApiListModel::DeployedRevision).data().toString(),
             QStringLiteral("Not deployed"));
    QCOMPARE(model.index(0, 0).data(ApiListModel::ApiIdRole).toString(), first->id);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    const auto second =
        publisher->createApi(admin, draft(QStringLiteral("Second"), QStringLiteral("/second")));
    QVERIFY(second);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(second->id), 1);

    QVERIFY(publisher->changeLifecycle(admin, second->id, QStringLiteral("Publish")));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(1, ApiListModel::State).data().toString(), QStringLiteral("PUBLISHED"));

    const auto revision = publisher->createRevision(admin, second->id, QString());
    QVERIFY(revision);
    QCOMPARE(changed.size(), 1); // a revision alone deploys nothing
    QVERIFY(publisher->deployRevision(admin, second->id, revision->id, QStringLiteral("Default"),
                                      QStringLiteral("localhost")));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.index(1, ApiListModel::DeployedRevision).data().toString(), QStringLiteral("Revision 1"));

    QVERIFY(publisher->deleteApi(admin, first->id));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.apiIdAt(0), second->id);
    QCOMPARE(inserted.size(), 1);
}

QTEST_MAIN(TestApiListModel)
#include "tst_apilistmodel.moc"
