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

/// Sets a JSON body (and its Content-Type) from the members of `value` that travel in it: a
/// request's input for clients, a response's output (or error) for servers.
template <class Message, class T>
void set_body(Message& msg, const T& value) {
    json_body::write(msg, value, "application/json");
}

/// Reads a JSON body into `output`. An empty body leaves it as it is (operations whose output
/// is all headers, or empty); a body that is not JSON is an error, with what was wrong.
template <class Message, class T>
bool read_body(const Message& msg, T& output, std::string& error) {
    return json_body::read(msg, output, error);
}

/// Reads a body that is a document payload: its JSON as it is (unchanged when the body is
/// empty).
template <class Message>
bool read_body(const Message& msg, boost::json::value& output, std::string& error) {
    return json_body::is_blank(msg.body) || json_body::parse(msg, output, error);
}

/// Reads a body into an optional payload member: set only when the body holds something.
template <class Message, class T>
bool read_body(const Message& msg, std::optional<T>& output, std::string& error) {
    if (json_body::is_blank(msg.body))
        return true;
    return read_body(msg, output.emplace(), error);
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
template <class Message, class T>
void set_payload(Message& msg, const T& payload) {
    static_assert(detail::is_raw_payload<T>);
    std::string_view content_type = "text/plain";
    if constexpr (std::is_same_v<T, blob>) {
        msg.body.assign(payload.begin(), payload.end());
        content_type = "application/octet-stream";
    } else if constexpr (std::is_same_v<T, std::string>) {
        msg.body = payload;
    } else {
        msg.body = std::string(payload.to_string());
    }
    if (!msg.find_header("Content-Type"))
        http::detail::append(msg.headers, {"Content-Type", std::string(content_type)});
}

/// Reads the body into a payload member: text, bytes and enums as they are (left unset when
/// the body is empty and the member optional), anything else as JSON.
template <class Message, class T>
bool read_payload(const Message& msg, T& output, std::string& error) {
    if constexpr (std::is_same_v<T, blob>) {
        output.assign(msg.body.begin(), msg.body.end());
    } else if constexpr (std::is_same_v<T, std::string>) {
        output = msg.body;
    } else if constexpr (detail::is_text_enum<T>::value) {
        output = T(msg.body);
    } else {
        return read_body(msg, output, error);
    }
    return true;
}
template <class Message, class T>
bool read_payload(const Message& msg, std::optional<T>& output, std::string& error) {
    if constexpr (detail::is_raw_payload<T>) {
        if (msg.body.empty())
            return true;
        return read_payload(msg, output.emplace(), error);
    } else {
        return read_body(msg, output, error);
    }
}

/// Reads a header into a member; a value that does not parse is an error.
using rest::read_header;

/// Reads a header carrying JSON in base64 (jsonvalue) into the member's JSON text; a value that
/// is not base64, or not JSON once decoded, is an error.
template <class Message, class Text>
bool read_json_header(const Message& msg, std::string_view name, Text& member, std::string& error) {
    const std::string* text = msg.find_header(name);
    if (!text)
        return true;
    blob bytes;
    std::string json;
    if (base64_decode(*text, bytes)) {
        json.assign(bytes.begin(), bytes.end());
        boost::system::error_code ec;
        boost::json::parse(json, ec);
        if (!ec) {
            member = std::move(json);
            return true;
        }
    }
    error = std::string(http::detail::kind(msg)) + " header " + std::string(name) +
            " is not base64-encoded JSON";
    return false;
}

/// Reads the headers that share a prefix into a map.
using rest::read_prefixed_headers;

} // namespace hawk::core::rest_json
