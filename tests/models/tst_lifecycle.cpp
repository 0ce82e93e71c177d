#include "models/api.h"
#include "models/lifecycle.h"

#include <QTest>

using sd::models::Lifecycle;
using sd::models::LifecycleState;
using namespace Qt::StringLiterals;

class TestLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data();
    void transitions();
    void stateNamesRoundTrip();
    void checklist();
    void stateChecklist_data();
    void stateChecklist();
    void requirements_data();
    void requirements();
    void visibility_data();
    void visibility();
};

void TestLifecycle::transitions_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("to"); // empty: refused

    // REFERENCE.md section 4, every state crossed with every action.
    const QMap<QString, QMap<QString, QString>> allowed{
        {QStringLiteral("CREATED"),
         {{QStringLiteral("Publish"), QStringLiteral("PUBLISHED")},
          {QStringLiteral("Deploy as a Prototype"), QStringLiteral("PROTOTYPED")}}},
        {QStringLiteral("PROTOTYPED"),
         {{QStringLiteral("Publish"), QStringLiteral("PUBLISHED")},
          {QStringLiteral("Demote to Created"), QStringLiteral("CREATED")},
          {QStringLiteral("Deploy as a Prototype"), QStringLiteral("PROTOTYPED")}}},
        {QStringLiteral("PUBLISHED"),
         {{QStringLiteral("Block"), QStringLiteral("BLOCKED")},
          {QStringLiteral("Deploy as a Prototype"), QStringLiteral("PROTOTYPED")},
          {QStringLiteral("Demote to Created"), QStringLiteral("CREATED")},
          {QStringLiteral("Deprecate"), QStringLiteral("DEPRECATED")},
          {QStringLiteral("Publish"), QStringLiteral("PUBLISHED")}}},
        {QStringLiteral("BLOCKED"),
         {{QStringLiteral("Deprecate"), QStringLiteral("DEPRECATED")},
          {QStringLiteral("Re-Publish"), QStringLiteral("PUBLISHED")}}},
        {QStringLiteral("DEPRECATED"), {{QStringLiteral("Retire"), QStringLiteral("RETIRED")}}},
        {QStringLiteral("RETIRED"), {}},
    };
    const QStringList actions{QStringLiteral("Publish"),
                              QStringLiteral("Deploy as a Prototype"),
                              QStringLiteral("Demote to Created"),
                              QStringLiteral("Block"),
                              QStringLiteral("Deprecate"),
                              QStringLiteral("Re-Publish"),
                              QStringLiteral("Retire"),
                              QStringLiteral("publish"),
                              QStringLiteral("Delete")};
    for (auto it = allowed.begin(); it != allowed.end(); ++it) {
        for (const auto &action : actions) {
            const auto to = it->value(action);
            const QString row =
                it.key() + u" / " + action + (to.isEmpty() ? QStringLiteral(" refused") : u" -> " + to);
            QTest::newRow(qPrintable(row)) << it.key() << action << to;
        }
    }
}

void TestLifecycle::transitions()
{
    QFETCH(QString, from);
    QFETCH(QString, action);
    QFETCH(QString, to);
    const auto state = Lifecycle::stateFromName(from);
    QVERIFY(state);
    const auto result = Lifecycle::apply(*state, action);
    if (to.isEmpty()) {
        QVERIFY(!result);
        QCOMPARE(result.error().message, QStringLiteral("Action '%1' is not allowed").arg(action));
        QVERIFY(!Lifecycle::allowedActions(*state).contains(action));
    } else {
        QVERIFY(result);
        QCOMPARE(Lifecycle::stateName(result.value()), to);
        QVERIFY(Lifecycle::allowedActions(*state).contains(action));
    }
}

void TestLifecycle::stateNamesRoundTrip()
{
    for (auto s : {LifecycleState::Created, LifecycleState::Prototyped, LifecycleState::Published,
                   LifecycleState::Blocked, LifecycleState::Deprecated, LifecycleState::Retired})
        QCOMPARE(Lifecycle::stateFromName(Lifecycle::stateName(s)), s);
    QVERIFY(!Lifecycle::stateFromName(u"UNKNOWN"));
    QCOMPARE(Lifecycle::allActions().size(), 7);
    QCOMPARE(Lifecycle::allStates().size(), 6);
    QCOMPARE(Lifecycle::allStates().constFirst(), LifecycleState::Created);
}

