// ResponseParser on arbitrary bytes, driven as UpstreamConnection drives it, fed whole, byte by byte and in
// chunks whose lengths the input's last bytes choose (they stay part of the response, so a seed is a plain
// HTTP response). Checks that the head comes once and before any body byte, that the body never holds more
// bytes than were fed (nor more than a plain Content-Length), that every call makes progress, and that
// every feeding gives the same head, body and outcome.
#include "fuzzsupport.h"
#include "gateway/upstream/responseparser.h"

using namespace sd::gateway;

namespace {

struct Run
{
    bool headComplete = false;
    int status = 0;
    HeaderList headers;
    QByteArray body;
    bool complete = false;
    bool failed = false;
};

Run parse(const QByteArray &response, const QList<qsizetype> &chunkSizes, qsizetype maxHeadBytes)
{
    ResponseParser parser(maxHeadBytes);
    Run run;
    qsizetype fed = 0;
    for (const qsizetype size : chunkSizes) {
        const QByteArrayView chunk = QByteArrayView(response).sliced(fed, size);
        fed += size;
        for (qsizetype offset = 0; offset < chunk.size() && !run.complete && !run.failed;) {
            const qsizetype consumed = parser.feed(chunk.sliced(offset));
            FUZZ_CHECK(consumed >= 0 && consumed <= chunk.size() - offset);
            offset += consumed;
            run.failed = parser.hasFailed();
            if (run.failed) {
                FUZZ_CHECK(!parser.errorText().isEmpty());
                break;
            }
            const bool head = parser.takeHeadComplete();
            if (head) {
                FUZZ_CHECK(!run.headComplete && run.body.isEmpty());
                FUZZ_CHECK(fed - chunk.size() + offset <= maxHeadBytes);
                run.headComplete = true;
                run.status = parser.status();
                FUZZ_CHECK(run.status >= 200 && run.status <= 599);
                run.headers = parser.takeHeaders();
            }
            const QByteArray body = parser.takeBody();
            FUZZ_CHECK(body.isEmpty() || run.headComplete);
            run.body += body;
            run.complete = parser.isComplete();
            // UpstreamConnection loops while input is left: each call must consume, or change the state.
            FUZZ_CHECK(consumed > 0 || head || run.complete);
        }
        FUZZ_CHECK(run.body.size() <= fed);
        if (run.complete || run.failed)
            break;
    }
    if (!run.complete && !run.failed && run.headComplete) {
        parser.finishInput();
        run.complete = parser.isComplete();
        FUZZ_CHECK(parser.takeBody().isEmpty());
    }
    FUZZ_CHECK(parser.feed("HTTP/1.1 200 OK\r\n\r\n") == 0 || !(run.complete || run.failed));
    return run;
}

// The body a complete response must have when one Content-Length of plain digits frames it.
std::optional<qsizetype> framedLength(const Run &run)
{
    if (run.status == 204 || run.status == 304)
        return 0;
    std::optional<qsizetype> length;
    for (const auto &[name, value] : run.headers) {
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            return std::nullopt;
        if (name.compare("content-length", Qt::CaseInsensitive) != 0)
            continue;
        if (length || value.isEmpty() || value.size() > 9 ||
            !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        length = value.toLongLong();
    }
    return length;
}

void compare(const Run &a, const Run &b)
{
    FUZZ_CHECK(a.failed == b.failed && a.complete == b.complete && a.headComplete == b.headComplete);
    FUZZ_CHECK(a.status == b.status && a.headers == b.headers);
    if (!a.failed)
        FUZZ_CHECK(a.body == b.body);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sd::fuzz::silenceLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray response(reinterpret_cast<const char *>(data), qsizetype(size));
    FuzzedDataProvider choices(data, size);
    // Small limits reach the head-too-large path; the largest is UpstreamRequest's default.
    const qsizetype maxHeadBytes =
        choices.ConsumeBool() ? 64 * 1024 : choices.ConsumeIntegralInRange<qsizetype>(1, 512);
    const QList<qsizetype> chunks = sd::fuzz::chunkSizes(choices, response.size(), 1);
    const Run whole = parse(response, {response.size()}, maxHeadBytes);
    if (whole.complete && !whole.failed) {
        if (const auto length = framedLength(whole))
            FUZZ_CHECK(whole.body.size() == *length);
    }
    compare(whole, parse(response, chunks, maxHeadBytes));
    compare(whole, parse(response, QList<qsizetype>(response.size(), 1), maxHeadBytes));
    return 0;
}
