#include "models/tokenqueries.h"

#include "models/storecodec.h"
#include "models/storequery.h"
#include "models/storerows.h"

namespace sd::models {

TokenQueries::TokenQueries(const QSqlDatabase &db)
    : m_db(db)
{}

Status TokenQueries::insertToken(const IssuedToken &t) const
{
    return StoreQuery(m_db,
                      u"INSERT INTO tokens(" + StoreRows::tokenColumns() + u") VALUES(?, ?, ?, ?, ?, ?)",
                      {t.jti, t.keySetId, t.tokenHash.isEmpty() ? QVariant() : QVariant(t.tokenHash),
                       StoreCodec::iso(t.issuedAt), StoreCodec::iso(t.expiresAt), t.revoked})
        .status();
}

std::optional<IssuedToken> TokenQueries::token(const QString &jti) const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::tokenColumns() + u" FROM tokens WHERE jti = ?", {jti})
        .first<IssuedToken>(StoreRows::token);
}

std::optional<IssuedToken> TokenQueries::tokenByHash(const QByteArray &hash) const
{
    return StoreQuery(m_db, u"SELECT " + StoreRows::tokenColumns() + u" FROM tokens WHERE token_hash = ?",
                      {hash})
        .first<IssuedToken>(StoreRows::token);
}

Result<bool> TokenQueries::revokeToken(const QString &jti) const
{
    const StoreQuery q(m_db, QStringLiteral("UPDATE tokens SET revoked = 1 WHERE jti = ?"), {jti});
    if (!q.ok())
        return q.status().error();
    return q.rowsAffected() > 0;
}

QStringList TokenQueries::activeTokenIds(const QString &keySetId) const
{
    return StoreQuery(m_db,
                      QStringLiteral(
                          "SELECT jti FROM tokens WHERE key_set_id = ? AND revoked = 0 AND expires_at > ?"),
                      {keySetId, StoreCodec::isoNow()})
        .all<QString>([](const StoreQuery &q) { return q.value(0).toString(); });
}

} // namespace sd::models
