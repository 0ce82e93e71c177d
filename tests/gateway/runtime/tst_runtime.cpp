#include "gateway/runtime/runtime.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace sd::gateway;

// What the runtime exposes: other local users can read none of the secrets' hashes or keys, and the
// network never meets the first-start password.
class TestRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newDataDirectoryIsPrivate();
    void existingDirectoryKeepsItsMode();
    void firstStartPasswordStaysOnLoopback();

private:
    static std::unique_ptr<Runtime> create(const QString &dataDir, const QHostAddress &bind = {});
};

std::unique_ptr<Runtime> TestRuntime::create(const QString &dataDir, const QHostAddress &bind)
{
    RuntimeOptions options;
    options.dataDir = dataDir;
    options.gateway.httpPort = 0;
    options.gateway.httpsPort = 0;
    options.managementPort = 0;
    if (!bind.isNull())
        options.gateway.bindAddress = bind;
    auto created = Runtime::create(options);
    if (!created) {
        qWarning() << created.error().message;
        return nullptr;
    }
    return std::move(created).value();
}

void TestRuntime::newDataDirectoryIsPrivate()
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

void TestRuntime::existingDirectoryKeepsItsMode()
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

void TestRuntime::firstStartPasswordStaysOnLoopback()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        const auto runtime = create(dir.path(), QHostAddress::AnyIPv4);
        QVERIFY(runtime);
        const auto refused = runtime->start();
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, sd::models::Error::Kind::Forbidden);
        QVERIFY2(refused.error().message.contains(QStringLiteral("'admin'")),
                 qPrintable(refused.error().message));
        QCOMPARE(runtime->gatewayHttpPort(), quint16(0));

        const auto admin =
            runtime->accounts()->authenticate(QStringLiteral("admin"), QStringLiteral("admin"));
        QVERIFY(admin);
        QVERIFY(runtime->accounts()->changePassword(admin.value(), QStringLiteral("admin"),
                                                    QStringLiteral("a-password-of-my-own")));
        const auto started = runtime->start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        QVERIFY(runtime->gatewayHttpPort() != 0);
    }
    // On loopback the first-start password is fine: that is the Quick start.
    QTemporaryDir fresh;
    const auto local = create(fresh.path(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(local);
    const auto started = local->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
}

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
