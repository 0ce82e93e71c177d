#include "gateway/rest/managementserver.h"
#include "restfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

class TestRestApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publisherEndpoints_data();
    void publisherEndpoints() { RestFixture::runRow(); }
    void devPortalEndpoints_data();
    void devPortalEndpoints() { RestFixture::runRow(); }
    void adminEndpoints_data();
    void adminEndpoints() { RestFixture::runRow(); }

    void failedLoginsAreSlowedDown();
    void failedRequestsChangeNothing();
    void failedDeploymentIsRolledBack();
    void keysSurviveAFailedToken();
    void asyncApiRoundTrip();
    void importAsyncApiVariants_data();
    void importAsyncApiVariants();
};

namespace {

const QByteArray tutorialApi = R"({"name":"New","context":"/new","version":"1.0.0","type":"SSE",
    "endpointConfig":{"endpoint_type":"http","production_endpoints":{"url":"http://localhost:8080"},
    "sandbox_endpoints":{"url":"http://localhost:8081"}},"policies":["AsyncGold"],
    "operations":[{"target":"/*","verb":"SUBSCRIBE"}]})";

QByteArray json(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson()
                           : QJsonDocument(value.toObject()).toJson();
}

bool execOnSecondConnection(const QString &databasePath, const QString &sql)
{
    const auto name = u"second-connection"_s;
    bool ok = false;
    {
        auto db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(databasePath);
        QSqlQuery query(db);
        ok = db.open() && query.exec(sql);
        if (!ok)
            qWarning() << "SQL failed:" << query.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QJsonObject object(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

} // namespace

void TestRestApi::publisherEndpoints_data()
{
    RestFixture::addColumns();
    RestFixture::addRow(
        "list apis", admin, "GET", pub + u"/apis", {}, 200,
        {u"count=4"_s, u"list.*.name=Observer"_s, u"list.*.type=SSE"_s, u"list.*.lifeCycleStatus=CREATED"_s});
    RestFixture::addRow("create api (tutorial body)", carol, "POST", pub + u"/apis", tutorialApi, 201,
                        {u"id?"_s, u"name=New"_s, u"context=/new"_s, u"version=1.0.0"_s, u"type=SSE"_s,
                         u"lifeCycleStatus=CREATED"_s, u"provider=carol"_s, u"policies.0=AsyncGold"_s,
                         u"endpointConfig.endpoint_type=http"_s,
                         u"endpointConfig.production_endpoints.url=http://localhost:8080"_s,
                         u"endpointConfig.sandbox_endpoints.url=http://localhost:8081"_s,
                         u"operations.0.target=/*"_s, u"operations.0.verb=SUBSCRIBE"_s});
    RestFixture::addRow(
        "create api with defaults", carol, "POST", pub + u"/apis",
        R"({"name":"Bare","context":"/bare","version":"v1"})", 201,
        {u"policies=<array>"_s, u"operations.0.target=/*"_s, u"endpointConfig.endpoint_type=http"_s});
    RestFixture::addRow("get api", carol, "GET", pub + u"/apis/{api}", {}, 200,
                        {u"id={api}"_s, u"name=Observer"_s, u"lifeCycleStatus=PUBLISHED"_s,
                         u"policies.0=AsyncGold"_s, u"createdTime?"_s});
    RestFixture::addRow("update api description", carol, "PUT", pub + u"/apis/{draft}",
                        R"({"description":"changed"})", 200,
                        {u"description=changed"_s, u"name=Draft"_s, u"context=/draft"_s});
    RestFixture::addRow(
        "update api endpoints", carol, "PUT", pub + u"/apis/{draft}",
        R"({"endpointConfig":{"endpoint_type":"http","production_endpoints":{"url":"http://a:1"},
            "sandbox_endpoints":{"url":"http://b:2"}}})",
        200,
        {u"endpointConfig.production_endpoints.url=http://a:1"_s,
         u"endpointConfig.sandbox_endpoints.url=http://b:2"_s});
    RestFixture::addRow("update api plans (publisher)", pat, "PUT", pub + u"/apis/{draft}",
                        R"({"policies":["AsyncGold","AsyncSilver"]})", 200, {u"policies.1=AsyncSilver"_s});
    RestFixture::addRow("delete api", carol, "DELETE", pub + u"/apis/{draft}", {}, 200);
    RestFixture::addRow("change lifecycle publish", pat, "POST",
                        pub + u"/apis/change-lifecycle?apiId={ready}&action=Publish", {}, 200,
                        {u"workflowStatus=APPROVED"_s, u"lifecycleState.state=Published"_s,
                         u"lifecycleState.availableTransitions.*.event=Block"_s});
    RestFixture::addRow(
        "change lifecycle with checklist", pat, "POST",
        pub + u"/apis/change-lifecycle?apiId={ready}&action=Publish&lifecycleChecklist="
              u"Deprecate%20old%20versions%20after%20publishing%20the%20API:true",
        {}, 200,
        {u"lifecycleState.checkItems.0.name=Deprecate old versions after publishing the API"_s,
         u"lifecycleState.checkItems.0.value=true"_s, u"lifecycleState.checkItems.1.value=false"_s});
    RestFixture::addRow("change lifecycle, action with + for spaces", pat, "POST",
                        pub + u"/apis/change-lifecycle?apiId={ready}&action=Deploy+as+a+Prototype", {}, 200,
                        {u"lifecycleState.state=Prototyped"_s});
    RestFixture::addRow("lifecycle state", carol, "GET", pub + u"/apis/{draft}/lifecycle-state", {}, 200,
                        {u"state=Created"_s, u"availableTransitions.*.event=Publish"_s,
                         u"availableTransitions.*.targetState=Prototyped"_s,
                         u"checkItems.1.name=Requires re-subscription when "
                         u"publishing the API"_s});
    RestFixture::addRow("lifecycle history", carol, "GET", pub + u"/apis/{api}/lifecycle-history", {}, 200,
                        {u"count=1"_s, u"list.0.previousState=CREATED"_s, u"list.0.postState=PUBLISHED"_s,
                         u"list.0.user=pat"_s, u"list.0.updatedTime?"_s});
    RestFixture::addRow("lifecycle history without transitions", pat, "GET",
                        pub + u"/apis/{draft}/lifecycle-history", {}, 200, {u"count=0"_s, u"list=<array>"_s});
    RestFixture::addRow("list revisions", pat, "GET", pub + u"/apis/{api}/revisions", {}, 200,
                        {u"count=2"_s, u"list.*.displayName=Revision 1"_s, u"list.*.displayName=Revision 2"_s,
                         u"list.*.deploymentInfo.0.name=Default"_s,
                         u"list.*.deploymentInfo.0.vhost=localhost"_s, u"list.*.apiInfo.id={api}"_s});
    RestFixture::addRow("list deployed revisions", pat, "GET",
                        pub + u"/apis/{api}/revisions?query=deployed:true", {}, 200,
                        {u"count=1"_s, u"list.0.id={rev}"_s});
    RestFixture::addRow("list undeployed revisions", pat, "GET",
                        pub + u"/apis/{api}/revisions?query=deployed:false", {}, 200,
                        {u"count=1"_s, u"list.0.id={rev2}"_s});
    RestFixture::addRow("create revision", carol, "POST", pub + u"/apis/{api}/revisions",
                        R"({"description":"third"})", 201,
                        {u"id?"_s, u"displayName=Revision 3"_s, u"description=third"_s, u"apiInfo.id={api}"_s,
                         u"deploymentInfo=<array>"_s});
    RestFixture::addRow("create revision without body", pat, "POST", pub + u"/apis/{api}/revisions", {}, 201,
                        {u"displayName=Revision 3"_s});
    RestFixture::addRow("get revision", pat, "GET", pub + u"/apis/{api}/revisions/{rev}", {}, 200,
                        {u"id={rev}"_s, u"description=first"_s, u"deploymentInfo.0.revisionUuid={rev}"_s});
    RestFixture::addRow("delete revision", pat, "DELETE", pub + u"/apis/{api}/revisions/{rev2}", {}, 200,
                        {u"count=1"_s, u"list.0.id={rev}"_s});
    RestFixture::addRow("deploy revision", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={rev2}", defaultEnvironment, 201,
                        {u"#=1"_s, u"0.revisionUuid={rev2}"_s, u"0.name=Default"_s, u"0.vhost=localhost"_s,
                         u"0.displayOnDevportal=true"_s, u"0.deployedTime?"_s});
    RestFixture::addRow("deploy revision without vhost", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={rev2}", R"([{"name":"Default"}])",
                        201, {u"0.vhost=localhost"_s});
    RestFixture::addRow("undeploy revision", pat, "POST",
                        pub + u"/apis/{api}/undeploy-revision?revisionId={rev}", defaultEnvironment, 201,
                        {u"#=0"_s});
    RestFixture::addRow("undeploy revision from all environments", pat, "POST",
                        pub + u"/apis/{api}/undeploy-revision?revisionId={rev}&allEnvironments=true", {}, 201,
                        {u"#=0"_s});
    RestFixture::addRow("list deployments", pat, "GET", pub + u"/apis/{api}/deployments", {}, 200,
                        {u"count=1"_s, u"list.0.revisionUuid={rev}"_s, u"list.0.name=Default"_s});
    RestFixture::addRow("restore revision", carol, "POST",
                        pub + u"/apis/{api}/restore-revision?revisionId={rev}", {}, 201,
                        {u"id={api}"_s, u"name=Observer"_s, u"lifeCycleStatus=PUBLISHED"_s});
    RestFixture::addRow(
        "asyncapi definition", carol, "GET", pub + u"/apis/{api}/asyncapi", {}, 200,
        {u"asyncapi=2.6.0"_s, u"info.title=Observer"_s, u"info.version=1.0.0"_s,
         u"servers.http.url=http://localhost:{httpPort}/observer/1.0.0"_s, u"servers.http.protocol=http"_s,
         u"servers.https.url=https://localhost:{httpsPort}/observer/1.0.0"_s,
         u"servers.https.protocol=https"_s, u"servers.http.security.0.bearerAuth=<array>"_s,
         u"channels./*.subscribe.message.payload?"_s, u"components.securitySchemes.bearerAuth.type=http"_s,
         u"components.securitySchemes.bearerAuth.scheme=bearer"_s, u"x-context=/observer"_s,
         u"x-endpoint=http://localhost:8080"_s, u"x-policies.0=AsyncGold"_s});
    RestFixture::addRow("import asyncapi", carol, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":"2.6.0","info":{"title":"Memory Stream","version":"2.0"},
            "servers":{"production":{"url":"localhost:9090","protocol":"sse"}},
            "channels":{"memory":{"subscribe":{"message":{"payload":{"type":"string"}}}}}})",
                        201,
                        {u"id?"_s, u"name=Memory Stream"_s, u"version=2.0"_s, u"context=/memory-stream"_s,
                         u"endpointConfig.production_endpoints.url=http://localhost:9090"_s,
                         u"operations.0.target=/memory"_s, u"lifeCycleStatus=CREATED"_s});
    RestFixture::addRow(
        "subscription plans", carol, "GET", pub + u"/throttling-policies/subscription", {}, 200,
        {u"count=4"_s, u"list.*.name=AsyncGold"_s, u"list.*.name=AsyncUnlimited"_s,
         u"list.*.requestCount=50000"_s, u"list.*.quotaPolicyType=EVENTCOUNT"_s, u"list.*.timeUnit=day"_s});
    RestFixture::addRow("subscriptions of an api", pat, "GET", pub + u"/subscriptions?apiId={api}", {}, 200,
                        {u"count=1"_s, u"list.0.subscriptionId={sub}"_s,
                         u"list.0.subscriptionStatus=UNBLOCKED"_s, u"list.0.throttlingPolicy=AsyncGold"_s,
                         u"list.0.applicationInfo.applicationId={app}"_s});
    RestFixture::addRow("subscriptions with application names (admin)", admin, "GET",
                        pub + u"/subscriptions?apiId={api}", {}, 200,
                        {u"list.0.applicationInfo.name=App"_s, u"list.0.applicationInfo.subscriber=sam"_s});
    RestFixture::addRow("all subscriptions", pat, "GET", pub + u"/subscriptions", {}, 200, {u"count=1"_s});
    RestFixture::addRow("subscriptions of an api without any", pat, "GET",
                        pub + u"/subscriptions?apiId={draft}", {}, 200, {u"count=0"_s});
    RestFixture::addRow("block subscription", pat, "POST",
                        pub + u"/subscriptions/block-subscription?subscriptionId={sub}&blockState=BLOCKED",
                        {}, 200, {u"subscriptionId={sub}"_s, u"subscriptionStatus=BLOCKED"_s});
    RestFixture::addRow(
        "block subscription for production", pat, "POST",
        pub + u"/subscriptions/block-subscription?subscriptionId={sub}&blockState=PROD_ONLY_BLOCKED", {}, 200,
        {u"subscriptionStatus=PROD_ONLY_BLOCKED"_s});
    RestFixture::addRow("unblock subscription", pat, "POST",
                        pub + u"/subscriptions/unblock-subscription?subscriptionId={sub}", {}, 200,
                        {u"subscriptionStatus=UNBLOCKED"_s});
}

