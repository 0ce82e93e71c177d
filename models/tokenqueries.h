#pragma once

#include "models/issuedtoken.h"
#include "models/result.h"

#include <QSqlDatabase>
#include <optional>

namespace sd::models {

/// Records of issued access tokens.
class TokenQueries final
{
public:
    explicit TokenQueries(const QSqlDatabase &db);

    Status insertToken(const IssuedToken &token) const;
    std::optional<IssuedToken> token(const QString &jti) const;
    std::optional<IssuedToken> tokenByHash(const QByteArray &hash) const;
    Result<bool> revokeToken(const QString &jti) const;
    QStringList activeTokenIds(const QString &keySetId) const;

private:
    QSqlDatabase m_db;
};

} // namespace sd::models
