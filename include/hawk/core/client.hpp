#pragma once

// The client: one per program (or per configuration), shared by every operation of every
// service. It resolves endpoints, signs, sends through the one transport, retries, and maps
// errors. Generated operation functions (`connectparticipant::async_send_message`) call
// `async_call` below; the heavy parts compile once, in impl/client.ipp.
//
// Thread safety: a client may be used from several threads at once. Object lifetimes: the
// client must outlive its calls; a request is serialized before the initiating function
// returns, so the caller may destroy it at once.

#include <hawk/core/codec.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/error.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/http/recycling_allocator.hpp>
#include <hawk/core/http/sender.hpp>
#include <hawk/core/http/transport.hpp>
#include <hawk/core/log.hpp>
#include <hawk/core/retry.hpp>
#include <hawk/core/service_info.hpp>
#include <hawk/core/uuid.hpp>
#include <hawk/core/validate.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hawk::core {

namespace auth {
class credentials_provider;
}

/// What is not set here comes from the environment and the shared config profile, read once per
/// client (as the AWS SDKs read them when a client is made): the retry and transport settings
/// when the client is made; the region, the endpoint (and the endpoint rules' answer) and the
/// request compression settings at the first call of each service.
struct client_config {
    /// Else AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`.
    std::optional<std::string> region;
    /// A custom endpoint (e.g. http://127.0.0.1:8080); else AWS_ENDPOINT_URL_<SERVICE_ID>,
    /// AWS_ENDPOINT_URL, the profile's `endpoint_url`; else the service's endpoint rules.
    std::optional<std::string> endpoint_url;
    /// Else AWS_PROFILE, else "default".
    std::optional<std::string> profile;
    bool use_fips = false;
    bool use_dual_stack = false;
    /// Operations whose model allows it (requestcompression) send bodies of at least this many
    /// bytes gzip-compressed. Else AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES, the profile's
    /// `request_min_compression_size_bytes`, else 10240.
    std::optional<std::size_t> request_min_compression_size;
    /// Else AWS_DISABLE_REQUEST_COMPRESSION or the profile's `disable_request_compression`.
    bool disable_request_compression = false;
    /// Else the default chain (environment, shared profile, credential_process), cached. Only
    /// SigV4 operations ask for credentials: a Participant Service call never does.
    std::shared_ptr<auth::credentials_provider> credentials;
    /// `required` (the default) checks presence and UTF-8 before sending; `all` every model
    /// constraint (model constraints can be stale: the service is the authority).
    validation_mode validation = validation_mode::required;
    /// Else AWS_MAX_ATTEMPTS / AWS_RETRY_MODE / the profile; else the standard defaults.
    std::optional<retry_config> retry;
    /// The transport; `ca_file` defaults to AWS_CA_BUNDLE or the profile's `ca_bundle`.
    http::transport_config transport;
    /// Sends each attempt instead of the built-in transport (http/sender.hpp): hawk::testing's
    /// replay, capture and silent transports, or your own. Empty: the transport above.
    http::sender http_sender;
    /// Makes idempotency tokens for calls that lack one (a UUID v4 by default).
    std::function<std::string()> make_idempotency_token;
    /// Environment variables; empty = the process's. Tests inject their own.
    std::function<std::optional<std::string>(std::string_view)> environment;
    /// The time used for signatures; empty = the system clock.
    std::function<std::chrono::system_clock::time_point()> clock;
    /// Retry jitter in [0, 1]; empty = random.
    std::function<double()> random;
    /// Where the client reports what it does, and from which level (log.hpp). Off by default.
    log_config log;
};

namespace detail {
class client_impl;
struct owned_context;
} // namespace detail

class client {
public:
    /// A client with its own I/O thread.
    HAWK_DECL explicit client(client_config cfg = {});
    /// A client whose I/O runs on `ex` (the caller runs the execution context).
    HAWK_DECL explicit client(boost::asio::any_io_executor ex, client_config cfg = {});
    HAWK_DECL ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    HAWK_DECL boost::asio::any_io_executor get_executor() const;
    HAWK_DECL std::string make_idempotency_token() const;
    HAWK_DECL validation_mode validation() const noexcept;
    /// Whether records of `level` reach the configured sink.
    HAWK_DECL bool logs(log_level level) const noexcept;
    /// The logging settings (client_config::log).
    HAWK_DECL const log_config& log_settings() const noexcept;
    /// The transport settings in effect (client_config::transport, with `ca_file` from
    /// AWS_CA_BUNDLE or the profile when unset): for connections of your own, such as a chat
    /// session's WebSocket, to trust what the client trusts.
    HAWK_DECL http::transport_config transport_settings() const;
    /// Sends a record about a call of `op` to the sink, if `level` is enabled.
    HAWK_DECL void log(const operation_info& op, log_level level, std::string_view message) const;

    /// What would go on the wire for the first attempt: endpoint, standard headers and (for
    /// SigV4 operations) the signature. No I/O. For dry runs and debugging.
    HAWK_DECL boost::system::error_code prepare(const operation_info& op, http::request& req,
                                                diagnostics& diag);

    /// Sends a serialized request with retries. Completion: void(error_code, http::response),
    /// never inline; a service error completes with the service's error code and fills `diag`.
    HAWK_DECL void async_execute(
        const operation_info& op, http::request req, diagnostics* diag,
        boost::asio::any_completion_handler<void(boost::system::error_code, http::response)>
            handler);

private:
    std::unique_ptr<detail::owned_context> owned_; // first: destroyed last, after impl_
    std::shared_ptr<detail::client_impl> impl_;
};

