#pragma once

// Round trips through the generated client and server code of one operation: the client's
// request read back by the server, the server's response read back by the client.

#include <hawk/core/http/message.hpp>
#include <hawk/core/timestamp.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace hawk::test {

/// A timestamp `millis` milliseconds after the epoch.
inline core::timestamp at(long long millis) {
    return core::timestamp(std::chrono::milliseconds(millis));
}

/// What the server reads from the request the client serializes for `input` (which must match).
template <class Server>
typename Server::request through_server(const typename Server::request& input) {
    const core::http::request http = Server::operation::serialize(input);
    CAPTURE(http.path);
    CAPTURE(http.query);
    REQUIRE(Server::matches(http));
    typename Server::request back{};
    std::string error;
    const bool parsed = Server::parse_request(http, back, error);
    CAPTURE(error);
    REQUIRE(parsed);
    return back;
}

/// What the client reads from the response the server writes for `output`.
template <class Server>
typename Server::response through_client(const typename Server::response& output) {
    const core::http::response http = Server::serialize_response(output);
    typename Server::response back{};
    std::string error;
    const bool parsed = Server::operation::parse(http, back, error);
    CAPTURE(error);
    REQUIRE(parsed);
    return back;
}

/// Parses `http` as the server would; returns the error (empty when it parsed).
template <class Server>
std::string parse_error_of(const core::http::request& http) {
    typename Server::request input{};
    std::string error;
    if (Server::parse_request(http, input, error))
        return {};
    REQUIRE_FALSE(error.empty());
    return error;
}

} // namespace hawk::test
