#include "gateway/runtime/descriptorlimit.h"

#include <sys/resource.h>

namespace sd::gateway {

qint64 DescriptorLimit::raiseToHardLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 20 : qint64(limit.rlim_cur);
}

int DescriptorLimit::streamDescriptorBudget(qint64 descriptorLimit)
{
    constexpr qint64 reserved = 128;
    return int(qBound(qint64(2), descriptorLimit - reserved, qint64(1) << 21));
}

} // namespace sd::gateway
