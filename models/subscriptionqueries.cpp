#include "models/subscriptionqueries.h"

#include "models/storecodec.h"
#include "models/storequery.h"
#include "models/storerows.h"

namespace sd::models {

SubscriptionQueries::SubscriptionQueries(const QSqlDatabase &db)
    : m_db(db)
{}

QList<Subscription> SubscriptionQueries::subscriptions(const QString &apiId,
                                                       const QString &applicationId) const
{
    QString sql = u"SELECT " + StoreRows::subscriptionColumns() + u" FROM subscriptions WHERE 1 = 1";
    QVariantList binds;
    if (!apiId.isEmpty()) {
        sql += QStringLiteral(" AND api_id = ?");
        binds << apiId;
    }
    if (!applicationId.isEmpty()) {
        sql += QStringLiteral(" AND application_id = ?");
        binds << applicationId;
    }
    return StoreQuery(m_db, sql + QStringLiteral(" ORDER BY created_at"), binds)
        .all<Subscription>(StoreRows::subscription);
}

std::optional<Subscription> SubscriptionQueries::subscription(const QString &id) const
{
    return StoreQuery(m_db,
                      u"SELECT " + StoreRows::subscriptionColumns() + u" FROM subscriptions WHERE id = ?",
                      {id})
        .first<Subscription>(StoreRows::subscription);
}

std::optional<Subscription> SubscriptionQueries::subscriptionFor(const QString &applicationId,
                                                                 const QString &apiId) const
{
    return StoreQuery(m_db,
                      u"SELECT " + StoreRows::subscriptionColumns() +
                          u" FROM subscriptions WHERE application_id = ? AND api_id = ?",
                      {applicationId, apiId})
        .first<Subscription>(StoreRows::subscription);
}

Status SubscriptionQueries::insertSubscription(const Subscription &s) const
{
    return StoreQuery(m_db,
                      u"INSERT INTO subscriptions(" + StoreRows::subscriptionColumns() +
                          u") VALUES(?, ?, ?, ?, ?, ?)",
                      {s.id, s.applicationId, s.apiId, s.plan, Subscription::statusName(s.status),
                       StoreCodec::iso(s.createdAt)})
        .status();
}

Status SubscriptionQueries::updateSubscriptionStatus(const QString &id, SubscriptionStatus status) const
{
    return StoreQuery(m_db, QStringLiteral("UPDATE subscriptions SET status = ? WHERE id = ?"),
                      {Subscription::statusName(status), id})
        .affectedOne(QStringLiteral("Subscription"));
}

Status SubscriptionQueries::deleteSubscription(const QString &id) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM subscriptions WHERE id = ?"), {id})
        .affectedOne(QStringLiteral("Subscription"));
}

qint64 SubscriptionQueries::eventUsage(const QString &subscriptionId, qint64 windowStart) const
{
    StoreQuery q(
        m_db, QStringLiteral("SELECT events FROM event_usage WHERE subscription_id = ? AND window_start = ?"),
        {subscriptionId, windowStart});
    return q.next() ? q.value(0).toLongLong() : 0;
}

Status SubscriptionQueries::addEventUsage(const QString &subscriptionId, qint64 windowStart,
                                          qint64 events) const
{
    return StoreQuery(m_db,
                      QStringLiteral(
                          "INSERT INTO event_usage VALUES(?, ?, ?) ON CONFLICT(subscription_id, window_start)"
                          " DO UPDATE SET events = events + excluded.events"),
                      {subscriptionId, windowStart, events})
        .status();
}

} // namespace sd::models
