// SseParser on arbitrary bytes, fed whole, byte by byte and in chunks whose lengths the input's last bytes
// choose (they stay part of the stream too, so a seed is a plain event stream). Checks that every run reports
// contiguous blocks within the size limit, that the runs agree on every event, and that spans, failure and
// the unfinished tail agree too unless a chunk boundary splits a CRLF (documented in sseparser.h). A parser
// keeping only block boundaries (the relay's) must find exactly the blocks, failure and tail of one keeping
// text.
#include "fuzzsupport.h"
#include "gateway/sse/sseparser.h"

using namespace sd::gateway;

namespace {

struct Run
{
    QList<SseEvent> events;
    bool failed = false;
    qint64 tail = 0;
    std::optional<int> retry;
    QString lastEventId;
    bool splitsCrlf = false;
};

// Checks what holds for any feeding, then finishes the parser.
Run feed(const QByteArray &stream, const QList<qsizetype> &chunkSizes, qsizetype limit,
         SseParser::Fields fields = SseParser::Fields::Text)
{
    SseParser parser(limit, fields);
    Run run;
    qsizetype pos = 0;
    for (const qsizetype size : chunkSizes) {
        const auto status = parser.feed(QByteArrayView(stream).sliced(pos, size), run.events);
        pos += size;
        if (pos > 0 && pos < stream.size() && stream[pos - 1] == '\r' && stream[pos] == '\n')
            run.splitsCrlf = true;
        if (!status) {
            run.failed = true;
            FUZZ_CHECK(!parser.feed("\n\n", run.events));
            FUZZ_CHECK(!parser.atBoundary());
            break;
        }
        if (parser.atBoundary()) {
            FUZZ_CHECK(!run.events.isEmpty());
            const qint64 end = run.events.last().end;
            FUZZ_CHECK(pos == end || (pos == end + 1 && stream[end - 1] == '\r' && stream[end] == '\n'));
        }
    }
    qint64 previousEnd = 0;
    for (const SseEvent &event : std::as_const(run.events)) {
        FUZZ_CHECK(event.begin == previousEnd);
        FUZZ_CHECK(event.end > event.begin && event.end <= pos);
        FUZZ_CHECK(event.end - event.begin <= limit);
        FUZZ_CHECK(stream[event.end - 1] == '\n' || stream[event.end - 1] == '\r');
        if (fields == SseParser::Fields::Text)
            FUZZ_CHECK(event.dispatched ? !event.type.isEmpty() && event.data.size() < limit
                                        : event.type.isEmpty() && event.data.isEmpty());
        else
            FUZZ_CHECK(event.type.isEmpty() && event.data.isEmpty() && event.lastEventId.isEmpty());
        previousEnd = event.end;
    }
    run.retry = parser.retry();
    run.lastEventId = parser.lastEventId();
    run.tail = parser.finish();
    FUZZ_CHECK(run.failed || run.tail == pos - previousEnd);
    FUZZ_CHECK(!parser.feed("\n", run.events));
    return run;
}

void compare(const Run &a, const Run &b)
{
    const qsizetype common = std::min(a.events.size(), b.events.size());
    for (qsizetype i = 0; i < common; ++i) {
        const SseEvent &x = a.events[i];
        const SseEvent &y = b.events[i];
        FUZZ_CHECK(x.dispatched == y.dispatched && x.type == y.type && x.data == y.data &&
                   x.lastEventId == y.lastEventId);
    }
    if (!a.failed && !b.failed) {
        FUZZ_CHECK(a.events.size() == b.events.size());
        FUZZ_CHECK(a.retry == b.retry && a.lastEventId == b.lastEventId);
    }
    if (a.splitsCrlf || b.splitsCrlf)
        return;
    FUZZ_CHECK(a.failed == b.failed && a.events.size() == b.events.size());
    FUZZ_CHECK(a.failed || a.tail == b.tail); // a failed run stops feeding at its failure
    for (qsizetype i = 0; i < common; ++i)
        FUZZ_CHECK(a.events[i].begin == b.events[i].begin && a.events[i].end == b.events[i].end);
}

// The same feeding with and without text.
void compareBoundaries(const Run &text, const Run &boundaries)
{
    FUZZ_CHECK(text.failed == boundaries.failed && text.tail == boundaries.tail &&
               text.retry == boundaries.retry);
    FUZZ_CHECK(text.events.size() == boundaries.events.size());
    for (qsizetype i = 0; i < text.events.size(); ++i) {
        const SseEvent &x = text.events[i];
        const SseEvent &y = boundaries.events[i];
        FUZZ_CHECK(x.begin == y.begin && x.end == y.end && x.dispatched == y.dispatched);
    }
    FUZZ_CHECK(boundaries.lastEventId.isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sd::fuzz::silenceLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), qsizetype(size));
    FuzzedDataProvider choices(data, size);
    // Small limits reach the refusal path; the largest lets every seed through.
    const qsizetype limit = choices.ConsumeIntegralInRange<qsizetype>(1, 8192);

    const Run whole = feed(stream, {stream.size()}, limit);
    const QList<qsizetype> chunkSizes = sd::fuzz::chunkSizes(choices, stream.size(), 0);
    const Run chunked = feed(stream, chunkSizes, limit);
    const Run bytes = feed(stream, QList<qsizetype>(stream.size(), 1), limit);
    compare(whole, chunked);
    compare(whole, bytes);
    compareBoundaries(chunked, feed(stream, chunkSizes, limit, SseParser::Fields::Boundaries));
    return 0;
}
