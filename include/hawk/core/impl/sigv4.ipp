#pragma once

#include <hawk/core/auth/sigv4.hpp>
#include <hawk/core/timestamp.hpp>
#include <hawk/core/uri.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace hawk::core::auth {

namespace detail {

//----------------------------------------------------------------------------------------------
// SHA-256 and HMAC-SHA256 on per-thread OpenSSL contexts: OpenSSL 3 fetches the algorithm and
// allocates a context on every one-shot call (HMAC(), EVP_Digest()), which would dominate the cost
// of a signature. A thread keeps its contexts and reinitializes them.

class crypto_context {
public:
    crypto_context() {
        md_ = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        md_ctx_ = EVP_MD_CTX_new();
        mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        mac_ctx_ = mac_ ? EVP_MAC_CTX_new(mac_) : nullptr;
        if (mac_ctx_) {
            char digest[] = "SHA256";
            const OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                OSSL_PARAM_construct_end()};
            if (EVP_MAC_CTX_set_params(mac_ctx_, params) != 1) {
                EVP_MAC_CTX_free(mac_ctx_);
                mac_ctx_ = nullptr;
            }
        }
    }
    ~crypto_context() {
        EVP_MAC_CTX_free(mac_ctx_);
        EVP_MAC_free(mac_);
        EVP_MD_CTX_free(md_ctx_);
        EVP_MD_free(md_);
    }
    crypto_context(const crypto_context&) = delete;
    crypto_context& operator=(const crypto_context&) = delete;

    void sha256(std::string_view data, unsigned char (&out)[32]) {
        unsigned int size = 0;
        if (!md_ || !md_ctx_ || EVP_DigestInit_ex2(md_ctx_, md_, nullptr) != 1 ||
            EVP_DigestUpdate(md_ctx_, data.data(), data.size()) != 1 ||
            EVP_DigestFinal_ex(md_ctx_, out, &size) != 1 || size != 32)
            throw std::runtime_error("hawk sigv4: SHA-256 failed in OpenSSL");
    }

    void hmac(const unsigned char* key, std::size_t key_size, std::string_view data,
              unsigned char (&out)[32]) {
        std::size_t size = 0;
        if (!mac_ctx_ || EVP_MAC_init(mac_ctx_, key, key_size, nullptr) != 1 ||
            EVP_MAC_update(mac_ctx_, reinterpret_cast<const unsigned char*>(data.data()),
                           data.size()) != 1 ||
            EVP_MAC_final(mac_ctx_, out, &size, 32) != 1 || size != 32)
            throw std::runtime_error("hawk sigv4: HMAC-SHA256 failed in OpenSSL");
    }

    static crypto_context& this_thread() {
        thread_local crypto_context context;
        return context;
    }

private:
    EVP_MD* md_ = nullptr;
    EVP_MD_CTX* md_ctx_ = nullptr;
    EVP_MAC* mac_ = nullptr;
    EVP_MAC_CTX* mac_ctx_ = nullptr;
};

// n <= 32
inline void append_hex(std::string& out, const unsigned char* bytes, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    char buf[64];
    for (std::size_t i = 0; i < n; ++i) {
        buf[2 * i] = digits[bytes[i] >> 4];
        buf[2 * i + 1] = digits[bytes[i] & 15];
    }
    out.append(buf, 2 * n);
}

//----------------------------------------------------------------------------------------------
// Canonical request

using uri::append_encoded;
using uri::append_percent_encoded;

inline int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Decodes %XX escapes and encodes the result in one pass, so that "%2a", "*" and "%2A" all sign
// as "%2A". A '%' not followed by two hex digits is taken literally; '+' is a literal plus (RFC
// 3986; hawk's serializers never put a raw '+' in a query).
inline void append_reencoded(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                c = static_cast<unsigned char>(hi * 16 + lo);
                i += 2;
            }
        }
        append_percent_encoded(out, c);
    }
}

inline void append_canonical_uri(std::string& out, std::string_view path, bool normalize) {
    const std::size_t start = out.size();
    std::size_t pos = 0;
    if (!path.empty() && path.front() == '/')
        pos = 1;
    if (!normalize) {
        out += '/';
        append_encoded(out, path.substr(pos), true);
        return;
    }
    // RFC 3986 remove_dot_segments, and empty segments go too, as botocore does. Every kept
    // segment is written as '/' + encoded text, so ".." drops back to the last '/'.
    while (pos <= path.size()) {
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos)
            end = path.size();
        const std::string_view segment = path.substr(pos, end - pos);
        if (segment == "..") {
            if (out.size() > start)
                out.resize(out.rfind('/'));
        } else if (!segment.empty() && segment != ".") {
            out += '/';
            append_encoded(out, segment);
        }
        pos = end + 1;
    }
    if (out.size() == start)
        out += '/';
    else if (path.back() == '/')
        out += '/';
}

