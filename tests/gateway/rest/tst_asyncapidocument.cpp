#include "gateway/rest/asyncapidocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sd::gateway;
using namespace sd::models;
using namespace Qt::StringLiterals;

class TestAsyncApiDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportShape();
    void exportWithoutPorts();
    void roundTrip();
    void contextFromTitle_data();
    void contextFromTitle();
    void importErrors_data();
    void importErrors();
    void parseFile_data();
    void parseFile();
};

namespace {

Api observer()
{
    Api api;
    api.id = u"id-1"_s;
    api.name = u"Observer"_s;
    api.context = u"/observer"_s;
    api.version = u"1.0.0"_s;
    api.description = u"Memory events"_s;
    api.productionEndpoint = u"http://localhost:8080"_s;
    api.sandboxEndpoint = u"http://localhost:9080"_s;
    api.plans = {u"AsyncGold"_s, u"AsyncBronze"_s};
    api.topics = {Topic{u"/memory"_s}, Topic{u"/*"_s}};
    return api;
}

} // namespace

void TestAsyncApiDocument::exportShape()
{
    const auto doc = AsyncApiDocument::fromApi(observer(), u"localhost"_s, GatewayPorts{8280, 8243});
    QCOMPARE(doc.value(u"asyncapi"_s).toString(), u"2.6.0"_s);
    QCOMPARE(doc[u"info"_s][u"title"_s].toString(), u"Observer"_s);
    QCOMPARE(doc[u"info"_s][u"version"_s].toString(), u"1.0.0"_s);
    QCOMPARE(doc[u"info"_s][u"description"_s].toString(), u"Memory events"_s);
    const auto servers = doc.value(u"servers"_s).toObject();
    QCOMPARE(servers.keys(), (QStringList{u"http"_s, u"https"_s}));
    QCOMPARE(servers[u"http"_s][u"url"_s].toString(), u"http://localhost:8280/observer/1.0.0"_s);
    QCOMPARE(servers[u"http"_s][u"protocol"_s].toString(), u"http"_s);
    QCOMPARE(servers[u"https"_s][u"url"_s].toString(), u"https://localhost:8243/observer/1.0.0"_s);
    QCOMPARE(servers[u"https"_s][u"protocol"_s].toString(), u"https"_s);
    // Every server requires the bearer scheme that components defines.
    for (const auto &server : servers)
        QVERIFY(server[u"security"_s][0].toObject().contains(u"bearerAuth"_s));
    const auto scheme = doc[u"components"_s][u"securitySchemes"_s][u"bearerAuth"_s].toObject();
    QCOMPARE(scheme.value(u"type"_s).toString(), u"http"_s);
    QCOMPARE(scheme.value(u"scheme"_s).toString(), u"bearer"_s);
    const auto channels = doc.value(u"channels"_s).toObject();
    QCOMPARE(channels.keys(), (QStringList{u"/*"_s, u"/memory"_s}));
    for (const auto &channel : channels) {
        QVERIFY(channel[u"subscribe"_s][u"message"_s][u"payload"_s].isObject());
        QVERIFY(!channel.toObject().contains(u"publish"_s));
    }
    QCOMPARE(doc.value(u"x-context"_s).toString(), u"/observer"_s);
    QCOMPARE(doc.value(u"x-endpoint"_s).toString(), u"http://localhost:8080"_s);
    QCOMPARE(doc.value(u"x-sandbox-endpoint"_s).toString(), u"http://localhost:9080"_s);
    QCOMPARE(doc.value(u"x-policies"_s).toArray().toVariantList(),
             (QVariantList{u"AsyncGold"_s, u"AsyncBronze"_s}));
}

void TestAsyncApiDocument::exportWithoutPorts()
{
    auto api = observer();
    api.description.clear();
    api.sandboxEndpoint.clear();
    const auto doc = AsyncApiDocument::fromApi(api, u"example.com"_s, GatewayPorts{8280, 0});
    QCOMPARE(doc.value(u"servers"_s).toObject().keys(), QStringList{u"http"_s});
    QCOMPARE(doc[u"servers"_s][u"http"_s][u"url"_s].toString(), u"http://example.com:8280/observer/1.0.0"_s);
    QVERIFY(!doc.value(u"info"_s).toObject().contains(u"description"_s));
    QVERIFY(!doc.contains(u"x-sandbox-endpoint"_s));
}

void TestAsyncApiDocument::roundTrip()
{
    const auto api = observer();
    // Through text, as a client would store and send it.
    const auto text =
        QJsonDocument(AsyncApiDocument::fromApi(api, u"localhost"_s, GatewayPorts{8280, 8243})).toJson();
    const auto draft = AsyncApiDocument::toDraft(QJsonDocument::fromJson(text).object());
    QVERIFY(draft.ok());
    QCOMPARE(draft->name, api.name);
    QCOMPARE(draft->context, api.context);
    QCOMPARE(draft->version, api.version);
    QCOMPARE(draft->description, api.description);
    QCOMPARE(draft->productionEndpoint, api.productionEndpoint);
    QCOMPARE(draft->sandboxEndpoint, api.sandboxEndpoint);
    QCOMPARE(draft->plans, api.plans);
    // JSON objects have no key order: topics come back sorted by channel name.
    QCOMPARE(draft->topics, (QList<Topic>{Topic{u"/*"_s}, Topic{u"/memory"_s}}));
}