void TestRestApi::devPortalEndpoints_data()
{
    RestFixture::addColumns();
    RestFixture::addRow("list visible apis", sam, "GET", dev + u"/apis", {}, 200,
                        {u"count=1"_s, u"list.0.id={api}"_s, u"list.0.name=Observer"_s,
                         u"list.0.lifeCycleStatus=PUBLISHED"_s, u"list.0.throttlingPolicies.0=AsyncGold"_s,
                         u"list.0.tiers.0.tierName=AsyncGold"_s, u"list.0.isSubscriptionAvailable=true"_s,
                         u"list.0.endpointURLs.0.environmentName=Default"_s,
                         u"list.0.endpointURLs.0.URLs.http=http://localhost:{httpPort}/observer/1.0.0"_s,
                         u"list.0.endpointURLs.0.URLs.https=https://localhost:{httpsPort}/observer/1.0.0"_s});
    RestFixture::addRow("get visible api", sam, "GET", dev + u"/apis/{api}", {}, 200,
                        {u"id={api}"_s, u"context=/observer"_s, u"operations.0.verb=SUBSCRIBE"_s});
    RestFixture::addRow(
        "application quotas", sam, "GET", dev + u"/throttling-policies/application", {}, 200,
        {u"count=4"_s, u"list.*.name=10PerMin"_s, u"list.*.name=Unlimited"_s, u"list.*.requestCount=10"_s});
    RestFixture::addRow("subscription plans", sam, "GET", dev + u"/throttling-policies/subscription", {}, 200,
                        {u"count=4"_s, u"list.*.name=AsyncBronze"_s});
    RestFixture::addRow("list applications", sam, "GET", dev + u"/applications", {}, 200,
                        {u"count=2"_s, u"list.*.name=App"_s, u"list.*.name=Spare"_s,
                         u"list.*.subscriptionCount=1"_s, u"list.*.applicationId={app}"_s,
                         u"list.*.throttlingPolicy=Unlimited"_s});
    RestFixture::addRow("list applications of another subscriber", sue, "GET", dev + u"/applications", {},
                        200, {u"count=0"_s});
    RestFixture::addRow(
        "create application", sam, "POST", dev + u"/applications",
        R"({"name":"New","throttlingPolicy":"10PerMin","description":"d","tokenType":"JWT"})", 201,
        {u"applicationId?"_s, u"name=New"_s, u"throttlingPolicy=10PerMin"_s, u"description=d"_s,
         u"tokenType=JWT"_s, u"status=APPROVED"_s, u"owner=sam"_s, u"subscriptionCount=0"_s});
    RestFixture::addRow("create opaque-token application", sam, "POST", dev + u"/applications",
                        R"({"name":"Opaque","tokenType":"OAUTH"})", 201,
                        {u"tokenType=OAUTH"_s, u"throttlingPolicy=Unlimited"_s});
    RestFixture::addRow("get application", sam, "GET", dev + u"/applications/{app}", {}, 200,
                        {u"applicationId={app}"_s, u"name=App"_s, u"subscriptionCount=1"_s,
                         u"keys.0.keyMappingId={keys}"_s, u"keys.0.consumerKey={key}"_s,
                         u"keys.0.keyType=PRODUCTION"_s});
    RestFixture::addRow("update application", sam, "PUT", dev + u"/applications/{app}",
                        R"({"name":"Renamed","throttlingPolicy":"20PerMin","description":"new"})", 200,
                        {u"applicationId={app}"_s, u"name=Renamed"_s, u"throttlingPolicy=20PerMin"_s,
                         u"description=new"_s, u"subscriptionCount=1"_s, u"keys.0.keyMappingId={keys}"_s});
    RestFixture::addRow("delete application", sam, "DELETE", dev + u"/applications/{spare}", {}, 200);
    RestFixture::addRow(
        "generate keys", sam, "POST", dev + u"/applications/{spare}/generate-keys",
        R"({"keyType":"PRODUCTION","grantTypesToBeSupported":["client_credentials"],"validityTime":3600})",
        200,
        {u"keyMappingId?"_s, u"consumerKey?"_s, u"consumerSecret?"_s, u"keyType=PRODUCTION"_s,
         u"supportedGrantTypes.0=client_credentials"_s, u"token.accessToken?"_s, u"token.validityTime=3600"_s,
         u"keyState=COMPLETED"_s});
    RestFixture::addRow(
        "generate keys, validity as a string", sam, "POST", dev + u"/applications/{spare}/generate-keys",
        R"({"keyType":"PRODUCTION","validityTime":"600"})", 200, {u"token.validityTime=600"_s});
    RestFixture::addRow("generate sandbox keys", sam, "POST", dev + u"/applications/{app}/generate-keys",
                        R"({"keyType":"SANDBOX"})", 200, {u"keyType=SANDBOX"_s, u"token.accessToken?"_s});
    RestFixture::addRow("list keys", sam, "GET", dev + u"/applications/{app}/oauth-keys", {}, 200,
                        {u"count=1"_s, u"list.0.consumerKey={key}"_s});
    RestFixture::addRow("get keys", sam, "GET", dev + u"/applications/{app}/oauth-keys/{keys}", {}, 200,
                        {u"keyMappingId={keys}"_s, u"consumerKey={key}"_s});
    RestFixture::addRow("generate token", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/{keys}/generate-token",
                        R"({"consumerSecret":"{secret}","validityPeriod":600})", 200,
                        {u"accessToken?"_s, u"validityTime=600"_s, u"tokenScopes.0=default"_s});
    RestFixture::addRow("generate token with default validity", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/{keys}/generate-token",
                        R"({"consumerSecret":"{secret}"})", 200, {u"validityTime=3600"_s});
    RestFixture::addRow("regenerate secret", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/{keys}/regenerate-secret", {}, 200,
                        {u"consumerKey={key}"_s, u"consumerSecret?"_s});
    RestFixture::addRow("regenerate secret of unknown keys", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/nope/regenerate-secret", {}, 404);
    RestFixture::addRow("clean up keys", sam, "POST", dev + u"/applications/{app}/oauth-keys/{keys}/clean-up",
                        {}, 200);
    RestFixture::addRow("list subscriptions", sam, "GET", dev + u"/subscriptions", {}, 200,
                        {u"count=1"_s, u"list.0.subscriptionId={sub}"_s, u"list.0.status=UNBLOCKED"_s,
                         u"list.0.apiInfo.name=Observer"_s, u"list.0.applicationInfo.name=App"_s,
                         u"list.0.throttlingPolicy=AsyncGold"_s});
    RestFixture::addRow("list subscriptions of an application", sam, "GET",
                        dev + u"/subscriptions?applicationId={spare}", {}, 200, {u"count=0"_s});
    RestFixture::addRow("list subscriptions of an api", sam, "GET", dev + u"/subscriptions?apiId={api}", {},
                        200, {u"count=1"_s});
    RestFixture::addRow("subscribe", sam, "POST", dev + u"/subscriptions",
                        R"({"applicationId":"{spare}","apiId":"{api}"})", 201,
                        {u"subscriptionId?"_s, u"status=UNBLOCKED"_s, u"throttlingPolicy=AsyncGold"_s,
                         u"apiId={api}"_s, u"applicationId={spare}"_s});
    RestFixture::addRow("subscribe with a plan", sam, "POST", dev + u"/subscriptions",
                        R"({"applicationId":"{spare}","apiId":"{api}","throttlingPolicy":"AsyncGold"})", 201,
                        {u"throttlingPolicy=AsyncGold"_s});
    RestFixture::addRow("get subscription", sam, "GET", dev + u"/subscriptions/{sub}", {}, 200,
                        {u"subscriptionId={sub}"_s, u"apiInfo.context=/observer"_s});
    RestFixture::addRow("unsubscribe", sam, "DELETE", dev + u"/subscriptions/{sub}", {}, 200);
}

void TestRestApi::adminEndpoints_data()
{
    RestFixture::addColumns();
    RestFixture::addRow(
        "list users", admin, "GET", adm + u"/users", {}, 200,
        {u"count=5"_s, u"list.*.name=admin"_s, u"list.*.name=sam"_s, u"list.*.roles.0=creator"_s});
    RestFixture::addRow("create user", admin, "POST", adm + u"/users",
                        R"({"name":"nick","password":"secret1","roles":["creator","publisher"]})", 201,
                        {u"name=nick"_s, u"roles.0=creator"_s, u"roles.1=publisher"_s,
                         u"@Location=/api/am/admin/v4/users/nick"_s});
    RestFixture::addRow("get user", admin, "GET", adm + u"/users/sam", {}, 200,
                        {u"name=sam"_s, u"roles.0=subscriber"_s});
    RestFixture::addRow("change password", admin, "PUT", adm + u"/users/sam/password",
                        R"({"password":"another"})", 204);
    RestFixture::addRow("change own password", sam, "PUT", adm + u"/users/sam/password",
                        R"({"password":"another"})", 204);
    RestFixture::addRow("set roles", admin, "PUT", adm + u"/users/sam/roles",
                        R"({"roles":["subscriber","creator"]})", 200,
                        {u"name=sam"_s, u"roles.*=creator"_s, u"roles.*=subscriber"_s});
    RestFixture::addRow("delete user", admin, "DELETE", adm + u"/users/sue", {}, 200);
}

void TestRestApi::failedLoginsAreSlowedDown()
{
    RestFixture fixture;
    auto attempt = [&](const QString &password, const QString &address) {
        ApiRequest request;
        request.method = "GET";
        request.url = QUrl(QStringLiteral("https://127.0.0.1/api/am/publisher/v4/apis"));
        request.path = request.url.path();
        request.headers.append(
            {"Authorization", RestFixture::basicAuthorization(QStringLiteral("carol"), password)});
        request.remoteAddress = address;
        return fixture.runtime()->management()->dispatch(request);
    };
    const auto a = QStringLiteral("10.0.0.1");
    const auto b = QStringLiteral("10.0.0.2");
    QList<int> delays;
    for (int i = 0; i < 7; ++i) {
        const auto reply = attempt(QStringLiteral("guess%1").arg(i), a);
        QCOMPARE(reply.status, 401);
        QVERIFY(fixture.check(reply, {u"@WWW-Authenticate=Basic realm=\"StreamDesk\""_s}).isEmpty());
        delays << reply.delayMs;
    }
    QCOMPARE(delays, (QList<int>{250, 500, 1000, 2000, 4000, 4000, 4000}));
    // Another address is not slowed down by these failures.
    QCOMPARE(attempt(QStringLiteral("wrong"), b).delayMs, 250);
    // A success answers at once and clears the address.
    const auto ok = attempt(RestFixture::password, a);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.delayMs, 0);
    QCOMPARE(attempt(QStringLiteral("wrong"), a).delayMs, 250);
    // Missing credentials are not a guess.
    ApiRequest anonymous;
    anonymous.method = "GET";
    anonymous.url = QUrl(QStringLiteral("https://127.0.0.1/api/am/publisher/v4/apis"));
    anonymous.path = anonymous.url.path();
    anonymous.remoteAddress = b;
    const auto reply = fixture.runtime()->management()->dispatch(anonymous);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.delayMs, 0);
}

