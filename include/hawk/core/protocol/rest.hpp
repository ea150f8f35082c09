#pragma once

// Building blocks of the REST protocols' HTTP bindings, which generated operation serializers
// and parsers call: URI labels, query parameters and headers, to and from text.

#include <hawk/core/base64.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/json_io.hpp>
#include <hawk/core/timestamp.hpp>
#include <hawk/core/uri.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace hawk::core::rest {

/// URI labels can never change the shape of the path: everything but the unreserved characters
/// (and `/` in greedy labels) is percent-encoded.
using uri::append_encoded;

//----------------------------------------------------------------------------------------------
// Values as text (labels, query parameters, headers)

inline std::string to_text(const std::string& v, timestamp_format = {}) {
    return v;
}
inline std::string to_text(bool v, timestamp_format = {}) {
    return v ? "true" : "false";
}
template <class Int,
          std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
std::string to_text(Int v, timestamp_format = {}) {
    return std::to_string(v);
}
template <class Float, std::enable_if_t<std::is_floating_point_v<Float>, int> = 0>
std::string to_text(Float v, timestamp_format = {}) {
    std::string text;
    json_writer(text).number(v);
    // The writer quotes the non-finite spellings; text bindings carry them bare.
    if (!text.empty() && text.front() == '"')
        text = text.substr(1, text.size() - 2);
    return text;
}
inline std::string to_text(timestamp v, timestamp_format format) {
    switch (format) {
    case timestamp_format::epoch_seconds:
        return format_epoch_seconds(v);
    case timestamp_format::http_date:
        return format_http_date(v);
    case timestamp_format::iso8601:
        break;
    }
    return format_iso8601(v);
}
inline std::string to_text(const blob& v, timestamp_format = {}) {
    return base64_encode(v);
}
/// Open enums (generated classes with to_string()).
template <class Enum, class = decltype(std::declval<const Enum&>().to_string())>
std::string to_text(const Enum& v, timestamp_format = {}) {
    return std::string(v.to_string());
}

/// For the list overloads: a blob (std::vector<std::uint8_t>) is one value, in base64.
template <class T>
using not_blob = std::enable_if_t<!std::is_same_v<T, std::uint8_t>, int>;

//----------------------------------------------------------------------------------------------
// Request bindings

/// Appends a label's text, encoded. A segment that is "." or ".." has its dots encoded too: as
/// they are, a server or proxy resolving dot-segments (RFC 3986) would send the request elsewhere.
inline void append_label_text(std::string& path, std::string_view text, bool greedy) {
    const auto dot_segment = [](std::string_view s) { return s == "." || s == ".."; };
    if (!greedy) {
        if (dot_segment(text))
            for (std::size_t i = 0; i < text.size(); ++i)
                path += "%2E";
        else
            append_encoded(path, text);
        return;
    }
    for (std::size_t start = 0;;) {
        const std::size_t slash = text.find('/', start);
        const std::string_view segment = text.substr(start, slash - start);
        if (dot_segment(segment))
            for (std::size_t i = 0; i < segment.size(); ++i)
                path += "%2E";
        else
            append_encoded(path, segment);
        if (slash == std::string_view::npos)
            break;
        path += '/';
        start = slash + 1;
    }
}

/// Appends a URI label's value, encoded; `greedy` labels ({Key+}) keep their slashes.
template <class T>
void append_label(std::string& path, const T& value, bool greedy,
                  timestamp_format format = timestamp_format::iso8601) {
    append_label_text(path, to_text(value, format), greedy);
}

