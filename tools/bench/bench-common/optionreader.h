#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sd::bench {

/// Walks a command line of `--name=value`, `--name value`, `--flag` and positional arguments.
class OptionReader final
{
public:
    OptionReader(int argc, char **argv);
    OptionReader(const OptionReader &) = delete;
    OptionReader &operator=(const OptionReader &) = delete;

    /// Moves to the next argument; false when none is left.
    bool next();
    /// Whether the current argument is `--name`.
    bool flag(std::string_view name) const;
    /// Whether the current argument is `--name=V` or `--name V` (then V is consumed); sets `value`.
    bool option(std::string_view name, std::string &value);
    /// Like option(), for a whole number; sets `error` when the value is not one or below `minimum`.
    bool number(std::string_view name, std::int64_t &value, std::int64_t minimum, std::string &error);
    std::string_view current() const { return m_argv[m_index]; }
    bool positional() const { return !current().starts_with("--"); }

    static std::optional<std::int64_t> toNumber(std::string_view text);

private:
    int m_argc;
    char **m_argv;
    int m_index = 0;
};

} // namespace sd::bench
