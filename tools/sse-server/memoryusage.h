#pragma once

#include <QtGlobal>

namespace sd::tools {

/// Memory of this process in the terms of the tutorial's JVM sample.
struct MemoryUsage
{
    qint64 heap = 0;    // bytes in use on the malloc heap
    qint64 nonHeap = 0; // resident memory that is not heap

    static MemoryUsage current();
};

} // namespace sd::tools
