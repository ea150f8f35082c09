#pragma once

// JSON bodies, as the JSON protocols (restJson1, awsJson 1.0/1.1) write and read them.

#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <string_view>

namespace hawk::core::json_body {

/// Sets the body to the wire JSON of `input` (the members that travel in it) and its
/// Content-Type.
template <class T>
void write(http::request& req, const T& input, std::string_view content_type) {
    req.body = to_json(input, json_form::wire);
    req.headers.push_back({"Content-Type", std::string(content_type)});
}

/// Reads a JSON body into `output`. An empty body leaves it as it is (outputs that are all
/// headers, or that the service leaves empty); a body that is not JSON is an error, with what
/// was wrong.
template <class T>
bool read(const http::response& res, T& output, std::string& error) {
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

} // namespace hawk::core::json_body
