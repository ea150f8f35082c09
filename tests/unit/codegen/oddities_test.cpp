// Corners of AWS's models that scripts/generate-all found, checked on the generated text (the
// oddities fixture model compiles them, tests/generated/oddities_test.cpp).

#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using hawk::codegen::model::load_service;
using hawk::codegen::model::model_error;

namespace {
std::string model_with(const std::string& shapes, const std::string& operations = "{}") {
    return R"({"metadata":{"protocol":"rest-json","apiVersion":"2020-01-01"},"operations":)" +
           operations + R"(,"shapes":)" + shapes + "}";
}

/// The generated files, or the model error's text under the key "error".
std::map<std::string, std::string> generate(const std::string& json) {
    try {
        hawk::codegen::model::service svc = load_service(json, "test/service-2.json", "test");
        hawk::codegen::emit::file_set files;
        hawk::codegen::gen::generate_service(svc, files);
        return files.files();
    } catch (const model_error& e) {
        return {{"error", e.what()}};
    }
}
} // namespace

TEST_CASE("a query-string map needs no locationName; anything else bound to the query does") {
    const std::string op =
        R"({"Op":{"http":{"method":"GET","requestUri":"/"},"input":{"shape":"In"}}})";
    auto files = generate(model_with(
        R"({"In":{"type":"structure","members":{"F":{"shape":"M","location":"querystring"}}},
            "M":{"type":"map","key":{"shape":"S"},"value":{"shape":"S"}},"S":{"type":"string"}})",
        op));
    REQUIRE(!files.count("error"));
    CHECK(files.at("hawk/test/operations/op.hpp").find("core::rest::add_query_map(") !=
          std::string::npos);
    files = generate(model_with(
        R"({"In":{"type":"structure","members":{"F":{"shape":"S","location":"querystring"}}},
            "S":{"type":"string"}})",
        op));
    CHECK(files["error"] == R"(test/service-2.json: shape "In" member "F": a member bound to )"
                            R"(querystring needs a locationName, unless it is a map)");
}

TEST_CASE("a map's key and value patterns are declared in blocks of their own") {
    const auto files = generate(model_with(
        R"({"T":{"type":"structure","members":{"M":{"shape":"M"}}},
            "M":{"type":"map","key":{"shape":"K"},"value":{"shape":"V"}},
            "K":{"type":"string","pattern":"^k$"},"V":{"type":"string","pattern":"^v$"}})"));
    const std::string& h = files.at("hawk/test/types/t.hpp");
    const std::size_t key = h.find(R"(static const core::pattern pattern{"^k$"};)");
    const std::size_t value = h.find(R"(static const core::pattern pattern{"^v$"};)");
    REQUIRE(key != std::string::npos);
    REQUIRE(value != std::string::npos);
    CHECK(h.find('}', key) < value); // the key's block closes before the value's pattern
}

TEST_CASE("sizes past std::int64_t bound nothing") {
    const auto files = generate(model_with(
        R"({"T":{"type":"structure","members":{"B":{"shape":"B"}}},
            "B":{"type":"blob","min":1,"max":9223372036854775807}})"));
    CHECK(files.at("hawk/test/types/t.hpp").find("v.bytes((*x.b).size(), 1, -1);") !=
          std::string::npos);
}

TEST_CASE("error shapes that meet in snake_case, or meet errc's own name, stay distinct") {
    const auto files = generate(model_with(
        R"({"FooError":{"type":"structure","members":{},"exception":true},
            "FOOError":{"type":"structure","members":{},"exception":true},
            "UnmodeledError":{"type":"structure","members":{},"exception":true}})"));
    const std::string& h = files.at("hawk/test/errors.hpp");
    CHECK(h.find("foo_error, ///< `FOOError`") != std::string::npos);
    CHECK(h.find("foo_error_2, ///< `FooError`") != std::string::npos);
    CHECK(h.find("unmodeled_error_2, ///< `UnmodeledError`") != std::string::npos);
}

TEST_CASE("lowercase shape names: namespace names, members and constants named like a type") {
    const auto files = generate(model_with(
        R"({"service":{"type":"structure","members":{"rs":{"shape":"rs"}}},
            "rs":{"type":"string","enum":["RS","other"]}})",
        R"({"Errc":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"service"}}})"));
    const std::string& s = files.at("hawk/test/types/service.hpp");
    CHECK(s.find("struct service_ {") != std::string::npos);
    CHECK(s.find("std::optional<rs> rs_;") != std::string::npos);
    CHECK(files.at("hawk/test/types/rs.hpp").find("rs_, ///< `RS`") != std::string::npos);
    // The operation's types are qualified: an operation may have a shape's name.
    CHECK(files.at("hawk/test/operations/errc.hpp").find("using request = hawk::test::service_;") !=
          std::string::npos);
}
