#include <hawk/core/auth/sigv4.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace auth = hawk::core::auth;
namespace http = hawk::core::http;
namespace fs = std::filesystem;
using std::chrono::system_clock;

namespace {

// The suite's fixed time, 2015-08-30T12:36:00Z.
const system_clock::time_point suite_time =
    system_clock::time_point(std::chrono::seconds(1440938160));

auth::credentials suite_credentials(std::string token = {}) {
    return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::move(token), {}};
}

std::string to_hex(const auth::signing_key& key) {
    std::string out;
    for (unsigned char b : key) {
        static constexpr char digits[] = "0123456789abcdef";
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string canonical_line(const std::string& creq, std::size_t index) {
    std::istringstream in(creq);
    std::string line;
    for (std::size_t i = 0; i <= index; ++i)
        std::getline(in, line);
    return line;
}

auth::signing_params params_at(system_clock::time_point t = suite_time) {
    return {"us-east-1", "service", t};
}

} // namespace

TEST_CASE("sigv4: a session token is added and signed") {
    http::request req;
    req.method = "POST";
    req.host = "participant.connect.us-west-2.amazonaws.com";
    req.path = "/participant/message";
    req.body = R"({"ContentType":"text/plain","Content":"Hello!"})";
    req.headers = {{"Content-Type", "application/json"}, {"X-Amz-Security-Token", "stale"}};
    const auth::credentials creds = suite_credentials("the-token");
    auth::signing_params params{"us-west-2", "execute-api", suite_time};

    const auth::signature_parts parts = auth::compute_signature(req, creds, params, nullptr);
    CHECK(parts.signed_headers == "content-type;host;x-amz-date;x-amz-security-token");
    CHECK(parts.canonical_request.find("\nx-amz-security-token:the-token\n") != std::string::npos);
    CHECK(parts.canonical_request.find("stale") == std::string::npos);
    CHECK(parts.string_to_sign.find("\n20150830/us-west-2/execute-api/aws4_request\n") !=
          std::string::npos);

    http::request signed_req = req;
    auth::sign(signed_req, creds, params);
    REQUIRE(signed_req.find_header("X-Amz-Security-Token"));
    CHECK(*signed_req.find_header("X-Amz-Security-Token") == "the-token");
    CHECK(std::count_if(signed_req.headers.begin(), signed_req.headers.end(), [](const auto& h) {
              return http::detail::iequals(h.name, "x-amz-security-token");
          }) == 1);
    CHECK(*signed_req.find_header("X-Amz-Date") == "20150830T123600Z");
    CHECK(*signed_req.find_header("Authorization") == parts.authorization);

    // Unsigned: still sent, but not part of the signature.
    params.sign_session_token = false;
    const auth::signature_parts after = auth::compute_signature(req, creds, params, nullptr);
    CHECK(after.signed_headers == "content-type;host;x-amz-date");
    http::request signed_after = req;
    auth::sign(signed_after, creds, params);
    CHECK(*signed_after.find_header("X-Amz-Security-Token") == "the-token");
    CHECK(*signed_after.find_header("Authorization") == after.authorization);

    // Without a session token an X-Amz-Security-Token header is an ordinary header.
    const auth::signature_parts none =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr);
    CHECK(none.signed_headers == "content-type;host;x-amz-date;x-amz-security-token");
    CHECK(none.canonical_request.find("\nx-amz-security-token:stale\n") != std::string::npos);
}

TEST_CASE("sigv4: the encoded path is encoded again, segment-wise") {
    http::request req;
    req.host = "example.amazonaws.com";
    // A label "arn:aws:connect/x y" (non-greedy, so '/' was encoded) and "ሴ", as the serializer
    // writes them.
    req.path = "/contact/arn%3Aaws%3Aconnect%2Fx%20y/%E1%88%B4";
    const auth::signature_parts parts =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr);
    CHECK(canonical_line(parts.canonical_request, 1) ==
          "/contact/arn%253Aaws%253Aconnect%252Fx%2520y/%25E1%2588%25B4");

    // Raw characters (what the suite's requests hold) are encoded once.
    req.path = "/a:b c/-._~";
    CHECK(canonical_line(auth::compute_signature(req, suite_credentials(), params_at(), nullptr)
                             .canonical_request,
                         1) == "/a%3Ab%20c/-._~");
}

