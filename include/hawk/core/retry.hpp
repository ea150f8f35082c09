#pragma once

// The AWS "standard" retry mode, without I/O: the transport reports what each attempt gave and
// waits for as long as it is told. Parameters and rules follow the cross-SDK retry behavior of
// 2026 (AWS_NEW_RETRIES_2026, the AWS SDKs and Tools reference guide "Retry behavior"):
//
// - an attempt's failure is transient, throttling or not retryable: I/O failures are transient;
//   else the AWS error code and the model's `retryable` trait decide (throttling wins), then the
//   HTTP status (500, 502, 503, 504);
// - the delay before retry n (1-based) is full jitter: random(0, 1) * min(max_backoff,
//   base * 2^(n-1)), base 50 ms (1 s for throttling), the cap applied before the jitter;
// - an `x-amz-retry-after` header (milliseconds) replaces that delay, clamped to
//   [delay, delay + 5 s];
// - a retry quota shared by a client's calls (a token bucket of 500) pays 14 per retry, 5 per
//   throttling retry; when it runs dry calls stop retrying. A call that succeeds after retrying
//   gives back what its last retry cost; one that succeeds on its first attempt gives back 1.
//
// Adaptive mode (client-side rate limiting) is not implemented: `adaptive` is recorded but the
// strategy behaves as standard.

#include <hawk/core/config.hpp>
#include <hawk/core/http/message.hpp>

#include <boost/system/error_code.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hawk::core {

struct retry_config {
    int max_attempts = 3; ///< attempts in all, the first included; 1 disables retries
    std::chrono::milliseconds base_delay{50};              ///< transient errors (DynamoDB: 25)
    std::chrono::milliseconds throttling_base_delay{1000}; ///< throttling errors
    std::chrono::milliseconds max_backoff{20000};          ///< cap, applied before the jitter
    int quota = 500;                                       ///< capacity of the retry quota
    int retry_cost = 14;                                   ///< quota cost of a transient retry
    int throttling_retry_cost = 5;                         ///< quota cost of a throttling retry
    /// AWS_RETRY_MODE=adaptive. Client-side rate limiting is not implemented: the strategy
    /// behaves as standard mode either way.
    bool adaptive = false;
};

/// Raw retry settings from one source, unset when that source does not have them.
struct retry_settings {
    std::optional<std::string> max_attempts; ///< AWS_MAX_ATTEMPTS, or the profile's max_attempts
    std::optional<std::string> retry_mode;   ///< AWS_RETRY_MODE, or the profile's retry_mode
};

/// `defaults` overridden by the shared-config profile, overridden by the environment (values set
/// in code come last and win: apply them to the result). Values are trimmed and modes compared
/// case-insensitively; an empty value counts as unset. max_attempts must be a whole number >= 1;
/// retry_mode is standard, legacy (hawk has no legacy behavior: standard is used) or adaptive
/// (see retry_config::adaptive). When the value used is anything else, throws
/// error_with_diagnostics(errc::invalid_config) naming the setting; an overridden value is not
/// read. Reads no environment itself.
HAWK_DECL retry_config retry_config_from_environment(const retry_settings& environment,
                                                     const retry_settings& profile,
                                                     retry_config defaults = retry_config());

//----------------------------------------------------------------------------------------------
// Classification

enum class retry_kind : unsigned char { none, transient, throttling };

constexpr std::string_view to_string(retry_kind k) noexcept {
    switch (k) {
    case retry_kind::none:
        return "none";
    case retry_kind::transient:
        return "transient";
    case retry_kind::throttling:
        return "throttling";
    }
    return "unknown";
}

/// What the model says about an error shape (Smithy's @retryable, botocore's `retryable`).
enum class modeled_retry : unsigned char { no, yes, throttling };

/// I/O failures are transient: connection refused, reset or aborted, broken pipe, unreachable
/// network or host, DNS failure, timeouts (errc::timeout too), end of stream, a response cut short
/// (Beast's end_of_stream, partial_message), TLS truncation (a handshake cut short),
/// errc::connection_failed. Anything else is none: TLS certificate and protocol failures,
/// cancellation, size limits, malformed responses.
HAWK_DECL retry_kind classify_transport_error(const boost::system::error_code& ec) noexcept;

/// 500, 502, 503 and 504 are transient; every other status is none.
HAWK_DECL retry_kind classify_status(int status) noexcept;

/// The AWS error codes that are throttling or transient in every SDK (case-sensitive; pass the
/// code normalized by parse_error).
HAWK_DECL retry_kind classify_error_code(std::string_view code) noexcept;

/// What one attempt gave. The string_views must stay valid while the outcome is used.
struct attempt_outcome {
    bool succeeded = false;
    boost::system::error_code transport_error; ///< set when no complete response was received
    int http_status = 0;
    std::string_view error_code;               ///< the AWS error code, empty if none
    modeled_retry modeled = modeled_retry::no; ///< the matched error shape's retryable trait
    std::string_view retry_after;              ///< the x-amz-retry-after value, empty if none

    static attempt_outcome success() {
        attempt_outcome o;
        o.succeeded = true;
        return o;
    }
    static attempt_outcome failure(const boost::system::error_code& ec) {
        attempt_outcome o;
        o.transport_error = ec;
        return o;
    }
    /// A received response: succeeded when its status is 2xx; x-amz-retry-after is read from it.
    /// `error_code` is parse_error(r).code when the response is an error.
    static attempt_outcome from_response(const http::response& r, std::string_view error_code = {},
                                         modeled_retry modeled = modeled_retry::no) {
        attempt_outcome o;
        o.succeeded = r.status >= 200 && r.status < 300;
        o.http_status = r.status;
        o.error_code = error_code;
        o.modeled = modeled;
        if (const std::string* v = r.find_header("x-amz-retry-after"))
            o.retry_after = *v;
        return o;
    }
};

