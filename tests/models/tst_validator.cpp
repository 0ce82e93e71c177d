#include "models/validator.h"

#include <QTest>

using sd::models::Status;
using sd::models::Validator;

class TestValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void contextVersionAvailable();
    void topics_data();
    void topics();
};

void TestValidator::rules_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("messagePart");

    auto row = [](const char *name, const char *rule, const QString &input, bool ok, const char *part = "") {
        QTest::newRow(name) << QString::fromLatin1(rule) << input << ok << QString::fromLatin1(part);
    };
    row("name: tutorial", "name", QStringLiteral("Observer"), true);
    row("name: spaces dots dashes", "name", QStringLiteral("Memory Observer v2.1-beta_x"), true);
    row("name: empty", "name", QString(), false, "required");
    row("name: blank", "name", QStringLiteral("   "), false, "required");
    row("name: leading space", "name", QStringLiteral(" Observer"), false, "letters");
    row("name: special char", "name", QStringLiteral("Obs<erver>"), false, "letters");
    row("name: 51 chars", "name", QString(51, u'a'), false, "at most 50");
    row("name: 50 chars", "name", QString(50, u'a'), true);

    row("context: tutorial", "context", QStringLiteral("/observer"), true);
    row("context: two segments", "context", QStringLiteral("/team/observer-2.x"), true);
    row("context: empty", "context", QString(), false, "required");
    row("context: no slash", "context", QStringLiteral("observer"), false, "start with '/'");
    row("context: slash only", "context", QStringLiteral("/"), false, "at least one");
    row("context: upper case", "context", QStringLiteral("/Observer"), false, "lower-case");
    row("context: dot dot", "context", QStringLiteral("/a/../b"), false, "'..'");
    row("context: dot", "context", QStringLiteral("/a/./b"), false, "'..'");
    row("context: double slash", "context", QStringLiteral("/a//b"), false, "empty segments");
    row("context: trailing slash", "context", QStringLiteral("/observer/"), false, "empty segments");
    row("context: space", "context", QStringLiteral("/obs erver"), false, "lower-case");
    row("context: query char", "context", QStringLiteral("/obs?x=1"), false, "lower-case");
    row("context: percent", "context", QStringLiteral("/obs%2e"), false, "lower-case");
    row("context: reserved api", "context", QStringLiteral("/api"), false, "reserved");
    row("context: reserved api sub", "context", QStringLiteral("/api/am"), false, "reserved");
    row("context: reserved oauth2", "context", QStringLiteral("/oauth2"), false, "reserved");
    row("context: api prefix word ok", "context", QStringLiteral("/apis-of-mine"), true);
    row("context: too long", "context", u'/' + QString(200, u'a'), false, "at most 200");

    row("version: semver", "version", QStringLiteral("1.0.0"), true);
    row("version: v2", "version", QStringLiteral("v2"), true);
    row("version: empty", "version", QString(), false, "required");
    row("version: slash", "version", QStringLiteral("1/0"), false, "letters");
    row("version: dot dot", "version", QStringLiteral("1..0"), false, "letters");
    row("version: leading dot", "version", QStringLiteral(".1"), false, "letters");
    row("version: too long", "version", QString(31, u'1'), false, "at most 30");

    row("endpoint: tutorial", "endpoint", QStringLiteral("http://localhost:8080"), true);
    row("endpoint: https path", "endpoint", QStringLiteral("https://backend.example:9443/base"), true);
    row("endpoint: empty optional", "endpoint", QString(), true);
    row("endpoint: relative", "endpoint", QStringLiteral("/memory"), false, "absolute");
    row("endpoint: ftp", "endpoint", QStringLiteral("ftp://host/x"), false, "absolute");
    row("endpoint: no host", "endpoint", QStringLiteral("http://"), false, "host");
    row("endpoint: credentials", "endpoint", QStringLiteral("http://u:p@host"), false, "credentials");
    row("endpoint: query", "endpoint", QStringLiteral("http://host/x?a=1"), false, "query");
    row("endpoint: garbage", "endpoint", QStringLiteral("not a url"), false, "absolute");
    row("endpoint: bad port", "endpoint", QStringLiteral("http://host:99999"), false, "absolute");

    row("application: plain", "application", QStringLiteral("My App"), true);
    row("application: unicode", "application", QStringLiteral("Ãpp ☃"), true);
    row("application: empty", "application", QString(), false, "required");
    row("application: trailing space", "application", QStringLiteral("App "), false, "spaces");
    row("application: control char", "application", QStringLiteral("A\tB"), false, "control");
    row("application: 71 chars", "application", QString(71, u'x'), false, "at most 70");

    row("user: admin", "user", QStringLiteral("admin"), true);
    row("user: email", "user", QStringLiteral("dev@example.org"), true);
    row("user: space", "user", QStringLiteral("a b"), false, "letters");
    row("user: empty", "user", QString(), false, "letters");
    row("password: ok", "password", QStringLiteral("secret"), true);
    row("password: short", "password", QStringLiteral("abc"), false, "4 to 256");
    row("confirmation: same", "confirmation", QStringLiteral("secret"), true);
    row("confirmation: differs", "confirmation", QStringLiteral("Secret"), false, "differ");
}

