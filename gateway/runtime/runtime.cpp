#include "gateway/runtime/runtime.h"

#include "gateway/auth/cryptopool.h"
#include "gateway/rest/managementserver.h"
#include "gateway/rest/restapi.h"
#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenendpoint.h"
#include "gateway/token/tokenservice.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcRuntime, "streamdesk.gateway.runtime")

models::Result<std::unique_ptr<Runtime>> Runtime::create(const RuntimeOptions &options)
{
    QDir dir(options.dataDir);
    const bool created = !options.dataDir.isEmpty() && !dir.exists();
    if (options.dataDir.isEmpty() || !dir.mkpath(QStringLiteral(".")))
        return models::storageError(
            QStringLiteral("Cannot create or enter the data directory '%1'. Check that this user may write "
                           "to it and that the disk has free space, or start with another --data-dir.")
                .arg(options.dataDir));
    // The store holds password and secret hashes and the revocation list: other local users have no
    // business reading them. A directory the user made is left as they made it.
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (created)
        QFile::setPermissions(dir.path(), ownerOnly | QFileDevice::ExeOwner);
    const auto storePath = dir.filePath(QStringLiteral("streamdesk.db"));
    auto store = models::Store::open(storePath);
    if (!store)
        return store.error();
    // SQLite gives its journal and WAL files the database file's mode.
    QFile::setPermissions(storePath, ownerOnly);
    auto key = SigningKey::loadOrCreate(dir.filePath(QStringLiteral("keys/signing-key.pem")));
    if (!key)
        return key.error();
    auto tls = TlsIdentity::loadOrCreate(dir.filePath(QStringLiteral("keys/tls-cert.pem")),
                                         dir.filePath(QStringLiteral("keys/tls-key.pem")));
    if (!tls)
        return tls.error();
    return std::unique_ptr<Runtime>(new Runtime(options, store.value(), key.value(), tls.value()));
}

Runtime::Runtime(RuntimeOptions options, std::shared_ptr<models::Store> store, SigningKey key,
                 TlsIdentity tls)
    : m_options(std::move(options))
    , m_store(std::move(store))
    , m_key(std::move(key))
    , m_tls(std::move(tls))
    , m_publisher(std::make_unique<models::PublisherService>(m_store))
    , m_portal(std::make_unique<models::DevPortalService>(m_store))
    , m_accounts(std::make_unique<models::AccountService>(m_store))
{
    const auto issuer = QStringLiteral("https://localhost:%1/oauth2/token").arg(m_options.managementPort);
    m_tokens = std::make_unique<TokenService>(m_store, m_key, issuer);
    m_tokenEndpoint = std::make_unique<TokenEndpoint>(m_tokens.get(), m_options.crypto);
    m_crypto = std::make_unique<CryptoPool>(m_options.crypto);
    m_gateway = std::make_unique<GatewayServer>(m_store, m_publisher.get(), m_portal.get(), m_tokens.get(),
                                                m_key, m_tls, m_options.gateway);
    const RestServices services{m_publisher.get(), m_portal.get(), m_accounts.get(), m_tokens.get(), [this] {
                                    return GatewayPorts{m_gateway->httpPort(), m_gateway->httpsPort()};
                                }};
    m_management = std::make_unique<ManagementServer>(
        m_tokenEndpoint.get(),
        [api = std::make_shared<RestApi>(services)](const ApiRequest &request) {
            return api->handle(request);
        },
        m_crypto.get());
}

Runtime::~Runtime()
{
    stop();
}

models::Status Runtime::start()
{
    // The first start's admin/admin is known to everyone: it may serve the local user, never the network.
    const auto &bind = m_options.gateway.bindAddress;
    if (!bind.isLoopback() && m_accounts->authenticate(QStringLiteral("admin"), QStringLiteral("admin")))
        return models::forbiddenError(
            QStringLiteral(
                "Not listening on %1: the user 'admin' still has the first-start password 'admin', "
                "which anyone who can reach the management port would know. Start on 127.0.0.1, "
                "change it (the console's banner, or PUT /api/am/admin/v4/users/admin/password), "
                "then start on %1 again.")
                .arg(bind.toString()));
    if (auto s = m_gateway->start(); !s)
        return s;
    const auto tls = m_options.managementTls ? std::optional(m_tls.serverConfiguration()) : std::nullopt;
    if (auto port = m_management->listen(m_options.gateway.bindAddress, m_options.managementPort, tls);
        !port) {
        m_gateway->stop();
        return port.error();
    }
    m_tokens->setIssuer(QStringLiteral("https://localhost:%1/oauth2/token").arg(m_management->port()));
    return models::Done{};
}

void Runtime::stop()
{
    if (m_management)
        m_management->close();
    if (m_gateway)
        m_gateway->stop();
}

quint16 Runtime::gatewayHttpPort() const
{
    return m_gateway->httpPort();
}

quint16 Runtime::gatewayHttpsPort() const
{
    return m_gateway->httpsPort();
}

quint16 Runtime::managementPort() const
{
    return m_management->port();
}

} // namespace sd::gateway
