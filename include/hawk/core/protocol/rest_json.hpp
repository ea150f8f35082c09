#pragma once

// The rest-json protocol's bodies: what generated operation serializers and parsers call.

#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/protocol/rest.hpp>

#include <boost/json/parse.hpp>

#include <string>

namespace hawk::core::rest_json {

/// Sets a JSON body (and its Content-Type) from the members of `input` that travel in it.
template <class T>
void set_body(http::request& req, const T& input) {
    req.body = to_json(input, json_form::wire);
    req.headers.push_back({"Content-Type", "application/json"});
}

/// Reads a JSON body into `output`. An empty body leaves it as it is (operations whose output
/// is all headers, or empty); a body that is not JSON is an error, with what was wrong.
template <class T>
bool read_body(const http::response& res, T& output, std::string& error) {
    if (res.body.find_first_not_of(" \t\r\n") == std::string::npos)
        return true;
    boost::system::error_code ec;
    const boost::json::value jv = boost::json::parse(res.body, ec);
    if (ec) {
        error = "response body is not valid JSON: " + ec.message();
        return false;
    }
    return from_json(jv, json_form::wire, output, error);
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

} // namespace hawk::core::rest_json
