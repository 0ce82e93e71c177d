// RequestPath on arbitrary request-line paths. Checks that a parsed path holds no dot segment and no '/'
// inside a segment, that its first stableSegments() segments are the request's own, that re-encoding is
// idempotent, and that the remainder forwarded after a context, appended to a backend's base path, stays
// below that base path even for a backend that normalises it once more.
#include "fuzzsupport.h"
#include "gateway/server/requestpath.h"

using namespace sd::gateway;

namespace {

bool isDotSegment(const QByteArray &segment)
{
    return segment == "." || segment == "..";
}

// The request's segments decoded without any dot-segment removal; "." dropped, a last one kept as "".
QList<QByteArray> literalSegments(QByteArrayView path)
{
    QList<QByteArray> segments;
    const auto raw = path.sliced(1).toByteArray().split('/');
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QByteArray decoded = QByteArray::fromPercentEncoding(raw[i]);
        if (decoded != ".")
            segments.append(decoded);
        else if (i == raw.size() - 1)
            segments.append(QByteArray());
    }
    return segments;
}

void checkEncoding(const QByteArray &encoded)
{
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        FUZZ_CHECK(c != '?' && c != '#' && c != '\\' && uchar(c) > 0x20 && uchar(c) < 0x7F);
        if (c == '%') {
            FUZZ_CHECK(i + 2 < encoded.size());
            FUZZ_CHECK(QByteArrayView("0123456789ABCDEF").contains(encoded[i + 1]));
            FUZZ_CHECK(QByteArrayView("0123456789ABCDEF").contains(encoded[i + 2]));
            FUZZ_CHECK(encoded.mid(i, 3) != "%2F");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sd::fuzz::silenceLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = RequestPath::parse(input);
    if (const auto *error = std::get_if<RequestPath::Error>(&parsed)) {
        FUZZ_CHECK(!RequestPath::errorText(*error).isEmpty());
        FUZZ_CHECK(*error != RequestPath::Error::NotAbsolute || !input.startsWith('/'));
        FUZZ_CHECK(*error != RequestPath::Error::MalformedEscape || input.contains('%'));
        FUZZ_CHECK(*error != RequestPath::Error::EncodedSlash || input.toLower().contains("%2f"));
        FUZZ_CHECK(*error != RequestPath::Error::AboveRoot || input.contains('.') || input.contains('%'));
        return 0;
    }
    const auto &path = std::get<RequestPath>(parsed);
    const QList<QByteArray> &segments = path.segments();
    FUZZ_CHECK(!segments.isEmpty());
    for (const QByteArray &segment : segments)
        FUZZ_CHECK(!isDotSegment(segment) && !segment.contains('/'));

    const qsizetype stable = path.stableSegments();
    FUZZ_CHECK(stable >= 0 && stable <= segments.size());
    const QList<QByteArray> literal = literalSegments(input);
    FUZZ_CHECK(stable <= literal.size());
    FUZZ_CHECK(segments.first(stable) == literal.first(stable));
    if (stable == segments.size() && !input.contains("..") && !input.toLower().contains("%2e"))
        FUZZ_CHECK(segments == literal);

    const QByteArray encoded = path.encoded();
    checkEncoding(encoded);
    const auto again = RequestPath::parse(encoded);
    FUZZ_CHECK(std::holds_alternative<RequestPath>(again));
    FUZZ_CHECK(std::get<RequestPath>(again).segments() == segments);
    FUZZ_CHECK(std::get<RequestPath>(again).encoded() == encoded);

    // The gateway forwards encoded(k) for a context of k segments only when k <= stableSegments().
    for (const qsizetype context : {qsizetype(0), stable / 2, stable}) {
        const QByteArray remainder = path.encoded(context);
        FUZZ_CHECK(encoded.endsWith(remainder));
        const QByteArray backendPath = "/base" + remainder;
        const auto forwarded = RequestPath::parse(backendPath);
        FUZZ_CHECK(std::holds_alternative<RequestPath>(forwarded));
        const auto &backend = std::get<RequestPath>(forwarded);
        FUZZ_CHECK(backend.stableSegments() == backend.segments().size());
        FUZZ_CHECK(backend.segments() == QList<QByteArray>{"base"} + segments.sliced(context));
    }
    return 0;
}
