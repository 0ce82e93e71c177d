#pragma once

#include "gateway/http/connectionlimits.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace sd::gateway {

/// Follows a request head (request line and header fields up to the blank line) as its bytes arrive and
/// refuses what Qt HttpServer 6.4's lenient parser would accept or silently drop: a head over the limits
/// (431, or 414 in the request line), a malformed request line, control characters, bytes outside ASCII in
/// the target, obsolete line folding (400), another HTTP version (505), and the framing that request
/// smuggling relies on (RFC 9112 sections 3.2 and 6.3): Content-Length with Transfer-Encoding, a repeated
/// or non-numeric Content-Length, a repeated Host or none in HTTP/1.1 (400), a transfer coding other than
/// chunked (501), and a declared body past the request limit (413).
class RequestHeadCheck final
{
    Q_DISABLE_COPY_MOVE(RequestHeadCheck)

public:
    struct Refusal
    {
        int status;
        QByteArray reason; // the status line's reason phrase
        QString message;
    };

    explicit RequestHeadCheck(const ConnectionLimits &limits);

    /// Reads `bytes` up to the end of the head (or to the first refusal); returns how many it took.
    qsizetype feed(QByteArrayView bytes);
    bool isComplete() const { return m_complete; }
    /// The request line says HTTP/1.0 (such a client knows no chunked framing).
    bool isHttp10() const { return m_http10; }
    const std::optional<Refusal> &refusal() const { return m_refusal; }

private:
    void endLine();
    void checkRequestLine(QByteArrayView line);
    void checkField(QByteArrayView line);
    void checkFraming();
    void refuse(int status, QByteArray reason, QString message);
    void refuseBadRequest(QString message);

    ConnectionLimits m_limits;
    QByteArray m_line; // the current line so far, without its line end
    qint64 m_headBytes = 0;
    int m_fields = 0;
    bool m_requestLineSeen = false;
    bool m_http10 = false;
    bool m_afterCr = false;
    int m_hosts = 0;
    std::optional<qint64> m_contentLength;
    bool m_chunked = false;
    bool m_complete = false;
    std::optional<Refusal> m_refusal;
};

} // namespace sd::gateway
