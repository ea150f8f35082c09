#pragma once

// The awsJson 1.0/1.1 protocols: what generated operation serializers and parsers call. A
// request is the whole input as JSON, sent to the path the model gives (`/`) with the operation
// named in X-Amz-Target; a response body is the whole output.

#include <hawk/core/http/message.hpp>
#include <hawk/core/protocol/json_body.hpp>

#include <string>
#include <string_view>

namespace hawk::core::aws_json {

/// The body (`{}` for an input without members), `X-Amz-Target: <targetPrefix>.<Operation>` and
/// `Content-Type: application/x-amz-json-1.0` (or 1.1).
template <class T>
void set_body(http::request& req, std::string_view target, std::string_view content_type,
              const T& input) {
    http::detail::append(req.headers, {"X-Amz-Target", std::string(target)});
    json_body::write(req, input, content_type);
}

/// `x-amzn-query-mode: true`, which the AWS SDKs send to awsQueryCompatible services: the
/// client reads the codes of their former awsQuery protocol (x-amzn-query-error) on errors.
inline void add_query_mode(http::request& req) {
    http::detail::append(req.headers, {"x-amzn-query-mode", "true"});
}

/// Reads the body of a response (for clients) or request (for servers) into `output`; an empty
/// body leaves it empty.
template <class Message, class T>
bool read_body(const Message& msg, T& output, std::string& error) {
    return json_body::read(msg, output, error);
}

} // namespace hawk::core::aws_json
