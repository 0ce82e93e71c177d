#include "gateway/rest/restreply.h"
#include "gateway/rest/restrouter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

class TestRestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void route_data();
    void route();
    void queryAndBody_data();
    void queryAndBody();

private:
    RestRouter m_router;
};

void TestRestRouter::initTestCase()
{
    // Each handler answers with its name and the parameters it saw.
    const auto add = [this](const char *method, const QString &pattern) {
        m_router.add(method, pattern,
                     [name = QString(QString::fromLatin1(method) + u' ' + pattern)](const RestCall &call) {
                         return HttpReply::json(
                             200, QJsonObject{{u"route"_s, name},
                                              {u"params"_s, QString(call.param(0) + u'|' + call.param(1))}});
                     });
    };
    add("GET", u"apis"_s);
    add("POST", u"apis"_s);
    add("GET", u"apis/{apiId}"_s);
    add("DELETE", u"apis/{apiId}"_s);
    add("POST", u"apis/change-lifecycle"_s);
    add("GET", u"apis/{apiId}/revisions/{revisionId}"_s);
    add("DELETE", u"apis/{apiId}/revisions/{revisionId}"_s);
}

void TestRestRouter::route_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("params");
    QTest::addColumn<QByteArray>("allow");

    QTest::newRow("list") << QByteArray("GET") << u"/apis"_s << 200 << u"GET apis"_s << u"|"_s
                          << QByteArray();
    QTest::newRow("create") << QByteArray("POST") << u"/apis"_s << 200 << u"POST apis"_s << u"|"_s
                            << QByteArray();
    QTest::newRow("trailing slash") << QByteArray("GET") << u"/apis/"_s << 200 << u"GET apis"_s << u"|"_s
                                    << QByteArray();
    QTest::newRow("one parameter") << QByteArray("GET") << u"/apis/42"_s << 200 << u"GET apis/{apiId}"_s
                                   << u"42|"_s << QByteArray();
    QTest::newRow("two parameters") << QByteArray("DELETE") << u"/apis/42/revisions/7"_s << 200
                                    << u"DELETE apis/{apiId}/revisions/{revisionId}"_s << u"42|7"_s
                                    << QByteArray();
    QTest::newRow("literal before parameter") << QByteArray("POST") << u"/apis/change-lifecycle"_s << 200
                                              << u"POST apis/change-lifecycle"_s << u"|"_s << QByteArray();
    QTest::newRow("literal path, other method") << QByteArray("GET") << u"/apis/change-lifecycle"_s << 405
                                                << QString() << QString() << QByteArray("POST");
    QTest::newRow("parameter path, other method")
        << QByteArray("PUT") << u"/apis/42"_s << 405 << QString() << QString() << QByteArray("GET, DELETE");
    QTest::newRow("list, other method")
        << QByteArray("DELETE") << u"/apis"_s << 405 << QString() << QString() << QByteArray("GET, POST");
    QTest::newRow("unknown path") << QByteArray("GET") << u"/apis/42/nothing"_s << 404 << QString()
                                  << QString() << QByteArray();
    QTest::newRow("too deep") << QByteArray("GET") << u"/apis/1/revisions/2/3"_s << 404 << QString()
                              << QString() << QByteArray();
    QTest::newRow("root") << QByteArray("GET") << u"/"_s << 404 << QString() << QString() << QByteArray();
}

void TestRestRouter::route()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, route);
    QFETCH(QString, params);
    QFETCH(QByteArray, allow);
    ApiRequest request;
    request.method = method;
    const auto reply = m_router.route(RestCall(request, {}), path);
    QCOMPARE(reply.status, status);
    const auto body = QJsonDocument::fromJson(reply.body).object();
    if (status == 200) {
        QCOMPARE(body.value(u"route"_s).toString(), route);
        QCOMPARE(body.value(u"params"_s).toString(), params);
        return;
    }
    QCOMPARE(body.value(u"code"_s).toInt(), status);
    QByteArray allowHeader;
    for (const auto &[name, value] : reply.headers) {
        if (name == "Allow")
            allowHeader = value;
    }
    QCOMPARE(allowHeader, allow);
}

void TestRestRouter::queryAndBody_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("bodyError"); // field of the jsonObject() error, or empty

    QTest::newRow("plain") << u"https://h/x?action=Publish"_s << QByteArray("{}") << u"Publish"_s
                           << QString();
    QTest::newRow("percent-encoded space")
        << u"https://h/x?action=Deploy%20as%20a%20Prototype"_s << QByteArray("{\"a\":1}")
        << u"Deploy as a Prototype"_s << QString();
    QTest::newRow("plus as space") << u"https://h/x?action=Demote+to+Created"_s << QByteArray("{}")
                                   << u"Demote to Created"_s << QString();
    QTest::newRow("encoded plus") << u"https://h/x?action=a%2Bb"_s << QByteArray("{}") << u"a+b"_s
                                  << QString();
    QTest::newRow("absent") << u"https://h/x"_s << QByteArray("{}") << QString() << QString();
    QTest::newRow("malformed body") << u"https://h/x"_s << QByteArray("{\"a\":") << QString() << u"body"_s;
    QTest::newRow("array body") << u"https://h/x"_s << QByteArray("[1]") << QString() << u"body"_s;
    QTest::newRow("empty body") << u"https://h/x"_s << QByteArray(" ") << QString() << u"body"_s;
}

void TestRestRouter::queryAndBody()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, body);
    QFETCH(QString, action);
    QFETCH(QString, bodyError);
    ApiRequest request;
    request.url = QUrl(url);
    request.body = body;
    const RestCall call(request, {});
    QCOMPARE(call.query(u"action"_s), action);
    const auto required = call.requiredQuery(u"action"_s);
    QCOMPARE(required.ok(), !action.isEmpty());
    if (!required)
        QCOMPARE(required.error().field, u"action"_s);
    const auto object = call.jsonObject();
    QCOMPARE(object.ok(), bodyError.isEmpty());
    if (!object) {
        QCOMPARE(object.error().field, bodyError);
        QCOMPARE(RestReply::error(object.error()).status, 400);
    }
}

QTEST_GUILESS_MAIN(TestRestRouter)
#include "tst_restrouter.moc"
