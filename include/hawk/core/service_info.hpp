#pragma once

// What a client needs to know of a service and of an operation to call it; generated per
// service (`hawk::<service>::service`) and per operation.

#include <hawk/core/auth/scheme.hpp>

#include <boost/system/error_code.hpp>

#include <string_view>

namespace hawk::core {

struct service_info {
    std::string_view folder;     ///< models/ folder and C++ namespace, e.g. `connectparticipant`
    std::string_view service_id; ///< e.g. `ConnectParticipant` (AWS_ENDPOINT_URL_<ID> uses it)
    std::string_view full_name;
    std::string_view api_version;
    std::string_view protocol; ///< `rest-json` or `json` (awsJson 1.0/1.1)
    std::string_view endpoint_prefix;
    std::string_view signing_name;        ///< SigV4 service name
    std::string_view endpoint_rules_json; ///< the endpoint rule set, evaluated by the client
    /// The service's error code for an AWS error code (`ThrottlingException`), modeled or not.
    boost::system::error_code (*error_from_code)(std::string_view code);
    /// Whether the model marks an error code retryable, and as throttling.
    bool (*modeled_retryable)(std::string_view code, bool& throttling);
    /// awsQueryCompatible: an error's x-amzn-query-error header (`Code;Sender`) gives its code.
    /// Defaulted: generated services without it leave it out.
    bool query_compatible = false;
};

struct operation_info {
    const service_info* service;
    std::string_view name;
    auth_scheme auth;
    /// The body may be sent gzip-compressed (the model's requestcompression).
    bool request_compression = false;
    /// Headers (comma-separated names; prefixes for prefixed headers) that carry members the
    /// model marks sensitive, in the request or the response: logs show no values for them.
    std::string_view sensitive_headers = {};
    /// A sensitive member is bound to the path or the query: logs show neither.
    bool sensitive_in_url = false;
};

} // namespace hawk::core
