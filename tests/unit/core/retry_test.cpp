#include <hawk/core/error.hpp>
#include <hawk/core/retry.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/errc.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace hc = hawk::core;
using std::chrono::milliseconds;

namespace {

hc::random_source constant(double v) {
    return [v] { return v; };
}

hc::attempt_outcome failed_with(int status, std::string_view code = {}) {
    hc::attempt_outcome o;
    o.http_status = status;
    o.error_code = code;
    return o;
}

} // namespace

//----------------------------------------------------------------------------------------------
// Classification

TEST_CASE("retry: throttling and transient error codes") {
    const char* throttling[] = {"Throttling",
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
                                "EC2ThrottledException"};
    for (const char* code : throttling) {
        CAPTURE(code);
        CHECK(hc::classify_error_code(code) == hc::retry_kind::throttling);
    }
    const char* transient[] = {"RequestTimeout", "RequestTimeoutException", "InternalError",
                               "IDPCommunicationError"};
    for (const char* code : transient) {
        CAPTURE(code);
        CHECK(hc::classify_error_code(code) == hc::retry_kind::transient);
    }
    const char* neither[] = {"",
                             "ValidationException",
                             "AccessDeniedException",
                             "ResourceNotFoundException",
                             "InternalServerException",
                             "throttlingexception",
                             "ThrottlingException "};
    for (const char* code : neither) {
        CAPTURE(code);
        CHECK(hc::classify_error_code(code) == hc::retry_kind::none);
    }
}

TEST_CASE("retry: HTTP statuses") {
    for (int status : {500, 502, 503, 504})
        CHECK(hc::classify_status(status) == hc::retry_kind::transient);
    for (int status : {0, 200, 301, 400, 403, 404, 409, 429, 501, 505, 599})
        CHECK(hc::classify_status(status) == hc::retry_kind::none);
}

TEST_CASE("retry: transport errors") {
    namespace ae = boost::asio::error;
    const boost::system::error_code transient[] = {
        ae::connection_refused,
        ae::connection_reset,
        ae::connection_aborted,
        ae::timed_out,
        ae::broken_pipe,
        ae::network_unreachable,
        ae::host_unreachable,
        ae::eof,
        ae::host_not_found,
        ae::host_not_found_try_again,
        boost::asio::ssl::error::stream_truncated,
        boost::beast::http::error::end_of_stream,
        boost::beast::http::error::partial_message,
        make_error_code(boost::system::errc::connection_reset),
        hc::errc::timeout,
        hc::errc::connection_failed,
    };
    for (const auto& ec : transient) {
        CAPTURE(ec.what());
        CHECK(hc::classify_transport_error(ec) == hc::retry_kind::transient);
        CHECK(hc::classify(hc::attempt_outcome::failure(ec)) == hc::retry_kind::transient);
    }
    const boost::system::error_code none[] = {
        {},
        ae::operation_aborted,
        ae::access_denied,
        hc::errc::tls_failed,
        boost::beast::http::error::body_limit,
        boost::beast::http::error::header_limit,
        boost::beast::http::error::bad_status,
        {1, boost::asio::error::get_ssl_category()}, // e.g. a certificate failure
        hc::errc::response_too_large,
        hc::errc::parse_failed,
        make_error_code(boost::system::errc::permission_denied),
    };
    for (const auto& ec : none) {
        CAPTURE(ec.what());
        CHECK(hc::classify_transport_error(ec) == hc::retry_kind::none);
    }
}

