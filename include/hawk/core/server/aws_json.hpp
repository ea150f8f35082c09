#pragma once

// The service side of the awsJson 1.0/1.1 protocols, which generated
// `<service>::server::<Operation>` code calls: a request names its operation in X-Amz-Target and
// carries the whole input as JSON (read with core::aws_json::read_body); a response is the whole
// output as JSON, an error the members of the modeled error with its code in `__type`.

#include <hawk/core/http/message.hpp>
#include <hawk/core/json_writer.hpp>
#include <hawk/core/protocol/json_body.hpp>

#include <string>
#include <string_view>

namespace hawk::core::server::aws_json {

/// Whether a received request addresses the operation `target` (`<targetPrefix>.<Operation>`):
/// a POST whose X-Amz-Target is exactly that. The path is not looked at (the models say `/`).
inline bool matches(const http::request& http, std::string_view target) {
    const std::string* header = http.find_header("X-Amz-Target");
    return http.method == "POST" && header && *header == target;
}

/// The body of a response: the wire JSON of `output` (`{}` for an output without members), with
/// `content_type` (application/x-amz-json-1.0 or 1.1).
template <class T>
void set_body(http::response& res, std::string_view content_type, const T& output) {
    json_body::write(res, output, content_type);
}

/// Puts `"__type":"<type>"` first in a JSON object's text (an error's members).
inline void insert_type(std::string& object, std::string_view type) {
    std::string member;
    json_writer writer(member);
    writer.begin_object();
    writer.key("__type");
    writer.string(type);
    writer.end_object();
    // member is {"__type":"..."}: splice its inside into the object.
    member.pop_back();
    member.erase(0, 1);
    object.insert(1, object.size() > 2 ? member + "," : member);
}

/// The body of an error response: `__type` and the wire JSON of the error's members.
template <class T>
void set_error_body(http::response& res, std::string_view type, std::string_view content_type,
                    const T& error) {
    json_body::write(res, error, content_type);
    insert_type(res.body, type);
}

} // namespace hawk::core::server::aws_json
