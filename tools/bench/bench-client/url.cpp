#include "tools/bench/bench-client/url.h"

namespace sd::bench {

std::optional<Url> Url::parse(std::string_view text)
{
    Url url;
    if (text.starts_with("https://")) {
        url.tls = true;
        text.remove_prefix(8);
    } else if (text.starts_with("http://")) {
        text.remove_prefix(7);
    } else {
        return std::nullopt;
    }
    const auto slash = text.find('/');
    url.authority = text.substr(0, slash);
    if (slash != std::string_view::npos)
        url.target = text.substr(slash);
    std::string_view host = url.authority;
    std::string_view port = url.tls ? "443" : "80";
    if (host.starts_with('[')) {
        const auto close = host.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        if (host.substr(close + 1).starts_with(':'))
            port = host.substr(close + 2);
        host = host.substr(1, close - 1);
    } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
        port = host.substr(colon + 1);
        host = host.substr(0, colon);
    }
    if (host.empty() || port.empty())
        return std::nullopt;
    url.host = host;
    url.port = port;
    return url;
}

} // namespace sd::bench
