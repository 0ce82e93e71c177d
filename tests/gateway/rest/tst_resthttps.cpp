#include "gateway/rest/managementserver.h"
#include "gateway/rest/restapi.h"
#include "restfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

class TestRestHttps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tutorialFlow();
    void authentication_data();
    void authentication();
    void failedLoginIsAnsweredLater();
    void methodNotAllowed();
    void bodyTooLarge();

private:
    struct Response
    {
        int status = 0;
        QByteArray body;
        QList<QNetworkReply::RawHeaderPair> headers;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
        QByteArray header(const QByteArray &name) const;
    };
    Response send(const QByteArray &method, const QUrl &url, const QByteArray &authorization,
                  const QByteArray &body = {}, const QByteArray &contentType = "application/json");
    Response rest(const QString &user, const QString &password, const QByteArray &method, const QString &path,
                  const QJsonValue &body = {});
    QUrl management(const QString &path) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Runtime> m_runtime;
    QNetworkAccessManager m_network;
};

QByteArray TestRestHttps::Response::header(const QByteArray &name) const
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

void TestRestHttps::initTestCase()
{
    RuntimeOptions options;
    options.dataDir = m_dir.path();
    options.gateway.httpPort = 0;
    options.gateway.httpsPort = 0;
    options.managementPort = 0;
    auto runtime = Runtime::create(options);
    QVERIFY2(runtime.ok(), runtime.ok() ? "" : qPrintable(runtime.error().message));
    m_runtime = std::move(runtime).value();
    const auto started = m_runtime->start();
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
    QVERIFY(m_runtime->managementPort() != 0);
}

void TestRestHttps::cleanupTestCase()
{
    m_runtime.reset();
}

QUrl TestRestHttps::management(const QString &path) const
{
    return QUrl(u"https://127.0.0.1:%1%2"_s.arg(m_runtime->managementPort()).arg(path));
}

TestRestHttps::Response TestRestHttps::send(const QByteArray &method, const QUrl &url,
                                            const QByteArray &authorization, const QByteArray &body,
                                            const QByteArray &contentType)
{
    QNetworkRequest request(url);
    auto tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificate(m_runtime->tlsIdentity().certificate());
    request.setSslConfiguration(tls);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setTransferTimeout(20000);
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method, body));
    const auto finished = [&] { return reply->isFinished(); };
    if (!QTest::qWaitFor(finished, 25000))
        return {};
    return Response{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                    reply->rawHeaderPairs()};
}

TestRestHttps::Response TestRestHttps::rest(const QString &user, const QString &password,
                                            const QByteArray &method, const QString &path,
                                            const QJsonValue &body)
{
    QByteArray payload;
    if (body.isObject())
        payload = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    else if (body.isArray())
        payload = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    return send(method, management(path), RestFixture::basicAuthorization(user, password), payload);
}

