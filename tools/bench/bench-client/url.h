#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sd::bench {

/// An http:// or https:// URL, split for connecting and for the request line.
struct Url
{
    bool tls = false;
    std::string host; // without the brackets of an IPv6 literal
    std::string port;
    std::string target = "/"; // path and query
    std::string authority;    // for the Host header

    static std::optional<Url> parse(std::string_view text);
};

} // namespace sd::bench
