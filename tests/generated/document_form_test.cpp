// Document-form (model member names) round trips for every kind of shape, on the kitchen-sink
// fixture model generated at build time.

#include <hawk/core/protocol/json_body.hpp>
#include <hawk/kitchensink/all.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace hawk::kitchensink;
using hawk::core::json_form;

namespace {
template <class T>
T round_trip(const T& value, json_form form) {
    const std::string text = hawk::core::to_json(value, form);
    T back{};
    std::string error;
    REQUIRE_MESSAGE(hawk::core::from_json(boost::json::parse(text), form, back, error), error);
    CHECK(hawk::core::to_json(back, form) == text);
    return back;
}

PutEverythingRequest sample() {
    PutEverythingRequest r;
    r.thing_id = "thing-1";
    r.token = "t0ken";
    r.name = "abc";
    r.kind = Kind::text_plain;
    r.choice = Choice::make_text("hello");
    r.count = 3;
    r.big = std::numeric_limits<std::int64_t>::max();
    r.ratio = 0.1;
    r.tiny = 1.5f;
    r.flag = false;
    r.when = hawk::core::timestamp(std::chrono::milliseconds(1440938160123));
    r.when_iso = hawk::core::timestamp(std::chrono::microseconds(1440938160123456));
    r.data = hawk::core::blob{0x00, 0xff, 0x10};
    r.doc = boost::json::parse(R"({"a":[1,2,{"b":null}],"c":"d"})");
    r.tags = std::vector<std::string>{"x", "y"};
    r.attributes = std::map<std::string, std::string>{{"k1", "v1"}, {"k2", "v2"}};
    Node leaf;
    leaf.label = "leaf";
    Node root;
    root.label = "root";
    root.next = leaf;
    root.children = std::vector<Node>{leaf, leaf};
    root.by_name = std::map<std::string, Node>{{"l", leaf}};
    r.tree = root;
    r.password = "hunter2";
    r.errno_ = "e";
    r.default_ = "d";
    r.renamed = "r";
    return r;
}
} // namespace

TEST_CASE("every kind of shape round-trips in the document and the wire form") {
    const PutEverythingRequest r = sample();
    CHECK(round_trip(r, json_form::document) == r);
    // The wire form leaves out what travels in the URI and headers.
    PutEverythingRequest wire_back = round_trip(r, json_form::wire);
    CHECK(wire_back.thing_id.empty());
    CHECK_FALSE(wire_back.token);
    wire_back.thing_id = r.thing_id;
    wire_back.token = r.token;
    CHECK(wire_back == r);
}

TEST_CASE("document form keys are member names; the wire uses locationName") {
    const PutEverythingRequest r = sample();
    const boost::json::value doc = hawk::core::to_document(r);
    CHECK(doc.at("Renamed").as_string() == "r");
    CHECK(doc.at("errno").as_string() == "e");
    CHECK(doc.at("thingId").as_string() == "thing-1");
    const boost::json::value wire = boost::json::parse(hawk::core::to_json(r, json_form::wire));
    CHECK(wire.at("renamed_on_wire").as_string() == "r");
    CHECK_FALSE(wire.as_object().contains("Renamed"));
}

TEST_CASE("timestamps keep fractions; formats follow timestampFormat on the wire") {
    const PutEverythingRequest r = sample();
    const boost::json::value wire = boost::json::parse(hawk::core::to_json(r, json_form::wire));
    CHECK(hawk::core::to_json(r, json_form::wire).find(R"("When":1440938160.123)") !=
          std::string::npos);
    CHECK(wire.at("WhenIso").as_string() == "2015-08-30T12:36:00.123456Z");
    // Reading accepts epoch numbers and ISO-8601 strings alike.
    PutEverythingRequest back;
    std::string error;
    REQUIRE(hawk::core::from_json(
        boost::json::parse(R"({"thingId":"x","Name":"a","Kind":"VALUE","Choice":{"Number":2},
        "When":"2015-08-30T12:36:00.5Z","WhenIso":1440938160.25})"),
        json_form::document, back, error));
    CHECK(back.when->time_since_epoch() == std::chrono::milliseconds(1440938160500));
    CHECK(back.when_iso->time_since_epoch() == std::chrono::milliseconds(1440938160250));
}

TEST_CASE("NaN and infinities are spelled as the protocol spells them") {
    PutEverythingRequest r = sample();
    r.ratio = std::numeric_limits<double>::quiet_NaN();
    r.tiny = -std::numeric_limits<float>::infinity();
    const std::string text = hawk::core::to_json(r, json_form::wire);
    CHECK(text.find(R"("Ratio":"NaN")") != std::string::npos);
    CHECK(text.find(R"("Tiny":"-Infinity")") != std::string::npos);
    PutEverythingRequest back;
    std::string error;
    REQUIRE(hawk::core::from_json(boost::json::parse(text), json_form::wire, back, error));
    CHECK(std::isnan(*back.ratio));
    CHECK(std::isinf(*back.tiny));
    CHECK(*back.tiny < 0);
}

TEST_CASE("open enums keep unknown values and round-trip them") {
    Kind k("BRAND_NEW_VALUE");
    CHECK_FALSE(k.is_known());
    CHECK(k.value() == Kind::sdk_unknown);
    CHECK(k.to_string() == "BRAND_NEW_VALUE");
    CHECK(boost::json::value_to<Kind>(boost::json::value_from(k)) == k);
    CHECK(Kind("text/plain") == Kind::text_plain);
    CHECK(Kind("VALUE").value() == Kind::value_); // hostile value names are renamed, not lost
    CHECK(Kind("m_value").value() == Kind::m_value_);
    CHECK(Kind::wire_values[Kind::star] == "*");
}

