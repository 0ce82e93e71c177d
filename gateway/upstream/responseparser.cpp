#include "gateway/upstream/responseparser.h"

#include <algorithm>
#include <http_parser.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace sd::gateway {

namespace {

QString parserErrorText(const http_parser *parser)
{
    const auto err = HTTP_PARSER_ERRNO(parser);
    return QString::fromLatin1(http_errno_name(err)) + u": "_s +
           QString::fromLatin1(http_errno_description(err));
}

} // namespace

const http_parser_settings &ResponseParser::settings()
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_message_begin = &ResponseParser::onMessageBegin;
        s.on_header_field = &ResponseParser::onHeaderField;
        s.on_header_value = &ResponseParser::onHeaderValue;
        s.on_headers_complete = &ResponseParser::onHeadersComplete;
        s.on_body = &ResponseParser::onBody;
        s.on_message_complete = &ResponseParser::onMessageComplete;
        return s;
    }();
    return settings;
}

ResponseParser::ResponseParser(qsizetype maxHeadBytes)
    : m_parser(std::make_unique<http_parser>())
    , m_maxHeadBytes(maxHeadBytes)
{
    http_parser_init(m_parser.get(), HTTP_RESPONSE);
    m_parser->data = this;
}

ResponseParser::~ResponseParser() = default;

qsizetype ResponseParser::feed(QByteArrayView data)
{
    // An empty buffer would tell libhttp-parser that the input ended.
    if (data.isEmpty() || hasFailed() || m_messageComplete)
        return 0;
    const bool inHead = !m_headComplete;
    qsizetype length = data.size();
    if (inHead) {
        length = std::min(length, m_maxHeadBytes - m_headBytes);
        if (length <= 0) {
            m_error = u"response head larger than %1 bytes"_s.arg(m_maxHeadBytes);
            return 0;
        }
    }
    m_inputEnd = data.data() + length;
    const size_t parsed = http_parser_execute(m_parser.get(), &settings(), data.data(), size_t(length));
    m_inputEnd = nullptr;
    if (inHead)
        m_headBytes += qsizetype(parsed);

    const auto err = HTTP_PARSER_ERRNO(m_parser.get());
    if (err == HPE_PAUSED) {
        http_parser_pause(m_parser.get(), 0);
    } else if (err != HPE_OK) {
        m_error = m_callbackError.isEmpty() ? parserErrorText(m_parser.get()) : m_callbackError;
        return qsizetype(parsed);
    } else if (m_parser->upgrade) {
        m_error = u"unexpected protocol upgrade"_s;
        return qsizetype(parsed);
    }
    if (inHead && !m_headComplete && m_headBytes >= m_maxHeadBytes)
        m_error = u"response head larger than %1 bytes"_s.arg(m_maxHeadBytes);
    return qsizetype(parsed);
}

qsizetype ResponseParser::feed(const QByteArray &data, qsizetype from)
{
    m_shared = from == 0 ? &data : nullptr;
    const qsizetype parsed = feed(QByteArrayView(data).sliced(from));
    m_shared = nullptr;
    return parsed;
}

void ResponseParser::finishInput()
{
    if (!m_headComplete || hasFailed() || m_messageComplete)
        return;
    http_parser_execute(m_parser.get(), &settings(), nullptr, 0);
}

bool ResponseParser::takeHeadComplete()
{
    return std::exchange(m_headPending, false);
}

int ResponseParser::status() const
{
    return int(m_parser->status_code);
}

HeaderList ResponseParser::takeHeaders()
{
    return std::exchange(m_headers, {});
}

QByteArray ResponseParser::takeBody()
{
    return std::exchange(m_body, {});
}

int ResponseParser::onMessageBegin(http_parser *parser)
{
    auto *self = static_cast<ResponseParser *>(parser->data);
    self->m_headers.clear();
    self->m_lastWasValue = false;
    return 0;
}

int ResponseParser::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    auto *self = static_cast<ResponseParser *>(parser->data);
    if (self->m_lastWasValue || self->m_headers.isEmpty())
        self->m_headers.emplaceBack();
    self->m_headers.last().first.append(at, qsizetype(length));
    self->m_lastWasValue = false;
    return 0;
}

int ResponseParser::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    auto *self = static_cast<ResponseParser *>(parser->data);
    self->m_headers.last().second.append(at, qsizetype(length));
    self->m_lastWasValue = true;
    return 0;
}

int ResponseParser::onHeadersComplete(http_parser *parser)
{
    auto *self = static_cast<ResponseParser *>(parser->data);
    // RFC 9110 section 15: values outside 100..599 are invalid (libhttp-parser takes one to three digits).
    if (parser->status_code < 100 || parser->status_code > 599) {
        self->m_callbackError = u"invalid status code %1"_s.arg(parser->status_code);
        return -1;
    }
    if (parser->status_code == 101) {
        self->m_callbackError = u"unexpected 101 Switching Protocols"_s;
        return -1;
    }
    // RFC 9112 section 6.3: 1xx, 204 and 304 responses end with their head, whatever their framing fields
    // say; returning 1 tells libhttp-parser that no body follows.
    if (parser->status_code / 100 == 1)
        return 1; // interim response (103 Early Hints...): skipped, the final one follows
    for (auto &header : self->m_headers)
        header.second = header.second.trimmed();
    self->m_headPending = true;
    self->m_headComplete = true;
    // Stop here so the head is taken before any body byte of the same buffer.
    http_parser_pause(parser, 1);
    return parser->status_code == 204 || parser->status_code == 304 ? 1 : 0;
}

int ResponseParser::onBody(http_parser *parser, const char *at, size_t length)
{
    auto *self = static_cast<ResponseParser *>(parser->data);
    if (self->m_body.isEmpty()) {
        if (self->m_shared && at == self->m_shared->constData() &&
            qsizetype(length) == self->m_shared->size()) {
            self->m_body = *self->m_shared;
            return 0;
        }
        // Chunked framing calls back once per chunk: one allocation for all of this input's body bytes.
        if (self->m_inputEnd)
            self->m_body.reserve(self->m_inputEnd - at);
    }
    self->m_body.append(at, qsizetype(length));
    return 0;
}

int ResponseParser::onMessageComplete(http_parser *parser)
{
    if (parser->status_code / 100 == 1)
        return 0;
    static_cast<ResponseParser *>(parser->data)->m_messageComplete = true;
    // Anything after the response is not ours to parse.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace sd::gateway
