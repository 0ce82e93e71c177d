#pragma once

#include "gateway/sse/sseevent.h"
#include "models/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace sd::gateway {

/// Incremental parser of a text/event-stream body (WHATWG "Server-sent events"), working on bytes.
///
/// feed() takes the body in chunks of any size, split anywhere (inside a CRLF, a UTF-8 character or the
/// leading BOM), and appends one SseEvent per blank line with its absolute byte span, so a relay can
/// forward the backend's bytes unchanged up to SseEvent::end and count events as a browser dispatches them.
///
/// A blank line ended by CR is reported at once, its span ending after the CR; if the next chunk starts with
/// LF, that LF completes the CRLF and is the first byte of the next block's span. Spans therefore depend on
/// where a CRLF is split, events never do.
///
/// With Fields::Boundaries (the default, what a relay needs) the parser keeps no event text: SseEvent's type,
/// data and lastEventId stay empty and lastEventId() is empty, so nothing is copied or decoded to QString;
/// the spans, `dispatched` and retry() are the same as with Fields::Text.
///
/// Memory is bounded: when a block (bytes since the previous block's end) grows beyond maxBlockSize, feed()
/// fails and every later feed() is refused.
class SseParser
{
public:
    static constexpr qsizetype defaultMaxBlockSize = 1024 * 1024;

    /// What each SseEvent carries besides its span and `dispatched`: nothing (a relay) or the text too.
    enum class Fields { Boundaries, Text };

    explicit SseParser(qsizetype maxBlockSize = defaultMaxBlockSize, Fields fields = Fields::Boundaries);

    /// Parses the next chunk, appending every block it completes to events (also those before a failure).
    sd::models::Status feed(QByteArrayView chunk, QList<SseEvent> &events);

    /// End of stream: discards the unfinished event and returns the size in bytes of the unfinished tail
    /// (bytes after the last block's end). Later feeds are refused.
    qint64 finish();

    /// True when everything fed so far ends at a block boundary, so a comment line may be inserted there
    /// without changing any event. Also true after a lone CR that ended a block and after the LF that then
    /// completes the CRLF: a comment in between makes the client see that LF as an extra blank line,
    /// which dispatches nothing and changes no state. False before the first block has ended, since a
    /// comment sent before the backend's first bytes would push its BOM off the stream start.
    bool atBoundary() const;

    /// The reconnection delay in ms from the last valid (all ASCII digits) retry field, clamped to INT_MAX.
    std::optional<int> retry() const { return m_retry; }
    /// The source's last event ID, as reported with the last block (Fields::Text only).
    QString lastEventId() const { return m_lastEventId; }

private:
    enum class State { Open, Failed, Finished };

    sd::models::Status refuse() const;
    sd::models::Status fail();
    void consumeBom(const char *&pos, const char *end);
    void processLine(QByteArrayView line, qint64 lineEnd, QList<SseEvent> &events);
    void endBlock(qint64 blockEnd, QList<SseEvent> &events);

    qsizetype m_maxBlockSize;
    bool m_text;
    State m_state = State::Open;
    int m_bomMatched = 0;     // leading BOM bytes matched; 3 once settled (dropped or not a BOM)
    bool m_skipLf = false;    // the last byte fed was a CR: an LF next completes that CRLF
    qint64 m_offset = 0;      // bytes fed so far
    qint64 m_blockBegin = 0;  // where the pending block starts
    qint64 m_boundary = -1;   // the offset atBoundary() accepts; -1 before the first block
    QByteArray m_line;        // partial line carried over to the next chunk
    bool m_hasData = false;   // the data buffer is not empty
    QByteArray m_data;        // data buffer (Fields::Text only)
    QByteArray m_type;        // event type buffer
    QByteArray m_idBuffer;    // last event ID buffer
    bool m_idChanged = false; // m_idBuffer differs from m_lastEventId
    QString m_lastEventId;
    std::optional<int> m_retry;
};

} // namespace sd::gateway
