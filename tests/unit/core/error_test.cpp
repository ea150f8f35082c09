#include <hawk/core/error.hpp>

#include <boost/system/errc.hpp>

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace hc = hawk::core;

namespace {

hc::http::response response(int status, std::vector<hc::http::header> headers, std::string body) {
    hc::http::response r;
    r.status = status;
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

} // namespace

TEST_CASE("error: parse_error reads the code from x-amzn-ErrorType before the body") {
    auto r = response(400, {{"X-Amzn-Errortype", "ThrottlingException"}},
                      R"({"code":"BodyCode","__type":"TypeCode","message":"Rate exceeded"})");
    const auto info = hc::parse_error(r);
    CHECK(info.code == "ThrottlingException");
    CHECK(info.message == "Rate exceeded");
}

TEST_CASE("error: parse_error falls back to code, Code, then __type") {
    CHECK(hc::parse_error(response(400, {}, R"({"__type":"T","code":"C"})")).code == "C");
    CHECK(hc::parse_error(response(400, {}, R"({"__type":"T","Code":"C2"})")).code == "C2");
    CHECK(hc::parse_error(response(400, {}, R"({"__type":"T"})")).code == "T");
    // Non-string or empty members are skipped.
    CHECK(hc::parse_error(response(400, {}, R"({"code":42,"__type":"T"})")).code == "T");
    CHECK(hc::parse_error(response(400, {}, R"({"code":"","__type":"T"})")).code == "T");
    // An empty header defers to the body.
    CHECK(hc::parse_error(response(400, {{"x-amzn-ErrorType", " "}}, R"({"code":"C"})")).code ==
          "C");
}

TEST_CASE("error: parse_error strips namespaces and suffixes") {
    const std::pair<std::string, std::string> cases[] = {
        {"FooError", "FooError"},
        {"aws.protocoltests.restjson#FooError", "FooError"},
        {"FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
         "com.amazon.coral.validate/",
         "FooError"},
        {"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
         "ProvisionedThroughputExceededException"},
        {"  SlowDown  ", "SlowDown"},
    };
    for (const auto& c : cases) {
        const std::string& raw = c.first; // not a structured binding: CAPTURE takes it in a lambda
        const std::string& code = c.second;
        CAPTURE(raw);
        CHECK(hc::parse_error(response(400, {{"x-amzn-errortype", raw}}, "")).code == code);
        const std::string body = R"({"__type":")" + raw + R"("})";
        CHECK(hc::parse_error(response(400, {}, body)).code == code);
    }
}

TEST_CASE("error: parse_error reads message, Message or errorMessage") {
    CHECK(hc::parse_error(response(400, {}, R"({"message":"a","Message":"b"})")).message == "a");
    CHECK(hc::parse_error(response(400, {}, R"({"Message":"b","errorMessage":"c"})")).message ==
          "b");
    CHECK(hc::parse_error(response(400, {}, R"({"errorMessage":"c"})")).message == "c");
    CHECK(hc::parse_error(response(400, {}, R"({"message":null,"Message":"b"})")).message == "b");
    CHECK(hc::parse_error(response(400, {}, R"({"__type":"X"})")).message.empty());
}

TEST_CASE("error: parse_error survives bodies that are not JSON objects") {
    const std::string html = "<html><head><title>502 Bad Gateway</title></head>"
                             "<body><center><h1>502 Bad Gateway</h1></center></body></html>";
    const char* bodies[] = {"",           "   \r\n",  "{",    "{\"code\":",
                            "[\"code\"]", "\"code\"", "null", "{\"code\":\"X\"} trailing",
                            "\xff\xfe"};
    for (const char* body : bodies) {
        CAPTURE(body);
        const auto info = hc::parse_error(response(500, {}, body));
        CHECK(info.code.empty());
        CHECK(info.message.empty());
    }
    const auto info = hc::parse_error(response(502, {{"Content-Type", "text/html"}}, html));
    CHECK(info.code.empty());
    CHECK(info.message.empty());
    // The header still counts when the body is junk.
    CHECK(hc::parse_error(response(503, {{"x-amzn-ErrorType", "ServiceUnavailable"}}, html)).code ==
          "ServiceUnavailable");
}

TEST_CASE("error: request_id prefers x-amzn-RequestId") {
    CHECK(hc::request_id(response(200, {{"x-amz-request-id", "s3"}, {"X-Amzn-RequestId", "json"}},
                                  "")) == "json");
    CHECK(hc::request_id(response(200, {{"x-amz-request-id", "s3"}}, "")) == "s3");
    CHECK(hc::request_id(response(200, {}, "")).empty());
}

TEST_CASE("error: service_diagnostics gathers status, request id, code and message") {
    const auto d = hc::service_diagnostics(
        response(429, {{"x-amzn-RequestId", "1b2c-3d"}},
                 R"({"__type":"com.amazon#TooManyRequestsException","message":"slow down"})"));
    CHECK(d.http_status == 429);
    CHECK(d.request_id == "1b2c-3d");
    CHECK(d.error_code == "TooManyRequestsException");
    CHECK(d.message == "slow down");
    CHECK(d.attempts == 0);
}

TEST_CASE("error: the hawk category names itself and every code") {
    const boost::system::error_category& cat = hc::hawk_category();
    CHECK(std::string(cat.name()) == "hawk");

    const std::pair<hc::errc, const char*> messages[] = {
        {hc::errc::validation_failed, "the request is not valid"},
        {hc::errc::serialize_failed, "the request could not be serialized"},
        {hc::errc::parse_failed, "the response could not be parsed"},
        {hc::errc::no_credentials, "no credentials were found"},
        {hc::errc::no_region, "no region is configured"},
        {hc::errc::endpoint_failed, "the endpoint could not be resolved"},
        {hc::errc::timeout, "the operation timed out"},
        {hc::errc::response_too_large, "the response is too large"},
        {hc::errc::service_error, "the service returned an error"},
        {hc::errc::unexpected_status, "the service returned an unexpected HTTP status"},
        {hc::errc::retry_quota_exceeded, "the retry quota is exhausted"},
        {hc::errc::tls_failed, "the TLS handshake failed"},
        {hc::errc::connection_failed, "the connection failed"},
        {hc::errc::invalid_config, "the configuration is invalid"},
        {hc::errc::pagination_token_repeated,
         "the service returned the same pagination token twice"},
        {hc::errc::waiter_failure_state, "the waiter reached a failure state"},
        {hc::errc::waiter_timed_out, "the waiter timed out"},
    };
    for (const auto& [e, text] : messages) {
        const boost::system::error_code ec = e; // is_error_code_enum
        CHECK(ec.failed());
        CHECK(&ec.category() == &cat);
        CHECK(ec.value() == static_cast<int>(e));
        CHECK(ec.message() == text);
    }
    CHECK(hc::make_error_code(hc::errc::validation_failed).value() == 1);
    CHECK(cat.message(999) == "unknown hawk error 999");
    CHECK(hc::make_error_code(hc::errc::service_error) == hc::errc::service_error);
    CHECK(hc::make_error_code(hc::errc::service_error) != hc::errc::parse_failed);
    // A hawk timeout is a timeout to generic code.
    CHECK(hc::make_error_code(hc::errc::timeout) == boost::system::errc::timed_out);
    CHECK(hc::make_error_code(hc::errc::waiter_timed_out) == boost::system::errc::timed_out);
    CHECK(hc::make_error_code(hc::errc::waiter_failure_state) != boost::system::errc::timed_out);
    CHECK(hc::make_error_code(hc::errc::tls_failed) != boost::system::errc::timed_out);
}

TEST_CASE("error: error_with_diagnostics carries the diagnostics, not the server's message") {
    hc::diagnostics d;
    d.http_status = 400;
    d.request_id = "abc-123";
    d.error_code = "ThrottlingException";
    d.message = "secret value 'hunter2' rejected\n\x1b[31m";
    d.client_message = "SendMessage failed";
    d.attempts = 3;
    try {
        throw hc::error_with_diagnostics(hc::errc::service_error, d);
    } catch (const boost::system::system_error& e) {
        CHECK(e.code() == hc::errc::service_error);
        const auto* with = dynamic_cast<const hc::error_with_diagnostics*>(&e);
        REQUIRE(with != nullptr);
        const hc::diagnostics& got = with->get_diagnostics();
        CHECK(got.http_status == 400);
        CHECK(got.request_id == "abc-123");
        CHECK(got.error_code == "ThrottlingException");
        CHECK(got.message == d.message);
        CHECK(got.client_message == "SendMessage failed");
        CHECK(got.attempts == 3);
        CHECK(std::string(e.what()) ==
              "SendMessage failed, HTTP 400, ThrottlingException, request id abc-123, after 3 "
              "attempts: the service returned an error [hawk:9]");
    }
}

TEST_CASE("error: what() leaves out server text that does not look like an identifier") {
    hc::diagnostics d;
    d.error_code = "Bad Code\n";
    d.request_id = std::string(200, 'a');
    CHECK(std::string(hc::error_with_diagnostics(hc::errc::unexpected_status, d).what()) ==
          "the service returned an unexpected HTTP status [hawk:10]");

    hc::diagnostics v;
    v.client_message = "2 validation errors";
    v.violations = "A.B: is required but missing\nA.C: length 0 is below the minimum of 1\n";
    CHECK(std::string(hc::error_with_diagnostics(hc::errc::validation_failed, v).what()) ==
          "2 validation errors, A.B: is required but missing; A.C: length 0 is below the minimum "
          "of 1: the request is not valid [hawk:1]");
}
