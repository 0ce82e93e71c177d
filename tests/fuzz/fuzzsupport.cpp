#include "fuzzsupport.h"

#include <QLoggingCategory>

namespace sd::fuzz {

QList<qsizetype> chunkSizes(FuzzedDataProvider &choices, qsizetype total, qsizetype minChunk)
{
    QList<qsizetype> chunks;
    for (qsizetype left = total; left > 0;) {
        const qsizetype size =
            choices.remaining_bytes() > 0 ? choices.ConsumeIntegralInRange<qsizetype>(minChunk, 64) : left;
        chunks.append(std::min(size, left));
        left -= chunks.last();
    }
    return chunks;
}

void silenceLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
}

} // namespace sd::fuzz