void TestRestApi::failedRequestsChangeNothing()
{
    RestFixture fixture;
    const auto snapshot = [&] {
        QByteArrayList state;
        for (const auto &path : {u"/apis/{api}"_s, u"/apis/{api}/revisions"_s, u"/apis/{api}/deployments"_s,
                                 u"/subscriptions?apiId={api}"_s, u"/apis"_s})
            state << fixture.dispatch(admin, "GET", pub + path).body;
        return state;
    };
    const auto before = snapshot();
    // Deleting an API takes its revisions and deployments with it: refused as a whole while it has
    // subscriptions.
    QCOMPARE(fixture.dispatch(carol, "DELETE", pub + u"/apis/{api}").status, 409);
    // An update whose last field is invalid changes none of the valid ones before it.
    const QByteArray badUpdate = R"({"name":"Renamed","description":"new","context":"/Bad Context"})";
    QCOMPARE(fixture.dispatch(carol, "PUT", pub + u"/apis/{api}", badUpdate).status, 400);
    // A create that fails validation leaves no API behind.
    const QByteArray badCreate =
        R"({"name":"Y","context":"/y","version":"1","policies":["AsyncGold","Nope"]})";
    QCOMPARE(fixture.dispatch(carol, "POST", pub + u"/apis", badCreate).status, 400);
    QCOMPARE(snapshot(), before);
}

