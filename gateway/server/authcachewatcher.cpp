#include "gateway/server/authcachewatcher.h"

#include "gateway/auth/authcache.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

namespace sd::gateway {

AuthCacheWatcher::AuthCacheWatcher(std::shared_ptr<AuthCache> cache, models::PublisherService *publisher,
                                   models::DevPortalService *portal, TokenService *tokens, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
{
    // The lambdas hold the cache, not this object: a signal racing with this object's destruction on
    // another thread still finds a live cache.
    const auto target = m_cache;
    const auto subscription = [target](const QString &id) { target->invalidateSubscription(id); };
    if (publisher) {
        connect(publisher, &models::PublisherService::subscriptionChanged, this, subscription,
                Qt::DirectConnection);
    }
    if (portal) {
        connect(portal, &models::DevPortalService::subscriptionChanged, this, subscription,
                Qt::DirectConnection);
        connect(portal, &models::DevPortalService::subscriptionRemoved, this, subscription,
                Qt::DirectConnection);
        const auto application = [target](const QString &id) { target->invalidateApplication(id); };
        connect(portal, &models::DevPortalService::applicationChanged, this, application,
                Qt::DirectConnection);
        connect(portal, &models::DevPortalService::applicationRemoved, this, application,
                Qt::DirectConnection);
        connect(
            portal, &models::DevPortalService::keysGenerated, this,
            [target](const QString &applicationId) { target->invalidateKeySets(applicationId); },
            Qt::DirectConnection);
    }
    if (tokens) {
        connect(
            tokens, &TokenService::tokenRevoked, this,
            [target](const QString &jti) { target->invalidateToken(jti); }, Qt::DirectConnection);
    }
    m_cache->setEnabled(true);
}

AuthCacheWatcher::~AuthCacheWatcher()
{
    m_cache->setEnabled(false);
}

} // namespace sd::gateway
