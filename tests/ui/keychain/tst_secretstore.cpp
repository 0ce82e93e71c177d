#include "secretcalls.h"
#include "ui/keychain/secretstore.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using sd::ui::SecretStore;

// SecretStore against a real Secret Service: gnome-keyring on a private session bus, started by
// with-secret-service.sh, which CTest runs this test in.
class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storeReadOverwriteDelete();
    void readAndRemoveWhatIsNotThere();
    void keySetSecretsAreSeparate();
    void callbackDroppedWithItsContext();
    void sessionOnlyNeverTouchesTheKeychain();

private:
    static QString uniqueKey();
    /// What the Secret Service itself holds under `key`, read with secret-tool (not through QtKeychain).
    std::optional<QString> secretToolLookup(const QString &key);
};

void TestSecretStore::initTestCase()
{
    // Never the user's own keyring: only inside the wrapper's private session.
    QVERIFY2(qEnvironmentVariableIsSet("STREAMDESK_TEST_SECRET_SERVICE"),
             "run through tests/ui/keychain/with-secret-service.sh (ctest does)");
    QVERIFY2(!QStandardPaths::findExecutable(u"secret-tool"_s).isEmpty(),
             "secret-tool is missing: install the test packages with tools/install-deps.sh");
}

QString TestSecretStore::uniqueKey()
{
    return SecretStore::consumerSecretKey(QUuid::createUuid().toString(QUuid::WithoutBraces));
}

std::optional<QString> TestSecretStore::secretToolLookup(const QString &key)
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"user"_s, key, u"server"_s, u"StreamDesk"_s});
    if (!tool.waitForFinished(-1) || tool.exitStatus() != QProcess::NormalExit)
        return u"<secret-tool failed>"_s;
    if (tool.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(tool.readAllStandardOutput());
}

void TestSecretStore::storeReadOverwriteDelete()
{
    SecretStore store;
    QSignalSpy lost(&store, &SecretStore::persistenceLost);
    QSignalSpy changed(&store, &SecretStore::secretChanged);
    const auto key = uniqueKey();

    const auto written = SecretCalls::write(store, key, u"first-secret"_s);
    QVERIFY(written.done);
    QVERIFY2(written.ok, qPrintable(written.error));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), key);
    QCOMPARE(secretToolLookup(key), u"first-secret"_s);
    auto read = SecretCalls::read(store, key);
    QVERIFY(read.done);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.secret, u"first-secret"_s);

    // Another store (as after a restart) finds it in the keychain.
    SecretStore later;
    QCOMPARE(SecretCalls::read(later, key).secret, u"first-secret"_s);

    const auto overwritten = SecretCalls::write(store, key, u"second-secret"_s);
    QVERIFY(overwritten.ok);
    QCOMPARE(SecretCalls::read(later, key).secret, u"second-secret"_s);
    QCOMPARE(secretToolLookup(key), u"second-secret"_s);

    const auto removed = SecretCalls::remove(store, key);
    QVERIFY(removed.done);
    QVERIFY2(removed.ok, qPrintable(removed.error));
    QCOMPARE(changed.count(), 3);
    read = SecretCalls::read(later, key);
    QVERIFY(read.done);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.secret, std::nullopt);
    QCOMPARE(secretToolLookup(key), std::nullopt);

    QVERIFY(store.isPersistent());
    QCOMPARE(lost.count(), 0);
}

void TestSecretStore::readAndRemoveWhatIsNotThere()
{
    SecretStore store;
    const auto key = uniqueKey();
    const auto read = SecretCalls::read(store, key);
    QVERIFY(read.done);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.secret, std::nullopt);
    const auto removed = SecretCalls::remove(store, key);
    QVERIFY(removed.done);
    QVERIFY2(removed.ok, qPrintable(removed.error));
    QVERIFY(store.isPersistent());
}

void TestSecretStore::keySetSecretsAreSeparate()
{
    SecretStore store;
    const auto keySet = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto other = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVERIFY(SecretCalls::write(store, SecretStore::consumerSecretKey(keySet), u"consumer"_s).ok);
    QVERIFY(SecretCalls::write(store, SecretStore::accessTokenKey(keySet), u"token"_s).ok);
    QCOMPARE(SecretCalls::read(store, SecretStore::consumerSecretKey(keySet)).secret, u"consumer"_s);
    QCOMPARE(SecretCalls::read(store, SecretStore::accessTokenKey(keySet)).secret, u"token"_s);
    QCOMPARE(SecretCalls::read(store, SecretStore::consumerSecretKey(other)).secret, std::nullopt);

    QVERIFY(SecretCalls::remove(store, SecretStore::accessTokenKey(keySet)).ok);
    QCOMPARE(SecretCalls::read(store, SecretStore::accessTokenKey(keySet)).secret, std::nullopt);
    QCOMPARE(SecretCalls::read(store, SecretStore::consumerSecretKey(keySet)).secret, u"consumer"_s);
}

void TestSecretStore::callbackDroppedWithItsContext()
{
    SecretStore store;
    const auto key = uniqueKey();
    QVERIFY(SecretCalls::write(store, key, u"kept"_s).ok);
    bool called = false;
    {
        QObject context;
        store.read(key, &context,
                   [&called](const std::optional<QString> &, const QString &) { called = true; });
    }
    // Keychain jobs run one after another: once a later read is answered, the first one has finished.
    QCOMPARE(SecretCalls::read(store, key).secret, u"kept"_s);
    QVERIFY(!called);
}

void TestSecretStore::sessionOnlyNeverTouchesTheKeychain()
{
    SecretStore session(SecretStore::Backend::SessionOnly);
    QSignalSpy lost(&session, &SecretStore::persistenceLost);
    QVERIFY(!session.isPersistent());
    const auto key = uniqueKey();
    QVERIFY(SecretCalls::write(session, key, u"in-memory"_s).ok);
    QCOMPARE(SecretCalls::read(session, key).secret, u"in-memory"_s);

    SecretStore keychain;
    const auto read = SecretCalls::read(keychain, key);
    QVERIFY(read.done);
    QCOMPARE(read.secret, std::nullopt);
    QCOMPARE(secretToolLookup(key), std::nullopt);

    QVERIFY(SecretCalls::remove(session, key).ok);
    QCOMPARE(SecretCalls::read(session, key).secret, std::nullopt);
    QCOMPARE(lost.count(), 0);
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
