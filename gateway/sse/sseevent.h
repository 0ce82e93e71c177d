#pragma once

#include <QString>
#include <QtGlobal>

namespace sd::gateway {

/// One block of an event stream: the bytes up to and including a blank line, and the event a browser
/// dispatches for it, if any. The texts are set only by a parser made with SseParser::Fields::Text.
struct SseEvent
{
    qint64 begin = 0;        // absolute stream offset of the block's first byte (the previous block's end)
    qint64 end = 0;          // absolute stream offset just after the blank line's terminator
    bool dispatched = false; // false when the data buffer was empty (only comments, id, event, retry)
    QString type;            // "message" unless an event field set it; empty when not dispatched
    QString data;            // the data buffer without its trailing LF; empty when not dispatched
    QString lastEventId;     // the source's last event ID after this block, dispatched or not
};

} // namespace sd::gateway
