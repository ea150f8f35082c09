#pragma once

// AWS Signature Version 4 for HTTP requests sent in headers (AWS4-HMAC-SHA256), the way the AWS
// SDKs sign every service but S3: the canonical URI is the request path (already percent-encoded
// once by the serializer) encoded a second time, after removing "." / ".." and empty segments.
//
// Signed headers: `host` plus every header of the request except those the AWS SDKs never sign
// because a proxy or the transport may change them: authorization, connection, expect,
// keep-alive, proxy-authorization, proxy-connection, te, trailer, transfer-encoding, upgrade,
// user-agent, x-amzn-trace-id. X-Amz-Date (and X-Amz-Security-Token when the credentials carry a
// session token) are set by the signer, replacing any value already in the request.
//
// The bodies are in impl/sigv4.ipp (OpenSSL stays out of this header).

#include <hawk/core/auth/credentials.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/http/message.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::core::auth {

struct signing_params {
    std::string_view region;  ///< e.g. "us-east-1"
    std::string_view service; ///< the signing name, e.g. "connect", "wisdom"
    std::chrono::system_clock::time_point time;
    /// Remove "." and ".." segments and collapse empty segments of the path before encoding it,
    /// as every service but S3 expects (botocore's SigV4Auth; its S3 signer turns it off).
    bool normalize_path = true;
    /// Sign X-Amz-Security-Token (what the AWS SDKs do). False adds it after signing, unsigned,
    /// for the few services that want it so.
    bool sign_session_token = true;
};

/// The pieces of a signature, for tests and debugging.
struct signature_parts {
    std::string canonical_request;
    std::string string_to_sign;
    std::string authorization;  ///< the whole Authorization header value
    std::string signed_headers; ///< "host;x-amz-date"
    std::string signature;      ///< 64 lowercase hex digits
};

/// kSigning = HMAC chain over "AWS4" + secret, date, region, service, "aws4_request".
using signing_key = std::array<unsigned char, 32>;

/// Derives the signing key afresh; `date` is YYYYMMDD.
HAWK_DECL signing_key derive_signing_key(std::string_view secret_access_key, std::string_view date,
                                         std::string_view region, std::string_view service);

/// Derived signing keys per (secret, date, region, service), as the AWS SDKs keep them: a
/// signature then costs one HMAC instead of five. Thread-safe; holds at most `capacity` keys and
/// evicts the least recently used. Secrets and keys are wiped when dropped.
class signing_key_cache {
public:
    static constexpr std::size_t default_capacity = 32;

    explicit signing_key_cache(std::size_t capacity = default_capacity) : capacity_(capacity) {}
    signing_key_cache(const signing_key_cache&) = delete;
    signing_key_cache& operator=(const signing_key_cache&) = delete;
    ~signing_key_cache() { clear(); }

    /// The key for that scope, derived on a miss. `date` is YYYYMMDD.
    HAWK_DECL signing_key get(std::string_view secret_access_key, std::string_view date,
                              std::string_view region, std::string_view service);

    std::size_t size() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return entries_.size();
    }
    std::size_t capacity() const noexcept { return capacity_; }
    std::uint64_t hits() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return hits_;
    }
    std::uint64_t misses() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return misses_;
    }
    HAWK_DECL void clear();

    /// The cache sign() and compute_signature() use unless given another.
    HAWK_DECL static signing_key_cache& process_wide();

private:
    struct entry {
        std::string secret, date, region, service;
        signing_key key;
        std::uint64_t last_used = 0;
    };

    mutable std::mutex mutex_;
    std::vector<entry> entries_;
    std::size_t capacity_;
    std::uint64_t tick_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

/// The canonical request, string to sign and Authorization value for `req` as sign() would send
/// it: X-Amz-Date from params.time and the session token of `creds` are taken into account even
/// though `req` does not carry them yet. `cache` null: derive the key without caching.
/// Throws std::invalid_argument when the access key, secret, region or service is empty.
HAWK_DECL signature_parts
compute_signature(const http::request& req, const credentials& creds, const signing_params& params,
                  signing_key_cache* cache = &signing_key_cache::process_wide());

/// Signs in place: sets X-Amz-Date, X-Amz-Security-Token (when the credentials have a session
/// token) and Authorization. The host comes from a Host header if the request has one, else from
/// req.host and req.port; the payload hash is the SHA-256 of req.body, or the value of an
/// X-Amz-Content-Sha256 header (e.g. UNSIGNED-PAYLOAD) when present.
HAWK_DECL void sign(http::request& req, const credentials& creds, const signing_params& params,
                    signing_key_cache* cache = &signing_key_cache::process_wide());

} // namespace hawk::core::auth

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/sigv4.ipp>
#endif
