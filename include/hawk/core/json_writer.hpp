#pragma once

// Streaming JSON writer used by generated serializers (the body of every JSON-protocol request).

#include <hawk/core/base64.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/timestamp.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace hawk::core {

namespace detail {

/// Whether a byte must be escaped in a JSON string: '"', '\\' and the C0 controls.
constexpr bool needs_json_escape(unsigned char c) noexcept {
    return c < 0x20 || c == '"' || c == '\\';
}

/// Whether `s` can be written between quotes as it is.
constexpr bool json_plain(std::string_view s) noexcept {
    for (const char c : s)
        if (needs_json_escape(static_cast<unsigned char>(c)))
            return false;
    return true;
}

/// The length of the longest prefix of `s` that needs no escaping. Eight bytes at a time: a word
/// with a byte below 0x20, a '"' or a '\\' (the usual SWAR tests, exact about whether there is
/// one) stops the fast loop, and bytes are then looked at one by one.
inline std::size_t json_clean_prefix(std::string_view s) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const char* const p = s.data();
    const std::size_t n = s.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t quote = w ^ (ones * '"');
        const std::uint64_t backslash = w ^ (ones * '\\');
        if ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
             ((backslash - ones) & ~backslash)) &
            highs)
            break;
    }
    while (i < n && !needs_json_escape(static_cast<unsigned char>(p[i])))
        ++i;
    return i;
}

/// Grows `out` by `n` bytes and returns where they start, for the caller to fill.
inline char* json_grow(std::string& out, std::size_t n) {
    const std::size_t at = out.size();
    out.resize(at + n);
    return out.data() + at;
}

// Appends s as a quoted JSON string. Only '"', '\\' and C0 controls are escaped; everything
// else, including multi-byte UTF-8 (and invalid UTF-8: the caller's business), is copied as is.
inline void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    while (!s.empty()) {
        const std::size_t clean = json_clean_prefix(s);
        out.append(s.data(), clean);
        if (clean == s.size())
            break;
        const auto c = static_cast<unsigned char>(s[clean]);
        s.remove_prefix(clean + 1);
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        std::size_t len = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = "0123456789abcdef"[c >> 4];
            esc[5] = "0123456789abcdef"[c & 15];
            len = 6;
            break;
        }
        out.append(esc, len);
    }
    out.push_back('"');
}

} // namespace detail

/// Appends compact JSON to a std::string. Commas and colons are inserted automatically; the
/// caller is responsible for balanced begin/end calls and for calling key() before every
/// member value.
///
/// Numbers: finite doubles/floats are written in the shortest form that round-trips
/// (std::to_chars), plus ".0" when that form has neither a point nor an exponent: 3.0 writes
/// `3.0`, -0.0 writes `-0.0`, 1e300 writes `1e+300`, 0.1 writes `0.1`. The ".0" keeps the value
/// a floating-point number for JSON readers that type by spelling (Boost.JSON reads `-0` as the
/// integer 0, losing the sign, and `3` as an int64). NaN and infinities are not JSON numbers; they
/// are written as the strings "NaN", "Infinity" and "-Infinity", which is how the AWS JSON
/// protocols spell them.
class json_writer {
public:
    explicit json_writer(std::string& out) noexcept : out_(&out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    /// A member name that may need escaping.
    void key(std::string_view k) {
        if (detail::json_clean_prefix(k) == k.size())
            return put_quoted(k, true);
        separate();
        detail::append_json_string(*out_, k);
        out_->push_back(':');
        comma_ = false;
    }

    /// A member name the caller guarantees needs no escaping (generated wire names).
    void key_literal(std::string_view k) { put_quoted(k, true); }

    void string(std::string_view v) {
        if (detail::json_clean_prefix(v) == v.size())
            return put_quoted(v, false);
        separate();
        detail::append_json_string(*out_, v);
        comma_ = true;
    }

    void boolean(bool v) { raw(v ? std::string_view("true") : std::string_view("false")); }
    void null() { raw("null"); }

    void integer(std::int64_t v) { write_chars(v); }
    void unsigned_integer(std::uint64_t v) { write_chars(v); }

    void number(double v) { write_floating(v); }
    void number(float v) { write_floating(v); } // float's own shortest form: 1.1f writes 1.1

    /// Exact epoch seconds as a JSON number, e.g. 1440938160.123.
    void timestamp_epoch(timestamp t) {
        separate();
        append_epoch_seconds(*out_, t);
        comma_ = true;
    }

    void blob_base64(const std::vector<std::uint8_t>& bytes) {
        separate();
        out_->push_back('"'); // the base64 alphabet never needs escaping
        append_base64(*out_, bytes.data(), bytes.size());
        out_->push_back('"');
        comma_ = true;
    }

    /// An arbitrary JSON document (AWS `document` shapes), compact.
    void value(const boost::json::value& v) {
        separate();
        out_->append(boost::json::serialize(v));
        comma_ = true;
    }

    std::string& buffer() noexcept { return *out_; }

private:
    // One flag is enough state for any depth: a comma is needed exactly when the previous token
    // was a complete value (scalar or closing bracket) and not a key or an opening bracket. So
    // nesting needs no stack at all.
    void separate() {
        if (comma_) {
            out_->push_back(',');
        }
    }

    // Where `n` more bytes go, after the comma when one is due: one growth of the buffer a token.
    char* token(std::size_t n) {
        char* p = detail::json_grow(*out_, n + (comma_ ? 1 : 0));
        if (comma_)
            *p++ = ',';
        return p;
    }

    void open(char c) {
        *token(1) = c;
        comma_ = false;
    }

    void close(char c) {
        out_->push_back(c);
        comma_ = true;
    }

    void raw(std::string_view text) {
        char* p = token(text.size());
        if (!text.empty())
            std::memcpy(p, text.data(), text.size());
        comma_ = true;
    }

    // `"text"` (a value) or `"text":` (a key); `text` needs no escaping.
    void put_quoted(std::string_view text, bool is_key) {
        char* p = token(text.size() + (is_key ? 3 : 2));
        *p++ = '"';
        if (!text.empty())
            std::memcpy(p, text.data(), text.size());
        p += text.size();
        *p++ = '"';
        if (is_key)
            *p = ':';
        comma_ = !is_key;
    }

    template <class T>
    void write_chars(T v) {
        char buf[24]; // enough for INT64_MIN and UINT64_MAX
        raw(std::string_view(buf,
                             static_cast<std::size_t>(std::to_chars(buf, buf + 24, v).ptr - buf)));
    }

    template <class T>
    void write_floating(T v) {
        if (std::isnan(v)) {
            raw("\"NaN\"");
        } else if (std::isinf(v)) {
            raw(v > 0 ? std::string_view("\"Infinity\"") : std::string_view("\"-Infinity\""));
        } else {
            char buf[32]; // shortest double is at most 24 characters ("-2.2250738585072014e-308")
            char* end = std::to_chars(buf, buf + sizeof buf - 2, v).ptr;
            if (std::string_view(buf, static_cast<std::size_t>(end - buf)).find_first_of(".e") ==
                std::string_view::npos) {
                *end++ = '.';
                *end++ = '0';
            }
            raw(std::string_view(buf, static_cast<std::size_t>(end - buf)));
        }
    }

    std::string* out_;
    bool comma_ = false;
};

} // namespace hawk::core