void TestRestApi::failedDeploymentIsRolledBack()
{
    RestFixture fixture;
    const auto deployments = [&] {
        return fixture.dispatch(pat, "GET", pub + u"/apis/{api}/deployments").body;
    };
    const auto before = deployments();
    QVERIFY(before.contains(fixture.substitute(u"{rev}"_s).toUtf8()));
    // The first environment succeeds (it would move Default to rev2), the second fails: Default keeps rev.
    const auto reply = fixture.dispatch(pat, "POST", pub + u"/apis/{api}/deploy-revision?revisionId={rev2}",
                                        R"([{"name":"Default"},{"name":"Mars"}])");
    QCOMPARE(reply.status, 400);
    const auto after = QJsonDocument::fromJson(deployments()).object();
    QCOMPARE(after.value(u"count"_s).toInt(), 1);
    QCOMPARE(after.value(u"list"_s)[0][u"revisionUuid"_s].toString(), fixture.substitute(u"{rev}"_s));
}

void TestRestApi::keysSurviveAFailedToken()
{
    RestFixture fixture;
    // A second connection to the same file makes every token insert fail, as a full disk would.
    const auto path = fixture.runtime()->store()->path();
    QVERIFY(execOnSecondConnection(path, u"CREATE TRIGGER no_tokens BEFORE INSERT ON tokens "
                                         u"BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"generated without a token"_s));
    const auto generated = fixture.dispatch(sam, "POST", dev + u"/applications/{spare}/generate-keys",
                                            R"({"keyType":"PRODUCTION"})");
    // The secret is shown only here, so the keys come back even though their token could not be stored.
    QCOMPARE(generated.status, 200);
    const auto keys = object(generated);
    QVERIFY(!keys.value(u"consumerSecret"_s).toString().isEmpty());
    QVERIFY(!keys.contains(u"token"_s));
    QVERIFY(execOnSecondConnection(path, u"DROP TRIGGER no_tokens"_s));
    const auto token =
        fixture.dispatch(sam, "POST",
                         dev + u"/applications/{spare}/oauth-keys/"_s +
                             keys.value(u"keyMappingId"_s).toString() + u"/generate-token"_s,
                         json(QJsonObject{{u"consumerSecret"_s, keys.value(u"consumerSecret"_s)}}));
    QCOMPARE(token.status, 200);
    QVERIFY(!object(token).value(u"accessToken"_s).toString().isEmpty());
}

void TestRestApi::asyncApiRoundTrip()
{
    RestFixture fixture;
    const QByteArray edit = R"({"description":"Memory events",
        "endpointConfig":{"production_endpoints":{"url":"http://localhost:8082"},
                          "sandbox_endpoints":{"url":"http://localhost:9082"}},
        "policies":["AsyncGold","AsyncBronze"],
        "operations":[{"target":"/memory"},{"target":"/cpu","verb":"SUBSCRIBE"}]})";
    QCOMPARE(fixture.dispatch(carol, "PUT", pub + u"/apis/{ready}", edit).status, 200);
    const auto original = object(fixture.dispatch(carol, "GET", pub + u"/apis/{ready}"));
    const auto exported = fixture.dispatch(carol, "GET", pub + u"/apis/{ready}/asyncapi");
    QCOMPARE(exported.status, 200);
    const auto document = object(exported);
    QCOMPARE(document.value(u"channels"_s).toObject().keys(), (QStringList{u"/cpu"_s, u"/memory"_s}));

    // The same context and version are taken while the original exists.
    QCOMPARE(fixture.dispatch(carol, "POST", pub + u"/apis/import-asyncapi", json(document)).status, 409);
    QCOMPARE(fixture.dispatch(carol, "DELETE", pub + u"/apis/{ready}").status, 200);
    const auto imported = fixture.dispatch(carol, "POST", pub + u"/apis/import-asyncapi", json(document));
    QCOMPARE(imported.status, 201);
    auto copy = object(imported);
    QVERIFY(copy.value(u"id"_s).toString() != original.value(u"id"_s).toString());
    // Channels are JSON object keys, which have no order: topics come back sorted by target.
    const auto targets = [](const QJsonObject &api) {
        QStringList list;
        for (const auto &op : api.value(u"operations"_s).toArray())
            list << op[u"target"_s].toString() + u' ' + op[u"verb"_s].toString();
        list.sort();
        return list;
    };
    QCOMPARE(targets(copy), (QStringList{u"/cpu SUBSCRIBE"_s, u"/memory SUBSCRIBE"_s}));
    QCOMPARE(targets(copy), targets(original));
    for (const auto &key : {u"name"_s, u"context"_s, u"version"_s, u"description"_s, u"type"_s, u"policies"_s,
                            u"endpointConfig"_s, u"lifeCycleStatus"_s})
        QCOMPARE(copy.value(key), original.value(key));

    // Wrapped, as text, with overrides: a second copy under another context.
    const QJsonObject wrapped{{u"asyncapi"_s, QString::fromUtf8(json(document))},
                              {u"additionalProperties"_s,
                               QJsonObject{{u"context"_s, u"/observer-copy"_s}, {u"version"_s, u"2.0.0"_s}}}};
    const auto second = fixture.dispatch(carol, "POST", pub + u"/apis/import-asyncapi", json(wrapped));
    QCOMPARE(second.status, 201);
    QCOMPARE(object(second).value(u"context"_s).toString(), u"/observer-copy"_s);
    QCOMPARE(object(second).value(u"version"_s).toString(), u"2.0.0"_s);
    QCOMPARE(object(second).value(u"name"_s).toString(), u"Ready"_s);
}

