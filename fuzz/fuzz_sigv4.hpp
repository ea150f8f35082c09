#pragma once

// fuzz_sigv4: SigV4 canonicalization and signing of any request. Signing never fails, gives a
// 64-digit hex signature, and is deterministic (twice, with and without the key cache).
//
// Framing (support/framing.hpp):
//   options      letters: n = normalize_path off, s = sign_session_token off, t = a session token
//   region
//   service
//   method
//   path
//   query
//   Name: value  headers, up to an empty line
//   body...

#include "support/framing.hpp"

#include <hawk/core/auth/sigv4.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hawk::fuzz {

inline void run_fuzz_sigv4(const std::uint8_t* data, std::size_t size) {
    using namespace core;
    reader in(data, size);
    const std::string_view options = in.line();
    const std::string region(in.line());
    const std::string service(in.line());
    http::request req;
    req.method = std::string(in.line());
    req.scheme = "https";
    req.path = std::string(in.line());
    req.query = std::string(in.line());
    req.headers = in.headers();
    req.body = std::string(in.rest());
    if (req.find_header("host") == nullptr)
        req.host = "example.amazonaws.com";

    auth::credentials creds;
    creds.access_key_id = "AKIDEXAMPLE";
    creds.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    if (options.find('t') != std::string_view::npos)
        creds.session_token =
            "AQoDYXdzEPT//////////"
            "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8"
            "YUuwthAx7mSEI/qkPpKPi/"
            "kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6f"
            "E8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
            "scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    auth::signing_params params;
    params.region = region;
    params.service = service;
    params.time = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));
    params.normalize_path = options.find('n') == std::string_view::npos;
    params.sign_session_token = options.find('s') == std::string_view::npos;

    // Documented: an empty region or service is std::invalid_argument (sigv4.hpp).
    if (region.empty() || service.empty()) {
        try {
            (void)auth::compute_signature(req, creds, params, nullptr);
        } catch (const std::invalid_argument&) {
            return;
        }
        fail("signing with an empty region or service did not throw invalid_argument");
    }

    const auth::signature_parts once = auth::compute_signature(req, creds, params, nullptr);
    auth::signing_key_cache cache;
    const auth::signature_parts twice = auth::compute_signature(req, creds, params, &cache);
    const auth::signature_parts cached = auth::compute_signature(req, creds, params, &cache);
    if (once.canonical_request != twice.canonical_request ||
        once.authorization != twice.authorization || once.authorization != cached.authorization)
        fail("signing the same request twice gave different results", once.canonical_request);
    if (once.signature.size() != 64 ||
        once.signature.find_first_not_of("0123456789abcdef") != std::string::npos)
        fail("a signature that is not 64 lowercase hex digits", once.signature);
    if (once.authorization.find(once.signature) == std::string::npos)
        fail("an Authorization header without the signature", once.authorization);

    http::request a = req, b = req;
    auth::sign(a, creds, params, nullptr);
    auth::sign(b, creds, params, &cache);
    const std::string* auth_a = a.find_header("Authorization");
    const std::string* auth_b = b.find_header("Authorization");
    if (!auth_a || !auth_b || *auth_a != *auth_b)
        fail("sign() is not deterministic or adds no Authorization header");
}

} // namespace hawk::fuzz
