#include "models/storequery.h"

namespace sd::models {

Q_LOGGING_CATEGORY(lcStore, "streamdesk.models.store")

StoreQuery::StoreQuery(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
    : m_query(db)
{
    m_query.setForwardOnly(true);
    m_ok = m_query.prepare(sql);
    for (const auto &b : binds) {
        // Columns are NOT NULL: an absent text is stored as an empty one.
        const bool nullText = b.typeId() == QMetaType::QString && b.toString().isNull();
        m_query.addBindValue(nullText ? QVariant(QStringLiteral("")) : b);
    }
    if (m_ok)
        m_ok = m_query.exec();
    if (!m_ok)
        qCWarning(lcStore) << "SQL failed:" << m_query.lastError().text() << "in" << sql;
}

Status StoreQuery::status() const
{
    if (m_ok)
        return Done{};
    const auto text = m_query.lastError().databaseText();
    if (text.contains(QStringLiteral("UNIQUE constraint")))
        return conflictError(QStringLiteral("An item with the same unique key already exists."));
    if (text.contains(QStringLiteral("FOREIGN KEY constraint")))
        return conflictError(QStringLiteral("The item is still referenced by other items."));
    return storageError(QStringLiteral("Database error: %1").arg(m_query.lastError().text()));
}

Status StoreQuery::affectedOne(const QString &what) const
{
    if (!m_ok)
        return status();
    if (rowsAffected() == 0)
        return notFoundError(QStringLiteral("%1 not found.").arg(what));
    return Done{};
}

} // namespace sd::models