void TestValidator::rules()
{
    QFETCH(QString, rule);
    QFETCH(QString, input);
    QFETCH(bool, accepted);
    QFETCH(QString, messagePart);

    Status status = sd::models::Done{};
    QString field = rule;
    if (rule == u"name")
        status = Validator::apiName(input);
    else if (rule == u"context")
        status = Validator::context(input);
    else if (rule == u"version")
        status = Validator::version(input);
    else if (rule == u"endpoint")
        status = Validator::endpoint(field = QStringLiteral("productionEndpoint"), input, false);
    else if (rule == u"application")
        status = Validator::applicationName(input), field = QStringLiteral("name");
    else if (rule == u"user")
        status = Validator::userName(input), field = QStringLiteral("name");
    else if (rule == u"password")
        status = Validator::password(input);
    else if (rule == u"confirmation")
        status = Validator::passwordConfirmation(QStringLiteral("secret"), input);
    QCOMPARE(status.ok(), accepted);
    if (!accepted) {
        QCOMPARE(status.error().field, field);
        QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
    }
}

void TestValidator::topics_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("default") << QStringList{QStringLiteral("/*")} << QString();
    QTest::newRow("two topics") << QStringList{QStringLiteral("/*"), QStringLiteral("/memory")} << QString();
    QTest::newRow("none") << QStringList{} << QStringLiteral("An SSE API needs at least one topic.");
    QTest::newRow("no slash") << QStringList{QStringLiteral("memory")}
                              << QStringLiteral("A topic target must start with '/'.");
    QTest::newRow("twice") << QStringList{QStringLiteral("/memory"), QStringLiteral("/*"),
                                          QStringLiteral("/memory")}
                           << QStringLiteral("The topic /memory is listed twice.");
}

void TestValidator::topics()
{
    QFETCH(QStringList, targets);
    QFETCH(QString, error);
    sd::models::ApiDraft draft{QStringLiteral("Observer"), QStringLiteral("/observer"),
                               QStringLiteral("1.0.0"), QStringLiteral("http://localhost:8080")};
    draft.topics.clear();
    for (const auto &target : targets)
        draft.topics.append({target, QStringLiteral("SUBSCRIBE")});
    const auto status = Validator::apiDraft(draft);
    QCOMPARE(status.ok(), error.isEmpty());
    if (!status) {
        QCOMPARE(status.error().field, QStringLiteral("operations"));
        QCOMPARE(status.error().message, error);
    }
}

void TestValidator::contextVersionAvailable()
{
    sd::models::Api observer;
    observer.id = QStringLiteral("a1");
    observer.context = QStringLiteral("/observer");
    observer.version = QStringLiteral("1.0.0");
    const QList<sd::models::Api> apis{observer};

    const auto taken = Validator::contextVersionAvailable(apis, observer.context, observer.version);
    QVERIFY(!taken);
    QCOMPARE(taken.error().kind, sd::models::Error::Kind::Conflict);
    QVERIFY(taken.error().message.contains(QStringLiteral("/observer and version 1.0.0 already exists")));
    QVERIFY(Validator::contextVersionAvailable(apis, observer.context, QStringLiteral("2.0.0")));
    QVERIFY(Validator::contextVersionAvailable(apis, QStringLiteral("/other"), observer.version));
    QVERIFY(Validator::contextVersionAvailable(apis, observer.context, observer.version, observer.id));
}

QTEST_APPLESS_MAIN(TestValidator)
#include "tst_validator.moc"
