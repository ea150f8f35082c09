// The generated service side of the kitchen-sink fixture (tests/fixtures/models/kitchensink):
// every rest-json binding (labels, greedy labels, literal query parts, headers of every type,
// lists in headers, prefixed headers, query lists and maps, payloads of every kind, status-code
// members, errors with bound headers) through the generated client and server code and back.

#include <hawk/kitchensink/error_parsers.hpp>
#include <hawk/kitchensink/errors.hpp>
#include <hawk/kitchensink/operations/get_part.hpp>
#include <hawk/kitchensink/operations/ping.hpp>
#include <hawk/kitchensink/operations/put_choice.hpp>
#include <hawk/kitchensink/operations/put_doc.hpp>
#include <hawk/kitchensink/operations/put_everything.hpp>
#include <hawk/kitchensink/operations/put_object.hpp>
#include <hawk/kitchensink/server/all.hpp>
#include <hawk/kitchensink/service.hpp>

#include <hawk/core/error.hpp>

#include "server_round_trip.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace ks = hawk::kitchensink;
namespace hc = hawk::core;
using hawk::test::at;
using hawk::test::parse_error_of;
using hawk::test::through_client;
using hawk::test::through_server;

namespace {

ks::PutObjectRequest full_object() {
    ks::PutObjectRequest req;
    req.bucket = "my bucket";
    req.key = "photos/2024/a b+c/é.jpg";
    req.text = "hello, \"world\"";
    req.flag = false;
    req.int_ = -42;
    req.big = 9007199254740993LL;
    req.ratio = 0.1;
    req.tiny = 2.5f;
    req.when = at(1700000000000); // HTTP dates have whole seconds
    req.when_iso = at(1700000000123);
    req.when_epoch = at(1700000000500);
    req.raw = hc::blob{0, 1, 0xfe, 0xff};
    req.kind = ks::Kind::text_plain;
    req.words = std::vector<std::string>{"a", "", "b,c", "d \"e\""};
    req.numbers = std::vector<std::int32_t>{1, -2, 3};
    req.times = std::vector<hc::timestamp>{at(1700000000000), at(1600000000000)};
    req.json = R"({"a":[1,2,{"b":null}]})";
    req.meta = std::map<std::string, std::string>{{"Owner", "me"}, {"Color", "blue green"}};
    req.query = "a b&c=d/é";
    req.limit = 10;
    req.deep = true;
    req.since = at(1700000000250);
    req.ids = std::vector<std::string>{"x", "y z", "x"};
    req.sizes = std::vector<std::int32_t>{3, 1};
    req.extra = std::map<std::string, std::string>{{"color", "red"}, {"k y", "v&w=1"}};
    req.body = hc::blob{'b', 0, 'y', 0xc3};
    return req;
}

hc::http::request object_request() {
    return ks::operations::PutObject::serialize(full_object());
}

} // namespace

TEST_CASE("server kitchensink PutObject: every request binding reads back exactly") {
    const hc::http::request http = object_request();
    CHECK(http.method == "PUT");
    CHECK(http.query.rfind("tagging&x-id=PutObject&", 0) == 0);
    const ks::PutObjectRequest back = through_server<ks::server::PutObject>(full_object());
    CHECK(back.key == "photos/2024/a b+c/é.jpg");
    CHECK(back.words == full_object().words);
    CHECK(back.meta == full_object().meta);
    CHECK(back.extra == full_object().extra);
    CHECK(back == full_object());

    // Nothing set but the labels: nothing else is set back.
    ks::PutObjectRequest bare;
    bare.bucket = "b";
    bare.key = "k";
    CHECK(through_server<ks::server::PutObject>(bare) == bare);
}

TEST_CASE("server kitchensink PutObject: method, path and literal query parts decide a match") {
    hc::http::request http = object_request();
    REQUIRE(ks::server::PutObject::matches(http));
    CHECK_FALSE(ks::server::PutEverything::matches(http));
    hc::http::request other = http;
    other.method = "POST";
    CHECK_FALSE(ks::server::PutObject::matches(other));
    other = http;
    other.query = "x-id=PutObject&q=1"; // no ?tagging
    CHECK_FALSE(ks::server::PutObject::matches(other));
    other.query = "tagging&x-id=GetObject";
    CHECK_FALSE(ks::server::PutObject::matches(other));
    other.query = "x-id=PutObject&tagging=";
    CHECK(ks::server::PutObject::matches(other));
    other = http;
    other.path = "/buckets/b/objects/"; // an empty greedy label
    CHECK_FALSE(ks::server::PutObject::matches(other));
    other.path = "/buckets/b/objects/k/";
    CHECK(ks::server::PutObject::matches(other)); // the greedy label takes "k/"
    other.path = "/buckets/b/c/objects/k";
    CHECK_FALSE(ks::server::PutObject::matches(other));

    // The literal query parts and the named parameters are not the query map's.
    other = http;
    other.query += "&q=again&extra=1";
    ks::PutObjectRequest in;
    std::string error;
    REQUIRE(ks::server::PutObject::parse_request(other, in, error));
    REQUIRE(in.extra);
    CHECK(in.extra->count("tagging") == 0);
    CHECK(in.extra->count("x-id") == 0);
    CHECK(in.extra->count("q") == 0);
    CHECK(in.query == "a b&c=d/é"); // the first value
    CHECK(in.extra->at("extra") == "1");
}

