#pragma once

#include <QDateTime>
#include <QString>

namespace sd::models {

enum class TokenType { Jwt, OAuth };

/// What a subscriber fills in to create an application.
struct ApplicationDraft
{
    QString name;
    QString quota = QStringLiteral("Unlimited");
    QString description;
    TokenType tokenType = TokenType::Jwt;
};

/// A developer-portal application: the consumer that subscribes to APIs and holds keys.
struct Application
{
    QString id;
    QString owner;
    QString name;
    QString quota;
    QString description;
    TokenType tokenType = TokenType::Jwt;
    QDateTime createdAt;

    static QString tokenTypeName(TokenType type)
    {
        return type == TokenType::Jwt ? QStringLiteral("JWT") : QStringLiteral("OAUTH");
    }
};

} // namespace sd::models
