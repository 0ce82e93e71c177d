// VerifiedSecrets answers exactly as a full PasswordHasher check would, whatever it has cached.
#include "models/passwordhasher.h"
#include "models/verifiedsecrets.h"

#include <QTest>

using namespace sd::models;
using namespace Qt::StringLiterals;

namespace {

// Cheap hashes: these tests are about the cache's answers, not the hash's cost.
QString cheapHash(const QString &secret)
{
    return PasswordHasher::hash(secret, 1);
}

} // namespace

class TestVerifiedSecrets final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsOnlyTheRightSecret();
    void wrongSecretAfterARightOneIsRefused();
    void newStoredHashTakesEffectAtOnce();
    void idsDoNotShareEntries();
    void forgottenIdIsCheckedAgain();
    void staysCorrectPastItsBound();
};

void TestVerifiedSecrets::acceptsOnlyTheRightSecret()
{
    VerifiedSecrets secrets;
    const auto stored = cheapHash(u"right"_s);
    QVERIFY(!secrets.verify(u"alice"_s, u"wrong"_s, stored));
    QVERIFY(secrets.verify(u"alice"_s, u"right"_s, stored));
    QVERIFY(secrets.verify(u"alice"_s, u"right"_s, stored));
    QVERIFY(!secrets.verify(u"alice"_s, u""_s, stored));
}

void TestVerifiedSecrets::wrongSecretAfterARightOneIsRefused()
{
    VerifiedSecrets secrets;
    const auto stored = cheapHash(u"right"_s);
    QVERIFY(secrets.verify(u"alice"_s, u"right"_s, stored));
    QVERIFY(!secrets.verify(u"alice"_s, u"righT"_s, stored));
    QVERIFY(!secrets.verify(u"alice"_s, u"right "_s, stored));
    QVERIFY(secrets.verify(u"alice"_s, u"right"_s, stored));
}

void TestVerifiedSecrets::newStoredHashTakesEffectAtOnce()
{
    VerifiedSecrets secrets;
    QVERIFY(secrets.verify(u"alice"_s, u"old"_s, cheapHash(u"old"_s)));
    const auto changed = cheapHash(u"new"_s);
    QVERIFY(!secrets.verify(u"alice"_s, u"old"_s, changed));
    QVERIFY(secrets.verify(u"alice"_s, u"new"_s, changed));
    // The same password hashed again (a new salt) is a new stored hash: checked in full, and still right.
    QVERIFY(secrets.verify(u"alice"_s, u"new"_s, cheapHash(u"new"_s)));
}

void TestVerifiedSecrets::idsDoNotShareEntries()
{
    VerifiedSecrets secrets;
    const auto aliceHash = cheapHash(u"alice-secret"_s);
    const auto bobHash = cheapHash(u"bob-secret"_s);
    QVERIFY(secrets.verify(u"alice"_s, u"alice-secret"_s, aliceHash));
    QVERIFY(!secrets.verify(u"bob"_s, u"alice-secret"_s, bobHash));
    QVERIFY(secrets.verify(u"bob"_s, u"bob-secret"_s, bobHash));
}

void TestVerifiedSecrets::forgottenIdIsCheckedAgain()
{
    VerifiedSecrets secrets;
    const auto stored = cheapHash(u"right"_s);
    QVERIFY(secrets.verify(u"alice"_s, u"right"_s, stored));
    secrets.forget(u"alice"_s);
    QVERIFY(!secrets.verify(u"alice"_s, u"wrong"_s, stored));
    QVERIFY(secrets.verify(u"alice"_s, u"right"_s, stored));
}

void TestVerifiedSecrets::staysCorrectPastItsBound()
{
    VerifiedSecrets secrets;
    const auto stored = cheapHash(u"shared"_s);
    for (qsizetype i = 0; i <= VerifiedSecrets::maxEntries; ++i)
        QVERIFY(secrets.verify(QString::number(i), u"shared"_s, stored));
    QVERIFY(secrets.verify(u"0"_s, u"shared"_s, stored));
    QVERIFY(!secrets.verify(u"0"_s, u"other"_s, stored));
}

QTEST_GUILESS_MAIN(TestVerifiedSecrets)
#include "tst_verifiedsecrets.moc"
