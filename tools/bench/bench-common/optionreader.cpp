#include "tools/bench/bench-common/optionreader.h"

#include <charconv>

namespace sd::bench {

OptionReader::OptionReader(int argc, char **argv)
    : m_argc(argc)
    , m_argv(argv)
{}

bool OptionReader::next()
{
    return ++m_index < m_argc;
}

bool OptionReader::flag(std::string_view name) const
{
    const auto arg = current();
    return arg.starts_with("--") && arg.substr(2) == name;
}

bool OptionReader::option(std::string_view name, std::string &value)
{
    const auto arg = current();
    if (!arg.starts_with("--") || arg.substr(2, name.size()) != name)
        return false;
    const auto rest = arg.substr(2 + name.size());
    if (rest.starts_with('=')) {
        value = rest.substr(1);
        return true;
    }
    if (!rest.empty() || m_index + 1 >= m_argc)
        return false;
    value = m_argv[++m_index];
    return true;
}

bool OptionReader::number(std::string_view name, std::int64_t &value, std::int64_t minimum,
                          std::string &error)
{
    std::string text;
    if (!option(name, text))
        return false;
    const auto parsed = toNumber(text);
    if (!parsed || *parsed < minimum)
        error = "--" + std::string(name) + " needs a whole number of at least " + std::to_string(minimum) +
                ", not '" + text + "'";
    else
        value = *parsed;
    return true;
}

std::optional<std::int64_t> OptionReader::toNumber(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace sd::bench
