#pragma once

#include "gateway/runtime/runtime.h"
#include "tests/gateway/server/testclient.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <functional>
#include <memory>

namespace sd::gateway::test {

/// Keys of one type and an access token issued for them.
struct Credentials
{
    models::GeneratedKeys keys;
    QString token;
};

/// An application, its subscription (unless asked for none) and production credentials.
struct Subscriber
{
    models::Application application;
    QString subscriptionId;
    Credentials production;
};

struct SubscriberOptions
{
    QString plan; // empty: the API's first plan
    QString quota = QStringLiteral("Unlimited");
    models::TokenType tokenType = models::TokenType::Jwt;
    bool subscribe = true;
};

/// One gateway test world: a fresh data directory, the Runtime on free ports (HTTP or HTTPS clients as
/// chosen), setup through the publisher and developer-portal services as the admin, and clients.
class GatewayFixture final
{
    Q_DISABLE_COPY_MOVE(GatewayFixture)

public:
    using Configure = std::function<void(RuntimeOptions &)>;

    explicit GatewayFixture(bool tls);
    ~GatewayFixture();

    /// Creates the runtime in the data directory (reopening it after stop()) and starts it.
    models::Status start(const Configure &configure = {});
    /// Stops and destroys the runtime; the data directory stays.
    void stop();

    Runtime *runtime() const { return m_runtime.get(); }
    QString dataDir() const { return m_dir.path(); }
    bool tls() const { return m_tls; }
    /// The gateway's HTTPS port when the fixture speaks TLS, else its HTTP port.
    quint16 gatewayPort() const;
    const models::User &admin() const { return m_admin; }

    models::Result<models::Api> createApi(const QString &endpoint,
                                          const QStringList &plans = {QStringLiteral("AsyncGold")},
                                          const QString &context = QStringLiteral("/observer"),
                                          const QString &version = QStringLiteral("1.0.0"),
                                          const QString &sandboxEndpoint = {});
    models::Status changeLifecycle(const QString &apiId, const QString &action);
    /// Creates a revision and deploys it to Default/localhost.
    models::Result<models::Revision> deploy(const QString &apiId);
    /// Created, published and deployed.
    models::Result<models::Api> deployedApi(const QString &endpoint,
                                            const QStringList &plans = {QStringLiteral("AsyncGold")},
                                            const QString &context = QStringLiteral("/observer"),
                                            const QString &sandboxEndpoint = {});
    models::Result<Credentials> credentials(const QString &applicationId, models::KeyType keyType,
                                            qint64 validitySeconds = 3600);
    models::Result<Subscriber> subscriber(const QString &apiId, const SubscriberOptions &options = {});
    /// Inserts a business plan row straight into the store's `plans` table.
    models::Status addPlan(const QString &name, qint64 eventLimit, qint64 windowSeconds);

    /// A new client for the gateway port, speaking HTTPS when the fixture does; owned by the fixture.
    TestClient *client();
    /// GET `target` on the gateway with `Authorization: Bearer token` (none when token is empty).
    TestClient *get(const QByteArray &target, const QString &token, const TestClient::HeaderList &extra = {});
    /// A request to the management port (always HTTPS).
    TestClient *management(const QByteArray &method, const QByteArray &path,
                           const TestClient::HeaderList &headers = {}, const QByteArray &body = {});
    /// POST a form to the management port with HTTP Basic client credentials (none when `user` is null).
    TestClient *postForm(const QByteArray &path, const QString &user, const QString &password,
                         const QByteArray &form);

private:
    bool m_tls;
    QTemporaryDir m_dir;
    models::User m_admin;
    std::unique_ptr<Runtime> m_runtime;
    std::unique_ptr<QObject> m_clients; // parent of every client
    int m_applications = 0;
};

/// The body parsed as a JSON object (empty when it is not one).
QJsonObject jsonObject(const QByteArray &body);
/// The descriptors this process has open (/proc/self/fd).
int openDescriptors();
/// The sockets among them.
int openSockets();
/// What each open descriptor refers to ("3 -> socket:[123]", one per line), for failure messages.
QString describeDescriptors();
/// This process's resident memory (VmRSS of /proc/self/status), -1 when unknown.
qint64 residentKiB();

} // namespace sd::gateway::test
