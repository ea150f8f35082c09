#pragma once

// Bodies of error.hpp (the "hawk" category, diagnostics, AWS error parsing) and retry.hpp (the
// standard retry mode).

#include <hawk/core/error.hpp>
#include <hawk/core/retry.hpp>
#include <hawk/core/service_info.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/errc.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <memory>
#include <random>
#include <string_view>

namespace hawk::core {

//----------------------------------------------------------------------------------------------
// The "hawk" category

namespace detail::retry_ipp {

class hawk_category_impl final : public boost::system::error_category {
public:
    // A fixed id makes categories from different shared objects compare equal.
    constexpr hawk_category_impl() noexcept : error_category(0x8a3f0c5e2b9d4171ULL) {}

    const char* name() const noexcept override { return "hawk"; }

    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::validation_failed:
            return "the request is not valid";
        case errc::serialize_failed:
            return "the request could not be serialized";
        case errc::parse_failed:
            return "the response could not be parsed";
        case errc::no_credentials:
            return "no credentials were found";
        case errc::no_region:
            return "no region is configured";
        case errc::endpoint_failed:
            return "the endpoint could not be resolved";
        case errc::timeout:
            return "the operation timed out";
        case errc::response_too_large:
            return "the response is too large";
        case errc::service_error:
            return "the service returned an error";
        case errc::unexpected_status:
            return "the service returned an unexpected HTTP status";
        case errc::retry_quota_exceeded:
            return "the retry quota is exhausted";
        case errc::tls_failed:
            return "the TLS handshake failed";
        case errc::connection_failed:
            return "the connection failed";
        case errc::invalid_config:
            return "the configuration is invalid";
        case errc::pagination_token_repeated:
            return "the service returned the same pagination token twice";
        case errc::waiter_failure_state:
            return "the waiter reached a failure state";
        case errc::waiter_timed_out:
            return "the waiter timed out";
        }
        if (ev == 0)
            return "success";
        return "unknown hawk error " + std::to_string(ev);
    }

    boost::system::error_condition default_error_condition(int ev) const noexcept override {
        if (static_cast<errc>(ev) == errc::timeout ||
            static_cast<errc>(ev) == errc::waiter_timed_out)
            return boost::system::errc::make_error_condition(boost::system::errc::timed_out);
        return {ev, *this};
    }
};

inline bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

