#pragma once

#include "gateway/upstream/upstreamrequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>
#include <memory>

struct http_parser;
struct http_parser_settings;

namespace sd::gateway {

/// Parses one HTTP/1.x response as it arrives (libhttp-parser underneath): the final head (interim 1xx
/// heads are skipped), then the decoded body of any framing (Content-Length, chunked, close-delimited).
/// No I/O; UpstreamConnection feeds it what its socket reads.
class ResponseParser final
{
    Q_DISABLE_COPY_MOVE(ResponseParser)

public:
    /// maxHeadBytes bounds the status line plus header block, interim heads included.
    explicit ResponseParser(qsizetype maxHeadBytes);
    ~ResponseParser();

    /// Parses from the start of data and returns how many bytes it consumed. Stops right after the final
    /// head (so a caller can act on it before any body byte), at the end of the message (what follows is
    /// not part of it) and at an error; feed the rest again to continue.
    qsizetype feed(QByteArrayView data);
    /// feed() of data.sliced(from) for a caller that holds the bytes in a QByteArray: a body that is the
    /// whole of `data` (an identity-framed read) is handed to takeBody() shared, without a copy.
    qsizetype feed(const QByteArray &data, qsizetype from);
    /// The input has ended (the connection closed): completes a close-delimited body.
    void finishInput();

    /// True once, after the feed() that completed the final head; status() and takeHeaders() hold it.
    bool takeHeadComplete();
    bool isHeadComplete() const { return m_headComplete; }
    int status() const;
    /// The final head's fields in wire order, values trimmed; empties the list.
    HeaderList takeHeaders();
    /// Body bytes decoded since the last call, in one buffer (chunked framing decoded into it).
    QByteArray takeBody();
    bool isComplete() const { return m_messageComplete; }
    bool hasFailed() const { return !m_error.isEmpty(); }
    const QString &errorText() const { return m_error; }

private:
    static const http_parser_settings &settings();
    static int onMessageBegin(http_parser *parser);
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);

    std::unique_ptr<http_parser> m_parser;
    qsizetype m_maxHeadBytes;
    qsizetype m_headBytes = 0;
    HeaderList m_headers;
    bool m_lastWasValue = false;
    bool m_headPending = false; // complete but not yet taken
    bool m_headComplete = false;
    bool m_messageComplete = false;
    QString m_callbackError;
    QString m_error;
    QByteArray m_body;
    const QByteArray *m_shared = nullptr; // the input of feed(const QByteArray &, 0) while it runs
    const char *m_inputEnd = nullptr;     // the end of the input while feed() runs
};

} // namespace sd::gateway
