#pragma once

// How hawk reports failures: Boost.System error codes in the "hawk" category, the details of one
// failed call (`diagnostics`), the exception that carries both, and the reading of an AWS error
// response (code, message, request id) from JSON protocols.

#include <hawk/core/config.hpp>
#include <hawk/core/http/message.hpp>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <string>
#include <type_traits>
#include <utility>

namespace hawk::core {

/// hawk's own client error codes (category "hawk"). Zero is success, as for every error_code.
enum class errc {
    validation_failed = 1, ///< the request broke a constraint of the model; nothing was sent
    serialize_failed,      ///< the request could not be written (e.g. a non-finite number)
    parse_failed,          ///< the response body or a header could not be read
    no_credentials,        ///< no credentials were found
    no_region,             ///< no region was configured
    endpoint_failed,       ///< the endpoint could not be resolved
    timeout,               ///< an attempt or the whole call ran out of time
    response_too_large,    ///< the response exceeded the configured size limit
    service_error,         ///< the service returned an error response (see diagnostics)
    unexpected_status,     ///< a status the protocol does not explain, without an AWS error code
    retry_quota_exceeded,  ///< a retry was due but the client's retry quota is exhausted
    tls_failed,            ///< the TLS handshake or certificate verification failed
    connection_failed,     ///< the connection could not be made or was lost mid-exchange
    invalid_config,        ///< a configuration value (environment, profile, code) is invalid
    /// a paginated operation returned the page token it was sent: paging stopped (paginator.hpp)
    pagination_token_repeated,
    /// a waiter's failure acceptor matched: the resource will not reach the state waited for
    /// (waiter.hpp)
    waiter_failure_state,
    /// a waiter ran out of time before an acceptor said success or failure (waiter.hpp)
    waiter_timed_out,
};

/// The "hawk" category. Its conditions: `errc::timeout` and `errc::waiter_timed_out` are
/// equivalent to `boost::system::errc::timed_out`.
HAWK_DECL const boost::system::error_category& hawk_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), hawk_category()};
}

/// What is known about one failed call, beyond its error code. Like Boost.MySQL's diagnostics,
/// the text the server sent is kept apart from hawk's own, because it is not trustworthy: it may
/// echo request values (even sensitive ones) and may contain any bytes.
struct diagnostics {
    int http_status = 0;        ///< of the last response; 0 when none was received
    std::string request_id;     ///< x-amzn-RequestId (or x-amz-request-id) of the last response
    std::string error_code;     ///< the AWS error code, e.g. "ThrottlingException"
    std::string message;        ///< the server's message: untrusted, never part of what()
    std::string client_message; ///< hawk's own explanation
    std::string violations;     ///< every validation violation, one per line
    int attempts = 0;           ///< attempts made (1 + retries); 0 when nothing was sent
    std::string error_body;     ///< the last error response's body: the modeled error's members
};

/// A system_error that carries the diagnostics of the call. what() holds the client message,
/// the HTTP status, the AWS error code and request id (when they look like identifiers), and the
/// attempt count; never the server's message (see diagnostics).
class error_with_diagnostics : public boost::system::system_error {
public:
    error_with_diagnostics(const boost::system::error_code& ec, diagnostics diag);

    const diagnostics& get_diagnostics() const noexcept { return diag_; }

private:
    diagnostics diag_;
};

/// The error code and message of an AWS error response.
struct service_error_info {
    std::string code;    ///< without namespace or suffix ("FooError"); empty when none was found
    std::string message; ///< the server's message, untrusted; empty when none was found
};

/// Reads an error response of restJson1. The code comes from the `x-amzn-ErrorType` header, else
/// the body's `code`, `Code` or `__type`; any `namespace#` prefix and `:suffix` are removed. The
/// message comes from the body's `message`, `Message` or `errorMessage`. A body that is empty or
/// not a JSON object (a proxy's HTML page on a 502) yields an empty code, for the caller to map
/// by status. Never throws (except bad_alloc).
HAWK_DECL service_error_info parse_error(const http::response& r);

struct service_info;

/// As above, the way the service's protocol reads errors. awsJson (`json`) looks at the body's
/// `__type` before `code` and `Code`, as botocore does. For an awsQueryCompatible service, a
/// well-formed `x-amzn-query-error: Code;Sender` header gives the code as it is: the code of the
/// service's former awsQuery protocol, which its modeled errors declare.
HAWK_DECL service_error_info parse_error(const http::response& r, const service_info& service);

/// The request id AWS assigned to the response (`x-amzn-RequestId`, else `x-amz-request-id`),
/// or an empty string.
HAWK_DECL std::string request_id(const http::response& r);

/// The diagnostics of an error response: status, request id, and parse_error's code and message.
HAWK_DECL diagnostics service_diagnostics(const http::response& r);

namespace detail {
/// The what() prefix of error_with_diagnostics; empty when the diagnostics hold nothing to say.
HAWK_DECL std::string error_summary(const diagnostics& d);

inline boost::system::system_error make_system_error(const boost::system::error_code& ec,
                                                     const diagnostics& d) {
    std::string prefix = error_summary(d);
    if (prefix.empty())
        return boost::system::system_error(ec);
    return boost::system::system_error(ec, prefix);
}
} // namespace detail

inline error_with_diagnostics::error_with_diagnostics(const boost::system::error_code& ec,
                                                      diagnostics diag)
    : boost::system::system_error(detail::make_system_error(ec, diag)), diag_(std::move(diag)) {}

} // namespace hawk::core

namespace boost::system {
template <>
struct is_error_code_enum<hawk::core::errc> : std::true_type {};
} // namespace boost::system

#ifdef HAWK_HEADER_ONLY
// The bodies live with the retry strategy's; retry.hpp includes them at its end.
#include <hawk/core/retry.hpp>
#endif