TEST_CASE("server kitchensink PutObject: values that do not parse are errors naming them") {
    const auto error_with = [](const char* header, const char* value) {
        hc::http::request http = object_request();
        http.set_header(header, value);
        return parse_error_of<ks::server::PutObject>(http);
    };
    CHECK(error_with("X-Int", "12x") == "request header X-Int has an invalid value");
    CHECK(error_with("X-Int", "99999999999") == "request header X-Int has an invalid value");
    CHECK(error_with("X-Flag", "yes") == "request header X-Flag has an invalid value");
    CHECK(error_with("X-When", "yesterday") == "request header X-When has an invalid value");
    CHECK(error_with("X-Raw", "not base64!") == "request header X-Raw has an invalid value");
    CHECK(error_with("X-Numbers", "1, two") == "request header X-Numbers has an invalid value");
    CHECK(error_with("X-Json", "!!!") == "request header X-Json is not base64-encoded JSON");
    CHECK(error_with("X-Json", "bm90IGpzb24=") ==
          "request header X-Json is not base64-encoded JSON"); // "not json"
    CHECK(error_with("X-Int", "12").empty());

    hc::http::request http = object_request();
    http.query.replace(http.query.find("limit=10"), 8, "limit=ten");
    CHECK(parse_error_of<ks::server::PutObject>(http) ==
          "query parameter limit has an invalid value");
    http = object_request();
    http.query += "&size=big";
    CHECK(parse_error_of<ks::server::PutObject>(http) ==
          "query parameter size has an invalid value");
    http = object_request();
    http.query += "&bad=%G0";
    CHECK(parse_error_of<ks::server::PutObject>(http) ==
          "query parameter \"bad=%G0\": malformed percent-escape \"%G0\" at offset 0");
    http = object_request();
    http.path += "%";
    REQUIRE(ks::server::PutObject::matches(http));
    CHECK(parse_error_of<ks::server::PutObject>(http).find("URI label Key: malformed") == 0);
    http = object_request();
    http.path = "/buckets/%FF%FE/objects/k";
    CHECK(parse_error_of<ks::server::PutObject>(http) ==
          "URI label Bucket is not UTF-8 once decoded");
}

TEST_CASE("server kitchensink PutObject: status, headers and a structure payload back") {
    ks::PutObjectResponse resp;
    resp.text = "t, \"q\"";
    resp.flag = true;
    resp.big = -5;
    resp.ratio = 1e-3;
    resp.when = at(1700000000000);
    resp.when_epoch = at(1700000000750);
    resp.raw = hc::blob{9, 8, 7};
    resp.kind = ks::Kind::star;
    resp.words = std::vector<std::string>{"x", "y,z"};
    resp.times = std::vector<hc::timestamp>{at(1700000000000)};
    resp.json = "[true]";
    resp.meta = std::map<std::string, std::string>{{"A", "1"}};
    ks::ObjectSummary summary;
    summary.size = 4;
    summary.names = std::vector<std::string>{"n"};
    summary.stored = at(1700000000001);
    resp.summary = summary;

    hc::http::response http = ks::server::PutObject::serialize_response(resp);
    CHECK(http.status == 201); // the model's responseCode
    REQUIRE(http.find_header("X-Words"));
    CHECK(*http.find_header("X-Words") == R"(x, "y,z")");
    resp.status = 201; // the client reads the status into the status-code member
    CHECK(through_client<ks::server::PutObject>(resp) == resp);

    resp.status = 202; // a status-code member that is set wins
    CHECK(ks::server::PutObject::serialize_response(resp).status == 202);
    CHECK(through_client<ks::server::PutObject>(resp) == resp);

    // Without a payload: no body at all.
    ks::PutObjectResponse bare;
    http = ks::server::PutObject::serialize_response(bare);
    CHECK(http.body.empty());
    CHECK_FALSE(http.find_header("Content-Type"));
}

TEST_CASE("server kitchensink GetPart: labels that are numbers and timestamps, a map of lists") {
    ks::GetPartRequest req;
    req.thing_id = "thing-1";
    req.part_number = 42;
    req.when = at(1700000000250);
    req.times = std::vector<hc::timestamp>{at(1700000000000), at(1700000001500)};
    req.filters =
        std::map<std::string, std::vector<std::string>>{{"tag", {"a", "b c"}}, {"size", {"xl"}}};
    CHECK(through_server<ks::server::GetPart>(req) == req);

    hc::http::request http = ks::operations::GetPart::serialize(req);
    http.path = "/things/thing-1/parts/forty-two/2023-11-14T22:13:20Z";
    REQUIRE(ks::server::GetPart::matches(http));
    CHECK(parse_error_of<ks::server::GetPart>(http) == "URI label partNumber has an invalid value");

    ks::GetPartResponse resp;
    resp.text = "plain text ✓";
    resp.content_type = "text/plain; charset=utf-8";
    const hc::http::response written = ks::server::GetPart::serialize_response(resp);
    CHECK(written.body == "plain text ✓");
    CHECK(through_client<ks::server::GetPart>(resp) == resp);
}