TEST_CASE("retry: classify combines code, model and status") {
    using k = hc::retry_kind;
    CHECK(hc::classify(hc::attempt_outcome::success()) == k::none);
    CHECK(hc::classify(failed_with(400, "ThrottlingException")) == k::throttling);
    // A 5xx with a throttling code is throttling.
    CHECK(hc::classify(failed_with(503, "SlowDown")) == k::throttling);
    CHECK(hc::classify(failed_with(400, "RequestTimeout")) == k::transient);
    CHECK(hc::classify(failed_with(503)) == k::transient);
    CHECK(hc::classify(failed_with(500, "InternalServerException")) == k::transient);
    CHECK(hc::classify(failed_with(400, "ValidationException")) == k::none);
    CHECK(hc::classify(failed_with(429)) == k::none);
    CHECK(hc::classify(failed_with(404)) == k::none);

    auto modeled = failed_with(400, "ConflictException");
    modeled.modeled = hc::modeled_retry::yes;
    CHECK(hc::classify(modeled) == k::transient);
    modeled.modeled = hc::modeled_retry::throttling;
    CHECK(hc::classify(modeled) == k::throttling);
    // The throttling list wins over a plain retryable trait.
    auto both = failed_with(400, "LimitExceededException");
    both.modeled = hc::modeled_retry::yes;
    CHECK(hc::classify(both) == k::throttling);
    // A transport error decides on its own.
    auto transport = hc::attempt_outcome::failure(hc::errc::tls_failed);
    transport.http_status = 503;
    CHECK(hc::classify(transport) == k::none);
}

TEST_CASE("retry: attempt_outcome::from_response") {
    hc::http::response r;
    r.status = 503;
    r.headers = {{"X-Amz-Retry-After", "1500"}};
    const auto o = hc::attempt_outcome::from_response(r, "SlowDown");
    CHECK_FALSE(o.succeeded);
    CHECK(o.http_status == 503);
    CHECK(o.error_code == "SlowDown");
    CHECK(o.retry_after == "1500");
    CHECK(hc::classify(o) == hc::retry_kind::throttling);

    r.status = 200;
    r.headers.clear();
    const auto ok = hc::attempt_outcome::from_response(r);
    CHECK(ok.succeeded);
    CHECK(ok.retry_after.empty());
}

//----------------------------------------------------------------------------------------------
// Delays

TEST_CASE("retry: backoff grows exponentially up to the cap") {
    const hc::retry_config c;
    using k = hc::retry_kind;
    const milliseconds::rep transient[] = {50,   100,  200,   400,   800,  1600,
                                           3200, 6400, 12800, 20000, 20000};
    for (int retry = 1; retry <= 11; ++retry) {
        CAPTURE(retry);
        CHECK(hc::backoff(retry, k::transient, 1.0, c).count() == transient[retry - 1]);
        CHECK(hc::backoff(retry, k::transient, 0.5, c).count() == transient[retry - 1] / 2);
        CHECK(hc::backoff(retry, k::transient, 0.0, c).count() == 0);
    }
    const milliseconds::rep throttling[] = {1000, 2000, 4000, 8000, 16000, 20000, 20000};
    for (int retry = 1; retry <= 7; ++retry) {
        CAPTURE(retry);
        CHECK(hc::backoff(retry, k::throttling, 1.0, c).count() == throttling[retry - 1]);
    }
    // Far-out retries stay at the cap; nonsense arguments give no delay.
    CHECK(hc::backoff(64, k::transient, 1.0, c) == milliseconds(20000));
    CHECK(hc::backoff(std::numeric_limits<int>::max(), k::throttling, 1.0, c) ==
          milliseconds(20000));
    CHECK(hc::backoff(1, k::none, 1.0, c) == milliseconds(0));
    CHECK(hc::backoff(0, k::transient, 1.0, c) == milliseconds(0));
    CHECK(hc::backoff(1, k::transient, std::nan(""), c) == milliseconds(0));
    CHECK(hc::backoff(1, k::transient, 7.0, c) == milliseconds(50));
    CHECK(hc::backoff(1, k::transient, -1.0, c) == milliseconds(0));

    hc::retry_config dynamodb;
    dynamodb.base_delay = milliseconds(25);
    CHECK(hc::backoff(2, k::transient, 1.0, dynamodb) == milliseconds(50));
}

TEST_CASE("retry: jittered backoff stays within its window") {
    const hc::retry_config c;
    auto random = hc::seeded_random(7);
    for (int retry = 1; retry <= 12; ++retry) {
        for (auto kind : {hc::retry_kind::transient, hc::retry_kind::throttling}) {
            const double base = kind == hc::retry_kind::throttling ? 1000 : 50;
            const auto window = static_cast<milliseconds::rep>(
                std::min(20000.0, base * std::ldexp(1.0, retry - 1)));
            milliseconds::rep seen_max = 0;
            for (int i = 0; i < 200; ++i) {
                const auto d = hc::backoff(retry, kind, random(), c).count();
                CHECK(d >= 0);
                CHECK(d <= window);
                seen_max = std::max(seen_max, d);
            }
            CHECK(seen_max >= window / 2); // spread, not stuck near zero
        }
    }
}

