#pragma once

#include <QtGlobal>

namespace sd::gateway {

/// Every stream holds descriptors; thousands of streams need more than the usual soft limit of 1024.
class DescriptorLimit final
{
public:
    /// Raises the soft RLIMIT_NOFILE to the hard limit and returns the soft limit now in force.
    static qint64 raiseToHardLimit();
    /// How many descriptors the relayed streams may hold: all but a few, which stay free for the store,
    /// listening sockets and management requests. At least one stream (two descriptors) fits.
    static int streamDescriptorBudget(qint64 descriptorLimit);
};

} // namespace sd::gateway
