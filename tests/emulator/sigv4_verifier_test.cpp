// The emulator's SigV4 check on requests signed by hawk's signer, then tampered with.

#include "emulator/services/sigv4_verifier.hpp"

#include <hawk/core/auth/sigv4.hpp>

#include <doctest/doctest.h>

#include <functional>

using hawk::core::http::request;
using hawk::emulator::api_error;
using hawk::emulator::sigv4_verifier;

namespace {

const hawk::core::auth::credentials creds{
    "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}, {}};
const auto signed_at = std::chrono::system_clock::time_point(std::chrono::seconds(1763900000));

request signed_request(std::string_view service = "connect",
                       const hawk::core::auth::credentials& by = creds) {
    request r;
    r.method = "POST";
    r.host = "127.0.0.1";
    r.port = 4580;
    r.path = "/contact/start-streaming";
    r.headers = {{"Host", "127.0.0.1:4580"}, {"Content-Type", "application/json"}};
    r.body = R"({"InstanceId":"i","ContactId":"c"})";
    hawk::core::auth::signing_params params;
    params.region = "us-east-1";
    params.service = service;
    params.time = signed_at;
    hawk::core::auth::sign(r, by, params);
    return r;
}

/// The error code verify() throws ("" when it accepts), with the message checked to hold `why`.
std::string refusal(const request& r, std::string_view why = "",
                    std::chrono::system_clock::time_point now = signed_at,
                    std::string_view service = "connect") {
    const sigv4_verifier verifier{{creds}};
    try {
        verifier.verify(r, service, now);
    } catch (const api_error& e) {
        CHECK_MESSAGE(std::string_view(e.what()).find(why) != std::string_view::npos, e.what());
        return e.code();
    }
    return "";
}

} // namespace

TEST_CASE("sigv4_verifier accepts what hawk's signer signs, and refuses what was changed") {
    const request good = signed_request();
    CHECK(refusal(good) == "");
    CHECK(refusal(good, "", signed_at + std::chrono::minutes(14)) == "");

    request tampered = good;
    tampered.body = R"({"InstanceId":"i","ContactId":"other"})";
    CHECK(refusal(tampered, "signature we calculated does not match") ==
          "InvalidSignatureException");
    tampered = good;
    tampered.set_header("Content-Type", "text/plain"); // a signed header
    CHECK(refusal(tampered) == "InvalidSignatureException");
    tampered = good;
    tampered.path = "/contact/stop-streaming";
    CHECK(refusal(tampered) == "InvalidSignatureException");
    tampered = good;
    tampered.headers.push_back({"X-Extra", "unsigned headers may change"});
    CHECK(refusal(tampered) == "");
}

TEST_CASE("sigv4_verifier: the errors AWS answers with") {
    const request good = signed_request();

    request none = good;
    std::erase_if(none.headers, [](const auto& h) { return h.name == "Authorization"; });
    CHECK(refusal(none, "Missing Authentication Token") == "MissingAuthenticationTokenException");

    request malformed = good;
    malformed.set_header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251123");
    CHECK(refusal(malformed, "SignedHeaders") == "IncompleteSignatureException");
    malformed.set_header("Authorization", "Bearer abc");
    CHECK(refusal(malformed, "AWS4-HMAC-SHA256") == "IncompleteSignatureException");

    const hawk::core::auth::credentials stranger{"AKIDSTRANGER", creds.secret_access_key, {}, {}};
    CHECK(refusal(signed_request("connect", stranger), "security token") ==
          "UnrecognizedClientException");
    const hawk::core::auth::credentials wrong_secret{"AKIDEXAMPLE", "not-the-secret", {}, {}};
    CHECK(refusal(signed_request("connect", wrong_secret), "does not match") ==
          "InvalidSignatureException");

    CHECK(refusal(signed_request("wisdom"), "scoped to correct service: 'connect'") ==
          "InvalidSignatureException");
    CHECK(refusal(good, "Signature expired", signed_at + std::chrono::minutes(16)) ==
          "InvalidSignatureException");
    CHECK(refusal(good, "Signature expired", signed_at - std::chrono::minutes(16)) ==
          "InvalidSignatureException");

    request other_day = good;
    other_day.set_header("X-Amz-Date", "20250101T000000Z");
    CHECK(refusal(other_day, "Date in Credential scope does not match",
                  std::chrono::system_clock::time_point(std::chrono::seconds(1735689600))) ==
          "InvalidSignatureException");
    request bad_date = good;
    bad_date.set_header("X-Amz-Date", "yesterday");
    CHECK(refusal(bad_date, "X-Amz-Date") == "IncompleteSignatureException");
}

TEST_CASE("sigv4_verifier: session tokens must be the accepted credentials' own") {
    const hawk::core::auth::credentials temporary{"ASIATEMP", "temp-secret", "the-session", {}};
    const sigv4_verifier verifier{{temporary}};
    request r = signed_request("connect", temporary);
    CHECK_NOTHROW(verifier.verify(r, "connect", signed_at));
    const hawk::core::auth::credentials other_session{"ASIATEMP", "temp-secret", "another", {}};
    request forged = signed_request("connect", other_session);
    CHECK_THROWS_AS(verifier.verify(forged, "connect", signed_at), api_error);
}