/// Only text that looks like an identifier goes into what(): it comes from the server.
inline bool is_token(std::string_view s) noexcept {
    if (s.empty() || s.size() > 128)
        return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':' ||
                        c == '/' || c == '+' || c == '=';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace detail::retry_ipp

namespace detail {
HAWK_DECL std::string error_summary(const diagnostics& d) {
    std::string out;
    auto add = [&out](std::string_view part) {
        if (part.empty())
            return;
        if (!out.empty())
            out += ", ";
        out += part;
    };
    add(d.client_message);
    if (!d.violations.empty()) {
        // One line: what() ends up in logs.
        std::string joined;
        for (char c : retry_ipp::trim(d.violations))
            if (c == '\n')
                joined += "; ";
            else if (c != '\r')
                joined += c;
        add(joined);
    }
    if (d.http_status != 0)
        add("HTTP " + std::to_string(d.http_status));
    if (retry_ipp::is_token(d.error_code))
        add(d.error_code);
    if (retry_ipp::is_token(d.request_id))
        add("request id " + d.request_id);
    if (d.attempts > 1)
        add("after " + std::to_string(d.attempts) + " attempts");
    return out;
}
} // namespace detail

HAWK_DECL const boost::system::error_category& hawk_category() noexcept {
    static const detail::retry_ipp::hawk_category_impl instance;
    return instance;
}

//----------------------------------------------------------------------------------------------
// AWS error responses

namespace detail::retry_ipp {

/// "aws.protocoltests.restjson#FooError:http://internal.amazon.com/..." -> "FooError": the part
/// before the first ':', then after the first '#' (Smithy's restJson1 error resolution).
inline std::string normalize_error_code(std::string_view raw) {
    raw = trim(raw);
    if (const auto colon = raw.find(':'); colon != std::string_view::npos)
        raw = raw.substr(0, colon);
    if (const auto hash = raw.find('#'); hash != std::string_view::npos)
        raw = raw.substr(hash + 1);
    return std::string(trim(raw));
}

inline const boost::json::string* string_member(const boost::json::object& o,
                                                std::string_view key) {
    const boost::json::value* v = o.if_contains(key);
    return v ? v->if_string() : nullptr;
}

/// The code comes from the x-amzn-ErrorType header, else from the first of the body's
/// `code_keys` that holds one; the message from the body.
inline service_error_info parse_json_error(const http::response& r,
                                           std::initializer_list<std::string_view> code_keys) {
    service_error_info info;
    if (const std::string* type = r.find_header("x-amzn-ErrorType"))
        info.code = normalize_error_code(*type);

    if (trim(r.body).empty())
        return info;
    // Read and dropped at once (the code and message are copied out): on a monotonic resource
    // that starts on the stack, no allocation per value.
    unsigned char buffer[2048];
    boost::json::monotonic_resource resource(buffer, sizeof buffer);
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(r.body, ec, &resource);
    if (ec || !body.is_object())
        return info; // e.g. a proxy's HTML page: the caller maps the status
    const boost::json::object& o = body.get_object();

    if (info.code.empty()) {
        for (std::string_view key : code_keys) {
            if (const boost::json::string* s = string_member(o, key)) {
                info.code = normalize_error_code(*s);
                if (!info.code.empty())
                    break;
            }
        }
    }
    for (std::string_view key : {"message", "Message", "errorMessage"}) {
        if (const boost::json::string* s = string_member(o, key)) {
            info.message.assign(s->data(), s->size());
            break;
        }
    }
    return info;
}

} // namespace detail::retry_ipp

HAWK_DECL service_error_info parse_error(const http::response& r) {
    return detail::retry_ipp::parse_json_error(r, {"code", "Code", "__type"});
}

HAWK_DECL service_error_info parse_error(const http::response& r, const service_info& service) {
    // botocore's awsJson parser reads `__type` only; `code` is restJson1's spelling.
    service_error_info info =
        service.protocol == "json"
            ? detail::retry_ipp::parse_json_error(r, {"__type", "code", "Code"})
            : parse_error(r);
    if (service.query_compatible) {
        // `Code;Sender` or `Code;Receiver`; anything else is ignored, as botocore does.
        if (const std::string* query = r.find_header("x-amzn-query-error")) {
            const std::string_view value = detail::retry_ipp::trim(*query);
            const std::size_t semicolon = value.find(';');
            if (semicolon != std::string_view::npos && semicolon > 0 &&
                value.find(';', semicolon + 1) == std::string_view::npos)
                info.code.assign(value.substr(0, semicolon));
        }
    }
    return info;
}

HAWK_DECL std::string request_id(const http::response& r) {
    if (const std::string* id = r.find_header("x-amzn-RequestId"))
        return *id;
    if (const std::string* id = r.find_header("x-amz-request-id"))
        return *id;
    return {};
}

HAWK_DECL diagnostics service_diagnostics(const http::response& r) {
    diagnostics d;
    d.http_status = r.status;
    d.request_id = request_id(r);
    service_error_info info = parse_error(r);
    d.error_code = std::move(info.code);
    d.message = std::move(info.message);
    return d;
}

//----------------------------------------------------------------------------------------------
// Configuration

namespace detail::retry_ipp {

inline bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
    return http::detail::iequals(a, b);
}

/// Shown in error messages; configuration values are the user's own, but keep them short.
inline std::string quoted_value(std::string_view v) {
    std::string out = "'";
    out.append(v.substr(0, 64));
    if (v.size() > 64)
        out += "...";
    out += "'";
    return out;
}

[[noreturn]] inline void invalid_setting(std::string_view setting, std::string_view value,
                                         std::string_view expected) {
    diagnostics d;
    d.client_message =
        std::string(setting) + " is " + quoted_value(value) + ", expected " + std::string(expected);
    throw error_with_diagnostics(make_error_code(errc::invalid_config), std::move(d));
}

inline bool apply_max_attempts(retry_config& config, const std::optional<std::string>& raw,
                               std::string_view setting) {
    if (!raw)
        return false;
    const std::string_view v = trim(*raw);
    if (v.empty())
        return false;
    long long n = 0;
    for (char c : v) {
        if (c < '0' || c > '9' || n > std::numeric_limits<int>::max())
            invalid_setting(setting, v, "a whole number of at least 1");
        n = n * 10 + (c - '0');
    }
    if (n < 1 || n > std::numeric_limits<int>::max())
        invalid_setting(setting, v, "a whole number of at least 1");
    config.max_attempts = static_cast<int>(n);
    return true;
}

inline bool apply_retry_mode(retry_config& config, const std::optional<std::string>& raw,
                             std::string_view setting) {
    if (!raw)
        return false;
    const std::string_view v = trim(*raw);
    if (v.empty())
        return false;
    if (iequals_ascii(v, "standard") || iequals_ascii(v, "legacy"))
        config.adaptive = false;
    else if (iequals_ascii(v, "adaptive"))
        config.adaptive = true;
    else
        invalid_setting(setting, v, "standard, legacy or adaptive");
    return true;
}

} // namespace detail::retry_ipp