void TestRestHttps::tutorialFlow()
{
    const auto adminPassword = u"admin"_s;
    const auto password = RestFixture::password;
    // A backend port nobody listens on: the gateway must answer for it, not hang.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const auto backendPort = probe.serverPort();
    probe.close();

    // The admin creates one user per role.
    for (const auto &[name, role] : {std::pair{u"carol"_s, u"creator"_s}, std::pair{u"pat"_s, u"publisher"_s},
                                     std::pair{u"sam"_s, u"subscriber"_s}}) {
        const auto created =
            rest(u"admin"_s, adminPassword, "POST", adm + u"/users",
                 QJsonObject{{u"name"_s, name}, {u"password"_s, password}, {u"roles"_s, QJsonArray{role}}});
        QCOMPARE(created.status, 201);
    }

    // 1-2. The creator creates Observer.
    const QJsonObject observer{
        {u"name"_s, u"Observer"_s},
        {u"context"_s, u"/observer"_s},
        {u"version"_s, u"1.0.0"_s},
        {u"type"_s, u"SSE"_s},
        {u"endpointConfig"_s,
         QJsonObject{
             {u"endpoint_type"_s, u"http"_s},
             {u"production_endpoints"_s, QJsonObject{{u"url"_s, u"http://127.0.0.1:%1"_s.arg(backendPort)}}},
             {u"sandbox_endpoints"_s, QJsonObject{{u"url"_s, u"http://127.0.0.1:%1"_s.arg(backendPort)}}}}},
        {u"operations"_s, QJsonArray{QJsonObject{{u"target"_s, u"/*"_s}, {u"verb"_s, u"SUBSCRIBE"_s}}}}};
    const auto created = rest(u"carol"_s, password, "POST", pub + u"/apis", observer);
    QCOMPARE(created.status, 201);
    const auto apiId = created.json().value(u"id"_s).toString();
    QVERIFY(!apiId.isEmpty());
    QCOMPARE(created.json().value(u"lifeCycleStatus"_s).toString(), u"CREATED"_s);
    QCOMPARE(created.header("Location"), (u"/api/am/publisher/v4/apis/"_s + apiId).toUtf8());

    // 3. Business plan AsyncGold.
    const auto plans = rest(u"carol"_s, password, "PUT", pub + u"/apis/" + apiId,
                            QJsonObject{{u"policies"_s, QJsonArray{u"AsyncGold"_s}}});
    QCOMPARE(plans.status, 200);
    QCOMPARE(plans.json().value(u"policies"_s).toArray(), QJsonArray{u"AsyncGold"_s});

    // 4. The publisher publishes.
    const auto published =
        rest(u"pat"_s, password, "POST", pub + u"/apis/change-lifecycle?apiId=" + apiId + u"&action=Publish");
    QCOMPARE(published.status, 200);
    QCOMPARE(published.json()[u"lifecycleState"_s][u"state"_s].toString(), u"Published"_s);

    // 5. A revision, deployed to Default / localhost.
    const auto revision = rest(u"pat"_s, password, "POST", pub + u"/apis/" + apiId + u"/revisions",
                               QJsonObject{{u"description"_s, u"Revision 1"_s}});
    QCOMPARE(revision.status, 201);
    const auto revisionId = revision.json().value(u"id"_s).toString();
    const auto deployed = rest(
        u"pat"_s, password, "POST", pub + u"/apis/" + apiId + u"/deploy-revision?revisionId=" + revisionId,
        QJsonArray{QJsonObject{
            {u"name"_s, u"Default"_s}, {u"vhost"_s, u"localhost"_s}, {u"displayOnDevportal"_s, true}}});
    QCOMPARE(deployed.status, 201);

    // 7. The subscriber finds the API, creates an application, subscribes and generates keys.
    const auto portalApis = rest(u"sam"_s, password, "GET", dev + u"/apis");
    QCOMPARE(portalApis.status, 200);
    QCOMPARE(portalApis.json().value(u"count"_s).toInt(), 1);
    const auto gatewayUrl =
        portalApis.json()[u"list"_s][0][u"endpointURLs"_s][0][u"URLs"_s][u"http"_s].toString();
    QCOMPARE(gatewayUrl, u"http://localhost:%1/observer/1.0.0"_s.arg(m_runtime->gatewayHttpPort()));
    const auto app = rest(u"sam"_s, password, "POST", dev + u"/applications",
                          QJsonObject{{u"name"_s, u"DefaultApplication"_s},
                                      {u"throttlingPolicy"_s, u"Unlimited"_s},
                                      {u"description"_s, u"Tutorial"_s},
                                      {u"tokenType"_s, u"JWT"_s}});
    QCOMPARE(app.status, 201);
    const auto applicationId = app.json().value(u"applicationId"_s).toString();
    const auto subscription = rest(u"sam"_s, password, "POST", dev + u"/subscriptions",
                                   QJsonObject{{u"applicationId"_s, applicationId}, {u"apiId"_s, apiId}});
    QCOMPARE(subscription.status, 201);
    QCOMPARE(subscription.json().value(u"status"_s).toString(), u"UNBLOCKED"_s);
    QCOMPARE(subscription.json().value(u"throttlingPolicy"_s).toString(), u"AsyncGold"_s); // the first plan
    const auto keys =
        rest(u"sam"_s, password, "POST", dev + u"/applications/" + applicationId + u"/generate-keys",
             QJsonObject{{u"keyType"_s, u"PRODUCTION"_s},
                         {u"grantTypesToBeSupported"_s, QJsonArray{u"client_credentials"_s}},
                         {u"validityTime"_s, 3600}});
    QCOMPARE(keys.status, 200);
    const auto consumerKey = keys.json().value(u"consumerKey"_s).toString();
    const auto consumerSecret = keys.json().value(u"consumerSecret"_s).toString();
    const auto keyMappingId = keys.json().value(u"keyMappingId"_s).toString();
    const auto wizardToken = keys.json()[u"token"_s][u"accessToken"_s].toString();
    QVERIFY(!consumerKey.isEmpty() && !consumerSecret.isEmpty() && !keyMappingId.isEmpty());
    QCOMPARE(wizardToken.count(u'.'), 2); // a JWT
    QCOMPARE(keys.json()[u"token"_s][u"validityTime"_s].toInt(), 3600);

    // The token endpoint, as curl would call it.
    const auto oauth = send("POST", management(u"/oauth2/token"_s),
                            "Basic " + (consumerKey + u':' + consumerSecret).toUtf8().toBase64(),
                            "grant_type=client_credentials", "application/x-www-form-urlencoded");
    QCOMPARE(oauth.status, 200);
    QCOMPARE(oauth.json().value(u"token_type"_s).toString(), u"Bearer"_s);
    QCOMPARE(oauth.json().value(u"expires_in"_s).toInt(), 3600);
    QCOMPARE(oauth.json().value(u"scope"_s).toString(), u"default"_s);
    const auto accessToken = oauth.json().value(u"access_token"_s).toString();
    QCOMPARE(accessToken.count(u'.'), 2);

    // The devportal's generate-token, with the consumer secret.
    const auto token =
        rest(u"sam"_s, password, "POST",
             dev + u"/applications/" + applicationId + u"/oauth-keys/" + keyMappingId + u"/generate-token",
             QJsonObject{{u"consumerSecret"_s, consumerSecret}, {u"validityPeriod"_s, 600}});
    QCOMPARE(token.status, 200);
    QCOMPARE(token.json().value(u"validityTime"_s).toInt(), 600);

    // 8. The gateway accepts the token (and reports the missing backend); it refuses a forged one.
    const QUrl stream(u"http://127.0.0.1:%1/observer/1.0.0/memory"_s.arg(m_runtime->gatewayHttpPort()));
    const auto forged = send("GET", stream, "Bearer " + wizardToken.chopped(4).toUtf8() + "AAAA");
    QCOMPARE(forged.status, 401);
    QCOMPARE(QJsonDocument::fromJson(forged.body).object().value(u"code"_s).toString(), u"900901"_s);
    for (const auto &bearer : {accessToken, wizardToken, token.json().value(u"accessToken"_s).toString()}) {
        const auto invoked = send("GET", stream, "Bearer " + bearer.toUtf8());
        QVERIFY2(invoked.status == 502 || invoked.status == 503, invoked.body.constData());
    }

    // The AsyncAPI definition names the gateway's real ports.
    const auto definition = rest(u"carol"_s, password, "GET", pub + u"/apis/" + apiId + u"/asyncapi");
    QCOMPARE(definition.status, 200);
    QCOMPARE(definition.json()[u"servers"_s][u"https"_s][u"url"_s].toString(),
             u"https://localhost:%1/observer/1.0.0"_s.arg(m_runtime->gatewayHttpsPort()));
}

