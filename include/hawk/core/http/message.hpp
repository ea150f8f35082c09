#pragma once

// The HTTP request and response every part of hawk speaks: serializers build a request, signers
// add to it, the transport sends it, parsers read the response. Plain data, no I/O.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core::http {

struct header {
    std::string name;
    std::string value;
};

struct request {
    std::string method = "GET";
    std::string scheme = "https"; ///< "https" or "http"
    std::string host;             ///< without the port
    std::uint16_t port = 0;       ///< 0: the scheme's default
    std::string path = "/";       ///< percent-encoded as it goes on the wire
    std::string query;            ///< encoded, without the leading '?'
    /// Prepended to the endpoint's host by the client (the operation's endpoint.hostPrefix).
    std::string host_prefix;
    std::vector<header> headers; ///< in the order they were added
    std::string body;

    /// The first value of a header (names compare case-insensitively), or nullptr.
    const std::string* find_header(std::string_view name) const;
    /// Replaces every header of that name with one value.
    void set_header(std::string_view name, std::string value);
};

struct response {
    int status = 0;
    std::vector<header> headers;
    std::string body;

    /// The first value of a header (names compare case-insensitively), or nullptr.
    const std::string* find_header(std::string_view name) const;
    /// Replaces every header of that name with one value.
    void set_header(std::string_view name, std::string value);
};

namespace detail {
inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

inline const std::string* find(const std::vector<header>& headers, std::string_view name) {
    for (const header& h : headers)
        if (iequals(h.name, name))
            return &h.value;
    return nullptr;
}

/// Appends a header. The first one reserves room for the dozen or so a call ends up with (the
/// operation's, the client's, the signature's): one allocation instead of a growth per header.
inline void append(std::vector<header>& headers, header h) {
    if (headers.capacity() == 0)
        headers.reserve(12);
    headers.push_back(std::move(h));
}

/// Removes every header of that name and appends one with `value` at the end, in place: the
/// vector's storage and a removed header's strings are reused.
inline void set(std::vector<header>& headers, std::string_view name, std::string value) {
    std::size_t kept = 0;
    std::optional<header> reused;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (iequals(headers[i].name, name)) {
            if (!reused)
                reused.emplace(std::move(headers[i]));
            continue;
        }
        if (kept != i)
            headers[kept] = std::move(headers[i]);
        ++kept;
    }
    headers.resize(kept);
    if (reused) {
        reused->name.assign(name);
        reused->value = std::move(value);
        append(headers, std::move(*reused));
    } else {
        append(headers, {std::string(name), std::move(value)});
    }
}

/// What a message is called in error messages: "request" or "response".
inline constexpr std::string_view kind(const request&) noexcept {
    return "request";
}
inline constexpr std::string_view kind(const response&) noexcept {
    return "response";
}
} // namespace detail

inline const std::string* request::find_header(std::string_view name) const {
    return detail::find(headers, name);
}

inline void request::set_header(std::string_view name, std::string value) {
    detail::set(headers, name, std::move(value));
}

inline const std::string* response::find_header(std::string_view name) const {
    return detail::find(headers, name);
}

inline void response::set_header(std::string_view name, std::string value) {
    detail::set(headers, name, std::move(value));
}

/// The Content-Length the transport sends with `req`: the body's size when there is a body or
/// the method is POST, PUT or PATCH (unless the request sets Transfer-Encoding); nothing for a
/// GET without body.
inline std::optional<std::size_t> content_length(const request& req) {
    if (req.find_header("Transfer-Encoding"))
        return std::nullopt;
    if (req.body.empty() && req.method != "POST" && req.method != "PUT" && req.method != "PATCH")
        return std::nullopt;
    return req.body.size();
}

} // namespace hawk::core::http
