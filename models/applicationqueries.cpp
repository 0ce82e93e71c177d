#include "models/applicationqueries.h"

#include "models/storecodec.h"
#include "models/storequery.h"
#include "models/storerows.h"

namespace sd::models {

ApplicationQueries::ApplicationQueries(const QSqlDatabase &db)
    : m_db(db)
{}

QList<Application> ApplicationQueries::applications(const QString &owner) const
{
    const QString sql = u"SELECT " + StoreRows::applicationColumns() + u" FROM applications" +
                        (owner.isEmpty() ? QString() : QStringLiteral(" WHERE owner = ?")) +
                        u" ORDER BY name";
    return StoreQuery(m_db, sql, owner.isEmpty() ? QVariantList{} : QVariantList{owner})
        .all<Application>(StoreRows::application);
}

std::optional<Application> ApplicationQueries::application(const QString &id) const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::applicationColumns() + u" FROM applications WHERE id = ?",
                      {id})
        .first<Application>(StoreRows::application);
}

Status ApplicationQueries::insertApplication(const Application &a) const
{
    return StoreQuery(m_db,
                      u"INSERT INTO applications(" + StoreRows::applicationColumns() +
                          u") VALUES(?, ?, ?, ?, ?, ?, ?)",
                      {a.id, a.owner, a.name, a.quota, a.description, Application::tokenTypeName(a.tokenType),
                       StoreCodec::iso(a.createdAt)})
        .status();
}

Status ApplicationQueries::updateApplication(const Application &a) const
{
    return StoreQuery(
               m_db,
               QStringLiteral("UPDATE applications SET name = ?, quota = ?, description = ?, token_type = ?"
                              " WHERE id = ?"),
               {a.name, a.quota, a.description, Application::tokenTypeName(a.tokenType), a.id})
        .affectedOne(QStringLiteral("Application"));
}

Status ApplicationQueries::deleteApplication(const QString &id) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM applications WHERE id = ?"), {id})
        .affectedOne(QStringLiteral("Application"));
}

QList<KeySet> ApplicationQueries::keySets(const QString &applicationId) const
{
    return StoreQuery(m_db,
                      u"SELECT " + StoreRows::keySetColumns() +
                          u" FROM key_sets WHERE application_id = ? ORDER BY key_type",
                      {applicationId})
        .all<KeySet>(StoreRows::keySet);
}

std::optional<KeySet> ApplicationQueries::keySet(const QString &id) const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::keySetColumns() + u" FROM key_sets WHERE id = ?", {id})
        .first<KeySet>(StoreRows::keySet);
}

std::optional<KeySet> ApplicationQueries::keySetByConsumerKey(const QString &consumerKey) const
{
    return StoreQuery(m_db,
                      u"SELECT " + StoreRows::keySetColumns() + u" FROM key_sets WHERE consumer_key = ?",
                      {consumerKey})
        .first<KeySet>(StoreRows::keySet);
}

Status ApplicationQueries::insertKeySet(const KeySet &k) const
{
    return StoreQuery(
               m_db, u"INSERT INTO key_sets(" + StoreRows::keySetColumns() + u") VALUES(?, ?, ?, ?, ?, ?, ?)",
               {k.id, k.applicationId, KeySet::keyTypeName(k.keyType), k.consumerKey, k.secretHash,
                StoreCodec::jsonText(k.grantTypes), k.validitySeconds})
        .status();
}

Status ApplicationQueries::updateKeySetSecret(const QString &id, const QString &secretHash) const
{
    return StoreQuery(m_db, QStringLiteral("UPDATE key_sets SET secret_hash = ? WHERE id = ?"),
                      {secretHash, id})
        .affectedOne(QStringLiteral("Key set"));
}

Status ApplicationQueries::deleteKeySet(const QString &id) const
{
    return StoreQuery(m_db, QStringLiteral("DELETE FROM key_sets WHERE id = ?"), {id})
        .affectedOne(QStringLiteral("Key set"));
}

} // namespace sd::models