HAWK_DECL retry_config retry_config_from_environment(const retry_settings& environment,
                                                     const retry_settings& profile,
                                                     retry_config defaults) {
    // As in the SDKs, an overridden source is not read: a bad profile value can be worked
    // around from the environment.
    namespace impl = detail::retry_ipp;
    if (!impl::apply_max_attempts(defaults, environment.max_attempts, "AWS_MAX_ATTEMPTS"))
        impl::apply_max_attempts(defaults, profile.max_attempts, "max_attempts (shared config)");
    if (!impl::apply_retry_mode(defaults, environment.retry_mode, "AWS_RETRY_MODE"))
        impl::apply_retry_mode(defaults, profile.retry_mode, "retry_mode (shared config)");
    return defaults;
}

//----------------------------------------------------------------------------------------------
// Classification

HAWK_DECL retry_kind classify_transport_error(const boost::system::error_code& ec) noexcept {
    if (!ec)
        return retry_kind::none;
    namespace se = boost::system::errc;
    namespace ae = boost::asio::error;
    const bool transient =
        ec == errc::timeout || ec == errc::connection_failed || ec == se::connection_refused ||
        ec == se::connection_reset || ec == se::connection_aborted || ec == se::timed_out ||
        ec == se::broken_pipe || ec == se::network_down || ec == se::network_reset ||
        ec == se::network_unreachable || ec == se::host_unreachable || ec == se::not_connected ||
        ec == ae::eof || ec == ae::host_not_found || ec == ae::host_not_found_try_again ||
        ec == boost::beast::http::error::end_of_stream ||
        ec == boost::beast::http::error::partial_message ||
        ec == boost::asio::ssl::error::stream_truncated;
    return transient ? retry_kind::transient : retry_kind::none;
}

HAWK_DECL retry_kind classify_status(int status) noexcept {
    switch (status) {
    case 500:
    case 502:
    case 503:
    case 504:
        return retry_kind::transient;
    default:
        return retry_kind::none;
    }
}

HAWK_DECL retry_kind classify_error_code(std::string_view code) noexcept {
    // The cross-SDK lists (AWS SDKs and Tools reference guide, "Which errors are retried").
    static constexpr std::string_view throttling[] = {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };
    static constexpr std::string_view transient[] = {
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalError",
        "IDPCommunicationError",
    };
    if (code.empty())
        return retry_kind::none;
    for (std::string_view c : throttling)
        if (c == code)
            return retry_kind::throttling;
    for (std::string_view c : transient)
        if (c == code)
            return retry_kind::transient;
    return retry_kind::none;
}

HAWK_DECL retry_kind classify(const attempt_outcome& o) noexcept {
    if (o.succeeded)
        return retry_kind::none;
    if (o.transport_error)
        return classify_transport_error(o.transport_error);
    const retry_kind by_code = classify_error_code(o.error_code);
    if (by_code == retry_kind::throttling || o.modeled == modeled_retry::throttling)
        return retry_kind::throttling;
    if (by_code == retry_kind::transient || o.modeled == modeled_retry::yes)
        return retry_kind::transient;
    return classify_status(o.http_status);
}

//----------------------------------------------------------------------------------------------
// Delays

HAWK_DECL std::chrono::milliseconds backoff(int retry, retry_kind kind, double random01,
                                            const retry_config& config) noexcept {
    if (kind == retry_kind::none || retry < 1)
        return std::chrono::milliseconds(0);
    if (!(random01 > 0.0)) // also NaN
        random01 = 0.0;
    if (random01 > 1.0)
        random01 = 1.0;
    const double base = static_cast<double>(
        (kind == retry_kind::throttling ? config.throttling_base_delay : config.base_delay)
            .count());
    const double cap = static_cast<double>(config.max_backoff.count());
    // ldexp saturates to infinity for large retries; min() then picks the cap.
    const double window = std::max(0.0, std::min(cap, std::ldexp(base, std::min(retry - 1, 1100))));
    return std::chrono::milliseconds(
        static_cast<std::chrono::milliseconds::rep>(random01 * window));
}

