#include "gateway/sse/sseparser.h"

#include <QLoggingCategory>
#include <algorithm>
#include <climits>
#include <cstring>

using namespace Qt::StringLiterals;

namespace sd::gateway {

namespace {

Q_LOGGING_CATEGORY(lcSse, "streamdesk.gateway.sse")

constexpr char bom[] = "\xEF\xBB\xBF";
constexpr int bomSize = 3;

// First occurrence of ch in [from, end), or end; the result is cached so each chunk is scanned only once.
const char *nextOf(const char *&cache, char ch, const char *from, const char *end)
{
    if (!cache || cache < from) {
        const void *hit = std::memchr(from, ch, static_cast<size_t>(end - from));
        cache = hit ? static_cast<const char *>(hit) : end;
    }
    return cache;
}

std::optional<int> parseRetry(QByteArrayView value)
{
    if (value.isEmpty() ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    qint64 ms = 0;
    for (const char c : value)
        ms = std::min<qint64>(ms * 10 + (c - '0'), INT_MAX);
    return static_cast<int>(ms);
}

} // namespace

SseParser::SseParser(qsizetype maxBlockSize, Fields fields)
    : m_maxBlockSize(maxBlockSize)
    , m_text(fields == Fields::Text)
{}

sd::models::Status SseParser::feed(QByteArrayView chunk, QList<SseEvent> &events)
{
    if (m_state != State::Open)
        return refuse();

    const char *pos = chunk.data();
    const char *const end = pos + chunk.size();
    const qint64 base = m_offset;
    const auto offsetOf = [&](const char *p) { return base + (p - chunk.data()); };
    m_offset += chunk.size();

    if (m_bomMatched < bomSize)
        consumeBom(pos, end);

    const char *nextLf = nullptr;
    const char *nextCr = nullptr;
    while (pos < end) {
        if (m_skipLf) {
            m_skipLf = false;
            if (*pos == '\n') {
                if (m_boundary == offsetOf(pos))
                    ++m_boundary;
                ++pos;
                continue;
            }
        }
        const char *const terminator =
            std::min(nextOf(nextLf, '\n', pos, end), nextOf(nextCr, '\r', pos, end));
        if (terminator == end) {
            if (m_offset - m_blockBegin > m_maxBlockSize)
                return fail();
            m_line.append(pos, end - pos);
            break;
        }

        const char *next = terminator + 1;
        if (*terminator == '\r') {
            if (next == end)
                m_skipLf = true;
            else if (*next == '\n')
                ++next;
        }
        const qint64 lineEnd = offsetOf(next);
        if (lineEnd - m_blockBegin > m_maxBlockSize)
            return fail();

        if (m_line.isEmpty()) {
            processLine(QByteArrayView(pos, terminator), lineEnd, events);
        } else {
            m_line.append(pos, terminator - pos);
            processLine(m_line, lineEnd, events);
            m_line.clear();
        }
        pos = next;
    }
    if (m_offset - m_blockBegin > m_maxBlockSize)
        return fail();
    return sd::models::Done{};
}

qint64 SseParser::finish()
{
    if (m_state == State::Open)
        m_state = State::Finished;
    m_line.clear();
    m_hasData = false;
    m_data.clear();
    m_type.clear();
    return m_offset - m_blockBegin;
}

bool SseParser::atBoundary() const
{
    return m_state == State::Open && m_boundary == m_offset;
}

sd::models::Status SseParser::refuse() const
{
    const QString message = m_state == State::Failed
                                ? u"event stream block exceeded %1 bytes"_s.arg(m_maxBlockSize)
                                : u"event stream already finished"_s;
    return sd::models::Error{sd::models::Error::Kind::Validation, message, {}};
}

sd::models::Status SseParser::fail()
{
    qCWarning(lcSse) << "block exceeds" << m_maxBlockSize << "bytes at stream offset" << m_blockBegin;
    m_state = State::Failed;
    m_line.clear();
    m_hasData = false;
    m_data.clear();
    m_type.clear();
    return refuse();
}

// The first bytes of the stream are held back until they prove to be a BOM (dropped) or not (line content).
void SseParser::consumeBom(const char *&pos, const char *end)
{
    while (pos < end && m_bomMatched < bomSize) {
        if (*pos != bom[m_bomMatched]) {
            m_line.append(bom, m_bomMatched);
            m_bomMatched = bomSize;
            return;
        }
        ++m_bomMatched;
        ++pos;
    }
}

void SseParser::processLine(QByteArrayView line, qint64 lineEnd, QList<SseEvent> &events)
{
    if (line.isEmpty()) {
        endBlock(lineEnd, events);
        return;
    }
    if (line.front() == ':')
        return;

    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (name == "data") {
        m_hasData = true;
        if (m_text)
            m_data.append(value).append('\n');
    } else if (!m_text) {
        if (name == "retry") {
            if (const std::optional<int> ms = parseRetry(value))
                m_retry = ms;
        }
    } else if (name == "event") {
        m_type.resize(0);
        m_type.append(value);
    } else if (name == "id") {
        if (!value.contains('\0')) {
            m_idBuffer = value.toByteArray();
            m_idChanged = true;
        }
    } else if (name == "retry") {
        if (const std::optional<int> ms = parseRetry(value))
            m_retry = ms;
    }
}

void SseParser::endBlock(qint64 blockEnd, QList<SseEvent> &events)
{
    if (m_idChanged) {
        m_lastEventId = QString::fromUtf8(m_idBuffer);
        m_idChanged = false;
    }
    SseEvent &event = events.emplace_back();
    event.begin = m_blockBegin;
    event.end = blockEnd;
    event.dispatched = m_hasData;
    if (m_text) {
        event.lastEventId = m_lastEventId;
        if (m_hasData) {
            m_data.chop(1);
            event.type = m_type.isEmpty() ? u"message"_s : QString::fromUtf8(m_type);
            event.data = QString::fromUtf8(m_data);
        }
    }
    m_hasData = false;
    m_data.resize(0);
    m_type.resize(0);
    m_blockBegin = blockEnd;
    m_boundary = blockEnd;
}

} // namespace sd::gateway
