#pragma once

#include "models/lifecycle.h"

#include <QDateTime>
#include <QString>

namespace sd::models {

/// One lifecycle transition of an API: who moved it from which state to which, and when.
struct LifecycleEvent
{
    QString apiId;
    QString user;
    LifecycleState from = LifecycleState::Created;
    LifecycleState to = LifecycleState::Created;
    QDateTime at;
};

} // namespace sd::models
