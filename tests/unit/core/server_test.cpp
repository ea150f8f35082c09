// The hand-written service-side runtime (hawk/core/server/): percent-decoding, URI template
// matching and label extraction, query reading, generic error responses.

#include <hawk/core/error.hpp>
#include <hawk/core/protocol/rest.hpp>
#include <hawk/core/server/error.hpp>
#include <hawk/core/server/rest.hpp>
#include <hawk/core/uri.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hc = hawk::core;
namespace sr = hawk::core::server::rest;

namespace {

/// The labels a template takes from a path, as "name=raw" items; "no match" when it does not.
std::string labels_of(std::string_view tmpl, std::string_view path) {
    std::vector<sr::raw_label> labels;
    if (!sr::match_path(tmpl, path, labels))
        return "no match";
    std::string out;
    for (const sr::raw_label& l : labels)
        out += (out.empty() ? "" : " ") + std::string(l.name) + "=" + std::string(l.text);
    return out;
}

hc::http::request request(std::string method, std::string path, std::string query = {}) {
    hc::http::request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    return r;
}

} // namespace

TEST_CASE("server uri::decode: every %XX, either case; '+' stays; malformed escapes fail") {
    std::string out, error;
    REQUIRE(hc::uri::decode("a%20b%2Fc%2fd+e%25%E6%BC%A2", out, error));
    CHECK(out == "a b/c/d+e%漢");
    REQUIRE(hc::uri::decode("", out, error));
    CHECK(out.empty());
    for (const auto& c : std::vector<std::pair<std::string, std::string>>{
             {"%", "malformed percent-escape \"%\" at offset 0"},
             {"ab%4", "malformed percent-escape \"%4\" at offset 2"},
             {"%zz", "malformed percent-escape \"%zz\" at offset 0"},
             {"x%%41", "malformed percent-escape \"%%4\" at offset 1"},
             {"%4g", "malformed percent-escape \"%4g\" at offset 0"},
         }) {
        const std::string& text = c.first; // not a structured binding: CAPTURE's lambda
        CAPTURE(text);
        error.clear();
        CHECK_FALSE(hc::uri::decode(text, out, error));
        CHECK(error == c.second);
    }
    // What the encoder writes decodes back to the same bytes.
    const std::string text = "arn:aws:x/a b+c?d#e%f 🙂\x01";
    REQUIRE(hc::uri::decode(hc::uri::encode(text), out, error));
    CHECK(out == text);
}

TEST_CASE("server match_path: literal text, {labels} within a segment, greedy {labels+}") {
    CHECK(labels_of("/ping", "/ping") == "");
    CHECK(labels_of("/ping", "/ping/") == "no match");
    CHECK(labels_of("/ping", "/pin") == "no match");
    CHECK(labels_of("/things/{id}", "/things/a%2Fb") == "id=a%2Fb");
    CHECK(labels_of("/things/{id}", "/things/a/b") == "no match");
    CHECK(labels_of("/things/{id}", "/things/") == "no match"); // labels are never empty
    CHECK(labels_of("/contacts/{InstanceId}/{ContactId}", "/contacts/i/c") ==
          "InstanceId=i ContactId=c");
    CHECK(labels_of("/contacts/{InstanceId}/{ContactId}", "/contacts/i") == "no match");
    CHECK(labels_of("/b/{Bucket}/{Key+}", "/b/bk/a/b/c.txt") == "Bucket=bk Key=a/b/c.txt");
    CHECK(labels_of("/b/{Bucket}/{Key+}", "/b/bk/") == "no match");
    CHECK(labels_of("/b/{Key+}/meta", "/b/x/y/meta") == "Key=x/y");
    CHECK(labels_of("/b/{Key+}/meta", "/b/x/y/meta/meta") == "Key=x/y/meta");
    CHECK(labels_of("/v1/{name}:batchGet", "/v1/abc:batchGet") == "name=abc");
    CHECK(labels_of("/v1/{name}.json", "/v1/a.b.json") == "name=a.b");
    CHECK(labels_of("/v1/{name}.json", "/v1/.json") == "no match");
    CHECK(labels_of("/v1/{broken", "/v1/x") == "no match");
}