struct query_param {
    std::string text; // "key=value", both encoded
    std::size_t key_size = 0;
};

struct canonical_header {
    std::string name; // lowercase
    std::string_view value;
    std::size_t order = 0; // values of one name keep the request's order
};

// Reused buffers of one thread, so that signing allocates only when a request is bigger than
// any before it.
struct scratch {
    std::vector<query_param> params;
    std::vector<canonical_header> headers;
    std::string host;
};

inline void append_canonical_query(std::string& out, std::string_view query, scratch& s) {
    std::size_t count = 0;
    std::size_t pos = 0;
    while (pos < query.size()) {
        std::size_t end = query.find('&', pos);
        if (end == std::string_view::npos)
            end = query.size();
        const std::string_view pair = query.substr(pos, end - pos);
        pos = end + 1;
        if (pair.empty())
            continue;
        if (count == s.params.size())
            s.params.emplace_back();
        query_param& p = s.params[count++];
        p.text.clear();
        const std::size_t eq = pair.find('=');
        append_reencoded(p.text, pair.substr(0, eq));
        p.key_size = p.text.size();
        p.text += '=';
        if (eq != std::string_view::npos)
            append_reencoded(p.text, pair.substr(eq + 1));
    }
    // By encoded key, then by encoded value (byte order).
    std::sort(s.params.begin(), s.params.begin() + static_cast<std::ptrdiff_t>(count),
              [](const query_param& a, const query_param& b) {
                  const std::string_view ak(a.text.data(), a.key_size);
                  const std::string_view bk(b.text.data(), b.key_size);
                  if (ak != bk)
                      return ak < bk;
                  return std::string_view(a.text).substr(a.key_size + 1) <
                         std::string_view(b.text).substr(b.key_size + 1);
              });
    for (std::size_t i = 0; i < count; ++i) {
        if (i != 0)
            out += '&';
        out += s.params[i].text;
    }
}

inline bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The position of the first white space at or after `i`, or value.size(). White space is at most
// ' ' (0x20): eight bytes at a time, only a word holding such a byte is looked at byte by byte
// (a session token is hundreds of bytes without any).
inline std::size_t find_space(std::string_view value, std::size_t i) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const char* const p = value.data();
    const std::size_t n = value.size();
    while (true) {
        for (; i + 8 <= n; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w - ones * 0x21) & ~w & highs)
                break;
        }
        const std::size_t stop = std::min(n, i + 8);
        for (; i < stop; ++i)
            if (is_space(p[i]))
                return i;
        if (i == n)
            return n;
    }
}

// Trimmed, with inner runs of white space collapsed to one space; words are appended whole.
inline void append_trimmed(std::string& out, std::string_view value) {
    std::size_t i = 0;
    bool first = true;
    while (true) {
        while (i < value.size() && is_space(value[i]))
            ++i;
        if (i == value.size())
            return;
        const std::size_t j = find_space(value, i);
        if (!first)
            out += ' ';
        first = false;
        out.append(value.data() + i, j - i);
        i = j;
    }
}

// Headers that proxies and transports add, drop or rewrite, so the AWS SDKs never sign them;
// the ones the signer sets itself are replaced.
inline bool is_unsigned_header(std::string_view lower_name) noexcept {
    static constexpr std::string_view names[] = {
        "authorization",       "connection",       "expect",     "keep-alive",
        "proxy-authorization", "proxy-connection", "te",         "trailer",
        "transfer-encoding",   "upgrade",          "user-agent", "x-amzn-trace-id",
        "x-amz-date"};
    for (const std::string_view n : names)
        if (n == lower_name)
            return true;
    return false;
}

inline void append_host(std::string& out, const http::request& req) {
    const bool ipv6 = req.host.find(':') != std::string::npos && req.host.front() != '[';
    if (ipv6)
        out += '[';
    out += req.host;
    if (ipv6)
        out += ']';
    const std::uint16_t default_port = req.scheme == "http" ? 80 : 443;
    if (req.port != 0 && req.port != default_port) {
        out += ':';
        out += std::to_string(req.port);
    }
}

// "20150830T123600Z"
inline void format_amz_date(std::chrono::system_clock::time_point t, char (&out)[16]) {
    const std::int64_t secs = hawk::core::detail::split(t).seconds;
    const std::int64_t days = hawk::core::detail::floor_div(secs, 86400);
    const std::int64_t sod = secs - days * 86400;
    const auto c = hawk::core::detail::civil_from_days(days);
    if (c.year < 0 || c.year > 9999)
        throw std::invalid_argument("hawk sigv4: signing time outside years 0000..9999");
    char* p = hawk::core::detail::put_digits(out, static_cast<std::uint64_t>(c.year), 4);
    p = hawk::core::detail::put_digits(p, c.month, 2);
    p = hawk::core::detail::put_digits(p, c.day, 2);
    *p++ = 'T';
    p = hawk::core::detail::put_digits(p, static_cast<std::uint64_t>(sod / 3600), 2);
    p = hawk::core::detail::put_digits(p, static_cast<std::uint64_t>(sod / 60 % 60), 2);
    p = hawk::core::detail::put_digits(p, static_cast<std::uint64_t>(sod % 60), 2);
    *p = 'Z';
}

