#include "models/publisherservice.h"
#include "models/store.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace sd::models;

class TestDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void survivesSigkillAtRandomMoments();
    void lifecycleHistorySurvivesSigkill();

private:
    /// Runs storewriter with `arguments` and SIGKILLs it after a random number of reported commits, so that
    /// the kill lands at a random point of a write; `out` gets what it printed.
    void runWriterAndKill(const QStringList &arguments, QByteArray &out);
};

void TestDurability::runWriterAndKill(const QStringList &arguments, QByteArray &out)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QStringLiteral(STORE_WRITER_PATH), arguments);
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
    const int target = int(QRandomGenerator::global()->bounded(1, 25));
    QTRY_VERIFY_WITH_TIMEOUT((out += child.readAllStandardOutput(), out.count('\n') >= target), 30000);
    ::kill(pid_t(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished(10000));
    out += child.readAllStandardOutput();
    const auto stderrText = child.readAllStandardError();
    QVERIFY2(!stderrText.contains("storewriter:"), stderrText.constData());
}

void TestDurability::survivesSigkillAtRandomMoments()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto path = dir.filePath(QStringLiteral("store.db"));
    QSet<int> committed;
    int next = 0;
    for (int round = 0; round < 12; ++round) {
        QByteArray out;
        runWriterAndKill({path, QString::number(next)}, out);
        if (QTest::currentTestFailed())
            return;
        for (const auto &line : out.split('\n')) {
            if (line.startsWith("committed "))
                committed.insert(line.mid(10).toInt());
        }

        auto reopened = Store::open(path);
        QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().message));
        const auto store = reopened.value();
        QCOMPARE(store->integrityCheck(), QStringLiteral("ok"));
        QSet<int> present;
        for (const auto &app : store->applications(QStringLiteral("writer"))) {
            present.insert(app.name.mid(4).toInt());
            // Both rows of a transaction, or neither.
            QCOMPARE(store->keySets(app.id).size(), 1);
        }
        for (int n : std::as_const(committed))
            QVERIFY2(present.contains(n), qPrintable(QStringLiteral("commit %1 lost").arg(n)));
        next = present.isEmpty() ? 0 : *std::max_element(present.begin(), present.end()) + 1;
    }
    QVERIFY(committed.size() >= 12);
}

void TestDurability::lifecycleHistorySurvivesSigkill()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto path = dir.filePath(QStringLiteral("store.db"));
    int committed = 0;
    for (int round = 0; round < 8; ++round) {
        QByteArray out;
        runWriterAndKill({path, QString::number(committed), QStringLiteral("lifecycle")}, out);
        if (QTest::currentTestFailed())
            return;
        committed += int(out.count("committed "));

        const auto store = Store::open(path).value();
        QCOMPARE(store->integrityCheck(), QStringLiteral("ok"));
        const auto api = store->apiByContext(QStringLiteral("/observer"), QStringLiteral("1.0.0"));
        QVERIFY(api);
        // Every state change has its history row and no row lacks its state change: the rows chain from
        // CREATED to the state the API is in.
        const auto history = PublisherService(store).lifecycleHistory(api->id);
        QVERIFY2(history.size() >= committed,
                 qPrintable(QStringLiteral("%1 rows, %2 committed").arg(history.size()).arg(committed)));
        QCOMPARE(history.constFirst().from, LifecycleState::Created);
        for (qsizetype i = 1; i < history.size(); ++i)
            QCOMPARE(history[i].from, history[i - 1].to);
        QCOMPARE(history.constLast().to, api->state);
        committed = int(history.size());
    }
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