/// Adds `name=value` to a query string; lists repeat the key in list order.
template <class T>
void add_query(std::string& query, std::string_view name, const T& value,
               timestamp_format format = timestamp_format::iso8601) {
    if (!query.empty())
        query += '&';
    append_encoded(query, name);
    query += '=';
    append_encoded(query, to_text(value, format));
}
template <class T, not_blob<T> = 0>
void add_query(std::string& query, std::string_view name, const std::vector<T>& values,
               timestamp_format format = timestamp_format::iso8601) {
    for (const T& v : values)
        add_query(query, name, v, format);
}
/// Whether the query string already has a parameter named `encoded_name`.
inline bool has_query_parameter(std::string_view query, std::string_view encoded_name) {
    for (std::size_t pos = 0; pos <= query.size();) {
        std::size_t end = query.find('&', pos);
        if (end == std::string_view::npos)
            end = query.size();
        const std::string_view item = query.substr(pos, end - pos);
        if (item.substr(0, item.find('=')) == encoded_name)
            return true;
        pos = end + 1;
    }
    return false;
}

/// A map bound to the query string as a whole: each entry is a parameter, unless a member bound
/// to a named parameter already set it (the named member wins; serialize maps last).
template <class T>
void add_query_map(std::string& query, const std::map<std::string, T>& entries,
                   timestamp_format format = timestamp_format::iso8601) {
    for (const auto& [key, value] : entries) {
        std::string encoded;
        append_encoded(encoded, key);
        if (!has_query_parameter(query, encoded))
            add_query(query, key, value, format);
    }
}

// Headers: generated serializers add them to requests, generated servers to responses.

template <class Message, class T>
void add_header(Message& msg, std::string_view name, const T& value,
                timestamp_format format = timestamp_format::http_date) {
    http::detail::append(msg.headers, {std::string(name), to_text(value, format)});
}
/// Lists in a header are comma-separated; a text item holding a comma or a double quote is sent
/// quoted (RFC 9110), so that the list splits back into the same items. (HTTP dates, which hold
/// commas, are not quoted: their shape tells where they end.)
template <class Message, class T, not_blob<T> = 0>
void add_header(Message& msg, std::string_view name, const std::vector<T>& values,
                timestamp_format format = timestamp_format::http_date) {
    std::string joined;
    for (const T& v : values) {
        if (!joined.empty())
            joined += ", ";
        std::string text = to_text(v, format);
        if constexpr (!std::is_same_v<T, timestamp>) {
            if (text.find_first_of(",\"") != std::string::npos) {
                std::string quoted = "\"";
                for (const char c : text) {
                    if (c == '"' || c == '\\')
                        quoted += '\\';
                    quoted += c;
                }
                text = quoted + '"';
            }
        }
        joined += text;
    }
    http::detail::append(msg.headers, {std::string(name), std::move(joined)});
}
/// A header carrying JSON (the model's jsonvalue): the member's JSON text, in base64.
template <class Message>
void add_json_header(Message& msg, std::string_view name, const std::string& json) {
    http::detail::append(msg.headers, {std::string(name), base64_encode(json)});
}

/// A map of headers sharing a prefix (location "headers").
template <class Message, class T>
void add_prefixed_headers(Message& msg, std::string_view prefix,
                          const std::map<std::string, T>& entries) {
    for (const auto& [key, value] : entries)
        http::detail::append(msg.headers, {std::string(prefix) + key, to_text(value)});
}

//----------------------------------------------------------------------------------------------
// Text into members (response headers for clients; labels, query and headers for servers)

inline bool from_text(std::string_view text, std::string& out, timestamp_format = {}) {
    out.assign(text);
    return true;
}
inline bool from_text(std::string_view text, bool& out, timestamp_format = {}) {
    if (text == "true")
        out = true;
    else if (text == "false")
        out = false;
    else
        return false;
    return true;
}
template <class Int,
          std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
