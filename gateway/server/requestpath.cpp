#include "gateway/server/requestpath.h"

namespace sd::gateway {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::variant<QByteArray, RequestPath::Error> decodeSegment(QByteArrayView segment)
{
    QByteArray out;
    out.reserve(segment.size());
    for (qsizetype i = 0; i < segment.size(); ++i) {
        if (segment[i] != '%') {
            out.append(segment[i]);
            continue;
        }
        const int high = i + 2 < segment.size() ? hexValue(segment[i + 1]) : -1;
        const int low = high >= 0 ? hexValue(segment[i + 2]) : -1;
        if (low < 0)
            return RequestPath::Error::MalformedEscape;
        const char c = char(high * 16 + low);
        if (c == '/')
            return RequestPath::Error::EncodedSlash;
        out.append(c);
        i += 2;
    }
    return out;
}

// RFC 3986 pchar minus pct-encoded: what a segment may carry literally. Everything else, '%' included, is
// escaped, so a decoded "%2e" leaves as "%252e" and a decoded '?' cannot start a query.
bool isLiteral(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("-._~!$&'()*+,;=:@").contains(c);
}

} // namespace

std::variant<RequestPath, RequestPath::Error> RequestPath::parse(QByteArrayView encodedPath)
{
    if (!encodedPath.startsWith('/'))
        return Error::NotAbsolute;
    const auto input = encodedPath.sliced(1).toByteArray().split('/');
    RequestPath path;
    path.m_stableSegments = -1;
    for (qsizetype i = 0; i < input.size(); ++i) {
        auto decoded = decodeSegment(input[i]);
        if (const auto *error = std::get_if<Error>(&decoded))
            return *error;
        auto &segment = std::get<QByteArray>(decoded);
        const bool last = i == input.size() - 1;
        if (segment == "..") {
            if (path.m_segments.isEmpty())
                return Error::AboveRoot;
            path.m_segments.removeLast();
            if (path.m_stableSegments < 0 || path.m_segments.size() < path.m_stableSegments)
                path.m_stableSegments = path.m_segments.size();
        }
        if (segment == "." || segment == "..") {
            if (last)
                path.m_segments.append(QByteArray());
            continue;
        }
        path.m_segments.append(std::move(segment));
    }
    if (path.m_stableSegments < 0)
        path.m_stableSegments = path.m_segments.size();
    return path;
}

QString RequestPath::errorText(Error error)
{
    switch (error) {
    case Error::NotAbsolute:
        return QStringLiteral("The request path must start with '/'.");
    case Error::MalformedEscape:
        return QStringLiteral("The request path has a '%' that is not followed by two hex digits.");
    case Error::EncodedSlash:
        return QStringLiteral(
            "The request path has an encoded '/' (%2F), which the gateway does not accept.");
    case Error::AboveRoot:
        return QStringLiteral("The request path climbs above '/' with '..' segments.");
    }
    return {};
}

QString RequestPath::decoded() const
{
    QByteArray path;
    for (const auto &segment : m_segments)
        path += '/' + segment;
    return QString::fromUtf8(path);
}

QByteArray RequestPath::encoded(qsizetype first) const
{
    QByteArray path;
    for (qsizetype i = first; i < m_segments.size(); ++i) {
        path += '/';
        for (const char c : m_segments[i]) {
            if (isLiteral(c))
                path += c;
            else
                path += '%' + QByteArray::number(uchar(c), 16).rightJustified(2, '0').toUpper();
        }
    }
    return path;
}

} // namespace sd::gateway