void TestLifecycle::checklist()
{
    QCOMPARE(Lifecycle::publishChecklist(),
             QStringList({QStringLiteral("Deprecate old versions after publishing the API"),
                          QStringLiteral("Requires re-subscription when publishing the API")}));
}

void TestLifecycle::stateChecklist_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("publishItems");
    QTest::newRow("created") << QStringLiteral("CREATED") << true;
    QTest::newRow("prototyped") << QStringLiteral("PROTOTYPED") << true;
    QTest::newRow("published") << QStringLiteral("PUBLISHED") << true;
    QTest::newRow("blocked re-publishes without items") << QStringLiteral("BLOCKED") << false;
    QTest::newRow("deprecated") << QStringLiteral("DEPRECATED") << false;
    QTest::newRow("retired") << QStringLiteral("RETIRED") << false;
}

void TestLifecycle::stateChecklist()
{
    QFETCH(QString, state);
    QFETCH(bool, publishItems);
    QCOMPARE(Lifecycle::checklist(*Lifecycle::stateFromName(state)),
             publishItems ? Lifecycle::publishChecklist() : QStringList{});
}

void TestLifecycle::requirements_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QStringList>("plans");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("unmet"); // the fields of the unmet requirements
    const QStringList both{QStringLiteral("Endpoint provided"), QStringLiteral("Business plan selected")};
    const QStringList gold{QStringLiteral("AsyncGold")};
    const auto endpoint = QStringLiteral("http://localhost:8080");
    QTest::newRow("publish, all met") << endpoint << gold << u"PUBLISHED"_s << both << QStringList{};
    QTest::newRow("publish, no plan")
        << endpoint << QStringList{} << u"PUBLISHED"_s << both << QStringList{u"policies"_s};
    QTest::newRow("publish, nothing") << QString() << QStringList{} << u"PUBLISHED"_s << both
                                      << QStringList{u"endpointConfig"_s, u"policies"_s};
    QTest::newRow("prototype needs only an endpoint")
        << QString() << QStringList{} << u"PROTOTYPED"_s << QStringList{both.first()}
        << QStringList{u"endpointConfig"_s};
    QTest::newRow("block needs nothing")
        << QString() << QStringList{} << u"BLOCKED"_s << QStringList{} << QStringList{};
}

void TestLifecycle::requirements()
{
    QFETCH(QString, endpoint);
    QFETCH(QStringList, plans);
    QFETCH(QString, to);
    QFETCH(QStringList, names);
    QFETCH(QStringList, unmet);
    sd::models::Api api;
    api.sandboxEndpoint = endpoint;
    api.plans = plans;
    QStringList gotNames;
    QStringList gotUnmet;
    for (const auto &r : Lifecycle::requirements(api, *Lifecycle::stateFromName(to))) {
        gotNames << r.name;
        if (!r.met) {
            gotUnmet << r.field;
            QVERIFY(r.missing.startsWith(u"The API needs"));
        }
    }
    QCOMPARE(gotNames, names);
    QCOMPARE(gotUnmet, unmet);
}

void TestLifecycle::visibility_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("visible");
    QTest::addColumn<bool>("subscribable");
    QTest::newRow("created hidden") << QStringLiteral("CREATED") << false << false;
    QTest::newRow("prototyped visible") << QStringLiteral("PROTOTYPED") << true << true;
    QTest::newRow("published open") << QStringLiteral("PUBLISHED") << true << true;
    QTest::newRow("blocked hidden") << QStringLiteral("BLOCKED") << false << false;
    QTest::newRow("deprecated visible, closed") << QStringLiteral("DEPRECATED") << true << false;
    QTest::newRow("retired gone") << QStringLiteral("RETIRED") << false << false;
}

void TestLifecycle::visibility()
{
    QFETCH(QString, state);
    QFETCH(bool, visible);
    QFETCH(bool, subscribable);
    const auto s = *Lifecycle::stateFromName(state);
    QCOMPARE(Lifecycle::isVisible(s), visible);
    QCOMPARE(Lifecycle::acceptsSubscriptions(s), subscribable);
}

QTEST_APPLESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
