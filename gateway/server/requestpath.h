#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <variant>

namespace sd::gateway {

/// The path of a request target, decoded exactly once and with its dot segments removed (RFC 3986
/// section 5.2.4, "." and ".." recognised also when percent-encoded). A copyable value.
class RequestPath final
{
public:
    enum class Error {
        NotAbsolute,     // does not start with '/'
        MalformedEscape, // '%' not followed by two hex digits
        EncodedSlash,    // %2F: a backend could decode it into a separator, so it is refused
        AboveRoot,       // a ".." with no segment left to remove
    };

    /// Parses a path in its percent-encoded form, as it appears in the request line.
    static std::variant<RequestPath, Error> parse(QByteArrayView encodedPath);
    static QString errorText(Error error);

    /// Decoded octets of each segment; "/" is one empty segment, a trailing '/' ends in an empty one.
    const QList<QByteArray> &segments() const { return m_segments; }
    /// How many leading segments no ".." removed: segments().size() when none removed anything.
    qsizetype stableSegments() const { return m_stableSegments; }
    /// The decoded path for routing and display ("/a/b"); invalid UTF-8 shows as U+FFFD.
    QString decoded() const;
    /// The segments from `first` on, each percent-encoded once, as "/s1/s2"; empty when none are left.
    QByteArray encoded(qsizetype first = 0) const;

private:
    RequestPath() = default;

    QList<QByteArray> m_segments;
    qsizetype m_stableSegments = 0;
};

} // namespace sd::gateway
