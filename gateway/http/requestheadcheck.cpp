#include "gateway/http/requestheadcheck.h"

#include <QList>
#include <algorithm>
#include <utility>

namespace sd::gateway {

namespace {

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool isTargetChar(char c)
{
    return c > ' ' && c < '\x7f';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// uri-host [":" port] (RFC 3986 section 3.2.2): a name, an IPv4 address or an IP literal in brackets.
bool isHostChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) ||
           QByteArrayView("-._~%!$&'()*+,;=:[]").contains(c);
}

} // namespace

RequestHeadCheck::RequestHeadCheck(const ConnectionLimits &limits)
    : m_limits(limits)
{}

qsizetype RequestHeadCheck::feed(QByteArrayView bytes)
{
    qsizetype taken = 0;
    for (const char c : bytes) {
        if (m_complete || m_refusal)
            break;
        ++taken;
        if (++m_headBytes > m_limits.maxHeaderBytes) {
            if (m_requestLineSeen)
                refuse(431, "Request Header Fields Too Large",
                       QStringLiteral("The request's header fields are larger than %1 bytes.")
                           .arg(m_limits.maxHeaderBytes));
            else
                refuse(
                    414, "URI Too Long",
                    QStringLiteral("The request line is longer than %1 bytes.").arg(m_limits.maxHeaderBytes));
        } else if (c == '\n') {
            // A bare LF ends a line too, as Qt HttpServer and nginx read it (RFC 9112 section 2.2).
            m_afterCr = false;
            endLine();
        } else if (m_afterCr) {
            refuseBadRequest(QStringLiteral("A carriage return must be followed by a line feed."));
        } else if (c == '\r') {
            m_afterCr = true;
        } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7f') {
            refuseBadRequest(QStringLiteral("The request head contains control characters."));
        } else {
            m_line.append(c);
        }
    }
    return taken;
}

void RequestHeadCheck::endLine()
{
    const QByteArray line = std::exchange(m_line, {});
    if (!m_requestLineSeen) {
        // Empty lines before the request line are skipped (RFC 9112 section 2.2).
        if (line.isEmpty())
            return;
        m_requestLineSeen = true;
        checkRequestLine(line);
    } else if (line.isEmpty()) {
        m_complete = true;
        checkFraming();
    } else if (++m_fields > m_limits.maxHeaderFields) {
        refuse(431, "Request Header Fields Too Large",
               QStringLiteral("The request has more than %1 header fields.").arg(m_limits.maxHeaderFields));
    } else {
        checkField(line);
    }
}

void RequestHeadCheck::checkRequestLine(QByteArrayView line)
{
    const auto parts = line.toByteArray().split(' ');
    if (parts.size() != 3) {
        refuseBadRequest(QStringLiteral(
            "The request line must be a method, a target and the HTTP version, separated by single spaces."));
        return;
    }
    const QByteArray &version = parts[2];
    if (!isToken(parts[0]))
        refuseBadRequest(QStringLiteral("The request method is not a valid token."));
    else if (parts[1].isEmpty() || !std::all_of(parts[1].begin(), parts[1].end(), isTargetChar))
        refuseBadRequest(
            QStringLiteral("The request target must be printable ASCII; encode other bytes as %XX."));
    else if (version.size() != 8 || !version.startsWith("HTTP/") || !isDigit(version[5]) ||
             version[6] != '.' || !isDigit(version[7]))
        refuseBadRequest(QStringLiteral("The request line does not end with an HTTP version."));
    else if (version[5] != '1')
        refuse(505, "HTTP Version Not Supported",
               QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported."));
    m_http10 = version == "HTTP/1.0";
}

void RequestHeadCheck::checkField(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t') {
        refuseBadRequest(QStringLiteral("Header fields must not be folded over several lines."));
        return;
    }
    const auto colon = line.indexOf(':');
    if (colon < 0 || !isToken(line.first(colon))) {
        refuseBadRequest(QStringLiteral("A header field has no valid name followed by a colon."));
        return;
    }
    const auto name = line.first(colon).toByteArray().toLower();
    const auto value = line.sliced(colon + 1).trimmed();
    if (name == "content-length") {
        if (m_contentLength)
            refuseBadRequest(QStringLiteral("The request has more than one Content-Length."));
        else if (value.isEmpty() || value.size() > 18 || !std::all_of(value.begin(), value.end(), isDigit))
            refuseBadRequest(QStringLiteral("Content-Length must be a decimal number."));
        else
            m_contentLength = value.toLongLong();
    } else if (name == "transfer-encoding") {
        if (m_chunked)
            refuseBadRequest(QStringLiteral("The request has more than one Transfer-Encoding."));
        else if (value.compare("chunked", Qt::CaseInsensitive) != 0)
            refuse(501, "Not Implemented", QStringLiteral("Only the chunked transfer coding is supported."));
        m_chunked = true;
    } else if (name == "host") {
        if (++m_hosts > 1)
            refuseBadRequest(QStringLiteral("The request has more than one Host."));
        else if (!std::all_of(value.begin(), value.end(), isHostChar))
            refuseBadRequest(QStringLiteral("The Host header is not a host name or address."));
    }
}

void RequestHeadCheck::checkFraming()
{
    if (m_chunked && m_contentLength)
        refuseBadRequest(
            QStringLiteral("A request must not have both Content-Length and Transfer-Encoding."));
    else if (m_chunked && m_http10)
        refuseBadRequest(QStringLiteral("An HTTP/1.0 request cannot use Transfer-Encoding."));
    else if (!m_http10 && m_hosts == 0)
        refuseBadRequest(QStringLiteral("An HTTP/1.1 request needs a Host header."));
    else if (m_contentLength && *m_contentLength > m_limits.maxRequestBytes - m_headBytes)
        refuse(413, "Payload Too Large",
               QStringLiteral("The request is larger than %1 bytes.").arg(m_limits.maxRequestBytes));
}

void RequestHeadCheck::refuse(int status, QByteArray reason, QString message)
{
    if (!m_refusal)
        m_refusal = Refusal{status, std::move(reason), std::move(message)};
}

void RequestHeadCheck::refuseBadRequest(QString message)
{
    refuse(400, "Bad Request", std::move(message));
}

} // namespace sd::gateway
