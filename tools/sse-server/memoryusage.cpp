#include "tools/sse-server/memoryusage.h"

#include <QFile>
#include <algorithm>
#include <malloc.h>
#include <unistd.h>

namespace sd::tools {

namespace {
qint64 residentBytes()
{
    // statm: size resident shared text lib data dt, in pages.
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}
} // namespace

MemoryUsage MemoryUsage::current()
{
    const qint64 heap = qint64(mallinfo2().uordblks);
    return MemoryUsage{heap, std::max<qint64>(0, residentBytes() - heap)};
}

} // namespace sd::tools