TEST_CASE("unions hold one member; unknown members are kept and round-trip") {
    Choice c = Choice::make_number(4);
    CHECK(c.which() == Choice::member_id::number);
    REQUIRE(c.number());
    CHECK(*c.number() == 4);
    CHECK(c.text() == nullptr);

    // Recursive union members are boxed behind the scenes.
    Choice nested = Choice::make_nested(c);
    REQUIRE(nested.nested());
    CHECK(*nested.nested() == c);
    CHECK(round_trip(nested, json_form::wire) == nested);

    Choice back;
    std::string error;
    REQUIRE(hawk::core::from_json(boost::json::parse(R"({"AddedLater":{"x":[1,2]}})"),
                                  json_form::wire, back, error));
    CHECK(back.which() == Choice::member_id::sdk_unknown);
    CHECK(back.unknown()->name == "AddedLater");
    CHECK(hawk::core::to_json(back, json_form::wire) == R"({"AddedLater":{"x":[1,2]}})");

    CHECK_FALSE(hawk::core::from_json(boost::json::parse(R"({"Text":"a","Number":1})"),
                                      json_form::wire, back, error));
    CHECK(error.find("exactly one") != std::string::npos);
}

TEST_CASE("Boost.JSON value_from / value_to use the document form") {
    const PutEverythingRequest r = sample();
    const boost::json::value jv = boost::json::value_from(r);
    CHECK(jv.at("Name").as_string() == "abc");
    CHECK(boost::json::value_to<PutEverythingRequest>(jv) == r);
    auto bad =
        boost::json::try_value_to<PutEverythingRequest>(boost::json::parse(R"({"Nmae":"typo"})"));
    CHECK(bad.has_error());
}

TEST_CASE("reading reports the path of the first problem") {
    PutEverythingRequest out;
    std::string error;
    CHECK_FALSE(hawk::core::from_json(
        boost::json::parse(R"({"Tree":{"Label":"a","Children":[{"Label":5}]}})"),
        json_form::document, out, error));
    CHECK(error == "PutEverythingRequest.Tree.Children[0].Label: expected a string");
    CHECK_FALSE(hawk::core::from_json(boost::json::parse(R"({"Nmae":"typo"})"), json_form::document,
                                      out, error));
    CHECK(error == R"(PutEverythingRequest["Nmae"]: unknown member)");
    // Through maps, boxed members and unions: each reader adds its step on the way out.
    CHECK_FALSE(hawk::core::from_json(
        boost::json::parse(R"({"Tree":{"Label":"a","ByName":{"k1":{"Label":"b"},
            "k2":{"Label":"c","Next":{"Label":"d","Children":[{"Label":"e"},{"Label":7}]}}}}})"),
        json_form::wire, out, error));
    CHECK(error ==
          R"(PutEverythingRequest.Tree.ByName["k2"].Next.Children[1].Label: expected a string)");
    CHECK_FALSE(hawk::core::from_json(boost::json::parse(R"({"Choice":{"Nested":{"Text":5}}})"),
                                      json_form::document, out, error));
    CHECK(error == "PutEverythingRequest.Choice.Nested.Text: expected a string");
    CHECK_FALSE(hawk::core::from_json(boost::json::parse(R"({"Tree":{"Label":"a","Oops":1}})"),
                                      json_form::document, out, error));
    CHECK(error == R"(PutEverythingRequest.Tree["Oops"]: unknown member)");
    // The wire ignores members added to the service later, and nulls.
    CHECK(hawk::core::from_json(
        boost::json::parse(R"({"NewField":1,"Name":null,"Tags":["a",null,"b"]})"), json_form::wire,
        out, error));
    CHECK(out.tags == std::vector<std::string>{"a", "b"});
    CHECK_FALSE(hawk::core::from_json(boost::json::parse(R"({"Count":3000000000})"),
                                      json_form::wire, out, error));
    CHECK(error.find("out of range") != std::string::npos);
    CHECK_FALSE(hawk::core::from_json(boost::json::parse(R"({"Data":"not base64!"})"),
                                      json_form::wire, out, error));
}

TEST_CASE("real model shapes round-trip too") {
    using hawk::kitchensink::PutEverythingResponse;
    PutEverythingResponse resp;
    resp.name = "n";
    resp.items = std::vector<Node>{Node{}};
    resp.items->front().label = "x";
    CHECK(round_trip(resp, json_form::document) == resp);
}

TEST_CASE("a body's documents and unknown union members outlive its parse") {
    // json_body::read parses on a resource of its own, dropped when it returns: what the output
    // keeps of the JSON must be copies with the default resource.
    hawk::core::http::response res;
    res.status = 200;
    res.body = R"({"Name":"n","Doc":{"list":[1,"two",{"three":3.5}],"text":")" +
               std::string(200, 'd') + R"("},"Choice":{"AddedLater":{"x":[1,2],"s":")" +
               std::string(100, 'u') + R"("}}})";
    PutEverythingRequest out;
    std::string error;
    REQUIRE_MESSAGE(hawk::core::json_body::read(res, out, error), error);
    REQUIRE(out.doc);
    CHECK(*out.doc->storage() == *boost::json::storage_ptr());
    CHECK(*out.doc == boost::json::parse(R"({"list":[1,"two",{"three":3.5}],"text":")" +
                                         std::string(200, 'd') + "\"}"));
    REQUIRE(out.choice.unknown());
    CHECK(*out.choice.unknown()->value.storage() == *boost::json::storage_ptr());
    CHECK(out.choice.unknown()->value ==
          boost::json::parse(R"({"x":[1,2],"s":")" + std::string(100, 'u') + "\"}"));
    // Copies and moves of the output after the parse are fine too.
    PutEverythingRequest copy = out;
    CHECK(copy == out);
}