TEST_CASE("retry: seeded randomness is deterministic and in [0, 1)") {
    auto a = hc::seeded_random(42);
    auto b = hc::seeded_random(42);
    auto c = hc::seeded_random(43);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const double x = a();
        CHECK(x >= 0.0);
        CHECK(x < 1.0);
        CHECK(x == b());
        differs = differs || x != c();
    }
    CHECK(differs);
    const double d = hc::default_random()();
    CHECK(d >= 0.0);
    CHECK(d < 1.0);
}

TEST_CASE("retry: x-amz-retry-after is clamped to [backoff, backoff + 5 s]") {
    CHECK(hc::parse_retry_after("1500") == milliseconds(1500));
    CHECK(hc::parse_retry_after(" 0 ") == milliseconds(0));
    CHECK(hc::parse_retry_after("99999999999999999999999999") ==
          milliseconds(std::numeric_limits<milliseconds::rep>::max() / 10 - 9));
    for (const char* bad : {"", " ", "-5", "+5", "1.5", "1e3", "abc", "15 00", "0x10"}) {
        CAPTURE(bad);
        CHECK_FALSE(hc::parse_retry_after(bad).has_value());
    }

    const milliseconds backoff(100);
    CHECK(hc::apply_retry_after(backoff, "50") == milliseconds(100));
    CHECK(hc::apply_retry_after(backoff, "100") == milliseconds(100));
    CHECK(hc::apply_retry_after(backoff, "300") == milliseconds(300));
    CHECK(hc::apply_retry_after(backoff, "5100") == milliseconds(5100));
    CHECK(hc::apply_retry_after(backoff, "10000") == milliseconds(5100));
    CHECK(hc::apply_retry_after(backoff, "99999999999999999999999999") == milliseconds(5100));
    CHECK(hc::apply_retry_after(backoff, "") == milliseconds(100));
    CHECK(hc::apply_retry_after(backoff, "soon") == milliseconds(100));
    CHECK(hc::apply_retry_after(milliseconds(20000), "60000") == milliseconds(25000));
}

//----------------------------------------------------------------------------------------------
// Quota

TEST_CASE("retry: the quota drains by 14 per transient and 5 per throttling retry") {
    const hc::retry_config c;
    CHECK(hc::retry_cost(hc::retry_kind::transient, c) == 14);
    CHECK(hc::retry_cost(hc::retry_kind::throttling, c) == 5);
    CHECK(hc::retry_cost(hc::retry_kind::none, c) == 0);

    hc::retry_quota q;
    CHECK(q.capacity() == 500);
    CHECK(q.available() == 500);
    int transient = 0;
    while (q.try_acquire(14))
        ++transient;
    CHECK(transient == 35);
    CHECK(q.available() == 10);
    CHECK(q.try_acquire(5));
    CHECK(q.try_acquire(5));
    CHECK_FALSE(q.try_acquire(5));
    CHECK(q.available() == 0);
    CHECK(q.try_acquire(0));

    q.release(14);
    CHECK(q.available() == 14);
    q.release(1000);
    CHECK(q.available() == 500); // never beyond capacity
    q.release(-3);
    CHECK(q.available() == 500);

    hc::retry_quota throttled(500);
    int throttling = 0;
    while (throttled.try_acquire(5))
        ++throttling;
    CHECK(throttling == 100);
}