void TestRestHttps::authentication_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::newRow("none") << QByteArray() << 401;
    QTest::newRow("bearer instead of basic") << QByteArray("Bearer abc") << 401;
    QTest::newRow("not base64") << QByteArray("Basic !!!") << 401;
    QTest::newRow("no colon") << ("Basic " + QByteArray("admin").toBase64()) << 401;
    QTest::newRow("admin") << RestFixture::basicAuthorization(u"admin"_s, u"admin"_s) << 200;
    QTest::newRow("lower-case scheme") << ("basic " + QByteArray("admin:admin").toBase64()) << 200;
}

void TestRestHttps::authentication()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    const auto response = send("GET", management(pub + u"/apis"), authorization);
    QCOMPARE(response.status, status);
    if (status == 401) {
        QCOMPARE(response.header("WWW-Authenticate"), QByteArray("Basic realm=\"StreamDesk\""));
        QCOMPARE(response.json().value(u"code"_s).toInt(), 401);
    } else {
        QVERIFY(response.json().contains(u"list"_s));
    }
}

void TestRestHttps::failedLoginIsAnsweredLater()
{
    // The delay each failure earns is read from the log line, so a slow machine cannot make this flaky;
    // the elapsed time only proves that the answer really waited.
    const char *firstDelay = "Failed login as admin from 127.0.0.1 - answering in 250 ms";
    QTest::ignoreMessage(QtInfoMsg, firstDelay);
    QElapsedTimer timer;
    timer.start();
    const auto wrong =
        send("GET", management(pub + u"/apis"), RestFixture::basicAuthorization(u"admin"_s, u"nope"_s));
    QCOMPARE(wrong.status, 401);
    QVERIFY2(timer.elapsed() >= 240, qPrintable(QString::number(timer.elapsed())));
    // The next correct login clears the count for this address: the next failure waits 250 ms again, not 500.
    QCOMPARE(send("GET", management(pub + u"/apis"), RestFixture::basicAuthorization(u"admin"_s, u"admin"_s))
                 .status,
             200);
    QTest::ignoreMessage(QtInfoMsg, firstDelay);
    QCOMPARE(send("GET", management(pub + u"/apis"), RestFixture::basicAuthorization(u"admin"_s, u"nope"_s))
                 .status,
             401);
}

void TestRestHttps::methodNotAllowed()
{
    const auto response =
        send("DELETE", management(pub + u"/apis"), RestFixture::basicAuthorization(u"admin"_s, u"admin"_s));
    QCOMPARE(response.status, 405);
    QCOMPARE(response.header("Allow"), QByteArray("GET, POST"));
    QCOMPARE(response.json().value(u"code"_s).toInt(), 405);
}

void TestRestHttps::bodyTooLarge()
{
    const QByteArray body(ManagementServer::maxBodyBytes + 1, 'x');
    const auto response = send("POST", management(pub + u"/apis"),
                               RestFixture::basicAuthorization(u"admin"_s, u"admin"_s), body);
    QCOMPARE(response.status, 413);
    QCOMPARE(response.json().value(u"code"_s).toInt(), 413);
}

QTEST_GUILESS_MAIN(TestRestHttps)
#include "tst_resthttps.moc"
