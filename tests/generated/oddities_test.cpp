// The oddities fixture: one of each corner of AWS's models that broke hawk-gen or its output when
// scripts/generate-all ran it on every rest-json and json model. That it compiles, warning-free
// (-Werror for this file), is most of the test; the service side (server/) included.

#include <hawk/oddities/all.hpp>
#include <hawk/oddities/server/all.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace odd = hawk::oddities;

TEST_CASE("a map whose keys and values both have patterns validates both") {
    odd::Thing thing;
    thing.labels.emplace();
    (*thing.labels)["ok"] = "1";
    (*thing.labels)["NOT-OK"] = "x";
    const auto violations = hawk::core::validate(thing);
    CHECK(violations.size() == 2);
}

TEST_CASE("optional structure and document payloads of an output are read only from a body") {
    odd::GetThingResponse thing;
    std::string error;
    hawk::core::http::response http;
    http.status = 200;
    CHECK(odd::operations::GetThing::parse(http, thing, error));
    CHECK(!thing.thing);
    http.body = R"({"rs":"RS","Labels":{"a":"1"}})";
    REQUIRE(odd::operations::GetThing::parse(http, thing, error));
    REQUIRE(thing.thing);
    CHECK(thing.thing->rs_ == odd::rs::rs_);
    CHECK(thing.thing->labels->at("a") == "1");

    odd::GetDocResponse doc;
    http.body = R"({"any":[1,2]})";
    REQUIRE(odd::operations::GetDoc::parse(http, doc, error));
    REQUIRE(doc.doc);
    CHECK(*doc.doc == boost::json::parse(R"({"any":[1,2]})"));
    http.body = "{";
    CHECK(!odd::operations::GetDoc::parse(http, doc, error));
    CHECK(error.find("not valid JSON") != std::string::npos);
}

TEST_CASE("blob payloads: optional in the input, required in the output") {
    odd::PutBlobRequest req;
    CHECK(odd::operations::PutBlob::serialize(req).body.empty());
    req.body = hawk::core::blob{'h', 'i'};
    CHECK(odd::operations::PutBlob::serialize(req).body == "hi");
    odd::PutBlobResponse res;
    hawk::core::http::response http;
    http.status = 200;
    http.body = "raw";
    std::string error;
    REQUIRE(odd::operations::PutBlob::parse(http, res, error));
    CHECK(res.body == hawk::core::blob{'r', 'a', 'w'});
}

TEST_CASE("a query-string map without a name sends each entry as a parameter") {
    odd::GetThingRequest req;
    req.filters.emplace();
    (*req.filters)["color"] = {"red"};
    req.limit = 5;
    const auto http = odd::operations::GetThing::serialize(req);
    CHECK(http.query.find("color=red") != std::string::npos);
    CHECK(http.query.find("limit=5") != std::string::npos);
}

TEST_CASE("names that meet after naming stay distinct") {
    // Error shapes equal in snake_case, and one named like errc's own enumerator.
    CHECK(odd::errc::foo_exception != odd::errc::foo_exception_2);
    CHECK(odd::errc::unmodeled_error_2 != odd::errc::unmodeled_error);
    CHECK(odd::errc_from_code("UnmodeledError") == odd::errc::unmodeled_error_2);
    // A lowercase shape named like the namespace's `service`, an enum constant and a member
    // named like their (lowercase) type, an operation named like a shape.
    odd::service_ settings_input;
    settings_input.service = "x";
    static_assert(std::is_same_v<odd::operations::Settings::request, odd::service_>);
    static_assert(std::is_same_v<odd::operations::Settings::response, odd::Settings>);
    CHECK(odd::rs(std::string_view("rs-2")) == odd::rs::rs_2);
    CHECK(hawk::oddities::service.api_version == "2024-01-01");
    // A call function named like errc gets a `_`.
    static_assert(!std::is_same_v<decltype(&odd::errc_<hawk::core::client>), void>);
}

TEST_CASE("a sensitive union prints redacted") {
    odd::Thing thing;
    thing.secret = odd::SecretChoice::make_password("hunter2");
    CHECK(hawk::core::to_debug_string(thing).find("hunter2") == std::string::npos);
}

TEST_CASE("the service side of the oddities reads back what the client writes") {
    odd::GetThingRequest get;
    get.limit = 9007199254740993LL;
    get.filters = std::map<std::string, std::vector<std::string>>{{"a", {"1", "2"}}};
    const hawk::core::http::request http = odd::operations::GetThing::serialize(get);
    REQUIRE(odd::server::GetThing::matches(http));
    odd::GetThingRequest back;
    std::string error;
    REQUIRE(odd::server::GetThing::parse_request(http, back, error));
    CHECK(back == get);

    odd::PutBlobResponse blob;
    blob.body = hawk::core::blob{0, 255};
    odd::PutBlobResponse blob_back;
    REQUIRE(odd::operations::PutBlob::parse(odd::server::PutBlob::serialize_response(blob),
                                            blob_back, error));
    CHECK(blob_back == blob);
}