namespace detail {

/// Delivers a record about a call of `op`, if `level` is enabled.
inline void log_call(const log_config& log, const operation_info& op, log_level level,
                     std::string_view message) {
    if (!log.enabled(level))
        return;
    std::string label(op.service->folder);
    label += '.';
    label += op.name;
    log.sink(log_record{level, label, message});
}

/// Validation and serialization, before anything is sent: fills unset idempotency tokens in a
/// copy (never in the caller's request), validates, serializes.
template <class Op>
boost::system::error_code prepare_call(client& c, const typename Op::request& request,
                                       diagnostics* diag, http::request& out) {
    const typename Op::request* input = &request;
    std::optional<typename Op::request> with_token;
    if (Op::needs_idempotency_token(request)) {
        with_token.emplace(request);
        Op::fill_idempotency_tokens(*with_token, [&] { return c.make_idempotency_token(); });
        input = &*with_token;
    }
    const std::vector<violation> violations = validate(*input, c.validation());
    if (!violations.empty()) {
        if (diag) {
            diag->client_message = "the request is not valid";
            diag->violations.clear();
            for (const violation& v : violations)
                diag->violations += (diag->violations.empty() ? "" : "\n") + v.to_string();
        }
        if (c.logs(log_level::warn)) {
            std::string text = "not sent: the request is not valid";
            for (const violation& v : violations)
                text += "\n  " + v.to_string();
            c.log(Op::info, log_level::warn, text);
        }
        return make_error_code(errc::validation_failed);
    }
    if (c.logs(log_level::trace))
        c.log(Op::info, log_level::trace, "input: " + to_debug_string(*input));
    out = Op::serialize(*input);
    return {};
}

} // namespace detail

/// Calls operation `Op`. Completion signature: void(error_code, Op::response). Works with any
/// Asio completion token: callbacks, use_future, use_awaitable, deferred.
template <class Op, class CompletionToken>
auto async_call(client& c, const typename Op::request& request, diagnostics* diag,
                CompletionToken&& token) {
    using response = typename Op::response;
    http::request http;
    const boost::system::error_code early = detail::prepare_call<Op>(c, request, diag, http);
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, response)>(
        [&c, diag, early](auto handler, http::request http) {
            // A copy, only when something is logged: the client may be gone when the call ends.
            log_config log = c.logs(log_level::warn) ? c.log_settings() : log_config{};
            auto ex = boost::asio::get_associated_executor(handler, c.get_executor());
            if (early) {
                // Never complete inline: the caller's frame may not expect it.
                boost::asio::post(ex, [handler = std::move(handler), early]() mutable {
                    std::move(handler)(early, response{});
                });
                return;
            }
            // The call's memory comes from the handler's allocator, else from hawk's per-thread
            // recycled blocks (a steady stream of calls then stops reaching malloc).
            auto alloc = boost::asio::get_associated_allocator(
                handler, http::detail::recycling_allocator<void>());
            c.async_execute(
                Op::info, std::move(http), diag,
                boost::asio::bind_allocator(
                    alloc, [handler = std::move(handler), diag, ex, alloc, log = std::move(log)](
                               boost::system::error_code ec, http::response res) mutable {
                        response out{};
                        if (!ec) {
                            std::string error;
                            if (!Op::parse(res, out, error)) {
                                ec = make_error_code(errc::parse_failed);
                                if (diag)
                                    diag->client_message = error;
                                detail::log_call(log, Op::info, log_level::warn,
                                                 "the response does not parse: " + error);
                            }
                        }
                        if (!ec && log.enabled(log_level::trace))
                            detail::log_call(log, Op::info, log_level::trace,
                                             "output: " + to_debug_string(out));
                        boost::asio::dispatch(ex, boost::asio::bind_allocator(
                                                      alloc, [handler = std::move(handler), ec,
                                                              out = std::move(out)]() mutable {
                                                          std::move(handler)(ec, std::move(out));
                                                      }));
                    }));
        },
        token, std::move(http));
}

/// The members of a modeled service error (e.g. `connect::ThrottlingException`) from a failed
/// call's diagnostics; nullopt when the body does not hold one.
template <class Error>
std::optional<Error> error_as(const diagnostics& diag) {
    boost::system::error_code ec;
    const boost::json::value jv = boost::json::parse(diag.error_body, ec);
    Error out{};
    std::string error;
    if (ec || !from_json(jv, json_form::wire, out, error))
        return std::nullopt;
    return out;
}

/// Blocking call for simple programs: waits for the result. Needs the client's I/O to run on
/// another thread (a client made without an executor has its own). Throws
/// error_with_diagnostics on failure.
template <class Op>
typename Op::response call(client& c, const typename Op::request& request) {
    diagnostics diag;
    std::promise<std::pair<boost::system::error_code, typename Op::response>> promise;
    auto future = promise.get_future();
    async_call<Op>(c, request, &diag,
                   [&promise](boost::system::error_code ec, typename Op::response r) {
                       promise.set_value({ec, std::move(r)});
                   });
    auto [ec, response] = future.get();
    if (ec)
        throw error_with_diagnostics(ec, std::move(diag));
    return std::move(response);
}

} // namespace hawk::core

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/client.ipp>
#endif