void TestAsyncApiDocument::contextFromTitle_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("context");
    QTest::newRow("one word") << u"Observer"_s << u"/observer"_s;
    QTest::newRow("spaces") << u"Memory Stream API"_s << u"/memory-stream-api"_s;
    QTest::newRow("punctuation runs") << u"Stock  Ticker (v2)!"_s << u"/stock-ticker-v2"_s;
    QTest::newRow("kept characters") << u"a.b_c~d-e"_s << u"/a.b_c~d-e"_s;
    QTest::newRow("leading symbols") << u"-_Ticks"_s << u"/ticks"_s;
    QTest::newRow("non-ascii") << u"Café"_s << u"/caf"_s;
    QTest::newRow("nothing usable") << u"!!!"_s << u"/"_s;
}

void TestAsyncApiDocument::contextFromTitle()
{
    QFETCH(QString, title);
    QFETCH(QString, context);
    QCOMPARE(AsyncApiDocument::contextFromTitle(title), context);
}

void TestAsyncApiDocument::importErrors_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("field");
    QTest::newRow("no version") << QByteArray(R"({"info":{"title":"X","version":"1"}})") << u"asyncapi"_s;
    QTest::newRow("asyncapi 3") << QByteArray(R"({"asyncapi":"3.0.0","info":{"title":"X","version":"1"}})")
                                << u"asyncapi"_s;
    QTest::newRow("asyncapi as number")
        << QByteArray(R"({"asyncapi":2.6,"info":{"title":"X","version":"1"}})") << u"asyncapi"_s;
    QTest::newRow("no info") << QByteArray(R"({"asyncapi":"2.6.0"})") << u"info"_s;
    QTest::newRow("title not a string")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":1,"version":"1"}})") << u"info.title"_s;
    QTest::newRow("x-context not a string")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"x-context":[]})")
        << u"x-context"_s;
    QTest::newRow("servers not an object")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"servers":[]})")
        << u"servers"_s;
    QTest::newRow("server without url")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"servers":{"p":{"url":5}}})")
        << u"servers.p.url"_s;
    QTest::newRow("channels not an object")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"channels":"x"})")
        << u"channels"_s;
    QTest::newRow("channel without subscribe")
        << QByteArray(
               R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"channels":{"a":{"publish":{}}}})")
        << u"channels.a"_s;
    QTest::newRow("policies not strings")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"x-policies":[1]})")
        << u"x-policies"_s;
}

void TestAsyncApiDocument::importErrors()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, field);
    const auto draft = AsyncApiDocument::toDraft(QJsonDocument::fromJson(document).object());
    QVERIFY(!draft.ok());
    QCOMPARE(draft.error().kind, Error::Kind::Validation);
    QCOMPARE(draft.error().field, field);
}

void TestAsyncApiDocument::parseFile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("name"); // empty: refused
    QTest::addColumn<QString>("message");
    QTest::newRow("json document")
        << QByteArray(
               "\n  {\"asyncapi\":\"2.6.0\",\"info\":{\"title\":\"Observer\",\"version\":\"1.0.0\"}}\n")
        << u"Observer"_s << QString();
    QTest::newRow("empty file") << QByteArray(" \n") << QString() << u"The file is empty."_s;
    QTest::newRow("yaml") << QByteArray("asyncapi: 2.6.0\ninfo:\n  title: Observer\n") << QString()
                          << u"The file is not JSON. StreamDesk reads AsyncAPI documents in JSON; convert a "
                             u"YAML document to JSON first."_s;
    QTest::newRow("truncated json") << QByteArray("{\n\"asyncapi\": \"2.6.0\",\n\"info\": {\n") << QString()
                                    << u"The file is not valid JSON: unterminated object on line 3."_s;
    QTest::newRow("array") << QByteArray("[1, 2]") << QString()
                           << u"The file holds a JSON array, not an AsyncAPI document object."_s;
    QTest::newRow("not asyncapi") << QByteArray(R"({"openapi":"3.0.0"})") << QString()
                                  << u"Expected an AsyncAPI 2.x document (\"asyncapi\": \"2.6.0\")."_s;
}

void TestAsyncApiDocument::parseFile()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, name);
    QFETCH(QString, message);
    const auto draft = AsyncApiDocument::parse(text);
    QCOMPARE(draft.ok(), !name.isEmpty());
    if (draft) {
        QCOMPARE(draft->name, name);
        QCOMPARE(draft->context, u"/observer"_s);
        return;
    }
    QCOMPARE(draft.error().field, u"asyncapi"_s);
    QCOMPARE(draft.error().message, message);
}

QTEST_GUILESS_MAIN(TestAsyncApiDocument)
#include "tst_asyncapidocument.moc"
