#pragma once

#include "models/result.h"

#include <QList>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <optional>

namespace sd::models {

Q_DECLARE_LOGGING_CATEGORY(lcStore)

/// A prepared statement with positional bindings, run at once on the given connection. Failures are logged
/// and mapped to the core's errors by status().
class StoreQuery final
{
    Q_DISABLE_COPY_MOVE(StoreQuery)

public:
    StoreQuery(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});

    bool ok() const { return m_ok; }
    bool next() { return m_ok && m_query.next(); }
    QVariant value(int i) const { return m_query.value(i); }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    QSqlError error() const { return m_query.lastError(); }
    /// Done, or the failure as Conflict (unique key, foreign key) or Storage.
    Status status() const;
    /// status(), and NotFound naming `what` when the statement changed no row.
    Status affectedOne(const QString &what) const;

    /// Every row, mapped by `rowToValue(const StoreQuery &)`.
    template <typename T, typename F> QList<T> all(F &&rowToValue)
    {
        QList<T> list;
        while (next())
            list << rowToValue(*this);
        return list;
    }
    /// The first row, mapped; nothing when there is none.
    template <typename T, typename F> std::optional<T> first(F &&rowToValue)
    {
        if (!next())
            return std::nullopt;
        return rowToValue(*this);
    }

private:
    QSqlQuery m_query;
    bool m_ok = false;
};

} // namespace sd::models
