#include <hawk/core/json_writer.hpp>

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace hc = hawk::core;
namespace json = boost::json;

namespace {

// Runs f on a fresh writer and returns the text.
template <class F>
std::string write(F f) {
    std::string out;
    hc::json_writer w(out);
    f(w);
    return out;
}

std::string double_text(double v) {
    return write([&](hc::json_writer& w) { w.number(v); });
}

std::string float_text(float v) {
    return write([&](hc::json_writer& w) { w.number(v); });
}

} // namespace

TEST_CASE("nested objects and arrays get commas and colons") {
    const std::string s = write([](hc::json_writer& w) {
        w.begin_object();
        w.key_literal("Name");
        w.string("x");
        w.key_literal("Tags");
        w.begin_array();
        w.begin_object();
        w.key_literal("Key");
        w.string("a");
        w.key_literal("Value");
        w.integer(1);
        w.end_object();
        w.begin_object();
        w.end_object();
        w.begin_array();
        w.end_array();
        w.boolean(true);
        w.null();
        w.end_array();
        w.key_literal("Empty");
        w.begin_object();
        w.end_object();
        w.key("Last");
        w.boolean(false);
        w.end_object();
    });
    CHECK(s ==
          R"({"Name":"x","Tags":[{"Key":"a","Value":1},{},[],true,null],"Empty":{},"Last":false})");
    CHECK(json::parse(s) == json::parse(R"({"Name":"x","Tags":[{"Key":"a","Value":1},{},[],true,
        null],"Empty":{},"Last":false})"));
}

TEST_CASE("top-level scalars and appending to existing text") {
    CHECK(write([](hc::json_writer& w) { w.integer(5); }) == "5");
    CHECK(write([](hc::json_writer& w) {
              w.begin_array();
              w.end_array();
          }) == "[]");

    std::string out = "prefix ";
    hc::json_writer w(out);
    w.begin_array();
    w.integer(1);
    w.integer(2);
    w.end_array();
    CHECK(out == "prefix [1,2]");
    CHECK(&w.buffer() == &out);
}

TEST_CASE("deep nesting") {
    const std::string s = write([](hc::json_writer& w) {
        for (int i = 0; i < 200; ++i) {
            w.begin_array();
            w.integer(i);
        }
        for (int i = 0; i < 200; ++i) {
            w.end_array();
            w.integer(-i);
        }
    });
    std::string expected;
    for (int i = 0; i < 200; ++i) {
        expected += "[" + std::to_string(i) + ",";
    }
    expected.pop_back();
    for (int i = 0; i < 200; ++i) {
        expected += "]," + std::to_string(-i);
    }
    CHECK(s == expected);
}

