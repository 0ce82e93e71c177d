#include "gateway/rest/managementserver.h"
#include "restfixture.h"

#include <QTest>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

class TestRestErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errors_data();
    void errors() { RestFixture::runRow(); }
};

void TestRestErrors::errors_data()
{
    RestFixture::addColumns();
    // Authentication
    RestFixture::addRow("no credentials", QString(), "GET", pub + u"/apis", {}, 401,
                        {u"@WWW-Authenticate=Basic realm=\"StreamDesk\""_s});
    // Bodies
    RestFixture::addRow("malformed json", carol, "POST", pub + u"/apis", "{\"name\": ", 400,
                        {u"field=body"_s});
    RestFixture::addRow("empty body", carol, "POST", pub + u"/apis", {}, 400, {u"field=body"_s});
    RestFixture::addRow("array instead of object", carol, "POST", pub + u"/apis", "[]", 400,
                        {u"field=body"_s});
    RestFixture::addRow("body too large", carol, "POST", pub + u"/apis",
                        QByteArray(ManagementServer::maxBodyBytes + 1, ' '), 413);
    // Fields
    RestFixture::addRow("missing name", carol, "POST", pub + u"/apis", R"({"context":"/x","version":"1"})",
                        400, {u"field=name"_s});
    RestFixture::addRow("name of the wrong type", carol, "POST", pub + u"/apis",
                        R"({"name":42,"context":"/x","version":"1"})", 400, {u"field=name"_s});
    RestFixture::addRow("context without slash", carol, "POST", pub + u"/apis",
                        R"({"name":"X","context":"x","version":"1"})", 400, {u"field=context"_s});
    RestFixture::addRow("reserved context", carol, "POST", pub + u"/apis",
                        R"({"name":"X","context":"/api/x","version":"1"})", 400, {u"field=context"_s});
    RestFixture::addRow("missing version", carol, "POST", pub + u"/apis", R"({"name":"X","context":"/x"})",
                        400, {u"field=version"_s});
    RestFixture::addRow("type websocket", carol, "POST", pub + u"/apis",
                        R"({"name":"X","context":"/x","version":"1","type":"WS"})", 400, {u"field=type"_s});
    RestFixture::addRow(
        "bad production endpoint", carol, "POST", pub + u"/apis",
        R"({"name":"X","context":"/x","version":"1","endpointConfig":{"production_endpoints":{"url":"ftp://h"}}})",
        400, {u"field=endpointConfig.production_endpoints.url"_s});
    RestFixture::addRow(
        "bad sandbox endpoint", carol, "POST", pub + u"/apis",
        R"({"name":"X","context":"/x","version":"1","endpointConfig":{"sandbox_endpoints":{"url":"nohost"}}})",
        400, {u"field=endpointConfig.sandbox_endpoints.url"_s});
    RestFixture::addRow(
        "endpoint list instead of object", carol, "POST", pub + u"/apis",
        R"({"name":"X","context":"/x","version":"1","endpointConfig":{"production_endpoints":[]}})", 400,
        {u"field=endpointConfig.production_endpoints"_s});
    RestFixture::addRow(
        "load-balanced endpoint", carol, "POST", pub + u"/apis",
        R"({"name":"X","context":"/x","version":"1","endpointConfig":{"endpoint_type":"load_balance"}})", 400,
        {u"field=endpointConfig.endpoint_type"_s});
    RestFixture::addRow("unknown plan", carol, "POST", pub + u"/apis",
                        R"({"name":"X","context":"/x","version":"1","policies":["Platinum"]})", 400,
                        {u"field=policies"_s});
    RestFixture::addRow("policies not a list", carol, "POST", pub + u"/apis",
                        R"({"name":"X","context":"/x","version":"1","policies":"AsyncGold"})", 400,
                        {u"field=policies"_s});
    RestFixture::addRow(
        "operation verb GET", carol, "POST", pub + u"/apis",
        R"({"name":"X","context":"/x","version":"1","operations":[{"target":"/*","verb":"GET"}]})", 400,
        {u"field=operations"_s});
    RestFixture::addRow("duplicate context and version", carol, "POST", pub + u"/apis",
                        R"({"name":"Other","context":"/observer","version":"1.0.0"})", 409);
    RestFixture::addRow("update to a taken context", carol, "PUT", pub + u"/apis/{draft}",
                        R"({"context":"/observer"})", 409);
    RestFixture::addRow("update with bad field", carol, "PUT", pub + u"/apis/{draft}", R"({"version":"1 0"})",
                        400, {u"field=version"_s});
    // Unknown ids and paths, methods
    RestFixture::addRow("unknown api", carol, "GET", pub + u"/apis/nope", {}, 404);
    RestFixture::addRow("update unknown api", carol, "PUT", pub + u"/apis/nope", R"({"name":"X"})", 404);
    RestFixture::addRow("delete unknown api", carol, "DELETE", pub + u"/apis/nope", {}, 404);
    RestFixture::addRow("unknown path", carol, "GET", pub + u"/nothing", {}, 404);
    RestFixture::addRow("unknown api family", carol, "GET", u"/api/am/store/v1/apis"_s, {}, 404);
    RestFixture::addRow("old publisher version", carol, "GET", u"/api/am/publisher/v3/apis"_s, {}, 404);
    RestFixture::addRow("patch an api", carol, "PATCH", pub + u"/apis/{api}", R"({})", 405,
                        {u"@Allow=GET, PUT, DELETE"_s});
    RestFixture::addRow("post to an api", carol, "POST", pub + u"/apis/{api}", R"({})", 405);
    RestFixture::addRow("get change-lifecycle", pat, "GET", pub + u"/apis/change-lifecycle", {}, 405,
                        {u"@Allow=POST"_s});
    RestFixture::addRow("delete the api list", carol, "DELETE", pub + u"/apis", {}, 405,
                        {u"@Allow=GET, POST"_s});
    RestFixture::addRow("put a user", admin, "PUT", adm + u"/users/sam", {}, 405, {u"@Allow=GET, DELETE"_s});
    RestFixture::addRow("post to an application", sam, "POST", dev + u"/applications/{app}",
                        R"({"name":"X"})", 405, {u"@Allow=GET, PUT, DELETE"_s});
    RestFixture::addRow("rename an application to a taken name", sam, "PUT", dev + u"/applications/{app}",
                        R"({"name":"spare"})", 409);
    RestFixture::addRow("update an application with an unknown quota", sam, "PUT",
                        dev + u"/applications/{app}", R"({"name":"App","throttlingPolicy":"9PerMin"})", 400,
                        {u"field=throttlingPolicy"_s});
    RestFixture::addRow("update another subscriber's application", sue, "PUT", dev + u"/applications/{app}",
                        R"({"name":"Mine"})", 404);
    // Lifecycle
    RestFixture::addRow("lifecycle without apiId", pat, "POST",
                        pub + u"/apis/change-lifecycle?action=Publish", {}, 400, {u"field=apiId"_s});
    RestFixture::addRow("lifecycle without action", pat, "POST",
                        pub + u"/apis/change-lifecycle?apiId={ready}", {}, 400, {u"field=action"_s});
    RestFixture::addRow(
        "lifecycle action not allowed", pat, "POST",
        pub + u"/apis/change-lifecycle?apiId={api}&action=Retire", {}, 400,
        {u"field=action"_s, u"description=Invalid value for 'action': Action 'Retire' is not allowed"_s});
    RestFixture::addRow("publish without a plan", pat, "POST",
                        pub + u"/apis/change-lifecycle?apiId={draft}&action=Publish", {}, 400,
                        {u"field=policies"_s});
    RestFixture::addRow("lifecycle of unknown api", pat, "POST",
                        pub + u"/apis/change-lifecycle?apiId=nope&action=Publish", {}, 404);
    RestFixture::addRow(
        "unknown checklist item", pat, "POST",
        pub + u"/apis/change-lifecycle?apiId={ready}&action=Publish&lifecycleChecklist=Other:true", {}, 400,
        {u"field=lifecycleChecklist"_s});
    RestFixture::addRow("lifecycle state of unknown api", pat, "GET", pub + u"/apis/nope/lifecycle-state", {},
                        404);
    RestFixture::addRow("lifecycle history of unknown api", pat, "GET", pub + u"/apis/nope/lifecycle-history",
                        {}, 404);
    // Revisions and deployments
    RestFixture::addRow("sixth revision", pat, "POST", pub + u"/apis/{full}/revisions", {}, 409);
    RestFixture::addRow("revision of unknown api", pat, "POST", pub + u"/apis/nope/revisions", {}, 404);
    RestFixture::addRow("revisions of unknown api", pat, "GET", pub + u"/apis/nope/revisions", {}, 404);
    RestFixture::addRow("bad revision filter", pat, "GET", pub + u"/apis/{api}/revisions?query=state:x", {},
                        400, {u"field=query"_s});
    RestFixture::addRow("long revision description", pat, "POST", pub + u"/apis/{api}/revisions",
                        "{\"description\":\"" + QByteArray(256, 'x') + "\"}", 400, {u"field=description"_s});
    RestFixture::addRow("delete deployed revision", pat, "DELETE", pub + u"/apis/{api}/revisions/{rev}", {},
                        409);
    RestFixture::addRow("delete unknown revision", pat, "DELETE", pub + u"/apis/{api}/revisions/nope", {},
                        404);
    RestFixture::addRow("get unknown revision", pat, "GET", pub + u"/apis/{api}/revisions/nope", {}, 404);
    RestFixture::addRow("deploy without revisionId", pat, "POST", pub + u"/apis/{api}/deploy-revision",
                        defaultEnvironment, 400, {u"field=revisionId"_s});
    RestFixture::addRow("deploy with an object body", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={rev2}", R"({"name":"Default"})", 400,
                        {u"field=body"_s});
    RestFixture::addRow("deploy to no environment", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={rev2}", "[]", 400, {u"field=body"_s});
    RestFixture::addRow("deploy to unknown environment", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={rev2}", R"([{"name":"Mars"}])", 400,
                        {u"field=name"_s});
    RestFixture::addRow("deploy to another vhost", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={rev2}",
                        R"([{"name":"Default","vhost":"example.com"}])", 400, {u"field=vhost"_s});
    RestFixture::addRow("deploy unknown revision", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId=nope", defaultEnvironment, 404);
    RestFixture::addRow("deploy another api's revision", pat, "POST",
                        pub + u"/apis/{api}/deploy-revision?revisionId={fullrev}", defaultEnvironment, 404);
    RestFixture::addRow("deploy to unknown api", pat, "POST",
                        pub + u"/apis/nope/deploy-revision?revisionId={rev}", defaultEnvironment, 404);
    RestFixture::addRow("undeploy a revision that is not deployed", pat, "POST",
                        pub + u"/apis/{api}/undeploy-revision?revisionId={rev2}", defaultEnvironment, 404);
    RestFixture::addRow("undeploy everywhere, deployed nowhere", pat, "POST",
                        pub + u"/apis/{api}/undeploy-revision?revisionId={rev2}&allEnvironments=true", {},
                        404);
    RestFixture::addRow("restore without revisionId", carol, "POST", pub + u"/apis/{api}/restore-revision",
                        {}, 400, {u"field=revisionId"_s});
    RestFixture::addRow("restore unknown revision", carol, "POST",
                        pub + u"/apis/{api}/restore-revision?revisionId=nope", {}, 404);
    // AsyncAPI
    RestFixture::addRow("asyncapi of unknown api", carol, "GET", pub + u"/apis/nope/asyncapi", {}, 404);
    RestFixture::addRow("import asyncapi 3", carol, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":"3.0.0","info":{"title":"X","version":"1"}})", 400,
                        {u"field=asyncapi"_s});
    RestFixture::addRow("import without info.version", carol, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":"2.6.0","info":{"title":"X"}})", 400, {u"field=info.version"_s});
    RestFixture::addRow("import with a bad title", carol, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":"2.6.0","info":{"title":"  ","version":"1"}})", 400,
                        {u"field=info.title"_s});
    RestFixture::addRow(
        "import a publish-only channel", carol, "POST", pub + u"/apis/import-asyncapi",
        R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"},"channels":{"in":{"publish":{}}}})", 400,
        {u"field=channels.in"_s});
    RestFixture::addRow("import a taken context", carol, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":"2.6.0","info":{"title":"Observer","version":"1.0.0"}})", 409);
    RestFixture::addRow("import with a bad override", carol, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":{"asyncapi":"2.6.0","info":{"title":"X","version":"1"}},
            "additionalProperties":{"context":"nope"}})",
                        400, {u"field=additionalProperties.context"_s});
    RestFixture::addRow("import by a publisher", pat, "POST", pub + u"/apis/import-asyncapi",
                        R"({"asyncapi":"2.6.0","info":{"title":"X","version":"1"}})", 403);
    // Subscriptions (publisher)
    RestFixture::addRow("block with a bad state", pat, "POST",
                        pub + u"/subscriptions/block-subscription?subscriptionId={sub}&blockState=UNBLOCKED",
                        {}, 400, {u"field=blockState"_s});
    RestFixture::addRow("block without a state", pat, "POST",
                        pub + u"/subscriptions/block-subscription?subscriptionId={sub}", {}, 400,
                        {u"field=blockState"_s});
    RestFixture::addRow("block unknown subscription", pat, "POST",
                        pub + u"/subscriptions/block-subscription?subscriptionId=nope&blockState=BLOCKED", {},
                        404);
    RestFixture::addRow("subscriptions of unknown api", pat, "GET", pub + u"/subscriptions?apiId=nope", {},
                        404);
    RestFixture::addRow("delete api with subscriptions", carol, "DELETE", pub + u"/apis/{api}", {}, 409);
    // Developer portal
    RestFixture::addRow("unpublished api in the portal", sam, "GET", dev + u"/apis/{draft}", {}, 404);
    RestFixture::addRow("application without name", sam, "POST", dev + u"/applications",
                        R"({"throttlingPolicy":"Unlimited"})", 400, {u"field=name"_s});
    RestFixture::addRow("application with unknown quota", sam, "POST", dev + u"/applications",
                        R"({"name":"X","throttlingPolicy":"5PerDay"})", 400, {u"field=throttlingPolicy"_s});
    RestFixture::addRow("application with unknown token type", sam, "POST", dev + u"/applications",
                        R"({"name":"X","tokenType":"SAML"})", 400, {u"field=tokenType"_s});
    RestFixture::addRow("duplicate application", sam, "POST", dev + u"/applications", R"({"name":"app"})",
                        409);
    RestFixture::addRow("unknown application", sam, "GET", dev + u"/applications/nope", {}, 404);
    RestFixture::addRow("another subscriber's application", sue, "GET", dev + u"/applications/{app}", {},
                        404);
    RestFixture::addRow("delete another subscriber's application", sue, "DELETE",
                        dev + u"/applications/{app}", {}, 404);
    RestFixture::addRow("subscribe twice", sam, "POST", dev + u"/subscriptions",
                        R"({"applicationId":"{app}","apiId":"{api}"})", 409);
    RestFixture::addRow("subscribe without apiId", sam, "POST", dev + u"/subscriptions",
                        R"({"applicationId":"{spare}"})", 400, {u"field=apiId"_s});
    RestFixture::addRow("subscribe without applicationId", sam, "POST", dev + u"/subscriptions",
                        R"({"apiId":"{api}"})", 400, {u"field=applicationId"_s});
    RestFixture::addRow("subscribe to an unpublished api", sam, "POST", dev + u"/subscriptions",
                        R"({"applicationId":"{spare}","apiId":"{draft}"})", 404);
    RestFixture::addRow("subscribe with a plan the api lacks", sam, "POST", dev + u"/subscriptions",
                        R"({"applicationId":"{spare}","apiId":"{api}","throttlingPolicy":"AsyncSilver"})",
                        400, {u"field=throttlingPolicy"_s});
    RestFixture::addRow("subscriptions of unknown application", sam, "GET",
                        dev + u"/subscriptions?applicationId=nope", {}, 404);
    RestFixture::addRow("unknown subscription", sam, "GET", dev + u"/subscriptions/nope", {}, 404);
    RestFixture::addRow("unsubscribe unknown", sam, "DELETE", dev + u"/subscriptions/nope", {}, 404);
    RestFixture::addRow("unsubscribe someone else's", sue, "DELETE", dev + u"/subscriptions/{sub}", {}, 404);
    RestFixture::addRow("keys twice", sam, "POST", dev + u"/applications/{app}/generate-keys",
                        R"({"keyType":"PRODUCTION"})", 409);
    RestFixture::addRow("keys without type", sam, "POST", dev + u"/applications/{spare}/generate-keys",
                        R"({})", 400, {u"field=keyType"_s});
    RestFixture::addRow("keys of unknown type", sam, "POST", dev + u"/applications/{spare}/generate-keys",
                        R"({"keyType":"STAGING"})", 400, {u"field=keyType"_s});
    RestFixture::addRow("keys with a bad validity", sam, "POST", dev + u"/applications/{spare}/generate-keys",
                        R"({"keyType":"PRODUCTION","validityTime":"soon"})", 400, {u"field=validityTime"_s});
    // Fuzzer finding: a number beyond qint64 was converted to it (undefined behaviour).
    RestFixture::addRow("keys with a validity beyond 64 bits", sam, "POST",
                        dev + u"/applications/{spare}/generate-keys",
                        R"({"keyType":"PRODUCTION","validityTime":3.7e125})", 400, {u"field=validityTime"_s});
    RestFixture::addRow("keys with a zero validity", sam, "POST",
                        dev + u"/applications/{spare}/generate-keys",
                        R"({"keyType":"PRODUCTION","validityTime":0})", 400, {u"field=validityTime"_s});
    RestFixture::addRow("keys for the password grant", sam, "POST",
                        dev + u"/applications/{spare}/generate-keys",
                        R"({"keyType":"PRODUCTION","grantTypesToBeSupported":["password"]})", 400,
                        {u"field=grantTypesToBeSupported"_s});
    RestFixture::addRow("keys of unknown application", sam, "POST", dev + u"/applications/nope/generate-keys",
                        R"({"keyType":"PRODUCTION"})", 404);
    RestFixture::addRow("token with a wrong secret", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/{keys}/generate-token",
                        R"({"consumerSecret":"wrong"})", 401);
    RestFixture::addRow("token without secret", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/{keys}/generate-token",
                        R"({"validityPeriod":60})", 400, {u"field=consumerSecret"_s});
    RestFixture::addRow("token with a too long validity", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/{keys}/generate-token",
                        R"({"consumerSecret":"{secret}","validityPeriod":99999999999})", 400,
                        {u"field=validityPeriod"_s});
    RestFixture::addRow("token of unknown keys", sam, "POST",
                        dev + u"/applications/{app}/oauth-keys/nope/generate-token",
                        R"({"consumerSecret":"{secret}"})", 404);
    RestFixture::addRow("token of keys through another application", sam, "POST",
                        dev + u"/applications/{spare}/oauth-keys/{keys}/generate-token",
                        R"({"consumerSecret":"{secret}"})", 404);
    // Admin
    RestFixture::addRow("duplicate user", admin, "POST", adm + u"/users",
                        R"({"name":"sam","password":"secret1","roles":[]})", 409);
    RestFixture::addRow("user with unknown role", admin, "POST", adm + u"/users",
                        R"({"name":"x","password":"secret1","roles":["owner"]})", 400, {u"field=roles"_s});
    RestFixture::addRow("user with short password", admin, "POST", adm + u"/users",
                        R"({"name":"x","password":"ab","roles":[]})", 400, {u"field=password"_s});
    RestFixture::addRow("user with bad name", admin, "POST", adm + u"/users",
                        R"({"name":"a b","password":"secret1"})", 400, {u"field=name"_s});
    RestFixture::addRow("roles of unknown user", admin, "PUT", adm + u"/users/nobody/roles",
                        R"({"roles":["creator"]})", 404);
    RestFixture::addRow("roles missing", admin, "PUT", adm + u"/users/sam/roles", R"({})", 400,
                        {u"field=roles"_s});
    RestFixture::addRow("password of unknown user", admin, "PUT", adm + u"/users/nobody/password",
                        R"({"password":"secret1"})", 404);
    RestFixture::addRow("delete unknown user", admin, "DELETE", adm + u"/users/nobody", {}, 404);
    RestFixture::addRow("get unknown user", admin, "GET", adm + u"/users/nobody", {}, 404);
    RestFixture::addRow("delete the last admin", admin, "DELETE", adm + u"/users/admin", {}, 409);
    RestFixture::addRow("demote the last admin", admin, "PUT", adm + u"/users/admin/roles",
                        R"({"roles":["creator"]})", 409);
}

QTEST_GUILESS_MAIN(TestRestErrors)
#include "tst_resterrors.moc"
