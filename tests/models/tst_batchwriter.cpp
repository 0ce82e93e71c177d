// BatchWriter on a real SQLite file; a second Store on the same file reads what is durable.
#include "models/batchwriter.h"
#include "models/store.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace sd::models;

namespace {

Application application(const QString &id)
{
    return {id,
            QStringLiteral("admin"),
            id,
            QStringLiteral("Unlimited"),
            {},
            TokenType::Jwt,
            QDateTime::currentDateTimeUtc()};
}

} // namespace

class TestBatchWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void doneIsCalledOnceDurable();
    void queuedWritesShareOneTransaction();
    void failedWriteFailsAlone();
    void destructionWritesWhatIsQueued();
    void postsFromManyThreads();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Store> m_store;
    std::shared_ptr<Store> m_reader; // a second connection to the same file
};

void TestBatchWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const auto path = m_dir->filePath(QStringLiteral("store.db"));
    m_store = Store::open(path).value();
    m_reader = Store::open(path).value();
}

void TestBatchWriter::cleanup()
{
    m_reader.reset();
    m_store.reset();
    m_dir.reset();
}

void TestBatchWriter::doneIsCalledOnceDurable()
{
    BatchWriter writer(m_store);
    std::atomic<bool> visible{false};
    std::atomic<int> calls{0};
    writer.post({[&] { return m_store->insertApplication(application(QStringLiteral("a1"))); },
                 [&](const Status &status) {
                     visible = status.ok() && m_reader->application(QStringLiteral("a1")).has_value();
                     ++calls;
                 }});
    writer.drain();
    QCOMPARE(calls.load(), 1);
    QVERIFY(visible);
    QCOMPARE(writer.pending(), 0);
}

void TestBatchWriter::queuedWritesShareOneTransaction()
{
    BatchWriter writer(m_store);
    // Held up by the first write, the next ten queue up behind it and go together.
    QMutex gate;
    gate.lock();
    std::atomic<bool> entered{false};
    writer.post({[&] {
        entered = true;
        QMutexLocker wait(&gate);
        return m_store->insertApplication(application(QStringLiteral("first")));
    }});
    QTRY_VERIFY(entered);
    QList<BatchWriter::Write> writes;
    for (int i = 0; i < 10; ++i)
        writes.append({[this, i] { return m_store->insertApplication(application(QString::number(i))); }});
    writer.post(writes);
    QCOMPARE(writer.pending(), 11);
    gate.unlock();
    writer.drain();
    QCOMPARE(writer.batches(), quint64(2));
    QCOMPARE(m_reader->applications().size(), 11);
}

void TestBatchWriter::failedWriteFailsAlone()
{
    BatchWriter writer(m_store);
    QList<bool> outcomes(3);
    QList<BatchWriter::Write> writes;
    const QStringList ids{QStringLiteral("x"), QStringLiteral("x"), QStringLiteral("y")};
    for (int i = 0; i < ids.size(); ++i) {
        writes.append({[this, id = ids[i]] { return m_store->insertApplication(application(id)); },
                       [&outcomes, i](const Status &status) { outcomes[i] = status.ok(); }});
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("SQL failed:.*UNIQUE")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("SQL failed:.*UNIQUE")));
    writer.post(writes);
    writer.drain();
    QCOMPARE(outcomes, QList<bool>({true, false, true}));
    QCOMPARE(m_reader->applications().size(), 2);
}

void TestBatchWriter::destructionWritesWhatIsQueued()
{
    std::atomic<int> done{0};
    {
        BatchWriter writer(m_store);
        for (int i = 0; i < 50; ++i) {
            writer.post({[this, i] { return m_store->insertApplication(application(QString::number(i))); },
                         [&](const Status &status) { done += status.ok() ? 1 : 0; }});
        }
    }
    QCOMPARE(done.load(), 50);
    QCOMPARE(m_reader->applications().size(), 50);
}

void TestBatchWriter::postsFromManyThreads()
{
    BatchWriter writer(m_store);
    std::atomic<int> done{0};
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&, t] {
            for (int i = 0; i < 100; ++i) {
                const auto id = QStringLiteral("%1-%2").arg(t).arg(i);
                writer.post({[this, id] { return m_store->insertApplication(application(id)); },
                             [&](const Status &status) { done += status.ok() ? 1 : 0; }});
            }
        }));
        threads.last()->start();
    }
    for (auto *thread : std::as_const(threads)) {
        thread->wait();
        delete thread;
    }
    writer.drain();
    QCOMPARE(done.load(), 400);
    QCOMPARE(m_reader->applications().size(), 400);
}

QTEST_GUILESS_MAIN(TestBatchWriter)
#include "tst_batchwriter.moc"