TEST_CASE("retry: the quota is thread-safe") {
    hc::retry_quota q(500);
    std::atomic<int> acquired{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) {
                if (q.try_acquire(5))
                    ++acquired;
                if (i % 2 == 0) {
                    q.release(1);
                    q.release(0);
                }
            }
        });
    for (auto& t : threads)
        t.join();
    CHECK(q.available() >= 0);
    CHECK(q.available() <= 500);
    // Every token taken was once in the bucket: 500 initial + at most 2000 released.
    CHECK(acquired.load() * 5 <= 500 + 2000);

    hc::retry_quota strict(500);
    std::atomic<int> strict_acquired{0};
    threads.clear();
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i)
                if (strict.try_acquire(5))
                    ++strict_acquired;
        });
    for (auto& t : threads)
        t.join();
    CHECK(strict_acquired.load() == 100);
    CHECK(strict.available() == 0);
}

//----------------------------------------------------------------------------------------------
// Strategy

TEST_CASE("retry: the strategy stops at max attempts") {
    hc::retry_config c;
    hc::retry_quota q(c.quota);
    hc::retry_strategy s(c, q, constant(1.0));
    CHECK(s.attempt() == 1);
    CHECK(s.max_attempts() == 3);
    CHECK(s.request_header() == "attempt=1; max=3");

    auto d = s.next(failed_with(503));
    CHECK(d.retry);
    CHECK(d.kind == hc::retry_kind::transient);
    CHECK(d.stop == hc::retry_stop::none);
    CHECK(d.delay == milliseconds(50));
    CHECK(s.attempt() == 2);
    CHECK(s.request_header() == "attempt=2; max=3");

    d = s.next(failed_with(400, "ThrottlingException"));
    CHECK(d.retry);
    CHECK(d.kind == hc::retry_kind::throttling);
    CHECK(d.delay == milliseconds(2000)); // second retry, throttling base
    CHECK(s.attempt() == 3);
    CHECK(q.available() == 500 - 14 - 5);

    d = s.next(failed_with(503));
    CHECK_FALSE(d.retry);
    CHECK(d.stop == hc::retry_stop::max_attempts);
    CHECK(d.kind == hc::retry_kind::transient);
    CHECK(s.attempt() == 3);
    CHECK(q.available() == 500 - 14 - 5); // no cost without a retry

    // A stopped strategy repeats itself.
    const auto again = s.next(hc::attempt_outcome::success());
    CHECK_FALSE(again.retry);
    CHECK(again.stop == hc::retry_stop::max_attempts);
    CHECK(q.available() == 500 - 14 - 5);
}

TEST_CASE("retry: max_attempts of 1 disables retries") {
    hc::retry_config c;
    c.max_attempts = 1;
    hc::retry_quota q;
    hc::retry_strategy s(c, q, constant(0.5));
    CHECK(s.request_header() == "attempt=1; max=1");
    const auto d = s.next(failed_with(503));
    CHECK_FALSE(d.retry);
    CHECK(d.stop == hc::retry_stop::max_attempts);

    c.max_attempts = 0; // treated as 1
    hc::retry_strategy zero(c, q, constant(0.5));
    CHECK(zero.max_attempts() == 1);
    CHECK(zero.next(failed_with(503)).stop == hc::retry_stop::max_attempts);
    CHECK(q.available() == 500);
}

TEST_CASE("retry: not retryable errors stop at once") {
    hc::retry_quota q;
    hc::retry_strategy s(hc::retry_config(), q, constant(0.5));
    const auto d = s.next(failed_with(400, "ValidationException"));
    CHECK_FALSE(d.retry);
    CHECK(d.stop == hc::retry_stop::not_retryable);
    CHECK(d.kind == hc::retry_kind::none);
    CHECK(s.attempt() == 1);
    CHECK(q.available() == 500);
}

