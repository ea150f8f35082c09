#pragma once

// UTF-8 validation, code point counting and decoding. Model `min`/`max` lengths of strings are
// counted in code points, and pattern constraints are matched on code points, so both need a
// strict decoder: anything that is not well-formed UTF-8 (Unicode 15, table 3-7) is rejected.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace hawk::core {

namespace detail {

// Returned by decode_utf8_one for ill-formed input; above any code point.
inline constexpr char32_t utf8_invalid = 0xFFFFFFFF;

// Decodes the sequence that starts at `p` (p < end), advances `p` past it and returns its code
// point, or utf8_invalid (leaving `p` unspecified) if it is ill-formed: overlong forms,
// surrogates, values above U+10FFFF, truncated sequences, stray continuation bytes.
inline char32_t decode_utf8_one(const unsigned char*& p, const unsigned char* end) noexcept {
    const unsigned b0 = *p++;
    if (b0 < 0x80) {
        return b0;
    }
    // Bounds for the second byte narrow the first continuation for E0, ED, F0 and F4: that is
    // where overlongs, surrogates and values past U+10FFFF would otherwise slip through.
    unsigned need = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) {
            lo = 0xA0;
        } else if (b0 == 0xED) {
            hi = 0x9F;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) {
            lo = 0x90;
        } else if (b0 == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return utf8_invalid; // continuation byte, C0/C1 (always overlong) or F5..FF
    }
    if (static_cast<std::size_t>(end - p) < need) {
        return utf8_invalid;
    }
    for (unsigned i = 0; i < need; ++i) {
        const unsigned b = p[i];
        if (b < lo || b > hi) {
            return utf8_invalid;
        }
        lo = 0x80;
        hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    p += need;
    return cp;
}

// Length of the leading run of ASCII bytes, 8 at a time: most values are plain ASCII.
inline std::size_t ascii_prefix(const unsigned char* p, std::size_t n) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if ((word & 0x8080808080808080ULL) != 0) {
            break;
        }
    }
    while (i < n && p[i] < 0x80) {
        ++i;
    }
    return i;
}

} // namespace detail

/// Number of code points in `s`, or std::nullopt if `s` is not well-formed UTF-8.
inline std::optional<std::size_t> utf8_length(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* const end = p + s.size();
    std::size_t count = 0;
    while (p != end) {
        const std::size_t ascii = detail::ascii_prefix(p, static_cast<std::size_t>(end - p));
        p += ascii;
        count += ascii;
        if (p == end) {
            break;
        }
        if (detail::decode_utf8_one(p, end) == detail::utf8_invalid) {
            return std::nullopt;
        }
        ++count;
    }
    return count;
}

/// True if `s` is well-formed UTF-8.
inline bool is_valid_utf8(std::string_view s) noexcept {
    return utf8_length(s).has_value();
}

/// Replaces the contents of `out` with the code points of `in`. Returns false (and leaves `out`
/// empty) if `in` is not well-formed UTF-8. Throws only std::bad_alloc.
inline bool decode_utf8(std::string_view in, std::u32string& out) {
    out.clear();
    out.resize(in.size()); // at most one code point per byte; shrunk below
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    const auto* const end = p + in.size();
    char32_t* o = out.data();
    while (p != end) {
        const std::size_t ascii = detail::ascii_prefix(p, static_cast<std::size_t>(end - p));
        for (std::size_t i = 0; i < ascii; ++i) {
            *o++ = p[i];
        }
        p += ascii;
        if (p == end) {
            break;
        }
        const char32_t cp = detail::decode_utf8_one(p, end);
        if (cp == detail::utf8_invalid) {
            out.clear();
            return false;
        }
        *o++ = cp;
    }
    out.resize(static_cast<std::size_t>(o - out.data()));
    return true;
}

} // namespace hawk::core
