#include "gateway/runtime/runtime.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace sd::gateway;

// What the runtime leaves on disk: other local users can read none of the secrets' hashes or keys.
class TestRuntimeData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newDataDirectoryIsPrivate();
    void existingDirectoryKeepsItsMode();

private:
    static std::unique_ptr<Runtime> create(const QString &dataDir);
};

std::unique_ptr<Runtime> TestRuntimeData::create(const QString &dataDir)
{
    RuntimeOptions options;
    options.dataDir = dataDir;
    auto created = Runtime::create(options);
    if (!created) {
        qWarning() << created.error().message;
        return nullptr;
    }
    return std::move(created).value();
}

void TestRuntimeData::newDataDirectoryIsPrivate()
{
    QTemporaryDir parent;
    QVERIFY(parent.isValid());
    const auto dataDir = parent.filePath(QStringLiteral("nested/data"));
    const auto runtime = create(dataDir);
    QVERIFY(runtime);

    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    constexpr auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                  QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFileInfo(dataDir).permissions() & groupOrOther, QFileDevice::Permissions());
    QCOMPARE(QFileInfo(dataDir + QStringLiteral("/streamdesk.db")).permissions() & (ownerOnly | groupOrOther),
             ownerOnly);
    QCOMPARE(QFileInfo(dataDir + QStringLiteral("/keys/signing-key.pem")).permissions() & groupOrOther,
             QFileDevice::Permissions());
    QCOMPARE(QFileInfo(dataDir + QStringLiteral("/keys/tls-key.pem")).permissions() & groupOrOther,
             QFileDevice::Permissions());
}

void TestRuntimeData::existingDirectoryKeepsItsMode()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto chosen = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                        QFileDevice::ReadGroup | QFileDevice::ExeGroup;
    QVERIFY(QFile::setPermissions(dir.path(), chosen));
    const auto runtime = create(dir.path());
    QVERIFY(runtime);
    QCOMPARE(QFileInfo(dir.path()).permissions() &
                 ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser),
             chosen);
}

QTEST_GUILESS_MAIN(TestRuntimeData)
#include "tst_runtimedata.moc"