TEST_CASE("retry: exhausting the quota stops retries") {
    hc::retry_config c;
    c.max_attempts = 100;
    hc::retry_quota q(c.quota);
    hc::retry_strategy s(c, q, hc::seeded_random(1));
    int retries = 0;
    hc::retry_decision d;
    for (;;) {
        d = s.next(hc::attempt_outcome::failure(boost::asio::error::connection_reset));
        if (!d.retry)
            break;
        ++retries;
    }
    CHECK(retries == 35); // 35 * 14 = 490; the 36th retry would need 14 of the 10 left
    CHECK(d.stop == hc::retry_stop::quota_exhausted);
    CHECK(d.kind == hc::retry_kind::transient);
    CHECK(d.delay >= milliseconds(0)); // for long-polling operations
    CHECK(d.delay <= milliseconds(20000));
    CHECK(q.available() == 10);
    CHECK(s.attempt() == 36);

    // Other calls of the client can still afford a throttling retry, then not even that.
    hc::retry_strategy other(c, q, constant(0.0));
    CHECK(other.next(failed_with(400, "Throttling")).retry);
    CHECK(other.next(failed_with(400, "Throttling")).retry);
    const auto broke = other.next(failed_with(400, "Throttling"));
    CHECK_FALSE(broke.retry);
    CHECK(broke.stop == hc::retry_stop::quota_exhausted);
    CHECK(q.available() == 0);

    // A new call still makes its first attempt (the quota never blocks it) and its success
    // refills by 1.
    hc::retry_strategy fresh(c, q, constant(0.0));
    const auto ok = fresh.next(hc::attempt_outcome::success());
    CHECK_FALSE(ok.retry);
    CHECK(ok.stop == hc::retry_stop::succeeded);
    CHECK(q.available() == 1);
}

TEST_CASE("retry: success refunds the last retry's cost, or 1") {
    hc::retry_config c;
    c.max_attempts = 5;
    hc::retry_quota q(c.quota);
    q.try_acquire(100);
    REQUIRE(q.available() == 400);

    {
        hc::retry_strategy s(c, q, constant(0.0));
        CHECK(s.next(hc::attempt_outcome::success()).stop == hc::retry_stop::succeeded);
        CHECK(q.available() == 401);
    }
    {
        hc::retry_strategy s(c, q, constant(0.0));
        CHECK(s.next(failed_with(500)).retry);             // -14
        CHECK(s.next(failed_with(400, "SlowDown")).retry); // -5
        CHECK(q.available() == 401 - 14 - 5);
        CHECK(s.next(hc::attempt_outcome::success()).stop == hc::retry_stop::succeeded);
        CHECK(q.available() == 401 - 14); // the last retry (5) comes back
    }
    {
        hc::retry_strategy s(c, q, constant(0.0));
        CHECK(s.next(failed_with(400, "SlowDown")).retry); // -5
        CHECK(s.next(failed_with(500)).retry);             // -14
        CHECK(s.next(hc::attempt_outcome::success()).stop == hc::retry_stop::succeeded);
        CHECK(q.available() == 401 - 14 - 5);
    }
    {
        // A call that fails for good gives nothing back.
        hc::retry_strategy s(c, q, constant(0.0));
        CHECK(s.next(failed_with(500)).retry);
        CHECK(s.next(failed_with(403, "AccessDeniedException")).stop ==
              hc::retry_stop::not_retryable);
        CHECK(q.available() == 401 - 14 - 5 - 14);
    }
    // Refunds never overfill.
    hc::retry_quota full(500);
    hc::retry_strategy s(c, full, constant(0.0));
    s.next(hc::attempt_outcome::success());
    CHECK(full.available() == 500);
}

TEST_CASE("retry: the strategy honours x-amz-retry-after and injected randomness") {
    hc::retry_config c;
    hc::retry_quota q;
    hc::retry_strategy s(c, q, constant(0.0));
    auto o = failed_with(503, "SlowDown");
    o.retry_after = "3000";
    auto d = s.next(o);
    CHECK(d.retry);
    CHECK(d.delay == milliseconds(3000)); // backoff 0, clamp [0, 5000]
    o.retry_after = "60000";
    d = s.next(o);
    CHECK(d.retry);
    CHECK(d.delay == milliseconds(5000)); // backoff 0, at most 5 s more
    d = s.next(o);
    CHECK_FALSE(d.retry); // the third attempt was the last
    CHECK(d.stop == hc::retry_stop::max_attempts);

    hc::retry_strategy t(c, q, constant(1.0));
    o.retry_after = "1";
    CHECK(t.next(o).delay == milliseconds(1000)); // never below the computed backoff
    o.retry_after = "60000";
    CHECK(t.next(o).delay == milliseconds(2000 + 5000));

    // The same seed gives the same delays.
    hc::retry_config many;
    many.max_attempts = 6;
    hc::retry_quota q1, q2;
    hc::retry_strategy a(many, q1, hc::seeded_random(99));
    hc::retry_strategy b(many, q2, hc::seeded_random(99));
    for (int i = 0; i < 5; ++i) {
        const auto da = a.next(failed_with(502));
        const auto db = b.next(failed_with(502));
        CHECK(da.retry);
        CHECK(da.delay == db.delay);
    }
}

