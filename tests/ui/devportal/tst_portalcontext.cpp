#include "models/api.h"
#include "ui/devportal/portalcontext.h"

#include <QTest>

using namespace sd;
using namespace Qt::StringLiterals;

class TestPortalContext final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void suggestedPath_data();
    void suggestedPath();
    void invocationUrlAndCurl();
};

void TestPortalContext::suggestedPath_data()
{
    QTest::addColumn<QString>("sampleUrl");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QStringList>("topics");
    QTest::addColumn<QString>("expected");

    const QString sample = QStringLiteral("http://127.0.0.1:8080/memory");
    QTest::newRow("sample backend") << sample << u"http://localhost:8080"_s << QStringList{u"/*"_s}
                                    << u"/memory"_s;
    QTest::newRow("sample backend, trailing slash")
        << sample << u"http://localhost:8080/"_s << QStringList{u"/*"_s} << u"/memory"_s;
    QTest::newRow("another port") << sample << u"http://localhost:9090"_s << QStringList{u"/*"_s} << u"/"_s;
    QTest::newRow("endpoint with a path")
        << sample << u"http://localhost:8080/memory"_s << QStringList{u"/*"_s} << u"/"_s;
    QTest::newRow("no sample backend")
        << QString() << u"http://localhost:8080"_s << QStringList{u"/*"_s} << u"/"_s;
    QTest::newRow("concrete topic first")
        << sample << u"http://localhost:8080"_s << QStringList{u"/*"_s, u"prices"_s} << u"/prices"_s;
    QTest::newRow("template topics skipped")
        << QString() << u"http://localhost:9090"_s << QStringList{u"/items/{id}"_s} << u"/"_s;
}

void TestPortalContext::suggestedPath()
{
    QFETCH(QString, sampleUrl);
    QFETCH(QString, endpoint);
    QFETCH(QStringList, topics);
    QFETCH(QString, expected);

    ui::PortalContext context;
    context.status.sampleBackendUrl = sampleUrl;
    models::Api api;
    api.productionEndpoint = endpoint;
    api.topics.clear();
    for (const auto &target : topics)
        api.topics.append(models::Topic{target});
    QCOMPARE(context.suggestedPath(api), expected);
}

void TestPortalContext::invocationUrlAndCurl()
{
    ui::PortalContext context;
    context.status.gatewayUrl = QStringLiteral("http://localhost:8280");
    context.status.gatewayTlsUrl = QStringLiteral("https://localhost:8243");
    models::Api api;
    api.context = QStringLiteral("/observer");
    api.version = QStringLiteral("1.0.0");

    const auto url = context.invocationUrl(api, QStringLiteral("memory"));
    QCOMPARE(url.toString(), QStringLiteral("http://localhost:8280/observer/1.0.0/memory"));
    QCOMPARE(context.curlCommand(url, QStringLiteral("abc")),
             QStringLiteral(
                 "curl -N 'http://localhost:8280/observer/1.0.0/memory' -H 'Authorization: Bearer abc'"));
    const auto tls = context.invocationUrl(api, QStringLiteral("/memory"), true);
    QCOMPARE(tls.toString(), QStringLiteral("https://localhost:8243/observer/1.0.0/memory"));
    QVERIFY(context.curlCommand(tls, QStringLiteral("abc")).startsWith(u"curl -N -k 'https://"));
    QCOMPARE(context.invocationUrl(api, QString()).toString(),
             QStringLiteral("http://localhost:8280/observer/1.0.0"));
}

QTEST_APPLESS_MAIN(TestPortalContext)
#include "tst_portalcontext.moc"