/// A failed attempt's kind: a transport error by classify_transport_error; otherwise throttling
/// when the error code or the model says so, else transient when the error code, the model or
/// the status says so, else none (so a 503 with a throttling code is throttling). A succeeded
/// outcome is none.
HAWK_DECL retry_kind classify(const attempt_outcome& o) noexcept;

//----------------------------------------------------------------------------------------------
// Delays

/// Full jitter: random01 * min(max_backoff, base * 2^(retry - 1)), base the throttling or the
/// transient base delay; `retry` is 1 for the first retry. random01 is clamped to [0, 1].
HAWK_DECL std::chrono::milliseconds backoff(int retry, retry_kind kind, double random01,
                                            const retry_config& config) noexcept;

/// An x-amz-retry-after value: milliseconds as ASCII digits (surrounding blanks allowed; huge
/// values saturate). Anything else is nullopt.
HAWK_DECL std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view header) noexcept;

/// The delay to wait given the computed backoff and the x-amz-retry-after value (empty when
/// absent): the server's delay clamped to [backoff, backoff + 5 s]; an invalid value is ignored.
HAWK_DECL std::chrono::milliseconds apply_retry_after(std::chrono::milliseconds backoff,
                                                      std::string_view header) noexcept;

//----------------------------------------------------------------------------------------------
// Retry quota

/// The token bucket of standard mode, shared by every call of a client. Thread-safe.
class retry_quota {
public:
    explicit retry_quota(int capacity = 500) noexcept
        : capacity_(capacity < 0 ? 0 : capacity), available_(capacity_) {}

    retry_quota(const retry_quota&) = delete;
    retry_quota& operator=(const retry_quota&) = delete;

    /// Takes `cost` tokens, or nothing and returns false when fewer are left.
    HAWK_DECL bool try_acquire(int cost) noexcept;
    /// Gives tokens back, never beyond the capacity.
    HAWK_DECL void release(int amount) noexcept;

    int available() const noexcept { return available_.load(std::memory_order_relaxed); }
    int capacity() const noexcept { return capacity_; }

private:
    const int capacity_;
    std::atomic<int> available_;
};

/// The quota cost of a retry of that kind (0 for none).
HAWK_DECL int retry_cost(retry_kind kind, const retry_config& config) noexcept;

//----------------------------------------------------------------------------------------------
// The strategy of one call

/// Uniform numbers in [0, 1) for the jitter.
using random_source = std::function<double()>;

/// A deterministic source (SplitMix64): the same seed gives the same delays on every platform.
HAWK_DECL random_source seeded_random(std::uint64_t seed);
/// A per-thread source (SplitMix64), seeded once per thread from std::random_device.
HAWK_DECL random_source default_random();

/// The value of the `amz-sdk-request` header: "attempt=1; max=3".
HAWK_DECL std::string amz_sdk_request(int attempt, int max_attempts);

/// Why a call stops retrying.
enum class retry_stop : unsigned char {
    none,            ///< not stopping: retry after the delay
    succeeded,       ///< the attempt succeeded
    not_retryable,   ///< the failure is not transient or throttling
    max_attempts,    ///< the failure was retryable but max_attempts were made
    quota_exhausted, ///< the failure was retryable but the retry quota is empty
};

constexpr std::string_view to_string(retry_stop s) noexcept {
    switch (s) {
    case retry_stop::none:
        return "none";
    case retry_stop::succeeded:
        return "succeeded";
    case retry_stop::not_retryable:
        return "not_retryable";
    case retry_stop::max_attempts:
        return "max_attempts";
    case retry_stop::quota_exhausted:
        return "quota_exhausted";
    }
    return "unknown";
}

struct retry_decision {
    bool retry = false;
    /// How long to wait before the next attempt. Also set for quota_exhausted: long-polling
    /// operations (SQS ReceiveMessage, ...) wait that long before returning the error.
    std::chrono::milliseconds delay{0};
    retry_kind kind = retry_kind::none; ///< the classification of the attempt
    retry_stop stop = retry_stop::none;
};

/// The retry state of one call: the attempt count, and the quota cost of its last retry to give
/// back on success. Not thread-safe (one call); the quota it draws from is.
///
///     retry_strategy s(config, client_quota);
///     for (;;) {
///         req.set_header("amz-sdk-request", s.request_header());
///         auto d = s.next(send(req));      // an attempt_outcome
///         if (!d.retry) break;             // d.stop says why
///         sleep(d.delay);
///     }
class retry_strategy {
public:
    /// `quota` must outlive the strategy. max_attempts below 1 count as 1.
    HAWK_DECL retry_strategy(const retry_config& config, retry_quota& quota,
                             random_source random = default_random());

    /// The attempt about to be made or just made: 1 for the first.
    int attempt() const noexcept { return attempt_; }
    int max_attempts() const noexcept { return config_.max_attempts; }
    /// amz_sdk_request(attempt(), max_attempts()).
    HAWK_DECL std::string request_header() const;

    /// Decides after an attempt, in the order of the standard mode: success (give tokens back),
    /// not retryable, max attempts reached, then the quota (take the retry's cost) and the delay.
    /// When it says retry, attempt() has moved to the next attempt. Once a call has stopped,
    /// further calls repeat the stopping decision.
    HAWK_DECL retry_decision next(const attempt_outcome& outcome);

private:
    retry_config config_;
    retry_quota* quota_;
    random_source random_;
    int attempt_ = 1;
    int last_cost_ = 0; ///< the quota cost of the last retry; 0 before any
    bool stopped_ = false;
    retry_decision last_;
};

} // namespace hawk::core

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/retry.ipp>
#endif
