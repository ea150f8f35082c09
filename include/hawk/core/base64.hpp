#pragma once

// Base64 (RFC 4648 section 4, standard alphabet) for AWS `blob` shapes.

#include <hawk/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::core {

/// hawk's type for AWS `blob` shapes.
using blob = std::vector<std::uint8_t>;

namespace detail {

inline constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct base64_decode_table {
    signed char value[256];
};

// -1 marks every byte outside the alphabet, '=' included (padding is stripped beforehand).
inline constexpr base64_decode_table make_base64_decode_table() noexcept {
    base64_decode_table t{};
    for (auto& v : t.value) {
        v = -1;
    }
    for (int i = 0; i < 64; ++i) {
        t.value[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<signed char>(i);
    }
    return t;
}

inline constexpr base64_decode_table base64_decoding = make_base64_decode_table();

inline int base64_value(char c) noexcept {
    return base64_decoding.value[static_cast<unsigned char>(c)];
}

} // namespace detail

/// Appends the padded base64 encoding of data[0..n) to out.
inline void append_base64(std::string& out, const unsigned char* data, std::size_t n) {
    const std::size_t old_size = out.size();
    out.resize(old_size + (n + 2) / 3 * 4);
    char* p = out.data() + old_size;
    const char* a = detail::base64_alphabet;
    std::size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                                std::uint32_t{data[i + 2]};
        p[0] = a[v >> 18];
        p[1] = a[(v >> 12) & 63];
        p[2] = a[(v >> 6) & 63];
        p[3] = a[v & 63];
        p += 4;
    }
    if (n - i == 1) {
        const std::uint32_t v = std::uint32_t{data[i]} << 16;
        p[0] = a[v >> 18];
        p[1] = a[(v >> 12) & 63];
        p[2] = '=';
        p[3] = '=';
    } else if (n - i == 2) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
        p[0] = a[v >> 18];
        p[1] = a[(v >> 12) & 63];
        p[2] = a[(v >> 6) & 63];
        p[3] = '=';
    }
}

inline std::string base64_encode(std::string_view bytes) {
    std::string out;
    append_base64(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return out;
}

inline std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    append_base64(out, bytes.data(), bytes.size());
    return out;
}

/// Decodes padded or unpadded base64 into out (replacing its contents). Returns false on a
/// character outside the standard alphabet (whitespace included), misplaced or partial padding
/// ("QQ=", "Q==="), or a length that cannot be base64 (4k+1 characters); out is then
/// unspecified. Non-zero bits in the last character's unused low bits are ignored, as most
/// decoders do (RFC 4648 section 3.5 allows either).
inline bool base64_decode(std::string_view in, std::vector<std::uint8_t>& out) {
    std::size_t n = in.size();
    // Padding only counts when it completes a 4-character group; any other '=' is rejected
    // below as a character outside the alphabet.
    if (n % 4 == 0 && n != 0 && in[n - 1] == '=') {
        n -= in[n - 2] == '=' ? 2u : 1u;
    }
    const std::size_t tail = n % 4;
    if (tail == 1) {
        return false;
    }
    out.resize(n / 4 * 3 + (tail == 0 ? 0 : tail - 1));
    std::uint8_t* p = out.data();
    const char* s = in.data();
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const int a = detail::base64_value(s[i]);
        const int b = detail::base64_value(s[i + 1]);
        const int c = detail::base64_value(s[i + 2]);
        const int d = detail::base64_value(s[i + 3]);
        if ((a | b | c | d) < 0) { // any -1 sets the sign bit: one branch per group
            return false;
        }
        const auto v = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
        p[0] = static_cast<std::uint8_t>(v >> 16);
        p[1] = static_cast<std::uint8_t>(v >> 8);
        p[2] = static_cast<std::uint8_t>(v);
        p += 3;
    }
    if (tail != 0) {
        const int a = detail::base64_value(s[i]);
        const int b = detail::base64_value(s[i + 1]);
        const int c = tail == 3 ? detail::base64_value(s[i + 2]) : 0;
        if ((a | b | c) < 0) {
            return false;
        }
        const auto v = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6));
        p[0] = static_cast<std::uint8_t>(v >> 16);
        if (tail == 3) {
            p[1] = static_cast<std::uint8_t>(v >> 8);
        }
    }
    return true;
}

} // namespace hawk::core
