#pragma once

// The chat session's pure decisions, apart from its I/O so that they can be tested alone: where
// a WebSocket URL points, and how long to wait before reconnecting.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace hawk::chat::detail {

/// A WebSocket URL split for connecting: ws[s]://host[:port]/target.
struct ws_url {
    bool secure = true;
    std::string host; ///< without brackets for IPv6
    std::uint16_t port = 443;
    std::string host_header; ///< as the URL has it (with the port when it has one)
    std::string target = "/";
};

inline bool parse_ws_url(std::string_view url, ws_url& out) {
    std::string_view rest;
    if (url.substr(0, 6) == "wss://") {
        out.secure = true;
        out.port = 443;
        rest = url.substr(6);
    } else if (url.substr(0, 5) == "ws://") {
        out.secure = false;
        out.port = 80;
        rest = url.substr(5);
    } else {
        return false;
    }
    const std::size_t slash = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (out.target.front() == '?')
        out.target.insert(out.target.begin(), '/');
    if (authority.empty() || authority.find('@') != std::string_view::npos)
        return false;
    out.host_header = std::string(authority);
    std::string_view host = authority;
    std::string_view port;
    if (host.front() == '[') {
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos)
            return false;
        port = host.substr(close + 1);
        host = host.substr(1, close - 1);
        if (!port.empty() && port.front() != ':')
            return false;
        if (!port.empty())
            port.remove_prefix(1);
    } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        port = host.substr(colon + 1);
        host = host.substr(0, colon);
    }
    if (host.empty())
        return false;
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
            return false;
        out.port = static_cast<std::uint16_t>(value);
    }
    out.host = std::string(host);
    return true;
}

/// The wait before reconnection attempt `attempt` (0 first): `first` doubling per attempt up to
/// `cap`, plus up to 25% jitter (`jitter` in [0, 1]); never below `first`, never above `cap`.
inline std::chrono::milliseconds reconnect_delay(unsigned attempt, std::chrono::milliseconds first,
                                                 std::chrono::milliseconds cap, double jitter) {
    const double low = static_cast<double>(first.count());
    const double high = std::max(low, static_cast<double>(cap.count()));
    const double doubled = low * std::pow(2.0, std::min(attempt, 30u));
    const double jittered = std::min(doubled, high) * (1.0 + 0.25 * std::clamp(jitter, 0.0, 1.0));
    return std::chrono::milliseconds(static_cast<long long>(std::clamp(jittered, low, high)));
}

} // namespace hawk::chat::detail