TEST_CASE("sigv4: path normalization can be turned off") {
    http::request req;
    req.host = "example.amazonaws.com";
    req.path = "/a/./b/../c//d/";
    auth::signing_params params = params_at();
    CHECK(canonical_line(
              auth::compute_signature(req, suite_credentials(), params, nullptr).canonical_request,
              1) == "/a/c/d/");
    req.path = "/a/b/..";
    CHECK(canonical_line(
              auth::compute_signature(req, suite_credentials(), params, nullptr).canonical_request,
              1) == "/a");
    req.path = "";
    CHECK(canonical_line(
              auth::compute_signature(req, suite_credentials(), params, nullptr).canonical_request,
              1) == "/");
    params.normalize_path = false;
    req.path = "/a/./b/../c//d/";
    CHECK(canonical_line(
              auth::compute_signature(req, suite_credentials(), params, nullptr).canonical_request,
              1) == "/a/./b/../c//d/");
}

TEST_CASE("sigv4: canonical query") {
    http::request req;
    req.host = "example.amazonaws.com";
    req.query = "b=2&a=x%20y&a=1&&c&d=%2a&e=*&a-b=3&p=1+1";
    const auth::signature_parts parts =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr);
    // Sorted by key, then value; "a" before "a-b" although '=' sorts after '-'.
    CHECK(canonical_line(parts.canonical_request, 2) ==
          "a=1&a=x%20y&a-b=3&b=2&c=&d=%2A&e=%2A&p=1%2B1");
}

TEST_CASE("sigv4: which headers are signed") {
    http::request req;
    req.method = "put";
    req.host = "example.amazonaws.com";
    req.port = 8443;
    req.headers = {{"User-Agent", "hawk/0.1"},         {"Expect", "100-continue"},
                   {"X-Amzn-Trace-Id", "Root=1"},      {"Transfer-Encoding", "chunked"},
                   {"Connection", "keep-alive"},       {"Authorization", "old"},
                   {"X-Amz-Date", "19990101T000000Z"}, {"Content-Type", "application/json"},
                   {"X-Amz-User-Agent", "hawk"},       {"X-Amz-Target", "  a   b  "}};
    const auth::signature_parts parts =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr);
    CHECK(canonical_line(parts.canonical_request, 0) == "PUT");
    CHECK(parts.signed_headers == "content-type;host;x-amz-date;x-amz-target;x-amz-user-agent");
    CHECK(parts.canonical_request.find("\nhost:example.amazonaws.com:8443\n") != std::string::npos);
    CHECK(parts.canonical_request.find("\nx-amz-date:20150830T123600Z\n") != std::string::npos);
    CHECK(parts.canonical_request.find("\nx-amz-target:a b\n") != std::string::npos);

    http::request signed_req = req;
    auth::sign(signed_req, suite_credentials(), params_at());
    CHECK(*signed_req.find_header("Authorization") == parts.authorization);
    CHECK(*signed_req.find_header("X-Amz-Date") == "20150830T123600Z");
    CHECK(signed_req.headers.size() == req.headers.size()); // replaced in place, none added
    CHECK(*signed_req.find_header("User-Agent") == "hawk/0.1");

    // The scheme's default port is left out.
    req.port = 443;
    CHECK(auth::compute_signature(req, suite_credentials(), params_at(), nullptr)
              .canonical_request.find("\nhost:example.amazonaws.com\n") != std::string::npos);
}

TEST_CASE("sigv4: payload hash") {
    http::request req;
    req.host = "example.amazonaws.com";
    req.method = "POST";
    req.body = "Param1=value1";
    const auth::signature_parts parts =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr);
    CHECK(canonical_line(parts.canonical_request, 7) ==
          "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    req.headers = {{"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}};
    const auth::signature_parts unsigned_payload =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr);
    CHECK(canonical_line(unsigned_payload.canonical_request, 8) == "UNSIGNED-PAYLOAD");
    CHECK(unsigned_payload.signed_headers == "host;x-amz-content-sha256;x-amz-date");
}

