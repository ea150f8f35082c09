#pragma once

// The rest-json protocol's bodies: what generated operation serializers and parsers call.

#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/protocol/json_body.hpp>
#include <hawk/core/protocol/rest.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace hawk::core::rest_json {

/// Sets a JSON body (and its Content-Type) from the members of `input` that travel in it.
template <class T>
void set_body(http::request& req, const T& input) {
    json_body::write(req, input, "application/json");
}

/// Reads a JSON body into `output`. An empty body leaves it as it is (operations whose output
/// is all headers, or empty); a body that is not JSON is an error, with what was wrong.
template <class T>
bool read_body(const http::response& res, T& output, std::string& error) {
    return json_body::read(res, output, error);
}

/// Reads a body that is a document payload: its JSON as it is (unchanged when the body is
/// empty).
inline bool read_body(const http::response& res, boost::json::value& output, std::string& error) {
    if (res.body.find_first_not_of(" \t\r\n") == std::string::npos)
        return true;
    boost::system::error_code ec;
    boost::json::value jv = boost::json::parse(res.body, ec);
    if (ec) {
        error = "response body is not valid JSON: " + ec.message();
        return false;
    }
    output = std::move(jv);
    return true;
}

/// Reads a body into an optional payload member: set only when the body holds something.
template <class T>
bool read_body(const http::response& res, std::optional<T>& output, std::string& error) {
    if (res.body.find_first_not_of(" \t\r\n") == std::string::npos)
        return true;
    return read_body(res, output.emplace(), error);
}

namespace detail {
template <class T, class = void>
struct is_text_enum : std::false_type {};
template <class T>
struct is_text_enum<T, std::void_t<decltype(std::declval<const T&>().to_string())>>
    : std::true_type {};

/// Payloads that travel as they are: text, bytes and string enums.
template <class T>
inline constexpr bool is_raw_payload =
    std::is_same_v<T, std::string> || std::is_same_v<T, blob> || is_text_enum<T>::value;
} // namespace detail

/// Sets a text, bytes or enum payload as the whole body, with the Content-Type the model
/// implies (text/plain, application/octet-stream) unless a member already set one.
template <class T>
void set_payload(http::request& req, const T& payload) {
    static_assert(detail::is_raw_payload<T>);
    std::string_view content_type = "text/plain";
    if constexpr (std::is_same_v<T, blob>) {
        req.body.assign(payload.begin(), payload.end());
        content_type = "application/octet-stream";
    } else if constexpr (std::is_same_v<T, std::string>) {
        req.body = payload;
    } else {
        req.body = std::string(payload.to_string());
    }
    if (!req.find_header("Content-Type"))
        req.headers.push_back({"Content-Type", std::string(content_type)});
}

/// Reads the body into a payload member: text, bytes and enums as they are (left unset when
/// the body is empty and the member optional), anything else as JSON.
template <class T>
bool read_payload(const http::response& res, T& output, std::string& error) {
    if constexpr (std::is_same_v<T, blob>) {
        output.assign(res.body.begin(), res.body.end());
    } else if constexpr (std::is_same_v<T, std::string>) {
        output = res.body;
    } else if constexpr (detail::is_text_enum<T>::value) {
        output = T(res.body);
    } else {
        return read_body(res, output, error);
    }
    return true;
}
template <class T>
bool read_payload(const http::response& res, std::optional<T>& output, std::string& error) {
    if constexpr (detail::is_raw_payload<T>) {
        if (res.body.empty())
            return true;
        return read_payload(res, output.emplace(), error);
    } else {
        return read_body(res, output, error);
    }
}

/// Reads a response header into a member; a value that does not parse is an error.
template <class T>
bool read_header(const http::response& res, std::string_view name, T& member, std::string& error,
                 timestamp_format format = timestamp_format::http_date) {
    const std::string* text = res.find_header(name);
    if (!text)
        return true;
    if (rest::from_text(*text, member, format))
        return true;
    error = "response header " + std::string(name) + " has an invalid value";
    return false;
}

/// Reads a header carrying JSON in base64 (jsonvalue) into the member's JSON text.
inline bool read_json_header(const http::response& res, std::string_view name,
                             std::optional<std::string>& member, std::string& error) {
    const std::string* text = res.find_header(name);
    if (!text)
        return true;
    blob bytes;
    if (!base64_decode(*text, bytes)) {
        error = "response header " + std::string(name) + " is not base64";
        return false;
    }
    member.emplace(bytes.begin(), bytes.end());
    return true;
}

} // namespace hawk::core::rest_json
