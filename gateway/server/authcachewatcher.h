#pragma once

#include <QObject>
#include <memory>

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::gateway {

class AuthCache;
class TokenService;

/// Turns an Authenticator's AuthCache on for its lifetime and drops entries when the services announce a
/// change. Connections are direct, so the entry is
/// gone before the call that made the change (a revocation, a blocked subscription) returns, whatever thread
/// made it. Lives on the thread that created it (the control plane).
class AuthCacheWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthCacheWatcher)

public:
    AuthCacheWatcher(std::shared_ptr<AuthCache> cache, models::PublisherService *publisher,
                     models::DevPortalService *portal, TokenService *tokens, QObject *parent = nullptr);
    ~AuthCacheWatcher() override;

private:
    std::shared_ptr<AuthCache> m_cache;
};

} // namespace sd::gateway