inline void wipe(std::string& s) {
    if (!s.empty())
        OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

// Fills `parts` (reusing its buffers) and `amz_date`.
inline void compute(const http::request& req, const credentials& creds,
                    const signing_params& params, signing_key_cache* cache, scratch& s,
                    signature_parts& parts, char (&amz_date)[16]) {
    if (creds.access_key_id.empty() || creds.secret_access_key.empty())
        throw std::invalid_argument("hawk sigv4: credentials without access key id or secret");
    if (params.region.empty() || params.service.empty())
        throw std::invalid_argument("hawk sigv4: signing region or service is empty");

    format_amz_date(params.time, amz_date);
    const std::string_view date_time(amz_date, 16);
    const std::string_view date = date_time.substr(0, 8);
    const bool has_token = !creds.session_token.empty();

    // Headers to sign: the request's, minus the unsigned ones, plus what the signer sets.
    std::size_t count = 0;
    const auto add = [&](std::string_view name, std::string_view value) -> canonical_header& {
        if (count == s.headers.size())
            s.headers.emplace_back();
        canonical_header& h = s.headers[count];
        h.name.assign(name);
        h.value = value;
        h.order = count++;
        return h;
    };
    bool has_host = false;
    std::string_view payload_hash;
    for (const http::header& header : req.headers) {
        canonical_header& h = add(header.name, header.value);
        for (char& c : h.name)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        if (is_unsigned_header(h.name) || (has_token && h.name == "x-amz-security-token")) {
            --count;
            continue;
        }
        if (h.name == "host")
            has_host = true;
        else if (h.name == "x-amz-content-sha256" && payload_hash.empty())
            payload_hash = header.value;
    }
    if (!has_host) {
        s.host.clear();
        append_host(s.host, req);
        add("host", s.host);
    }
    add("x-amz-date", date_time);
    if (has_token && params.sign_session_token)
        add("x-amz-security-token", creds.session_token);
    std::sort(s.headers.begin(), s.headers.begin() + static_cast<std::ptrdiff_t>(count),
              [](const canonical_header& a, const canonical_header& b) {
                  if (a.name != b.name)
                      return a.name < b.name;
                  return a.order < b.order;
              });

    std::string& creq = parts.canonical_request;
    creq.clear();
    std::size_t estimate =
        160 + 3 * (req.path.size() + req.query.size()) + creds.session_token.size();
    for (std::size_t i = 0; i < count; ++i)
        estimate += 2 * s.headers[i].name.size() + s.headers[i].value.size() + 2;
    creq.reserve(estimate);
    for (const char c : req.method)
        creq += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    creq += '\n';
    append_canonical_uri(creq, req.path, params.normalize_path);
    creq += '\n';
    append_canonical_query(creq, req.query, s);
    creq += '\n';
    std::string& signed_headers = parts.signed_headers;
    signed_headers.clear();
    for (std::size_t i = 0; i < count; ++i) {
        const canonical_header& h = s.headers[i];
        if (i == 0 || h.name != s.headers[i - 1].name) {
            if (i != 0) {
                creq += '\n';
                signed_headers += ';';
            }
            creq += h.name;
            creq += ':';
            signed_headers += h.name;
        } else {
            creq += ',';
        }
        append_trimmed(creq, h.value);
    }
    creq += "\n\n";
    creq += signed_headers;
    creq += '\n';

    crypto_context& crypto = crypto_context::this_thread();
    unsigned char digest[32];
    if (payload_hash.empty()) {
        crypto.sha256(req.body, digest);
        append_hex(creq, digest, 32);
    } else {
        append_trimmed(creq, payload_hash);
    }

    std::string& sts = parts.string_to_sign;
    sts.clear();
    sts += "AWS4-HMAC-SHA256\n";
    sts += date_time;
    sts += '\n';
    const std::size_t scope_start = sts.size();
    sts += date;
    sts += '/';
    sts += params.region;
    sts += '/';
    sts += params.service;
    sts += "/aws4_request";
    const std::size_t scope_end = sts.size();
    sts += '\n';
    crypto.sha256(creq, digest);
    append_hex(sts, digest, 32);

    const signing_key key =
        cache ? cache->get(creds.secret_access_key, date, params.region, params.service)
              : derive_signing_key(creds.secret_access_key, date, params.region, params.service);
    crypto.hmac(key.data(), key.size(), sts, digest);
    parts.signature.clear();
    append_hex(parts.signature, digest, 32);

    std::string& authz = parts.authorization;
    authz.clear();
    authz += "AWS4-HMAC-SHA256 Credential=";
    authz += creds.access_key_id;
    authz += '/';
    authz.append(sts, scope_start, scope_end - scope_start);
    authz += ", SignedHeaders=";
    authz += signed_headers;
    authz += ", Signature=";
    authz += parts.signature;
}

// Replaces the first header of that name in place (keeping its position) and drops the others,
// or appends one.
inline void put_header(http::request& req, std::string_view name, std::string_view value) {
    auto& headers = req.headers;
    auto it = std::find_if(headers.begin(), headers.end(), [&](const http::header& h) {
        return http::detail::iequals(h.name, name);
    });
    if (it == headers.end()) {
        headers.push_back({std::string(name), std::string(value)});
        return;
    }
    it->value.assign(value);
    headers.erase(
        std::remove_if(std::next(it), headers.end(),
                       [&](const http::header& h) { return http::detail::iequals(h.name, name); }),
        headers.end());
}

} // namespace detail

