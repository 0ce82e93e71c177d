#include "secretcalls.h"
#include "ui/keychain/secretstore.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::ui::SecretStore;

// SecretStore where no keychain service runs: the session bus is a socket that does not exist, or (with
// STREAMDESK_TEST_NO_SESSION_BUS set) there is no session bus address at all. HOME and the XDG folders
// are a fresh temporary folder, so anything written to disk would show there.
class TestSecretStoreFallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keptForTheSessionOnly();
    void callsInFlightWhenTheKeychainIsFoundMissing();
    void cleanup();

private:
    QStringList filesUnderHome() const;
    static void expectNoKeychainWarning();

    QTemporaryDir m_home;
};

void TestSecretStoreFallback::initTestCase()
{
    QVERIFY(m_home.isValid());
    const auto home = m_home.path();
    qputenv("HOME", home.toUtf8());
    for (const auto &[name, folder] :
         {std::pair{"XDG_CONFIG_HOME", "config"}, std::pair{"XDG_DATA_HOME", "data"},
          std::pair{"XDG_CACHE_HOME", "cache"}, std::pair{"XDG_RUNTIME_DIR", "run"}}) {
        QVERIFY(QDir(home).mkpath(QString::fromLatin1(folder)));
        qputenv(name, (home + u'/' + QString::fromLatin1(folder)).toUtf8());
    }
    QVERIFY(QFile::setPermissions(home + u"/run"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    if (qEnvironmentVariableIsSet("STREAMDESK_TEST_NO_SESSION_BUS"))
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    else
        qputenv("DBUS_SESSION_BUS_ADDRESS", QString(u"unix:path="_s + home + u"/no-bus-here"_s).toUtf8());
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    QCoreApplication::setOrganizationName(u"StreamDesk"_s);
    QCoreApplication::setApplicationName(u"StreamDesk"_s);
}

QStringList TestSecretStoreFallback::filesUnderHome() const
{
    QStringList files;
    QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

void TestSecretStoreFallback::expectNoKeychainWarning()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"no keychain service"_s));
}

void TestSecretStoreFallback::keptForTheSessionOnly()
{
    SecretStore store;
    QSignalSpy lost(&store, &SecretStore::persistenceLost);
    QSignalSpy changed(&store, &SecretStore::secretChanged);
    QVERIFY(store.isPersistent());
    const auto key = SecretStore::consumerSecretKey(u"keyset-1"_s);

    // The write that finds the keychain missing still keeps its secret.
    expectNoKeychainWarning();
    const auto written = SecretCalls::write(store, key, u"first-secret"_s);
    QVERIFY(written.done);
    QVERIFY2(written.ok, qPrintable(written.error));
    QCOMPARE(lost.count(), 1);
    QVERIFY(!lost.at(0).at(0).toString().isEmpty());
    QVERIFY(!store.isPersistent());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(SecretCalls::read(store, key).secret, u"first-secret"_s);

    const auto token = SecretStore::accessTokenKey(u"keyset-1"_s);
    QVERIFY(SecretCalls::write(store, token, u"token"_s).ok);
    QVERIFY(SecretCalls::write(store, key, u"second-secret"_s).ok);
    QCOMPARE(SecretCalls::read(store, key).secret, u"second-secret"_s);
    QCOMPARE(SecretCalls::read(store, token).secret, u"token"_s);
    const auto removed = SecretCalls::remove(store, key);
    QVERIFY(removed.ok);
    QCOMPARE(SecretCalls::read(store, key).secret, std::nullopt);
    QCOMPARE(SecretCalls::read(store, token).secret, u"token"_s);
    QCOMPARE(changed.count(), 4);
    QCOMPARE(lost.count(), 1);
}

void TestSecretStoreFallback::callsInFlightWhenTheKeychainIsFoundMissing()
{
    SecretStore store;
    QSignalSpy lost(&store, &SecretStore::persistenceLost);
    int answered = 0;
    std::optional<QString> first;
    std::optional<QString> missing;
    QString errors;
    QObject context;
    const auto collectError = [&](bool ok, const QString &error) {
        ++answered;
        if (!ok)
            errors += error;
    };
    expectNoKeychainWarning();
    // All queued before any answer: the first failure switches the store, the later jobs fail too.
    store.write(u"a"_s, u"secret-a"_s, &context, collectError);
    store.write(u"b"_s, u"secret-b"_s, &context, collectError);
    store.read(u"a"_s, &context, [&](const std::optional<QString> &secret, const QString &error) {
        ++answered;
        first = secret;
        errors += error;
    });
    store.read(u"c"_s, &context, [&](const std::optional<QString> &secret, const QString &error) {
        ++answered;
        missing = secret;
        errors += error;
    });
    QTRY_COMPARE_WITH_TIMEOUT(answered, 4, 120'000);
    QCOMPARE(errors, QString());
    QCOMPARE(first, u"secret-a"_s);
    QCOMPARE(missing, std::nullopt);
    QCOMPARE(SecretCalls::read(store, u"b"_s).secret, u"secret-b"_s);
    QCOMPARE(lost.count(), 1);
}

void TestSecretStoreFallback::cleanup()
{
    // Nothing on disk: no plain-text fallback, no settings file, no keyring file.
    QCOMPARE(filesUnderHome(), QStringList());
    QVERIFY(!QFile::exists(QSettings().fileName()));
}

QTEST_GUILESS_MAIN(TestSecretStoreFallback)
#include "tst_secretstorefallback.moc"
