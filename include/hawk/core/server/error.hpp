#pragma once

// Error responses for errors no model declares (UnrecognizedClientException,
// InvalidSignatureException, UnknownOperationException, ...), as a service of a JSON protocol
// writes them. Modeled errors have generated writers: `<service>::server::serialize_error`.

#include <hawk/core/http/message.hpp>
#include <hawk/core/json_writer.hpp>
#include <hawk/core/server/aws_json.hpp>

#include <string>
#include <string_view>

namespace hawk::core::server {

/// Whether a protocol name means awsJson: `json` (as service_info::protocol says it),
/// `awsJson1_0` or `awsJson1_1`.
inline bool is_aws_json(std::string_view protocol) noexcept {
    return protocol == "json" || protocol == "awsJson1_0" || protocol == "awsJson1_1";
}

/// An error response with `status`, the error code and a message: `{"message":"..."}` with
/// `x-amzn-ErrorType: <code>` for rest-json (`protocol` "rest-json"), `{"__type":"<code>",
/// "message":"..."}` for awsJson (`protocol` "json" or "awsJson1_1": Content-Type
/// application/x-amz-json-1.1; "awsJson1_0": 1.0). Anything else is taken as rest-json.
inline http::response error_response(int status, std::string_view code, std::string_view message,
                                     std::string_view protocol = "rest-json") {
    http::response res;
    res.status = status;
    res.body.clear();
    json_writer writer(res.body);
    writer.begin_object();
    writer.key("message");
    writer.string(message);
    writer.end_object();
    if (is_aws_json(protocol)) {
        aws_json::insert_type(res.body, code);
        res.headers.push_back({"Content-Type", protocol == "awsJson1_0"
                                                   ? "application/x-amz-json-1.0"
                                                   : "application/x-amz-json-1.1"});
    } else {
        res.headers.push_back({"x-amzn-ErrorType", std::string(code)});
        res.headers.push_back({"Content-Type", "application/json"});
    }
    return res;
}

} // namespace hawk::core::server
