#pragma once

#include <QtGlobal>

namespace sd::gateway {

/// Every stream holds descriptors; thousands of streams need more than the usual soft limit of 1024.
class DescriptorLimit final
{
public:
    /// Raises the soft RLIMIT_NOFILE to the hard limit and returns the soft limit now in force.
    static qint64 raiseToHardLimit();
    /// How many relayed streams fit: each takes a client and a backend socket, and some descriptors
    /// stay free for the store, listening sockets and management requests.
    static int streamCapacity(qint64 descriptorLimit);
};

} // namespace sd::gateway
