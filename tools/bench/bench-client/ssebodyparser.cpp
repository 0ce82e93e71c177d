#include "tools/bench/bench-client/ssebodyparser.h"

#include <charconv>
#include <cstring>

namespace sd::bench {

namespace {

constexpr std::uint64_t chunkLimit = std::uint64_t(1) << 40;
constexpr std::size_t lineLimit = 1024 * 1024;

std::int64_t numberAfter(std::string_view line, std::string_view key)
{
    const auto at = line.find(key);
    if (at == std::string_view::npos)
        return -1;
    const char *begin = line.data() + at + key.size();
    std::int64_t value = -1;
    std::from_chars(begin, line.data() + line.size(), value);
    return value;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

SseBodyParser::SseBodyParser(bool chunked)
    : m_chunked(chunked)
{}

bool SseBodyParser::feed(std::string_view bytes, std::vector<Event> &events)
{
    if (!m_chunked) {
        text(bytes, events);
        return true;
    }
    while (!bytes.empty() && m_state != State::Done) {
        const char c = bytes.front();
        switch (m_state) {
        case State::Size:
            if (const int digit = hexDigit(c); digit >= 0) {
                m_remaining = m_remaining * 16 + std::uint64_t(digit);
                if (m_remaining > chunkLimit)
                    return false;
            } else if (c == '\n') {
                m_state = m_remaining == 0 ? State::Trailer : State::Data;
            } else if (c == ';' || c == ' ' || c == '\t') {
                m_state = State::SizeExtension;
            } else if (c != '\r') {
                return false;
            }
            bytes.remove_prefix(1);
            break;
        case State::SizeExtension:
            if (c == '\n')
                m_state = m_remaining == 0 ? State::Trailer : State::Data;
            bytes.remove_prefix(1);
            break;
        case State::Data: {
            const auto take = std::size_t(std::min<std::uint64_t>(m_remaining, bytes.size()));
            text(bytes.substr(0, take), events);
            bytes.remove_prefix(take);
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            break;
        }
        case State::DataEnd:
            if (c == '\n')
                m_state = State::Size;
            else if (c != '\r')
                return false;
            bytes.remove_prefix(1);
            break;
        case State::Trailer:
            if (c == '\n') {
                if (m_trailerLineEmpty)
                    m_state = State::Done;
                m_trailerLineEmpty = true;
            } else if (c != '\r') {
                m_trailerLineEmpty = false;
            }
            bytes.remove_prefix(1);
            break;
        case State::Done:
            break;
        }
    }
    return true;
}

void SseBodyParser::text(std::string_view bytes, std::vector<Event> &events)
{
    while (!bytes.empty()) {
        const auto *newline = static_cast<const char *>(std::memchr(bytes.data(), '\n', bytes.size()));
        if (!newline) {
            if (m_line.size() < lineLimit)
                m_line.append(bytes);
            return;
        }
        const auto length = std::size_t(newline - bytes.data());
        if (m_line.empty()) {
            onLine(bytes.substr(0, length), events);
        } else {
            m_line.append(bytes.substr(0, length));
            onLine(m_line, events);
            m_line.clear();
        }
        bytes.remove_prefix(length + 1);
    }
}

void SseBodyParser::onLine(std::string_view content, std::vector<Event> &events)
{
    if (content.ends_with('\r'))
        content.remove_suffix(1);
    if (content.empty()) {
        if (m_hasData)
            events.push_back(m_event);
        m_hasData = false;
        m_event = Event();
        return;
    }
    if (!content.starts_with("data:"))
        return;
    m_hasData = true;
    if (const auto ts = numberAfter(content, "\"ts\":"); ts >= 0)
        m_event.ts = ts;
    if (const auto seq = numberAfter(content, "\"seq\":"); seq >= 0)
        m_event.seq = seq;
}

} // namespace sd::bench
