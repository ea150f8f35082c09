#pragma once

// Logging hooks. hawk writes no log of its own: a client reports what it does to the sink the
// application sets in client_config::log, from the level it asks for. Records below that level
// are never formatted.
//
// Secrets never reach a sink, at any level: request and response bodies appear only as their
// size, or (trace) as the typed input and output with the members the model marks sensitive
// redacted; header values are hidden for Authorization's signature, X-Amz-Security-Token,
// X-Amz-Bearer, cookies and every header bound to a sensitive member; a path or query that
// carries a sensitive member is not shown.

#include <hawk/core/http/message.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace hawk::core {

enum class log_level : unsigned char {
    trace, ///< headers, the typed input and output (redacted)
    debug, ///< each attempt: method, URL, status, sizes, request id
    info,  ///< retries and their reasons, clock skew corrections
    warn,  ///< calls that fail
    error, ///< the client cannot work as configured
    off,
};

constexpr std::string_view to_string(log_level level) noexcept {
    switch (level) {
    case log_level::trace:
        return "trace";
    case log_level::debug:
        return "debug";
    case log_level::info:
        return "info";
    case log_level::warn:
        return "warn";
    case log_level::error:
        return "error";
    case log_level::off:
        break;
    }
    return "off";
}

struct log_record {
    log_level level;
    /// `service.Operation` (e.g. `connectparticipant.SendMessage`).
    std::string_view operation;
    std::string_view message;
};

struct log_config {
    /// The lowest level delivered; `off` delivers nothing.
    log_level level = log_level::off;
    /// Called on the client's I/O thread (or the caller's, before a call is sent): keep it short
    /// and thread-safe if the client is shared.
    std::function<void(const log_record&)> sink;

    bool enabled(log_level l) const noexcept {
        return sink && level != log_level::off && l >= level;
    }
};

namespace detail {

inline bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && http::detail::iequals(s.substr(0, prefix.size()), prefix);
}

} // namespace detail

inline constexpr std::string_view redacted_value = "*** redacted ***";

/// A header's value as logs may show it. `sensitive_headers`: the operation's comma-separated
/// names (or prefixes) of headers bound to sensitive members (operation_info).
inline std::string loggable_header_value(std::string_view name, std::string_view value,
                                         std::string_view sensitive_headers = {}) {
    using http::detail::iequals;
    if (iequals(name, "Authorization")) {
        // The credential scope and signed headers help debugging and are not secret.
        const std::size_t sig = value.find("Signature=");
        return sig == std::string_view::npos
                   ? std::string(redacted_value)
                   : std::string(value.substr(0, sig)) + "Signature=" + std::string(redacted_value);
    }
    for (const std::string_view secret :
         {"X-Amz-Security-Token", "X-Amz-Bearer", "Cookie", "Set-Cookie", "Proxy-Authorization"})
        if (iequals(name, secret))
            return std::string(redacted_value);
    while (!sensitive_headers.empty()) {
        const std::size_t comma = sensitive_headers.find(',');
        const std::string_view listed = sensitive_headers.substr(0, comma);
        if (!listed.empty() && detail::istarts_with(name, listed))
            return std::string(redacted_value);
        sensitive_headers.remove_prefix(comma == std::string_view::npos ? sensitive_headers.size()
                                                                        : comma + 1);
    }
    return std::string(value);
}

} // namespace hawk::core
