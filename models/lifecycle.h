#pragma once

#include "models/result.h"

#include <QStringList>
#include <optional>

namespace sd::models {

enum class LifecycleState { Created, Prototyped, Published, Blocked, Deprecated, Retired };

/// The API lifecycle state machine (REFERENCE.md section 4), with the exact action names users know.
class Lifecycle final
{
public:
    static QString stateName(LifecycleState state);
    static std::optional<LifecycleState> stateFromName(QStringView name);
    static QStringList allActions();
    static QStringList allowedActions(LifecycleState from);
    /// The state an action leads to, or the "Action 'X' is not allowed" error.
    static Result<LifecycleState> apply(LifecycleState from, const QString &action);
    static QStringList publishChecklist();
    /// Visible in the developer portal.
    static bool isVisible(LifecycleState state);
    /// New subscriptions accepted.
    static bool acceptsSubscriptions(LifecycleState state);
};

} // namespace sd::models