bool from_text(std::string_view text, Int& out, timestamp_format = {}) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}
template <class Float, std::enable_if_t<std::is_floating_point_v<Float>, int> = 0>
bool from_text(std::string_view text, Float& out, timestamp_format = {}) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}
inline bool from_text(std::string_view text, timestamp& out, timestamp_format = {}) {
    const std::optional<timestamp> t = parse_timestamp(text);
    if (t)
        out = *t;
    return t.has_value();
}
inline bool from_text(std::string_view text, blob& out, timestamp_format = {}) {
    return base64_decode(text, out);
}
template <class Enum, class = decltype(std::declval<const Enum&>().to_string())>
bool from_text(std::string_view text, Enum& out, timestamp_format = {}) {
    out = Enum(text);
    return true;
}
/// A header list: items separated by commas, each trimmed; a quoted item ("a,b", "\"q\"") is
/// unquoted. An HTTP date holds a comma itself, so a list of them takes two pieces per item.
template <class T, not_blob<T> = 0>
bool from_text(std::string_view text, std::vector<T>& out, timestamp_format format = {}) {
    std::vector<std::string> pieces;
    std::size_t i = 0;
    while (i <= text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        std::string item;
        if (i < text.size() && text[i] == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size())
                    ++i;
                item += text[i];
            }
            if (i == text.size())
                return false; // an unterminated quote
            ++i;
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
                ++i;
            if (i < text.size() && text[i] != ',')
                return false;
        } else {
            const std::size_t comma = std::min(text.find(',', i), text.size());
            item.assign(text.substr(i, comma - i));
            while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
                item.pop_back();
            i = comma;
        }
        pieces.push_back(std::move(item));
        ++i; // past the comma (or the end)
    }
    if constexpr (std::is_same_v<T, timestamp>) {
        if (format == timestamp_format::http_date) {
            if (pieces.size() % 2 != 0)
                return false;
            std::vector<std::string> dates;
            for (std::size_t k = 0; k < pieces.size(); k += 2)
                dates.push_back(pieces[k] + ", " + pieces[k + 1]);
            pieces = std::move(dates);
        }
    }
    out.clear();
    for (const std::string& piece : pieces) {
        T item{}; // std::vector<bool> has no bool& to read into
        if (!from_text(piece, item, format))
            return false;
        out.push_back(std::move(item));
    }
    return true;
}
template <class T>
bool from_text(std::string_view text, std::optional<T>& out, timestamp_format format = {}) {
    return from_text(text, out.emplace(), format);
}

/// Reads a header into a member; an absent header leaves it as it is, a value that does not
/// parse is an error naming the header.
template <class Message, class T>
bool read_header(const Message& msg, std::string_view name, T& member, std::string& error,
                 timestamp_format format = timestamp_format::http_date) {
    const std::string* text = msg.find_header(name);
    if (!text)
        return true;
    if (from_text(*text, member, format))
        return true;
    error = std::string(http::detail::kind(msg)) + " header " + std::string(name) +
            " has an invalid value";
    return false;
}

/// Reads the headers whose names start with `prefix` (compared case-insensitively) into a map
/// keyed by the rest of their names (location "headers"). An optional map stays unset when no
/// header has the prefix.
template <class Message, class T>
bool read_prefixed_headers(const Message& msg, std::string_view prefix,
                           std::map<std::string, T>& entries, std::string& error) {
    for (const http::header& h : msg.headers) {
        if (h.name.size() <= prefix.size() ||
            !http::detail::iequals(std::string_view(h.name).substr(0, prefix.size()), prefix))
            continue;
        if (!from_text(h.value, entries[h.name.substr(prefix.size())])) {
            error = std::string(http::detail::kind(msg)) + " header " + h.name +
                    " has an invalid value";
            return false;
        }
    }
    return true;
}
template <class Message, class T>
bool read_prefixed_headers(const Message& msg, std::string_view prefix,
                           std::optional<std::map<std::string, T>>& entries, std::string& error) {
    for (const http::header& h : msg.headers)
        if (h.name.size() > prefix.size() &&
            http::detail::iequals(std::string_view(h.name).substr(0, prefix.size()), prefix))
            return read_prefixed_headers(msg, prefix, entries ? *entries : entries.emplace(),
                                         error);
    return true;
}

} // namespace hawk::core::rest
