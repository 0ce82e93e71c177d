#include "gateway/auth/authcache.h"

#include <QHash>
#include <QJsonObject>
#include <QReadWriteLock>

namespace sd::gateway {

namespace {

// One kind of entry. A fill remembers the generation it started in and is dropped when an invalidation
// came in between: the store read it carries may predate the change.
template <class Key, class Value> class Table
{
public:
    explicit Table(qsizetype maxEntries = AuthCache::maxEntries)
        : m_maxEntries(maxEntries)
    {}

    std::optional<Value> find(const Key &key) const
    {
        QReadLocker lock(&m_lock);
        const auto it = m_entries.constFind(key);
        if (it == m_entries.constEnd())
            return std::nullopt;
        return *it;
    }

    quint64 generation() const
    {
        QReadLocker lock(&m_lock);
        return m_generation;
    }

    void insert(const Key &key, const Value &value, quint64 generation)
    {
        QWriteLocker lock(&m_lock);
        if (generation != m_generation)
            return;
        if (m_entries.size() >= m_maxEntries)
            m_entries.clear();
        m_entries.insert(key, value);
    }

    template <class Read> std::optional<Value> get(const Key &key, bool enabled, const Read &read)
    {
        if (!enabled)
            return read();
        if (auto hit = find(key))
            return hit;
        const auto before = generation();
        auto value = read();
        if (value)
            insert(key, *value, before);
        return value;
    }

    void remove(const Key &key)
    {
        QWriteLocker lock(&m_lock);
        ++m_generation;
        m_entries.remove(key);
    }

    template <class Predicate> void removeIf(const Predicate &predicate)
    {
        QWriteLocker lock(&m_lock);
        ++m_generation;
        m_entries.removeIf([&](const auto &entry) { return predicate(entry.value()); });
    }

    void clear()
    {
        QWriteLocker lock(&m_lock);
        ++m_generation;
        m_entries.clear();
    }

private:
    const qsizetype m_maxEntries;
    mutable QReadWriteLock m_lock;
    QHash<Key, Value> m_entries;
    quint64 m_generation = 0;
};

QString subscriptionKey(const QString &applicationId, const QString &apiId)
{
    return applicationId + u'\n' + apiId;
}

} // namespace

struct AuthCache::Tables
{
    // By the whole token: hashing it with SHA-256 would cost a third of an RSA check.
    Table<QByteArray, QJsonObject> jwtClaims{AuthCache::maxJwtEntries};
    Table<QString, models::IssuedToken> tokens;  // by jti
    Table<QByteArray, QString> tokenIds;         // opaque token hash -> jti, fixed once issued
    Table<QString, models::KeySet> keySets;      // by id
    Table<QString, models::KeySet> consumerKeys; // by consumer key
    Table<QString, models::Application> applications;
    Table<QString, models::Subscription> subscriptions; // by application and API
    Table<QString, models::BusinessPlan> plans;
    Table<QString, models::ApplicationQuota> quotas;
};

AuthCache::AuthCache(std::shared_ptr<models::Store> store)
    : m_store(std::move(store))
    , m_tables(std::make_unique<Tables>())
{}

AuthCache::~AuthCache() = default;

void AuthCache::setEnabled(bool enabled)
{
    clear();
    m_enabled.store(enabled, std::memory_order_release);
}

std::optional<QJsonObject> AuthCache::jwtClaims(QByteArrayView token) const
{
    if (!enabled())
        return std::nullopt;
    return m_tables->jwtClaims.find(QByteArray::fromRawData(token.data(), token.size()));
}

void AuthCache::rememberJwt(QByteArrayView token, const QJsonObject &claims)
{
    if (enabled())
        m_tables->jwtClaims.insert(token.toByteArray(), claims, m_tables->jwtClaims.generation());
}

std::optional<models::IssuedToken> AuthCache::token(const QString &jti) const
{
    return m_tables->tokens.get(jti, enabled(), [&] { return m_store->token(jti); });
}

std::optional<models::IssuedToken> AuthCache::tokenByHash(const QByteArray &hash) const
{
    if (!enabled())
        return m_store->tokenByHash(hash);
    if (const auto jti = m_tables->tokenIds.find(hash))
        return token(*jti);
    const auto tokensBefore = m_tables->tokens.generation();
    const auto idsBefore = m_tables->tokenIds.generation();
    auto record = m_store->tokenByHash(hash);
    if (record) {
        m_tables->tokenIds.insert(hash, record->jti, idsBefore);
        m_tables->tokens.insert(record->jti, *record, tokensBefore);
    }
    return record;
}

std::optional<models::KeySet> AuthCache::keySet(const QString &id) const
{
    return m_tables->keySets.get(id, enabled(), [&] { return m_store->keySet(id); });
}

std::optional<models::KeySet> AuthCache::keySetByConsumerKey(const QString &consumerKey) const
{
    return m_tables->consumerKeys.get(consumerKey, enabled(),
                                      [&] { return m_store->keySetByConsumerKey(consumerKey); });
}

std::optional<models::Application> AuthCache::application(const QString &id) const
{
    return m_tables->applications.get(id, enabled(), [&] { return m_store->application(id); });
}

std::optional<models::ApplicationQuota> AuthCache::quota(const QString &name) const
{
    return m_tables->quotas.get(name, enabled(), [&] { return m_store->quota(name); });
}

std::optional<models::Subscription> AuthCache::subscriptionFor(const QString &applicationId,
                                                               const QString &apiId) const
{
    return m_tables->subscriptions.get(subscriptionKey(applicationId, apiId), enabled(),
                                       [&] { return m_store->subscriptionFor(applicationId, apiId); });
}

std::optional<models::BusinessPlan> AuthCache::plan(const QString &name) const
{
    return m_tables->plans.get(name, enabled(), [&] { return m_store->plan(name); });
}

void AuthCache::invalidateToken(const QString &jti)
{
    m_tables->tokens.remove(jti);
}

void AuthCache::invalidateApplication(const QString &applicationId)
{
    m_tables->applications.remove(applicationId);
    invalidateKeySets(applicationId);
    m_tables->subscriptions.removeIf(
        [&](const models::Subscription &sub) { return sub.applicationId == applicationId; });
}

void AuthCache::invalidateKeySets(const QString &applicationId)
{
    // Deleting a key set deletes its token records too: the lookups that follow read the store again.
    const auto ofApplication = [&](const models::KeySet &keys) {
        return keys.applicationId == applicationId;
    };
    m_tables->keySets.removeIf(ofApplication);
    m_tables->consumerKeys.removeIf(ofApplication);
}

void AuthCache::invalidateSubscription(const QString &subscriptionId)
{
    m_tables->subscriptions.removeIf(
        [&](const models::Subscription &sub) { return sub.id == subscriptionId; });
}

void AuthCache::clear()
{
    m_tables->jwtClaims.clear();
    m_tables->tokens.clear();
    m_tables->tokenIds.clear();
    m_tables->keySets.clear();
    m_tables->consumerKeys.clear();
    m_tables->applications.clear();
    m_tables->subscriptions.clear();
    m_tables->plans.clear();
    m_tables->quotas.clear();
}

} // namespace sd::gateway
