#pragma once

#include "models/result.h"

#include <QSqlDatabase>

namespace sd::models {

class Store;

/// The tables, by schema version, and the migrations that bring a file up to a version, each one
/// transaction; the first one seeds the defaults (plans, application quotas, the gateway, admin/admin).
class StoreSchema final
{
public:
    /// `PRAGMA user_version`: -1 when it cannot be read.
    static int version(const QSqlDatabase &db);
    /// Migrates `store`, whose connection is `db`, from its version to `targetVersion`.
    static Status migrate(const Store &store, const QSqlDatabase &db, int targetVersion);

private:
    static Status step(const QSqlDatabase &db, const QString &path, int version);
    static Status seedDefaults(const QSqlDatabase &db);
};

} // namespace sd::models
