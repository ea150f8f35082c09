#include <hawk/core/base64.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace hc = hawk::core;

namespace {

std::string decoded(std::string_view in) {
    hc::blob out{0xAA}; // must be replaced, not appended to
    REQUIRE(hc::base64_decode(in, out));
    return std::string(out.begin(), out.end());
}

bool rejects(std::string_view in) {
    hc::blob out;
    return !hc::base64_decode(in, out);
}

} // namespace

TEST_CASE("RFC 4648 section 10 test vectors") {
    const std::pair<std::string_view, std::string_view> vectors[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (const auto& v : vectors) {
        const std::string_view plain = v.first, encoded = v.second;
        CAPTURE(plain);
        CHECK(hc::base64_encode(plain) == encoded);
        CHECK(decoded(encoded) == plain);
        // Unpadded input is accepted too.
        std::string_view unpadded = encoded.substr(0, encoded.find('='));
        CHECK(decoded(unpadded) == plain);
    }
}

TEST_CASE("base64 of binary data, all byte values") {
    hc::blob all;
    for (int i = 0; i < 256; ++i) {
        all.push_back(static_cast<std::uint8_t>(i));
    }
    for (std::size_t n = 0; n <= all.size(); ++n) {
        const hc::blob part(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
        const std::string enc = hc::base64_encode(part);
        CHECK(enc.size() == (n + 2) / 3 * 4);
        hc::blob back;
        REQUIRE(hc::base64_decode(enc, back));
        CHECK(back == part);
    }
    CHECK(hc::base64_encode(hc::blob{0xFF, 0xFE, 0xFD}) == "//79");
    CHECK(hc::base64_encode(hc::blob{0xFB, 0xEF}) == "++8=");
}

TEST_CASE("append_base64 appends") {
    std::string out = "data:";
    const unsigned char bytes[] = {'f', 'o', 'o', 'b'};
    hc::append_base64(out, bytes, sizeof bytes);
    CHECK(out == "data:Zm9vYg==");
    hc::append_base64(out, bytes, 0);
    CHECK(out == "data:Zm9vYg==");
}

TEST_CASE("base64_decode rejects malformed input") {
    CHECK(rejects("Z"));     // 4k+1 characters
    CHECK(rejects("Zm9vY")); // 4k+1 characters
    CHECK(rejects("Zg="));   // partial padding
    CHECK(rejects("Zg===")); // too much padding
    CHECK(rejects("Z==="));  // three padding characters
    CHECK(rejects("===="));  // padding only
    CHECK(rejects("="));
    CHECK(rejects("Zg==Zg==")); // padding in the middle
    CHECK(rejects("Z=g="));     // padding in the middle of a group
    CHECK(rejects("Zm9v\n"));   // whitespace
    CHECK(rejects("Zm 9v"));
    CHECK(rejects("Zm9-")); // URL-safe alphabet is not standard base64
    CHECK(rejects("Zm9_"));
    CHECK(rejects("Zm9v*A=="));
    CHECK(rejects(std::string_view("Zm\0v", 4)));
    CHECK(rejects("Zm9\xC3\xA9"));
}