TEST_CASE("server matches: method, path, and the literal query parts of the requestUri") {
    CHECK(sr::matches(request("GET", "/t/x"), "GET", "/t/{id}"));
    CHECK_FALSE(sr::matches(request("PUT", "/t/x"), "GET", "/t/{id}"));
    CHECK_FALSE(sr::matches(request("get", "/t/x"), "GET", "/t/{id}"));
    CHECK_FALSE(sr::matches(request("GET", "/u/x"), "GET", "/t/{id}"));
    // ?tagging: the name must be there, with any value; ?x-id=Get: with that value.
    CHECK(sr::matches(request("GET", "/t/x", "tagging"), "GET", "/t/{id}?tagging"));
    CHECK(sr::matches(request("GET", "/t/x", "a=1&tagging="), "GET", "/t/{id}?tagging"));
    CHECK_FALSE(sr::matches(request("GET", "/t/x", "a=1"), "GET", "/t/{id}?tagging"));
    CHECK_FALSE(sr::matches(request("GET", "/t/x", "taggingx"), "GET", "/t/{id}?tagging"));
    CHECK(sr::matches(request("GET", "/t/x", "x-id=Get"), "GET", "/t/{id}?x-id=Get"));
    CHECK_FALSE(sr::matches(request("GET", "/t/x", "x-id=Put"), "GET", "/t/{id}?x-id=Get"));
    CHECK_FALSE(sr::matches(request("GET", "/t/x", "x-id=Get&%zz"), "GET", "/t/{id}?x-id=Get"));
}

TEST_CASE("server parse_query: decoded, in order; names without '='; bad escapes and UTF-8") {
    std::vector<std::pair<std::string, std::string>> q;
    std::string error;
    REQUIRE(sr::parse_query("a=1&b&&c=x%20y%3D&a=2&=v&e=", q, error));
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"a", "1"}, {"b", ""}, {"c", "x y="}, {"a", "2"}, {"", "v"}, {"e", ""}};
    CHECK(q == expected);
    CHECK_FALSE(sr::parse_query("a=%", q, error));
    CHECK(error == "query parameter \"a=%\": malformed percent-escape \"%\" at offset 0");
    CHECK_FALSE(sr::parse_query("a=%C3%28", q, error));
    CHECK(error == "query parameter \"a=%C3%28\" is not UTF-8 once decoded");
}