void TestRestApi::importAsyncApiVariants_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("checks");
    QTest::newRow("document itself") << QByteArray(
                                            R"({"asyncapi":"2.0.0","info":{"title":"Ticks","version":"1"}})")
                                     << QStringList{u"name=Ticks"_s, u"context=/ticks"_s,
                                                    u"operations.0.target=/*"_s,
                                                    u"endpointConfig.production_endpoints=<undefined>"_s};
    QTest::newRow("wrapped object")
        << QByteArray(R"({"asyncapi":{"asyncapi":"2.6.0","info":{"title":"Ticks","version":"1"}}})")
        << QStringList{u"name=Ticks"_s};
    QTest::newRow("x-context and x-endpoint win")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"Ticks","version":"1"},"x-context":"/t/v",
            "x-endpoint":"http://backend:1","servers":{"production":{"url":"http://other:2","protocol":"http"}}})")
        << QStringList{u"context=/t/v"_s, u"endpointConfig.production_endpoints.url=http://backend:1"_s};
    QTest::newRow("production and sandbox servers")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"Ticks","version":"1"},
            "servers":{"a":{"url":"http://first:1"},"production":{"url":"prod:{port}","protocol":"https",
            "variables":{"port":{"default":"8443"}}},"sandbox":{"url":"http://sand:3"}}})")
        << QStringList{u"endpointConfig.production_endpoints.url=https://prod:8443"_s,
                       u"endpointConfig.sandbox_endpoints.url=http://sand:3"_s};
    QTest::newRow("first server by name")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"Ticks","version":"1"},
            "servers":{"zeta":{"url":"http://z:1"},"alpha":{"url":"http://a:1"}}})")
        << QStringList{u"endpointConfig.production_endpoints.url=http://a:1"_s};
    QTest::newRow("title with punctuation")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"Stock Ticker 2",
            "version":"1"}})")
        << QStringList{u"context=/stock-ticker-2"_s};
    QTest::newRow("plans and description")
        << QByteArray(R"({"asyncapi":"2.6.0","info":{"title":"Ticks","version":"1","description":"d"},
            "x-policies":["AsyncSilver"]})")
        << QStringList{u"policies.0=AsyncSilver"_s, u"description=d"_s};
    QTest::newRow("override policies")
        << QByteArray(R"({"asyncapi":{"asyncapi":"2.6.0","info":{"title":"Ticks","version":"1"}},
            "additionalProperties":{"policies":["AsyncGold"],"name":"Renamed"}})")
        << QStringList{u"policies.0=AsyncGold"_s, u"name=Renamed"_s, u"context=/ticks"_s};
}

void TestRestApi::importAsyncApiVariants()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, checks);
    RestFixture fixture;
    const auto reply = fixture.dispatch(carol, "POST", pub + u"/apis/import-asyncapi", body);
    QVERIFY2(reply.status == 201, reply.body.constData());
    const auto failures = fixture.check(reply, checks);
    QVERIFY2(failures.isEmpty(),
             qPrintable(failures.join(u"; "_s) + u" in "_s + QString::fromUtf8(reply.body)));
}

QTEST_GUILESS_MAIN(TestRestApi)
#include "tst_restapi.moc"