HAWK_DECL std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view header) noexcept {
    header = detail::retry_ipp::trim(header);
    if (header.empty())
        return std::nullopt;
    using rep = std::chrono::milliseconds::rep;
    constexpr rep limit = std::numeric_limits<rep>::max() / 10 - 9;
    rep n = 0;
    for (char c : header) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n >= limit ? limit : n * 10 + (c - '0');
    }
    return std::chrono::milliseconds(n);
}

HAWK_DECL std::chrono::milliseconds apply_retry_after(std::chrono::milliseconds backoff,
                                                      std::string_view header) noexcept {
    const std::optional<std::chrono::milliseconds> server = parse_retry_after(header);
    if (!server)
        return backoff;
    return std::clamp(*server, backoff, backoff + std::chrono::milliseconds(5000));
}

//----------------------------------------------------------------------------------------------
// Retry quota

HAWK_DECL bool retry_quota::try_acquire(int cost) noexcept {
    if (cost <= 0)
        return true;
    int current = available_.load(std::memory_order_relaxed);
    do {
        if (current < cost)
            return false;
    } while (!available_.compare_exchange_weak(current, current - cost, std::memory_order_relaxed));
    return true;
}

HAWK_DECL void retry_quota::release(int amount) noexcept {
    if (amount <= 0)
        return;
    int current = available_.load(std::memory_order_relaxed);
    int next = 0;
    do {
        next = current >= capacity_ - amount ? capacity_ : current + amount;
    } while (!available_.compare_exchange_weak(current, next, std::memory_order_relaxed));
}

HAWK_DECL int retry_cost(retry_kind kind, const retry_config& config) noexcept {
    switch (kind) {
    case retry_kind::throttling:
        return config.throttling_retry_cost;
    case retry_kind::transient:
        return config.retry_cost;
    case retry_kind::none:
        break;
    }
    return 0;
}

//----------------------------------------------------------------------------------------------
// Strategy

namespace detail::retry_ipp {
// SplitMix64: tiny, and unlike <random>'s distributions the same everywhere.
inline double splitmix_next(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53; // 53 random bits in [0, 1)
}
} // namespace detail::retry_ipp

HAWK_DECL random_source seeded_random(std::uint64_t seed) {
    return [state = seed]() mutable { return detail::retry_ipp::splitmix_next(state); };
}

HAWK_DECL random_source default_random() {
    // One engine per thread, seeded once: a std::random_device per call (per retry strategy)
    // would cost more than the rest of the call (it opens and reads the entropy source).
    // Captures nothing, so the std::function holds it without allocating.
    return [] {
        thread_local std::uint64_t state = [] {
            std::random_device device;
            return (static_cast<std::uint64_t>(device()) << 32) ^ device();
        }();
        return detail::retry_ipp::splitmix_next(state);
    };
}

HAWK_DECL std::string amz_sdk_request(int attempt, int max_attempts) {
    return "attempt=" + std::to_string(attempt) + "; max=" + std::to_string(max_attempts);
}

HAWK_DECL retry_strategy::retry_strategy(const retry_config& config, retry_quota& quota,
                                         random_source random)
    : config_(config), quota_(&quota), random_(std::move(random)) {
    if (config_.max_attempts < 1)
        config_.max_attempts = 1;
    if (!random_)
        random_ = default_random();
}

HAWK_DECL std::string retry_strategy::request_header() const {
    return amz_sdk_request(attempt_, config_.max_attempts);
}

HAWK_DECL retry_decision retry_strategy::next(const attempt_outcome& outcome) {
    if (stopped_)
        return last_;
    retry_decision d;
    auto stop = [&](retry_stop why) {
        d.retry = false;
        d.stop = why;
        stopped_ = true;
        last_ = d;
        return d;
    };

    if (outcome.succeeded) {
        // A success after retries gives back what the last retry cost; a first-try success 1.
        quota_->release(attempt_ > 1 ? last_cost_ : 1);
        return stop(retry_stop::succeeded);
    }
    d.kind = classify(outcome);
    if (d.kind == retry_kind::none)
        return stop(retry_stop::not_retryable);
    if (attempt_ >= config_.max_attempts)
        return stop(retry_stop::max_attempts);

    d.delay = apply_retry_after(backoff(attempt_, d.kind, random_(), config_), outcome.retry_after);
    const int cost = retry_cost(d.kind, config_);
    if (!quota_->try_acquire(cost))
        return stop(retry_stop::quota_exhausted);
    last_cost_ = cost;
    ++attempt_;
    d.retry = true;
    return d;
}

} // namespace hawk::core
