#pragma once

#include <QList>
#include <cstdio>
#include <cstdlib>
#include <fuzzer/FuzzedDataProvider.h>

// An invariant of a fuzz target: when it fails, the fuzzer stops and libFuzzer saves the input as a crash.
#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition);           \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace sd::fuzz {

/// Chunk lengths that add up to `total`, each minChunk..64, read from `choices` (the input's last bytes,
/// which stay part of the data, so a seed is a plain file); the rest is one chunk once `choices` runs out.
QList<qsizetype> chunkSizes(FuzzedDataProvider &choices, qsizetype total, qsizetype minChunk);
/// Turns Qt's logging off: a parser's warning per refused input would be most of the fuzzer's work.
void silenceLogging();

} // namespace sd::fuzz
