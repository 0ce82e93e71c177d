#pragma once

#include "models/api.h"

namespace sd::models {

/// An immutable snapshot of an API, named "Revision N".
struct Revision
{
    QString id;
    QString apiId;
    int number = 0;
    QString description;
    Api snapshot;
    QDateTime createdAt;

    QString displayName() const { return QStringLiteral("Revision %1").arg(number); }
};

} // namespace sd::models
