#pragma once

// The one asynchronous HTTP/1.1 transport: a keep-alive connection pool per (scheme, host,
// port), TLS through OpenSSL, timeouts. This header is light on purpose (no Beast, no sockets, no
// OpenSSL): everything heavy lives in impl/transport.ipp and is compiled once through
// <hawk/src.hpp>.

#include <hawk/core/config.hpp>
#include <hawk/core/http/message.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace hawk::core::http {

/// How a transport connects and what it accepts. Plain data; the defaults follow the AWS SDKs.
struct transport_config {
    /// Bounds setting up a new connection: name resolution plus TCP connect, and then the TLS
    /// handshake again with the same budget. 3.1 s is the AWS SDKs' `standard` defaults mode
    /// (connectTimeoutInMillis and tlsNegotiationTimeoutInMillis): one lost SYN (retransmitted
    /// after 3 s) still connects. Never longer than what is left of `attempt_timeout`.
    std::chrono::milliseconds connect_timeout{3100};
    /// Bounds one whole attempt, from async_send to the last byte of the response: waiting for a
    /// free connection, connecting, sending, the server's work and reading. 60 s is generous for
    /// AWS control-plane calls (seconds at worst) and still turns a stuck server into an error.
    std::chrono::milliseconds attempt_timeout{60'000};
    /// Connections open (busy, idle or being set up) to one (scheme, host, port); more
    /// requests wait for one to become free. 0 counts as 1.
    std::size_t max_connections_per_host = 32;
    /// A pooled connection idle for this long is closed instead of reused: servers and load
    /// balancers drop idle connections (AWS's at 60 s), and reusing one at that moment costs a
    /// retry. 0 disables reuse. Expiry is checked when a connection would be reused: an idle
    /// transport holds no timer, so io_context::run() returns once every request is done.
    std::chrono::seconds idle_timeout{55};
    /// The largest response body accepted; a larger one fails with
    /// boost::beast::http::error::body_limit ("body limit exceeded"), never truncated. The
    /// header block has its own fixed limit of 1 MiB (boost::beast::http::error::header_limit).
    std::size_t max_response_bytes = 64 * 1024 * 1024;
    /// Verify the server's certificate chain and host name. Turn off only for tests.
    bool verify_peer = true;
    /// A custom CA bundle (PEM file) trusted instead of the system trust store; empty means the
    /// system store (OpenSSL's default verify paths). AWS_CA_BUNDLE is read by the caller, not
    /// here.
    std::string ca_file;
};

/// Counters for tests and monitoring; a snapshot, each counter read on its own.
struct transport_stats {
    std::size_t connections_opened = 0; ///< TCP connections established so far
    std::size_t connections_open = 0;   ///< now open or being set up (busy + idle)
    std::size_t connections_idle = 0;   ///< now pooled, waiting for a request
    std::size_t requests_waiting = 0;   ///< now waiting for a connection (the per-host cap)
    std::size_t retries = 0;            ///< requests re-sent because a pooled connection was dead
};

namespace detail {
class transport_impl;
} // namespace detail

/// Sends HTTP/1.1 requests over pooled keep-alive connections.
///
/// @par Errors
/// The completion's error_code is the underlying one: `boost::asio::error::timed_out` when the
/// connect or attempt timeout expires; name resolution and socket errors as Asio reports them
/// (`host_not_found`, `connection_refused`, ...); `boost::beast::http::error::*` for responses
/// that are malformed, too large (`body_limit`, `header_limit`) or cut short (`partial_message`,
/// `end_of_stream`); TLS failures in `boost::asio::error::get_ssl_category()` (OpenSSL's codes,
/// e.g. "certificate verify failed (SSL routines)"; see is_certificate_error) or
/// `boost::asio::ssl::error::stream_truncated`; `boost::system::errc::invalid_argument` for a
/// request that cannot be sent (scheme neither http nor https, no host, CR or LF in a header);
/// `boost::asio::error::operation_aborted` after close(), destruction or cancellation.
///
/// @par Retries
/// A request is re-sent, once, on a new connection only when a pooled connection turns out to be
/// dead (EOF or reset while writing or before the first response byte): the server closed it
/// while it was idle. Every other failure is reported; retrying is the caller's policy.
///
/// @par Thread safety
/// async_send, close, stats and config may be called concurrently from any thread (not the
/// move operations). All work runs on one strand of the executor, and nothing blocks.
class transport {
public:
    /// Creates the TLS context at once (loading `ca_file` or the system trust store).
    /// @throws boost::system::system_error if the TLS context cannot be set up (e.g. an
    /// unreadable ca_file).
    /// @par Object lifetimes
    /// The executor's execution context must outlive the transport.
    HAWK_DECL explicit transport(boost::asio::any_io_executor ex, transport_config cfg = {});
    /// Like close(): in-flight requests complete with operation_aborted.
    HAWK_DECL ~transport();
    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;
    HAWK_DECL transport(transport&& other) noexcept;
    HAWK_DECL transport& operator=(transport&& other) noexcept;

    /// Sends one request (scheme, host, port, path, query, headers and body) and delivers the
    /// response, whatever its status. The transport adds `Host` (with the port when it is not
    /// the scheme's default) unless the request has one, and `Content-Length` when there is a
    /// body or the method is POST, PUT or PATCH (replacing any given one, unless the request
    /// sets Transfer-Encoding); a GET without body sends neither.
    ///
    /// @par Handler signature
    /// `void(boost::system::error_code, hawk::core::http::response)`. Never invoked from within
    /// async_send (the request always goes through the executor first).
    ///
    /// @par Per-operation cancellation
    /// Terminal and partial cancellation abort the request (operation_aborted) and close its
    /// connection; the transport stays usable. Total cancellation does so only while nothing
    /// has been sent. Emit the signal from the handler's executor, as Asio requires.
    HAWK_DECL void async_send(
        request req,
        boost::asio::any_completion_handler<void(boost::system::error_code, response)> handler);

    /// As async_send, without taking the request over: `req` must stay valid and unchanged
    /// until the handler has been invoked (hawk::core::client keeps each call's request so,
    /// and re-sends it on retries without copying). No work is tracked on the handler's
    /// associated executor: use it with handlers that run on the transport's executor.
    HAWK_DECL void async_send_borrowed(
        const request& req,
        boost::asio::any_completion_handler<void(boost::system::error_code, response)> handler);

    /// Closes every idle connection and aborts every request in flight or waiting (their
    /// handlers get operation_aborted). Requests sent afterwards work as usual. Asynchronous:
    /// takes effect on the transport's strand.
    HAWK_DECL void close();

    HAWK_DECL transport_stats stats() const;
    HAWK_DECL const transport_config& config() const noexcept;

private:
    std::shared_ptr<detail::transport_impl> impl_;
};

/// True when `ec` is the TLS handshake rejecting the server's certificate (untrusted chain,
/// expired, or issued for another host name); such a failure is not worth retrying.
HAWK_DECL bool is_certificate_error(const boost::system::error_code& ec) noexcept;

} // namespace hawk::core::http

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/transport.ipp>
#endif
