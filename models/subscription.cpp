#include "models/subscription.h"

#include <array>
#include <utility>

namespace sd::models {

namespace {
constexpr std::array statusTable{std::pair{SubscriptionStatus::Unblocked, u"UNBLOCKED"},
                                 std::pair{SubscriptionStatus::Blocked, u"BLOCKED"},
                                 std::pair{SubscriptionStatus::ProdOnlyBlocked, u"PROD_ONLY_BLOCKED"},
                                 std::pair{SubscriptionStatus::OnHold, u"ON_HOLD"}};
}

QString Subscription::statusName(SubscriptionStatus status)
{
    for (const auto &[s, name] : statusTable) {
        if (s == status)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<SubscriptionStatus> Subscription::statusFromName(QStringView name)
{
    for (const auto &[s, n] : statusTable) {
        if (name == QStringView(n))
            return s;
    }
    return std::nullopt;
}

} // namespace sd::models