TEST_CASE("sigv4: date, scope and bad input") {
    http::request req;
    req.host = "example.amazonaws.com";
    // 2024-02-29T23:59:59.999Z: fractions are dropped, not rounded.
    const auto t = system_clock::time_point(std::chrono::milliseconds(1709251199999));
    const auth::signature_parts parts =
        auth::compute_signature(req, suite_credentials(), {"eu-west-1", "wisdom", t}, nullptr);
    CHECK(canonical_line(parts.string_to_sign, 1) == "20240229T235959Z");
    CHECK(canonical_line(parts.string_to_sign, 2) == "20240229/eu-west-1/wisdom/aws4_request");

    CHECK_THROWS_AS(auth::compute_signature(req, {}, params_at(), nullptr), std::invalid_argument);
    CHECK_THROWS_AS(auth::compute_signature(req, suite_credentials(), {"", "connect", t}, nullptr),
                    std::invalid_argument);
}

TEST_CASE("sigv4: the signing key cache") {
    const std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    // AWS's documented example keys.
    CHECK(to_hex(auth::derive_signing_key(secret, "20120215", "us-east-1", "iam")) ==
          "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    CHECK(to_hex(auth::derive_signing_key(secret, "20150830", "us-east-1", "iam")) ==
          "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");

    auth::signing_key_cache cache(2);
    const auth::signing_key k1 = cache.get(secret, "20150830", "us-east-1", "iam");
    CHECK(k1 == auth::derive_signing_key(secret, "20150830", "us-east-1", "iam"));
    CHECK(cache.get(secret, "20150830", "us-east-1", "iam") == k1);
    CHECK(cache.size() == 1);
    CHECK(cache.hits() == 1);
    CHECK(cache.misses() == 1);
    CHECK(cache.get(secret, "20150831", "us-east-1", "iam") != k1);
    CHECK(cache.get("other", "20150830", "us-east-1", "iam") != k1);
    CHECK(cache.size() == 2); // bounded: the least recently used went
    CHECK(cache.get(secret, "20150830", "us-east-1", "iam") == k1);
    CHECK(cache.misses() == 4);
    cache.clear();
    CHECK(cache.size() == 0);

    // Signing through a cache gives the signature of a fresh derivation.
    http::request req;
    req.host = "example.amazonaws.com";
    CHECK(auth::compute_signature(req, suite_credentials(), params_at(), &cache).authorization ==
          auth::compute_signature(req, suite_credentials(), params_at(), nullptr).authorization);
}

TEST_CASE("sigv4: the signing key cache under concurrent use") {
    const char* const services[] = {"connect", "wisdom", "execute-api", "iam", "sts", "s3"};
    std::vector<auth::signing_key> expected;
    for (const char* service : services)
        expected.push_back(auth::derive_signing_key("secret", "20240101", "us-east-1", service));

    auth::signing_key_cache cache(4); // fewer slots than scopes: evictions race with lookups
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::size_t n = static_cast<std::size_t>(t + i) % std::size(services);
                if (cache.get("secret", "20240101", "us-east-1", services[n]) != expected[n])
                    ++wrong;
            }
        });
    for (std::thread& th : threads)
        th.join();
    CHECK(wrong == 0);
    CHECK(cache.size() <= 4);
    CHECK(cache.hits() + cache.misses() == 6 * 2000);

    // sign() from several threads through the process-wide cache agrees with itself.
    http::request req;
    req.host = "example.amazonaws.com";
    req.body = "{}";
    const std::string want =
        auth::compute_signature(req, suite_credentials(), params_at(), nullptr).authorization;
    std::atomic<int> mismatches{0};
    threads.clear();
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 500; ++i) {
                http::request r = req;
                auth::sign(r, suite_credentials(), params_at());
                if (*r.find_header("Authorization") != want)
                    ++mismatches;
            }
        });
    for (std::thread& th : threads)
        th.join();
    CHECK(mismatches == 0);
}
