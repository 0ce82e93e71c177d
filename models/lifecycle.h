#pragma once

#include "models/result.h"

#include <QStringList>
#include <optional>

namespace sd::models {

enum class LifecycleState { Created, Prototyped, Published, Blocked, Deprecated, Retired };

struct Api;

/// A condition a transition needs from the API, and whether the API meets it.
struct LifecycleRequirement
{
    QString name;    // "Endpoint provided"
    QString field;   // the API field at fault, as in validation errors
    QString missing; // the error when it is not met
    bool met = false;
};

/// The API lifecycle state machine (REFERENCE.md section 4), with the exact action names users know.
class Lifecycle final
{
public:
    static QString stateName(LifecycleState state);
    static std::optional<LifecycleState> stateFromName(QStringView name);
    static QList<LifecycleState> allStates();
    static QStringList allActions();
    static QStringList allowedActions(LifecycleState from);
    /// The state an action leads to, or the "Action 'X' is not allowed" error.
    static Result<LifecycleState> apply(LifecycleState from, const QString &action);
    static QStringList publishChecklist();
    /// The checklist items a publisher may tick in `state`: the publish items where Publish is allowed.
    static QStringList checklist(LifecycleState state);
    /// What moving `api` to `to` needs: an endpoint to prototype or publish, a business plan to publish.
    static QList<LifecycleRequirement> requirements(const Api &api, LifecycleState to);
    /// Visible in the developer portal.
    static bool isVisible(LifecycleState state);
    /// New subscriptions accepted.
    static bool acceptsSubscriptions(LifecycleState state);
};

} // namespace sd::models