TEST_CASE("retry: amz-sdk-request header value") {
    CHECK(hc::amz_sdk_request(1, 3) == "attempt=1; max=3");
    CHECK(hc::amz_sdk_request(10, 10) == "attempt=10; max=10");
}

//----------------------------------------------------------------------------------------------
// Configuration

TEST_CASE("retry: configuration from the environment and the profile") {
    const hc::retry_settings none;
    auto c = hc::retry_config_from_environment(none, none);
    CHECK(c.max_attempts == 3);
    CHECK_FALSE(c.adaptive);
    CHECK(c.base_delay == milliseconds(50));
    CHECK(c.throttling_base_delay == milliseconds(1000));
    CHECK(c.max_backoff == milliseconds(20000));
    CHECK(c.quota == 500);
    CHECK(c.retry_cost == 14);
    CHECK(c.throttling_retry_cost == 5);

    hc::retry_settings env, profile;
    profile.max_attempts = "4";
    profile.retry_mode = "adaptive";
    c = hc::retry_config_from_environment(env, profile);
    CHECK(c.max_attempts == 4);
    CHECK(c.adaptive);

    env.max_attempts = " 7 ";
    env.retry_mode = "Standard";
    c = hc::retry_config_from_environment(env, profile);
    CHECK(c.max_attempts == 7);
    CHECK_FALSE(c.adaptive);

    env.retry_mode = "LEGACY";
    CHECK_FALSE(hc::retry_config_from_environment(env, profile).adaptive);

    // Empty means unset; an overridden bad value is not read.
    env.max_attempts = "";
    env.retry_mode = "";
    CHECK(hc::retry_config_from_environment(env, profile).max_attempts == 4);
    profile.max_attempts = "lots";
    env.max_attempts = "2";
    CHECK(hc::retry_config_from_environment(env, profile).max_attempts == 2);

    // The defaults passed in are kept where nothing overrides them.
    hc::retry_config dynamodb;
    dynamodb.max_attempts = 4;
    dynamodb.base_delay = milliseconds(25);
    c = hc::retry_config_from_environment(none, none, dynamodb);
    CHECK(c.max_attempts == 4);
    CHECK(c.base_delay == milliseconds(25));
}

TEST_CASE("retry: invalid settings are clear errors") {
    auto fails = [](const hc::retry_settings& env, const hc::retry_settings& profile,
                    const std::string& expected) {
        try {
            hc::retry_config_from_environment(env, profile);
            FAIL("accepted");
        } catch (const hc::error_with_diagnostics& e) {
            CHECK(e.code() == hc::errc::invalid_config);
            CHECK(e.get_diagnostics().client_message == expected);
        }
    };
    hc::retry_settings env, profile;
    env.retry_mode = "fast";
    fails(env, profile, "AWS_RETRY_MODE is 'fast', expected standard, legacy or adaptive");
    env = {};
    profile.retry_mode = "bogus";
    fails(env, profile,
          "retry_mode (shared config) is 'bogus', expected standard, legacy or adaptive");
    profile = {};
    for (const char* bad : {"0", "-1", "+3", "3.0", "three", "99999999999", "1 2"}) {
        CAPTURE(bad);
        env.max_attempts = bad;
        fails(env, profile,
              "AWS_MAX_ATTEMPTS is '" + std::string(bad) +
                  "', expected a whole number of at least 1");
    }
    env = {};
    profile.max_attempts = "0";
    fails(env, profile,
          "max_attempts (shared config) is '0', expected a whole number of at least 1");
    profile.max_attempts = std::string(100, '9');
    fails(env, profile,
          "max_attempts (shared config) is '" + std::string(64, '9') +
              "...', expected a whole number of at least 1");
}
