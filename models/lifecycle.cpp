#include "models/lifecycle.h"

#include "models/api.h"

#include <array>
#include <utility>

namespace sd::models {

namespace {

struct Transition
{
    LifecycleState from;
    const char16_t *action;
    LifecycleState to;
};

using S = LifecycleState;
constexpr std::array transitions{
    Transition{S::Created, u"Publish", S::Published},
    Transition{S::Created, u"Deploy as a Prototype", S::Prototyped},
    Transition{S::Prototyped, u"Publish", S::Published},
    Transition{S::Prototyped, u"Demote to Created", S::Created},
    Transition{S::Prototyped, u"Deploy as a Prototype", S::Prototyped},
    Transition{S::Published, u"Block", S::Blocked},
    Transition{S::Published, u"Deploy as a Prototype", S::Prototyped},
    Transition{S::Published, u"Demote to Created", S::Created},
    Transition{S::Published, u"Deprecate", S::Deprecated},
    Transition{S::Published, u"Publish", S::Published},
    Transition{S::Blocked, u"Deprecate", S::Deprecated},
    Transition{S::Blocked, u"Re-Publish", S::Published},
    Transition{S::Deprecated, u"Retire", S::Retired},
};

constexpr std::array stateNames{
    std::pair{S::Created, u"CREATED"},       std::pair{S::Prototyped, u"PROTOTYPED"},
    std::pair{S::Published, u"PUBLISHED"},   std::pair{S::Blocked, u"BLOCKED"},
    std::pair{S::Deprecated, u"DEPRECATED"}, std::pair{S::Retired, u"RETIRED"},
};

} // namespace

QString Lifecycle::stateName(LifecycleState state)
{
    for (const auto &[s, name] : stateNames) {
        if (s == state)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<LifecycleState> Lifecycle::stateFromName(QStringView name)
{
    for (const auto &[s, n] : stateNames) {
        if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

QList<LifecycleState> Lifecycle::allStates()
{
    QList<LifecycleState> states;
    for (const auto &[s, name] : stateNames)
        states << s;
    return states;
}

QStringList Lifecycle::allActions()
{
    QStringList actions;
    for (const auto &t : transitions) {
        const auto action = QString::fromUtf16(t.action);
        if (!actions.contains(action))
            actions << action;
    }
    return actions;
}

QStringList Lifecycle::allowedActions(LifecycleState from)
{
    QStringList actions;
    for (const auto &t : transitions) {
        if (t.from == from)
            actions << QString::fromUtf16(t.action);
    }
    return actions;
}

Result<LifecycleState> Lifecycle::apply(LifecycleState from, const QString &action)
{
    for (const auto &t : transitions) {
        if (t.from == from && action == QStringView(t.action))
            return t.to;
    }
    return validationError(QStringLiteral("action"),
                           QStringLiteral("Action '%1' is not allowed").arg(action));
}

QStringList Lifecycle::publishChecklist()
{
    return {QStringLiteral("Deprecate old versions after publishing the API"),
            QStringLiteral("Requires re-subscription when publishing the API")};
}

QStringList Lifecycle::checklist(LifecycleState state)
{
    return allowedActions(state).contains(u"Publish") ? publishChecklist() : QStringList{};
}

QList<LifecycleRequirement> Lifecycle::requirements(const Api &api, LifecycleState to)
{
    if (to != S::Published && to != S::Prototyped)
        return {};
    const auto verb = to == S::Published ? QStringLiteral("published") : QStringLiteral("prototyped");
    QList<LifecycleRequirement> needs{
        {QStringLiteral("Endpoint provided"), QStringLiteral("endpointConfig"),
         QStringLiteral("The API needs an endpoint before it can be %1.").arg(verb),
         !api.productionEndpoint.isEmpty() || !api.sandboxEndpoint.isEmpty()}};
    if (to == S::Published)
        needs.append({QStringLiteral("Business plan selected"), QStringLiteral("policies"),
                      QStringLiteral("The API needs at least one business plan before it can be published."),
                      !api.plans.isEmpty()});
    return needs;
}

bool Lifecycle::isVisible(LifecycleState state)
{
    return state == S::Published || state == S::Prototyped || state == S::Deprecated;
}

bool Lifecycle::acceptsSubscriptions(LifecycleState state)
{
    return state == S::Published || state == S::Prototyped;
}

} // namespace sd::models