HAWK_DECL signing_key derive_signing_key(std::string_view secret_access_key, std::string_view date,
                                         std::string_view region, std::string_view service) {
    detail::crypto_context& crypto = detail::crypto_context::this_thread();
    std::string secret;
    secret.reserve(4 + secret_access_key.size());
    secret += "AWS4";
    secret += secret_access_key;
    unsigned char k1[32];
    unsigned char k2[32];
    crypto.hmac(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), date, k1);
    detail::wipe(secret);
    crypto.hmac(k1, 32, region, k2);
    crypto.hmac(k2, 32, service, k1);
    crypto.hmac(k1, 32, "aws4_request", k2);
    signing_key key;
    std::memcpy(key.data(), k2, 32);
    OPENSSL_cleanse(k1, sizeof k1);
    OPENSSL_cleanse(k2, sizeof k2);
    return key;
}

HAWK_DECL signing_key signing_key_cache::get(std::string_view secret_access_key,
                                             std::string_view date, std::string_view region,
                                             std::string_view service) {
    const auto matches = [&](const entry& e) {
        return e.date == date && e.region == region && e.service == service &&
               e.secret == secret_access_key;
    };
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (entry& e : entries_)
            if (matches(e)) {
                e.last_used = ++tick_;
                ++hits_;
                return e.key;
            }
        ++misses_;
    }
    // Derive outside the lock; two threads missing at once derive the same key, harmlessly.
    const signing_key key = derive_signing_key(secret_access_key, date, region, service);
    if (capacity_ == 0)
        return key;
    std::lock_guard<std::mutex> lock(mutex_);
    for (entry& e : entries_)
        if (matches(e))
            return key;
    entry* slot = nullptr;
    if (entries_.size() < capacity_) {
        slot = &entries_.emplace_back();
    } else {
        slot = &*std::min_element(
            entries_.begin(), entries_.end(),
            [](const entry& a, const entry& b) { return a.last_used < b.last_used; });
        detail::wipe(slot->secret);
    }
    slot->secret.assign(secret_access_key);
    slot->date.assign(date);
    slot->region.assign(region);
    slot->service.assign(service);
    slot->key = key;
    slot->last_used = ++tick_;
    return key;
}

HAWK_DECL void signing_key_cache::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (entry& e : entries_) {
        detail::wipe(e.secret);
        OPENSSL_cleanse(e.key.data(), e.key.size());
    }
    entries_.clear();
}

HAWK_DECL signing_key_cache& signing_key_cache::process_wide() {
    static signing_key_cache cache;
    return cache;
}

HAWK_DECL signature_parts compute_signature(const http::request& req, const credentials& creds,
                                            const signing_params& params,
                                            signing_key_cache* cache) {
    detail::scratch s;
    signature_parts parts;
    char amz_date[16];
    detail::compute(req, creds, params, cache, s, parts, amz_date);
    return parts;
}

HAWK_DECL void sign(http::request& req, const credentials& creds, const signing_params& params,
                    signing_key_cache* cache) {
    thread_local detail::scratch s;
    thread_local signature_parts parts;
    char amz_date[16];
    detail::compute(req, creds, params, cache, s, parts, amz_date);
    detail::put_header(req, "X-Amz-Date", std::string_view(amz_date, 16));
    if (!creds.session_token.empty())
        detail::put_header(req, "X-Amz-Security-Token", creds.session_token);
    detail::put_header(req, "Authorization", parts.authorization);
}

} // namespace hawk::core::auth
