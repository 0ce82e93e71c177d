#pragma once

#include "models/store.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>

namespace sd::gateway {

/// What Authenticator reads from the store for each stream, and the JWT signatures it checked: token records,
/// key sets, applications, subscriptions, business plans and application quotas, kept in memory once read
/// (plans and quotas are reference data that no service changes: they are dropped only by clear()).
/// Thread-safe: each kind has its own table under a read-write lock held only to find, insert or drop entries
/// (never during a store read). Misses are read from the store and not remembered, so a token or subscription
/// created later is seen at once. The invalidate functions drop entries and make fills that raced with them
/// void, so after one returns no lookup answers from before the change. Disabled (every lookup reads the
/// store) until setEnabled(true), which the change signals' watcher turns on.
class AuthCache final
{
    Q_DISABLE_COPY_MOVE(AuthCache)

public:
    /// Entries per table; a full table starts over rather than tracking use.
    static constexpr qsizetype maxEntries = 100'000;
    /// Verified JWTs, each kept whole with the claims the caller passed (about 1 KiB).
    static constexpr qsizetype maxJwtEntries = 20'000;

    explicit AuthCache(std::shared_ptr<models::Store> store);
    ~AuthCache();

    void setEnabled(bool enabled);
    bool enabled() const { return m_enabled.load(std::memory_order_acquire); }

    /// The claims of a JWT whose signature and claims Jwt::verify() accepted before; its time claims still
    /// need checking. A signature stays valid, so these entries are never invalidated.
    std::optional<QJsonObject> jwtClaims(QByteArrayView token) const;
    void rememberJwt(QByteArrayView token, const QJsonObject &claims);

    std::optional<models::IssuedToken> token(const QString &jti) const;
    std::optional<models::IssuedToken> tokenByHash(const QByteArray &hash) const;
    std::optional<models::KeySet> keySet(const QString &id) const;
    std::optional<models::KeySet> keySetByConsumerKey(const QString &consumerKey) const;
    std::optional<models::Application> application(const QString &id) const;
    std::optional<models::ApplicationQuota> quota(const QString &name) const;
    std::optional<models::Subscription> subscriptionFor(const QString &applicationId,
                                                        const QString &apiId) const;
    std::optional<models::BusinessPlan> plan(const QString &name) const;

    void invalidateToken(const QString &jti);
    /// The application, its key sets and its subscriptions.
    void invalidateApplication(const QString &applicationId);
    void invalidateKeySets(const QString &applicationId);
    void invalidateSubscription(const QString &subscriptionId);
    void clear();

private:
    struct Tables;

    std::shared_ptr<models::Store> m_store;
    std::unique_ptr<Tables> m_tables;
    std::atomic<bool> m_enabled{false};
};

} // namespace sd::gateway
