#include "gateway/rest/managementserver.h"
#include "restfixture.h"

#include <QTest>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

class TestRestRoles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roles_data();
    void roles() { RestFixture::runRow(); }
};

void TestRestRoles::roles_data()
{
    RestFixture::addColumns();
    struct Case
    {
        const char *name;
        const char *method;
        QString path;
        QByteArray body;
        int admin, creator, publisher, subscriber;
    };
    const QList<Case> cases{
        {"list apis", "GET", pub + u"/apis", {}, 200, 200, 200, 403},
        {"create api", "POST", pub + u"/apis", R"({"name":"R","context":"/r","version":"1"})", 201, 201, 403,
         403},
        {"edit api", "PUT", pub + u"/apis/{draft}", R"({"description":"x"})", 200, 200, 403, 403},
        {"set plans", "PUT", pub + u"/apis/{draft}", R"({"policies":["AsyncGold"]})", 200, 200, 200, 403},
        {"delete api", "DELETE", pub + u"/apis/{draft}", {}, 200, 200, 200, 403},
        {"publish",
         "POST",
         pub + u"/apis/change-lifecycle?apiId={ready}&action=Publish",
         {},
         200,
         403,
         200,
         403},
        {"lifecycle history", "GET", pub + u"/apis/{api}/lifecycle-history", {}, 200, 200, 200, 403},
        {"create revision", "POST", pub + u"/apis/{api}/revisions", {}, 201, 201, 201, 403},
        {"deploy revision", "POST", pub + u"/apis/{api}/deploy-revision?revisionId={rev2}",
         defaultEnvironment, 201, 403, 201, 403},
        {"asyncapi", "GET", pub + u"/apis/{api}/asyncapi", {}, 200, 200, 200, 403},
        {"publisher subscriptions", "GET", pub + u"/subscriptions?apiId={api}", {}, 200, 200, 200, 403},
        {"block subscription",
         "POST",
         pub + u"/subscriptions/block-subscription?subscriptionId={sub}&blockState=BLOCKED",
         {},
         200,
         403,
         200,
         403},
        {"portal apis", "GET", dev + u"/apis", {}, 200, 200, 200, 200},
        {"create application", "POST", dev + u"/applications", R"({"name":"R"})", 201, 403, 403, 201},
        {"list applications", "GET", dev + u"/applications", {}, 200, 403, 403, 200},
        {"list portal subscriptions", "GET", dev + u"/subscriptions", {}, 200, 403, 403, 200},
        {"subscribe", "POST", dev + u"/subscriptions", R"({"applicationId":"{spare}","apiId":"{api}"})", 201,
         403, 403, 201},
        {"generate keys", "POST", dev + u"/applications/{spare}/generate-keys", R"({"keyType":"PRODUCTION"})",
         200, 403, 403, 200},
        {"list users", "GET", adm + u"/users", {}, 200, 403, 403, 403},
        {"create user", "POST", adm + u"/users", R"({"name":"r","password":"secret1","roles":[]})", 201, 403,
         403, 403},
        {"set roles", "PUT", adm + u"/users/sue/roles", R"({"roles":["creator"]})", 200, 403, 403, 403},
        {"change another's password", "PUT", adm + u"/users/sue/password", R"({"password":"another"})", 204,
         403, 403, 403},
        {"delete user", "DELETE", adm + u"/users/sue", {}, 200, 403, 403, 403},
    };
    for (const auto &c : cases) {
        for (const auto &[user, status] : {std::pair{admin, c.admin}, std::pair{carol, c.creator},
                                           std::pair{pat, c.publisher}, std::pair{sam, c.subscriber}}) {
            const auto name = QStringLiteral("%1 as %2").arg(QString::fromLatin1(c.name), user).toLatin1();
            RestFixture::addRow(name.constData(), user, c.method, c.path, c.body, status);
        }
    }
}

QTEST_GUILESS_MAIN(TestRestRoles)
#include "tst_restroles.moc"