TEST_CASE("string escaping") {
    auto str = [](std::string_view v) { return write([&](hc::json_writer& w) { w.string(v); }); };
    CHECK(str("") == R"("")");
    CHECK(str("plain") == R"("plain")");
    CHECK(str("a\"b") == R"("a\"b")");
    CHECK(str("a\\b") == R"("a\\b")");
    CHECK(str("\n\r\t\b\f") == R"("\n\r\t\b\f")");
    CHECK(str(std::string_view("\x00\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
    CHECK(str("\x7f") == "\"\x7f\"");
    CHECK(str("/") == R"("/")");
    // Multi-byte UTF-8 is copied unchanged: é, €, 😀, U+2028.
    const std::string utf8 = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xA8";
    CHECK(str(utf8) == "\"" + utf8 + "\"");

    const std::string keyed = write([](hc::json_writer& w) {
        w.begin_object();
        w.key("we\"ird\n");
        w.string("v\x02");
        w.end_object();
    });
    CHECK(keyed == R"({"we\"ird\n":"v\u0002"})");

    const std::string tricky = std::string("q\"b\\s/\x01\x1f\n") + utf8;
    const json::value back = json::parse(str(tricky));
    CHECK(back.as_string() == tricky);
}

TEST_CASE("integers are exact at the extremes") {
    const std::string s = write([](hc::json_writer& w) {
        w.begin_array();
        w.integer(std::numeric_limits<std::int64_t>::min());
        w.integer(std::numeric_limits<std::int64_t>::max());
        w.unsigned_integer(std::numeric_limits<std::uint64_t>::max());
        w.integer(0);
        w.unsigned_integer(0);
        w.integer(-1);
        w.end_array();
    });
    CHECK(s == "[-9223372036854775808,9223372036854775807,18446744073709551615,0,0,-1]");
    const json::array a = json::parse(s).as_array();
    CHECK(a[0].as_int64() == std::numeric_limits<std::int64_t>::min());
    CHECK(a[1].as_int64() == std::numeric_limits<std::int64_t>::max());
    CHECK(a[2].as_uint64() == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("doubles use the shortest round-trip form") {
    CHECK(double_text(0.1) == "0.1");
    CHECK(double_text(1e300) == "1e+300");
    CHECK(double_text(-0.0) == "-0.0");
    CHECK(double_text(0.0) == "0.0");
    CHECK(double_text(3.0) == "3.0"); // integral doubles keep a fraction
    CHECK(double_text(-42.0) == "-42.0");
    CHECK(double_text(1e16) == "1e+16");
    // libstdc++ picks fixed notation here (exact digits, still round-trips) and gets the ".0".
    CHECK(double_text(1.2345678901234568e20) == "123456789012345683968.0");
    CHECK(double_text(-2.5) == "-2.5");
    CHECK(double_text(1440938160.123) == "1440938160.123");
    CHECK(double_text(5e-324) == "5e-324");
    CHECK(double_text(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
    CHECK(double_text(0.1 + 0.2) == "0.30000000000000004");

    CHECK(float_text(1.1f) == "1.1");
    CHECK(float_text(0.1f) == "0.1");
    CHECK(float_text(16777216.0f) == "16777216.0");
    CHECK(float_text(-0.0f) == "-0.0");
    CHECK(float_text(3.4028235e38f) == "3.4028235e+38");

    for (double v : {0.1, 1e300, -0.0, 3.0, -42.0, 1.2345678901234568e20, 5e-324, 123456.789e-10,
                     1.7976931348623157e308}) {
        CAPTURE(v);
        const json::value back = json::parse(double_text(v));
        CHECK(back.to_number<double>() == v);
    }
    // The ".0" makes readers see a double: the sign of zero survives.
    CHECK(json::parse(double_text(3.0)).is_double());
    CHECK(std::signbit(json::parse(double_text(-0.0)).as_double()));
}

TEST_CASE("NaN and infinities are AWS strings") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK(double_text(std::numeric_limits<double>::quiet_NaN()) == R"("NaN")");
    CHECK(double_text(inf) == R"("Infinity")");
    CHECK(double_text(-inf) == R"("-Infinity")");
    CHECK(float_text(std::numeric_limits<float>::quiet_NaN()) == R"("NaN")");
    CHECK(float_text(-std::numeric_limits<float>::infinity()) == R"("-Infinity")");
    const std::string s = write([&](hc::json_writer& w) {
        w.begin_object();
        w.key_literal("a");
        w.number(inf);
        w.key_literal("b");
        w.number(1.5);
        w.end_object();
    });
    CHECK(s == R"({"a":"Infinity","b":1.5})");
}

TEST_CASE("timestamps, blobs and documents") {
    using namespace std::chrono;
    const hc::timestamp t{
        duration_cast<hc::timestamp::duration>(seconds(1440938160) + milliseconds(123))};
    const std::string s = write([&](hc::json_writer& w) {
        w.begin_object();
        w.key_literal("When");
        w.timestamp_epoch(t);
        w.key_literal("Before");
        w.timestamp_epoch(
            hc::timestamp(duration_cast<hc::timestamp::duration>(-milliseconds(1500))));
        w.key_literal("Data");
        w.blob_base64(hc::blob{'f', 'o', 'o', 'b'});
        w.key_literal("Nothing");
        w.blob_base64(hc::blob{});
        w.key_literal("Doc");
        w.value(json::parse(R"({"k": [1, 2.5, "s", null, true, {"n": {}}]})"));
        w.key_literal("Scalar");
        w.value(json::value(7));
        w.end_object();
    });
    CHECK(s == R"({"When":1440938160.123,"Before":-1.5,"Data":"Zm9vYg==","Nothing":"",)"
               R"("Doc":{"k":[1,2.5E0,"s",null,true,{"n":{}}]},"Scalar":7})");
    const json::value back = json::parse(s);
    CHECK(back.at("When").as_double() == 1440938160.123);
    CHECK(back.at("Data").as_string() == "Zm9vYg==");
    CHECK(back.at("Doc") == json::parse(R"({"k": [1, 2.5, "s", null, true, {"n": {}}]})"));
}

TEST_CASE("everything written parses back to what was written") {
    const std::string s = write([](hc::json_writer& w) {
        w.begin_array();
        w.string("x\"\\\x01y");
        w.integer(-42);
        w.unsigned_integer(42);
        w.number(0.25);
        w.number(2.5f);
        w.boolean(false);
        w.null();
        w.begin_object();
        w.key("k\t");
        w.begin_array();
        w.end_array();
        w.end_object();
        w.end_array();
    });
    json::array expected;
    expected.emplace_back("x\"\\\x01y");
    expected.emplace_back(-42);
    expected.emplace_back(42);
    expected.emplace_back(0.25);
    expected.emplace_back(2.5);
    expected.emplace_back(false);
    expected.emplace_back(nullptr);
    json::object o;
    o["k\t"] = json::array();
    expected.emplace_back(std::move(o));
    CHECK(json::parse(s) == json::value(std::move(expected)));
}

TEST_CASE("strings are escaped wherever the byte stands (eight bytes at a time, then one by one)") {
    // The byte-by-byte definition the fast path must agree with.
    const auto reference = [](std::string_view s) {
        std::string out = "\"";
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += ch;
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c == '\b') {
                out += "\\b";
            } else if (c == '\f') {
                out += "\\f";
            } else if (c < 0x20) {
                out += "\\u00";
                out += "0123456789abcdef"[c >> 4];
                out += "0123456789abcdef"[c & 15];
            } else {
                out += ch;
            }
        }
        return out + "\"";
    };
    int mismatches = 0;
    for (std::size_t length : {1, 7, 8, 9, 16, 17, 25}) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string s(length, 'x');
                s[at] = static_cast<char>(byte);
                if (at + 3 < length)
                    s[at + 3] = '\xC3'; // a UTF-8 lead byte (0x80 and up) near it
                const std::string expected = reference(s);
                const std::string written = write([&](hc::json_writer& w) { w.string(s); });
                const std::string keyed = write([&](hc::json_writer& w) {
                    w.begin_object();
                    w.key(s);
                    w.null();
                    w.end_object();
                });
                if (written != expected || keyed != "{" + expected + ":null}") {
                    ++mismatches;
                    CAPTURE(length);
                    CAPTURE(at);
                    CAPTURE(byte);
                    CHECK(written == expected);
                    CHECK(keyed == "{" + expected + ":null}");
                }
            }
        }
    }
    CHECK(mismatches == 0);
}
