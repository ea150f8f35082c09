// SigV4: signing a typical connect request, beside OpenSSL's own work for the same bytes.

#include "data.hpp"

#include <hawk/connect/operations/start_contact_streaming.hpp>
#include <hawk/core/auth/sigv4.hpp>

#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace {

using namespace hawk;

// 2025-01-15T10:30:00Z: a fixed signing time, so every run signs the same bytes.
constexpr std::chrono::system_clock::time_point signing_time{std::chrono::seconds(1736937000)};

struct signing_case {
    core::http::request request;
    std::size_t header_count = 0; // before signing
    core::auth::credentials creds;
    core::auth::signing_params params;
};

// A StartContactStreaming call as the client sends it: serialized by the generated operation,
// the endpoint applied, the client's standard headers added; temporary credentials, as a role
// gives them.
const signing_case& connect_case() {
    static const signing_case c = [] {
        hawk_bench::rng r(0x5167'0004);
        signing_case s;
        connect::StartContactStreamingRequest input;
        input.instance_id = r.uuid();
        input.contact_id = r.uuid();
        input.chat_streaming_configuration.streaming_endpoint_arn =
            "arn:aws:sns:us-east-1:123456789012:connect-chat-stream-" + r.uuid();
        input.client_token = r.uuid();
        s.request = connect::operations::StartContactStreaming::serialize(input);
        s.request.host = "connect.us-east-1.amazonaws.com";
        s.request.headers.push_back({"User-Agent", "hawk/0.1.0 hawk-cpp api/Connect#2017-08-08"});
        s.request.headers.push_back({"amz-sdk-invocation-id", r.uuid()});
        s.request.headers.push_back({"amz-sdk-request", "attempt=1; max=3"});
        s.header_count = s.request.headers.size();
        s.creds.access_key_id = "ASIAQEXAMPLE7KQ2ZT4M";
        s.creds.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        s.creds.session_token = std::string("IQoJb3JpZ2luX2VjE") + std::string(600, 'A') + "==";
        s.params.region = "us-east-1";
        s.params.service = "connect";
        s.params.time = signing_time;
        return s;
    }();
    return c;
}

void sign_loop(benchmark::State& state, core::auth::signing_key_cache* cache) {
    const signing_case& c = connect_case();
    core::http::request req = c.request;
    core::auth::sign(req, c.creds, c.params, cache); // warms the key cache and the scratch
    const core::auth::signature_parts parts =
        core::auth::compute_signature(c.request, c.creds, c.params);
    const std::size_t hashed =
        req.body.size() + parts.canonical_request.size() + parts.string_to_sign.size();
    hawk_bench::measure(state, hashed, [&] {
        req.headers.resize(c.header_count); // as the client's fresh copy of each attempt
        core::auth::sign(req, c.creds, c.params, cache);
        benchmark::DoNotOptimize(req.headers.back().value.data());
    });
}

void sign_connect(benchmark::State& state) {
    sign_loop(state, &core::auth::signing_key_cache::process_wide());
}

/// For information: the key derived on every signature (four more HMACs).
void sign_connect_uncached_key(benchmark::State& state) {
    sign_loop(state, nullptr);
}

/// The floor: what OpenSSL must do for that signature whoever calls it, with contexts kept and
/// reinitialized as the best code would: SHA-256 of the payload, SHA-256 of the canonical
/// request, one HMAC-SHA256 of the string to sign with the derived key.
void floor_hmac_chain(benchmark::State& state) {
    const signing_case& c = connect_case();
    const core::auth::signature_parts parts =
        core::auth::compute_signature(c.request, c.creds, c.params);
    const core::auth::signing_key key = core::auth::derive_signing_key(
        c.creds.secret_access_key, "20250115", c.params.region, c.params.service);
    const std::string& body = c.request.body;
    const std::string& creq = parts.canonical_request;
    const std::string& sts = parts.string_to_sign;

    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MD_CTX* md_ctx = EVP_MD_CTX_new();
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* mac_ctx = EVP_MAC_CTX_new(mac);
    char digest_name[] = "SHA256";
    const OSSL_PARAM mac_params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    if (!md || !md_ctx || !mac_ctx || EVP_MAC_CTX_set_params(mac_ctx, mac_params) != 1)
        throw std::runtime_error("OpenSSL has no SHA-256 or HMAC");

    unsigned char out[3][32];
    hawk_bench::measure(state, body.size() + creq.size() + sts.size(), [&] {
        unsigned int size = 0;
        EVP_DigestInit_ex2(md_ctx, md, nullptr);
        EVP_DigestUpdate(md_ctx, body.data(), body.size());
        EVP_DigestFinal_ex(md_ctx, out[0], &size);
        EVP_DigestInit_ex2(md_ctx, md, nullptr);
        EVP_DigestUpdate(md_ctx, creq.data(), creq.size());
        EVP_DigestFinal_ex(md_ctx, out[1], &size);
        std::size_t mac_size = 0;
        EVP_MAC_init(mac_ctx, key.data(), key.size(), nullptr);
        EVP_MAC_update(mac_ctx, reinterpret_cast<const unsigned char*>(sts.data()), sts.size());
        EVP_MAC_final(mac_ctx, out[2], &mac_size, sizeof out[2]);
        benchmark::DoNotOptimize(out);
    });
    EVP_MAC_CTX_free(mac_ctx);
    EVP_MAC_free(mac);
    EVP_MD_CTX_free(md_ctx);
    EVP_MD_free(md);
}

} // namespace

BENCHMARK(sign_connect)->Name("sigv4/sign_connect");
BENCHMARK(sign_connect_uncached_key)->Name("sigv4/sign_connect_uncached_key");
BENCHMARK(floor_hmac_chain)->Name("sigv4/floor_hmac_chain");
