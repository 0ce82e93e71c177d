#pragma once

#include <QString>
#include <QStringList>

namespace sd::models {

enum class KeyType { Production, Sandbox };

/// An application's consumer key and (hashed) secret for one key type.
struct KeySet
{
    QString id; // keyMappingId
    QString applicationId;
    KeyType keyType = KeyType::Production;
    QString consumerKey;
    QString secretHash;
    QStringList grantTypes{QStringLiteral("client_credentials")};
    qint64 validitySeconds = 3600;

    static QString keyTypeName(KeyType type)
    {
        return type == KeyType::Production ? QStringLiteral("PRODUCTION") : QStringLiteral("SANDBOX");
    }
};

} // namespace sd::models
