#pragma once

#include "models/application.h"
#include "models/keyset.h"
#include "models/result.h"

#include <QSqlDatabase>
#include <optional>

namespace sd::models {

/// Applications and their key sets.
class ApplicationQueries final
{
public:
    explicit ApplicationQueries(const QSqlDatabase &db);

    QList<Application> applications(const QString &owner) const;
    std::optional<Application> application(const QString &id) const;
    Status insertApplication(const Application &app) const;
    Status updateApplication(const Application &app) const;
    Status deleteApplication(const QString &id) const;
    QList<KeySet> keySets(const QString &applicationId) const;
    std::optional<KeySet> keySet(const QString &id) const;
    std::optional<KeySet> keySetByConsumerKey(const QString &consumerKey) const;
    Status insertKeySet(const KeySet &keys) const;
    Status updateKeySetSecret(const QString &id, const QString &secretHash) const;
    Status deleteKeySet(const QString &id) const;

private:
    QSqlDatabase m_db;
};

} // namespace sd::models
