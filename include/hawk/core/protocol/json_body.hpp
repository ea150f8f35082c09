#pragma once

// JSON bodies, as the JSON protocols (restJson1, awsJson 1.0/1.1) write and read them: requests
// for clients, responses for servers, and the other way round.

#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include <string>
#include <string_view>

namespace hawk::core::json_body {

/// Whether a body holds nothing but whitespace.
inline bool is_blank(std::string_view body) noexcept {
    return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// Sets the body of a request or response to the wire JSON of `value` (the members that travel
/// in it) and its Content-Type.
template <class Message, class T>
void write(Message& msg, const T& value, std::string_view content_type) {
    msg.body = to_json(value, json_form::wire);
    http::detail::append(msg.headers, {"Content-Type", std::string(content_type)});
}

namespace detail {
template <class Message>
bool not_json(const Message& msg, const boost::system::error_code& ec, std::string& error) {
    error = std::string(http::detail::kind(msg)) + " body is not valid JSON: " + ec.message();
    return false;
}
} // namespace detail

/// Parses a body as JSON; false with `error` set (naming the request or response) when it is not.
template <class Message>
bool parse(const Message& msg, boost::json::value& out, std::string& error) {
    boost::system::error_code ec;
    out = boost::json::parse(msg.body, ec);
    return !ec || detail::not_json(msg, ec, error);
}

/// Reads a JSON body into `output`. An empty body leaves it as it is (outputs that are all
/// headers, or that the service leaves empty; inputs without body members); a body that is not
/// JSON is an error, with what was wrong.
template <class Message, class T>
bool read(const Message& msg, T& output, std::string& error) {
    if (is_blank(msg.body))
        return true;
    // The parsed JSON lives only while it is read into `output`, which keeps copies (strings,
    // and documents and unknown union members with the default memory resource): built on a
    // monotonic resource, which starts on the stack, it costs no allocation per value and is
    // dropped at once.
    unsigned char buffer[4096];
    boost::json::monotonic_resource resource(buffer, sizeof buffer);
    boost::system::error_code ec;
    const boost::json::value jv = boost::json::parse(msg.body, ec, &resource);
    if (ec)
        return detail::not_json(msg, ec, error);
    return from_json(jv, json_form::wire, output, error);
}

} // namespace hawk::core::json_body