TEST_CASE("server kitchensink PutDoc and PutChoice: document, enum and union payloads") {
    ks::PutDocRequest doc;
    doc.doc_id = "d 1";
    doc.doc = boost::json::parse(R"({"any":[1,"two",{"three":null}],"n":1.5})");
    CHECK(through_server<ks::server::PutDoc>(doc) == doc);
    ks::PutDocRequest no_doc;
    no_doc.doc_id = "d";
    CHECK_FALSE(through_server<ks::server::PutDoc>(no_doc).doc);

    ks::PutDocResponse kind;
    kind.kind = ks::Kind::star;
    CHECK(ks::server::PutDoc::serialize_response(kind).body == "*");
    CHECK(through_client<ks::server::PutDoc>(kind) == kind);
    kind.kind = ks::Kind("NEW_VALUE"); // open enums keep values this model does not know
    CHECK(through_client<ks::server::PutDoc>(kind) == kind);

    ks::PutChoiceRequest choice;
    choice.choice = ks::Choice::make_nested(hc::boxed<ks::Choice>(ks::Choice::make_text("deep")));
    CHECK(through_server<ks::server::PutChoice>(choice) == choice);
    CHECK(through_server<ks::server::PutChoice>(ks::PutChoiceRequest{}) == ks::PutChoiceRequest{});
    // No output members: status 200, no body.
    const hc::http::response none = ks::server::PutChoice::serialize_response({});
    CHECK(none.status == 200);
    CHECK(none.body.empty());
    CHECK(none.headers.empty());
}

TEST_CASE("server kitchensink PutEverything and Ping: body members of every kind, no input") {
    ks::PutEverythingRequest req;
    req.thing_id = "thing-9";
    req.token = "secret";
    req.name = "名前";
    req.kind = ks::Kind::default_;
    req.choice = ks::Choice::make_number(3);
    req.count = 2;
    req.big = -1;
    req.ratio = 2.25;
    req.tiny = 0.5f;
    req.flag = true;
    req.when = at(1700000000999);
    req.when_iso = at(1700000000001);
    req.data = hc::blob{1, 2};
    req.doc = boost::json::parse(R"([1,{"x":"y"}])");
    req.tags = std::vector<std::string>{"one", "two"};
    req.attributes = std::map<std::string, std::string>{{"aa", "b"}};
    ks::Node child;
    child.label = "c";
    ks::Node tree;
    tree.label = "root";
    tree.children = std::vector<ks::Node>{child};
    req.tree = tree;
    req.password = "pw";
    req.errno_ = "e";
    req.default_ = "d";
    req.core_ = "c";
    req.min_ = 1;
    req.renamed = "r";
    req.client_token = "tok-9";
    const ks::PutEverythingRequest back = through_server<ks::server::PutEverything>(req);
    CHECK(back == req);
    REQUIRE(ks::server::PutEverything::idempotency_token(back));
    CHECK(*ks::server::PutEverything::idempotency_token(back) == "tok-9");

    ks::PutEverythingResponse resp;
    resp.name = "n";
    resp.items = std::vector<ks::Node>{tree};
    resp.when = at(1700000000000);
    CHECK(through_client<ks::server::PutEverything>(resp) == resp);

    CHECK(through_server<ks::server::Ping>({}) == ks::PingRequest{});
    hc::http::request ping = ks::operations::Ping::serialize({});
    CHECK_FALSE(ks::server::PutEverything::matches(ping));
    ping.path = "/ping/";
    CHECK_FALSE(ks::server::Ping::matches(ping));
    CHECK(ks::server::Ping::serialize_response({}).body.empty());
}

TEST_CASE("server kitchensink errors: status, code, headers and members read back by the client") {
    ks::HeaderedException e;
    e.message = "slow down";
    e.reason = "too, many";
    e.retry_after = 30;
    ks::ObjectSummary detail;
    detail.size = 1;
    e.detail_ = detail;
    const hc::http::response http = ks::server::serialize_error(e);
    CHECK(http.status == 429);
    REQUIRE(http.find_header("X-Retry-After"));
    CHECK(*http.find_header("X-Retry-After") == "30");
    const hc::service_error_info info = hc::parse_error(http, ks::service);
    CHECK(info.code == "HeaderedException");
    CHECK(info.message == "slow down");
    CHECK(ks::service.error_from_code(info.code) == ks::errc::headered_exception);
    ks::HeaderedException back;
    std::string error;
    REQUIRE(read_error(http, back, error));
    CHECK(back == e);

    // A fault without httpStatusCode is the service's error: 500, in errors.hpp too.
    ks::ServerBrokeException broke;
    const hc::http::response fault = ks::server::serialize_error(broke);
    CHECK(fault.status == 500);
    CHECK(ks::describe(ks::errc::server_broke_exception)->http_status == 500);
    CHECK(fault.body == "{}");
    CHECK(hc::parse_error(fault, ks::service).code == "ServerBrokeException");
}
