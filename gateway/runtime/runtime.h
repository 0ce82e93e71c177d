#pragma once

#include "gateway/auth/signingkey.h"
#include "gateway/auth/tlsidentity.h"
#include "gateway/runtime/runtimeoptions.h"
#include "models/accountservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <QObject>
#include <memory>

namespace sd::gateway {

class CryptoPool;
class GatewayServer;
class ManagementServer;
class TokenEndpoint;
class TokenService;

/// StreamDesk's core, as the desktop and the headless mode both run it: the store in the data directory,
/// the services, the signing key and TLS identity, the gateway and the management port.
class Runtime final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Runtime)

public:
    /// Opens (or creates) everything in `options.dataDir`; nothing listens yet.
    static models::Result<std::unique_ptr<Runtime>> create(const RuntimeOptions &options);
    ~Runtime() override;

    /// Listens on every port; on failure nothing stays open and the error names the port.
    models::Status start();
    /// Ends open streams cleanly, stops listening and saves pending counts.
    void stop();

    const RuntimeOptions &options() const { return m_options; }
    std::shared_ptr<models::Store> store() const { return m_store; }
    models::PublisherService *publisher() const { return m_publisher.get(); }
    models::DevPortalService *portal() const { return m_portal.get(); }
    models::AccountService *accounts() const { return m_accounts.get(); }
    TokenService *tokens() const { return m_tokens.get(); }
    GatewayServer *gateway() const { return m_gateway.get(); }
    ManagementServer *management() const { return m_management.get(); }
    /// The workers that check secrets and passwords and sign tokens off the gateway thread.
    CryptoPool *crypto() const { return m_crypto.get(); }
    const TlsIdentity &tlsIdentity() const { return m_tls; }
    quint16 gatewayHttpPort() const;
    quint16 gatewayHttpsPort() const;
    quint16 managementPort() const;

private:
    Runtime(RuntimeOptions options, std::shared_ptr<models::Store> store, SigningKey key, TlsIdentity tls);

    RuntimeOptions m_options;
    std::shared_ptr<models::Store> m_store;
    SigningKey m_key;
    TlsIdentity m_tls;
    std::unique_ptr<models::PublisherService> m_publisher;
    std::unique_ptr<models::DevPortalService> m_portal;
    std::unique_ptr<models::AccountService> m_accounts;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<TokenEndpoint> m_tokenEndpoint;
    // Its running jobs use the services and token endpoint above; responders of the servers below.
    std::unique_ptr<CryptoPool> m_crypto;
    std::unique_ptr<GatewayServer> m_gateway;
    std::unique_ptr<ManagementServer> m_management;
};

} // namespace sd::gateway
