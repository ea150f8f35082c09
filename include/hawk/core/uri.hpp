#pragma once

// RFC 3986 percent-encoding, the one rule AWS uses everywhere (URI labels, query strings, the
// SigV4 canonical request, the endpoint rules' uriEncode): only A-Z a-z 0-9 - _ . ~ stay literal,
// every other byte becomes %XX with uppercase hex digits. Decoding (for servers) takes any %XX,
// either case, and rejects a '%' that is not followed by two hex digits.

#include <string>
#include <string_view>

namespace hawk::core::uri {

inline constexpr bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

/// One byte, encoded unless unreserved.
inline void append_percent_encoded(std::string& out, unsigned char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    if (is_unreserved(c)) {
        out += static_cast<char>(c);
    } else {
        const char buf[3] = {'%', digits[c >> 4], digits[c & 15]};
        out.append(buf, 3);
    }
}

/// Encodes every byte but the unreserved ones (and '/' when `keep_slash`, for greedy labels and
/// paths), '%' included. Literal runs are appended whole.
inline void append_encoded(std::string& out, std::string_view text, bool keep_slash = false) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && (is_unreserved(static_cast<unsigned char>(text[j])) ||
                                   (keep_slash && text[j] == '/')))
            ++j;
        out.append(text.data() + i, j - i);
        if (j == text.size())
            break;
        append_percent_encoded(out, static_cast<unsigned char>(text[j]));
        i = j + 1;
    }
}

inline std::string encode(std::string_view text, bool keep_slash = false) {
    std::string out;
    out.reserve(text.size());
    append_encoded(out, text, keep_slash);
    return out;
}

/// The value of a hex digit, or -1.
inline constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/// Decodes every %XX of `text` into `out` (replacing its content); every other byte, '+'
/// included, stays as it is. A '%' without two hex digits after it is an error: false, with
/// `error` saying where (e.g. `malformed percent-escape "%zz" at offset 3`).
inline bool decode(std::string_view text, std::string& out, std::string& error) {
    out.clear();
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            error = "malformed percent-escape \"" + std::string(text.substr(i, 3)) +
                    "\" at offset " + std::to_string(i);
            return false;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return true;
}

} // namespace hawk::core::uri