TEST_CASE("server request_uri: labels and query parameters into typed members") {
    sr::request_uri uri;
    std::string error;
    const auto req = request("GET", "/things/t%201/parts/42/2023-11-14T22%3A13%3A20Z",
                             "max=5&id=a&id=b%2Cc&flag=true&extra=1&extra=2&other=x&fixed");
    REQUIRE(uri.parse(req, "/things/{thingId}/parts/{part}/{when}?fixed", error));
    std::string thing;
    int part = 0;
    hc::timestamp when{};
    REQUIRE(uri.read_label("thingId", thing, error));
    REQUIRE(uri.read_label("part", part, error));
    REQUIRE(uri.read_label("when", when, error));
    CHECK(thing == "t 1");
    CHECK(part == 42);
    CHECK(when == hc::timestamp(std::chrono::seconds(1700000000)));
    CHECK_FALSE(uri.read_label("thingId", part, error));
    CHECK(error == "URI label thingId has an invalid value");

    std::optional<int> max, absent;
    std::optional<std::vector<std::string>> ids, no_ids;
    std::vector<std::string> all_ids = {"stale"};
    std::optional<bool> flag;
    REQUIRE(uri.read_query("max", max, error));
    REQUIRE(uri.read_query("nothing", absent, error));
    REQUIRE(uri.read_query("id", ids, error));
    REQUIRE(uri.read_query("id", all_ids, error));
    REQUIRE(uri.read_query("none", no_ids, error));
    REQUIRE(uri.read_query("flag", flag, error));
    CHECK(max == 5);
    CHECK_FALSE(absent);
    CHECK(ids == std::vector<std::string>{"a", "b,c"}); // query lists are not comma-split
    CHECK(all_ids == std::vector<std::string>{"a", "b,c"});
    CHECK_FALSE(no_ids);
    CHECK(flag == true);
    std::optional<int> bad;
    CHECK_FALSE(uri.read_query("id", bad, error));
    CHECK(error == "query parameter id has an invalid value");

    // A map takes what no named member and no literal query part took.
    std::optional<std::map<std::string, std::string>> firsts;
    std::map<std::string, std::vector<std::string>> lists;
    REQUIRE(uri.read_query_map({"max", "id", "flag"}, firsts, error));
    REQUIRE(uri.read_query_map({"max", "id", "flag"}, lists, error));
    CHECK(firsts == std::map<std::string, std::string>{{"extra", "1"}, {"other", "x"}});
    CHECK(lists ==
          std::map<std::string, std::vector<std::string>>{{"extra", {"1", "2"}}, {"other", {"x"}}});
    std::optional<std::map<std::string, std::string>> nothing_left;
    REQUIRE(uri.read_query_map({"max", "id", "flag", "extra", "other"}, nothing_left, error));
    CHECK_FALSE(nothing_left);
    std::map<std::string, int> numbers;
    CHECK_FALSE(uri.read_query_map({}, numbers, error));

    CHECK_FALSE(uri.parse(request("GET", "/things/x"), "/things/{a}/parts/{b}", error));
    CHECK(error == "path /things/x does not match the URI template /things/{a}/parts/{b}");
}

TEST_CASE("server rest bindings: blobs are one base64 value in headers and query strings") {
    hc::http::response res;
    hc::rest::add_header(res, "X-Raw", hc::blob{0, 1, 2});
    REQUIRE(res.find_header("X-Raw"));
    CHECK(*res.find_header("X-Raw") == "AAEC");
    std::string query;
    hc::rest::add_query(query, "b", hc::blob{0xff});
    CHECK(query == "b=%2Fw%3D%3D");
    hc::blob back;
    CHECK(hc::rest::from_text("AAEC", back));
    CHECK(back == hc::blob{0, 1, 2});
    CHECK_FALSE(hc::rest::from_text("A", back));

    // set_header replaces every header of the name, whatever its case.
    res.headers.push_back({"x-raw", "second"});
    res.set_header("X-RAW", "one");
    REQUIRE(res.headers.size() == 1);
    CHECK(res.headers[0].value == "one");
}

TEST_CASE("server error_response: errors no model declares, read back by parse_error") {
    hc::http::response r = hc::server::error_response(403, "UnrecognizedClientException",
                                                      "The security token \"x\" is invalid.");
    CHECK(r.status == 403);
    REQUIRE(r.find_header("x-amzn-ErrorType"));
    CHECK(*r.find_header("x-amzn-ErrorType") == "UnrecognizedClientException");
    CHECK(*r.find_header("Content-Type") == "application/json");
    CHECK(r.body == R"({"message":"The security token \"x\" is invalid."})");
    hc::service_error_info info = hc::parse_error(r);
    CHECK(info.code == "UnrecognizedClientException");
    CHECK(info.message == "The security token \"x\" is invalid.");

    r = hc::server::error_response(400, "InvalidSignatureException", "bad", "json");
    CHECK_FALSE(r.find_header("x-amzn-ErrorType"));
    CHECK(*r.find_header("Content-Type") == "application/x-amz-json-1.1");
    CHECK(boost::json::parse(r.body) ==
          boost::json::parse(R"({"__type":"InvalidSignatureException","message":"bad"})"));
    info = hc::parse_error(r);
    CHECK(info.code == "InvalidSignatureException");
    CHECK(info.message == "bad");
    r = hc::server::error_response(400, "X", "m", "awsJson1_0");
    CHECK(*r.find_header("Content-Type") == "application/x-amz-json-1.0");
    CHECK(r.body == R"({"__type":"X","message":"m"})");
}
