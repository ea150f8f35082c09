#include <hawk/core/utf8.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hc = hawk::core;

namespace {

// Reference encoder, independent of the decoder under test.
std::string encode(char32_t c) {
    std::string s;
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

bool rejected(std::string_view s) {
    std::u32string out = U"stale";
    const bool decoded = hc::decode_utf8(s, out);
    // All three entry points must agree, and a failed decode leaves nothing behind.
    CHECK(hc::utf8_length(s) == std::nullopt);
    CHECK_FALSE(hc::is_valid_utf8(s));
    CHECK(out.empty());
    return !decoded;
}

} // namespace

TEST_CASE("utf8_length counts code points") {
    CHECK(hc::utf8_length("") == 0u);
    CHECK(hc::utf8_length("hello") == 5u);
    CHECK(hc::utf8_length(std::string_view("a\0b", 3)) == 3u); // NUL is a code point
    // Longer than the 8-byte ASCII fast path, with the non-ASCII character at odd offsets.
    CHECK(hc::utf8_length("abcdefghijklmnopqrstuvwxyz0123456789") == 36u);
    CHECK(hc::utf8_length("abcdefghij\xC3\xA9klmnopqrstuvwxyz") == 27u);
    CHECK(hc::utf8_length("\xC3\xA9") == 1u);                 // é, 2 bytes
    CHECK(hc::utf8_length("h\xC3\xA9llo") == 5u);             // héllo
    CHECK(hc::utf8_length("\xE4\xB8\xAD\xE6\x96\x87") == 2u); // 中文, 3 bytes each
    CHECK(hc::utf8_length("\xF0\x9F\x98\x80") == 1u);         // 😀 counts as one
    CHECK(hc::utf8_length("a\xF0\x9F\x98\x80"
                          "b") == 3u);
    // 👩‍💻 is three code points: woman, zero width joiner, laptop.
    CHECK(hc::utf8_length("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB") == 3u);
}

TEST_CASE("the boundaries of each sequence length are accepted") {
    const char32_t boundaries[] = {0x0,    0x7F,   0x80,    0x7FF,   0x800,    0xD7FF,  0xE000,
                                   0xFFFD, 0xFFFF, 0x10000, 0xFFFFF, 0x100000, 0x10FFFF};
    for (const char32_t c : boundaries) {
        CAPTURE(static_cast<unsigned>(c));
        const std::string s = encode(c);
        CHECK(hc::utf8_length(s) == 1u);
        std::u32string out;
        REQUIRE(hc::decode_utf8(s, out));
        CHECK(out == std::u32string(1, c));
    }
}

TEST_CASE("ill-formed UTF-8 is rejected") {
    CHECK(rejected("\x80")); // stray continuation
    CHECK(rejected("a\xBF"
                   "b"));                        // stray continuation between ASCII
    CHECK(rejected("\xC0\x80"));                 // overlong NUL
    CHECK(rejected("\xC1\xBF"));                 // overlong U+007F
    CHECK(rejected("\xE0\x80\x80"));             // overlong 3-byte
    CHECK(rejected("\xE0\x9F\xBF"));             // overlong U+07FF
    CHECK(rejected("\xF0\x80\x80\x80"));         // overlong 4-byte
    CHECK(rejected("\xF0\x8F\xBF\xBF"));         // overlong U+FFFF
    CHECK(rejected("\xED\xA0\x80"));             // U+D800, a surrogate
    CHECK(rejected("\xED\xBF\xBF"));             // U+DFFF
    CHECK(rejected("\xED\xA0\xBD\xED\xB8\x80")); // CESU-8 pair for U+1F600
    CHECK(rejected("\xF4\x90\x80\x80"));         // U+110000
    CHECK(rejected("\xF5\x80\x80\x80"));         // lead byte past F4
    CHECK(rejected("\xFF"));
    CHECK(rejected("\xFE"));
    CHECK(rejected("\xC3"));         // truncated
    CHECK(rejected("\xE4\xB8"));     // truncated
    CHECK(rejected("\xF0\x9F\x98")); // truncated
    CHECK(rejected("\xC3"
                   "a")); // continuation missing
    CHECK(rejected("\xE4\xB8"
                   "a"));
    CHECK(rejected("\xF0\x9F\x98\x80\x80")); // extra continuation
    // After a long ASCII prefix, where the fast path hands over.
    CHECK(rejected("abcdefghijklmnopqrst\x80"));
    CHECK(rejected("abcdefgh\xF0\x9F\x98"));
}

TEST_CASE("decode_utf8 agrees with a reference encoder on every code point") {
    std::u32string out;
    std::size_t mismatches = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        const std::string s = encode(c);
        const bool surrogate = c >= 0xD800 && c <= 0xDFFF;
        const bool ok = hc::decode_utf8(s, out);
        if (ok == surrogate || (ok && (out.size() != 1 || out[0] != c))) {
            ++mismatches;
        }
    }
    CHECK(mismatches == 0u);
}

TEST_CASE("every two-byte input is classified correctly") {
    std::size_t mismatches = 0;
    for (unsigned b0 = 0; b0 < 256; ++b0) {
        for (unsigned b1 = 0; b1 < 256; ++b1) {
            const char bytes[2] = {static_cast<char>(b0), static_cast<char>(b1)};
            const bool expected =
                (b0 < 0x80 && b1 < 0x80) || (b0 >= 0xC2 && b0 <= 0xDF && b1 >= 0x80 && b1 <= 0xBF);
            if (hc::is_valid_utf8(std::string_view(bytes, 2)) != expected) {
                ++mismatches;
            }
        }
    }
    CHECK(mismatches == 0u);
}

TEST_CASE("decode_utf8 replaces the output") {
    std::u32string out = U"previous contents";
    REQUIRE(hc::decode_utf8("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80", out));
    CHECK(out == U"a\u00E9\u4E2D\U0001F600");
    REQUIRE(hc::decode_utf8("", out));
    CHECK(out.empty());
}
