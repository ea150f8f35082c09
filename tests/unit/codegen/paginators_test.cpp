// Paginators: paginators-1.json and the customizations' paginators loaded, checked against the
// operations' shapes, everything hawk does not support refused naming the operation, and the
// thin generated header.

#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <doctest/doctest.h>

#include <string>

using hawk::codegen::model::load_paginators;
using hawk::codegen::model::load_service;
using hawk::codegen::model::model_error;

namespace {

/// ListThings: In{NextToken, MaxResults, Filter.Name} -> Out{NextToken, Things[], Total, Kind}.
const std::string paged_model =
    R"({"metadata":{"protocol":"rest-json","apiVersion":"2020-01-01"},
        "operations":{
          "ListThings":{"http":{"method":"POST","requestUri":"/things"},
                        "input":{"shape":"In"},"output":{"shape":"Out"}},
          "Ping":{"http":{"method":"GET","requestUri":"/ping"}}},
        "shapes":{
          "In":{"type":"structure","members":{"NextToken":{"shape":"Str"},
                "MaxResults":{"shape":"Max"},"Filter":{"shape":"Filter"}}},
          "Filter":{"type":"structure","members":{"Name":{"shape":"Str"}}},
          "Out":{"type":"structure","required":["Things"],"members":{"NextToken":{"shape":"Str"},
                 "Things":{"shape":"Things"},"Total":{"shape":"Max"},"Kind":{"shape":"Str"}}},
          "Things":{"type":"list","member":{"shape":"Str"}},
          "Max":{"type":"integer","min":5,"max":50},
          "Str":{"type":"string"}}})";

std::string paginators_with(const std::string& entry) {
    return R"({"pagination":{"ListThings":)" + entry + "}}";
}

const std::string good_entry =
    R"({"input_token":"NextToken","output_token":"NextToken","limit_key":"MaxResults",)"
    R"("result_key":"Things","non_aggregate_keys":["Total"]})";

std::string error_of(const std::string& paginators) {
    auto svc = load_service(paged_model, "m.json", "test");
    try {
        load_paginators(svc, paginators, "p.json");
    } catch (const model_error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("paginators: loaded onto their operations") {
    auto svc = load_service(paged_model, "m.json", "test");
    load_paginators(svc, paginators_with(good_entry), "p.json");
    const auto& list = svc.operations.at(0);
    REQUIRE(list.name == "ListThings");
    REQUIRE(list.pagination);
    CHECK(list.pagination->input_token == "NextToken");
    CHECK(list.pagination->output_token == "NextToken");
    CHECK(list.pagination->limit_key == "MaxResults");
    CHECK(list.pagination->result_key == "Things");
    CHECK(list.pagination->non_aggregate_keys == std::vector<std::string>{"Total"});
    CHECK_FALSE(svc.operations.at(1).pagination);

    // limit_key is optional; an empty pagination object is a service without paginators.
    CHECK(error_of(paginators_with(
              R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things"})")) ==
          "no error");
    CHECK(error_of(R"({"pagination":{}})") == "no error");
}

TEST_CASE("paginators: what hawk does not support is refused, naming the operation") {
    const std::string at = R"(p.json: paginator of operation "ListThings": )";
    CHECK(error_of("{nope").find("p.json: not valid JSON") == 0);
    CHECK(error_of("{}") == R"(p.json: missing "pagination")");
    CHECK(error_of(R"({"pagination":{"Ghost":{}}})") ==
          R"(p.json: paginator of operation "Ghost": no such operation)");
    CHECK(error_of(paginators_with("[]")) == at + "a paginator must be a JSON object");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":["NextToken","Marker"],"output_token":"NextToken","result_key":"Things"})")) ==
        at + R"("input_token" is a list; only a single member is supported)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":["NextToken"],"result_key":"Things"})")) ==
        at + R"("output_token" is a list; only a single member is supported)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":["Things","Kind"]})")) ==
        at + R"("result_key" is a list; only a single member is supported)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"Page.NextToken","result_key":"Things"})")) ==
        at +
            R"("output_token" is the expression "Page.NextToken"; only a top-level member name is supported)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things[].Name"})")) ==
        at +
            R"("result_key" is the expression "Things[].Name"; only a top-level member name is supported)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things","more_results":"IsTruncated"})")) ==
        at +
            R"("more_results" is not supported (hawk's paginators stop when the output token is absent or empty))");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things","page_size":"X"})")) ==
        at + R"(unknown paginator key "page_size")");
    CHECK(error_of(paginators_with(R"({"input_token":"NextToken","result_key":"Things"})")) ==
          at + R"(missing "output_token")");
    CHECK(error_of(paginators_with(
              R"({"input_token":"Marker","output_token":"NextToken","result_key":"Things"})")) ==
          at + R"("input_token": In has no member "Marker")");
    CHECK(error_of(paginators_with(
              R"({"input_token":"Filter","output_token":"NextToken","result_key":"Things"})")) ==
          at + R"("input_token": In.Filter is not a string)");
    CHECK(error_of(paginators_with(
              R"({"input_token":"NextToken","output_token":"Total","result_key":"Things"})")) ==
          at + R"("output_token": Out.Total is not a string)");
    CHECK(error_of(paginators_with(
              R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Kind"})")) ==
          at + R"("result_key": Out.Kind is not a list)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things","limit_key":"Filter"})")) ==
        at + R"("limit_key": In.Filter is not an integer)");
    CHECK(
        error_of(paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things","non_aggregate_keys":["Nope"]})")) ==
        at + R"("non_aggregate_keys": Out has no member "Nope")");
    CHECK(
        error_of(
            R"({"pagination":{"Ping":{"input_token":"NextToken","output_token":"NextToken","result_key":"Things"}}})") ==
        R"(p.json: paginator of operation "Ping": "input_token": the operation has no input)");
}

TEST_CASE("paginators: customizations add them (and replace the file's)") {
    auto svc = load_service(paged_model, "m.json", "test");
    load_paginators(svc, paginators_with(good_entry), "p.json");
    hawk::codegen::model::apply_customizations(
        svc,
        R"({"test":{"paginators":{"ListThings":{"input_token":"NextToken","output_token":"NextToken","result_key":"Things"}}}})",
        "c.json");
    REQUIRE(svc.operations.at(0).pagination);
    CHECK(svc.operations.at(0).pagination->limit_key.empty());
    CHECK(svc.custom.paginators.count("ListThings") == 1);

    auto error = [&](const std::string& custom) {
        auto s = load_service(paged_model, "m.json", "test");
        try {
            hawk::codegen::model::apply_customizations(s, custom, "c.json");
        } catch (const model_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error(R"({"test":{"paginators":{"Ghost":{}}}})") ==
          R"(c.json: service "test" paginator of operation "Ghost": no such operation)");
    CHECK(
        error(
            R"({"test":{"paginators":{"ListThings":{"input_token":"NextToken","output_token":"NextToken","result_key":"Nope"}}}})") ==
        R"(c.json: service "test" paginator of operation "ListThings": "result_key": Out has no member "Nope")");
    CHECK(error(R"({"test":{"paginators":[]}})") ==
          R"(c.json: service "test": "paginators" must be a JSON object)");
}

TEST_CASE("paginators: the generated header is thin traits over core/paginator.hpp") {
    auto svc = load_service(paged_model, "m.json", "test");
    load_paginators(svc, paginators_with(good_entry), "p.json");
    hawk::codegen::emit::file_set files;
    hawk::codegen::gen::generate_service(svc, files);
    const auto& all = files.files().at("hawk/test/all.hpp");
    CHECK(all.find("#include <hawk/test/paginators/list_things.hpp>") != std::string::npos);
    CHECK(files.files().count("hawk/test/paginators/ping.hpp") == 0);
    const std::string& h = files.files().at("hawk/test/paginators/list_things.hpp");
    for (const char* line : {
             "#include <hawk/test/list_things.hpp>",
             "#include <hawk/core/paginator.hpp>",
             "struct ListThings {",
             "using items_type = std::vector<std::string>;",
             "static constexpr std::string_view input_token_name = \"NextToken\";",
             "return r.next_token ? std::string_view(*r.next_token) : std::string_view();",
             "static void set_input_token(request& r, std::string token) { r.next_token = "
             "std::move(token); }",
             "return &r.things;",                         // required: never absent
             "static constexpr long long limit_min = 5;", // the model's minimum page size
             "static void set_limit(request& r, long long n) { r.max_results = "
             "static_cast<std::int32_t>(n); }",
             "using list_things_paginator = core::paginator<paginators::ListThings>;",
             "auto async_collect_list_things(core::client& client, const In& request, "
             "std::size_t max_items, CompletionToken&& token) {",
         }) {
        CAPTURE(line);
        CHECK(h.find(line) != std::string::npos);
    }

    // Without a limit_key: no page size to set.
    auto bare = load_service(paged_model, "m.json", "test");
    load_paginators(
        bare,
        paginators_with(
            R"({"input_token":"NextToken","output_token":"NextToken","result_key":"Things"})"),
        "p.json");
    hawk::codegen::emit::file_set bare_files;
    hawk::codegen::gen::generate_service(bare, bare_files);
    CHECK(bare_files.files().at("hawk/test/paginators/list_things.hpp").find("has_limit = false") !=
          std::string::npos);
}

TEST_CASE("paginators: the three services' files and the GetTranscript customization") {
    struct expected {
        const char* folder;
        const char* version;
        std::size_t paginated;
    };
    for (const expected& e :
         {expected{"connectparticipant", "2018-09-07", 1}, expected{"connect", "2017-08-08", 81},
          expected{"qconnect", "2020-10-19", 23}}) {
        CAPTURE(e.folder);
        const std::string dir =
            std::string(HAWK_SOURCE_DIR) + "/models/" + e.folder + "/" + e.version + "/";
        auto svc = load_service(hawk::codegen::model::read_file(dir + "service-2.json"),
                                dir + "service-2.json", e.folder);
        load_paginators(svc, hawk::codegen::model::read_file(dir + "paginators-1.json"),
                        dir + "paginators-1.json");
        const std::string custom = std::string(HAWK_SOURCE_DIR) + "/models/customizations.json";
        hawk::codegen::model::apply_customizations(svc, hawk::codegen::model::read_file(custom),
                                                   custom);
        std::size_t paginated = 0;
        for (const auto& op : svc.operations)
            paginated += op.pagination.has_value();
        CHECK(paginated == e.paginated);
        hawk::codegen::emit::file_set files;
        hawk::codegen::gen::generate_service(svc, files);
        std::size_t headers = 0;
        const std::string prefix = std::string("hawk/") + e.folder + "/paginators/";
        for (const auto& [name, content] : files.files())
            headers += name.rfind(prefix, 0) == 0;
        CHECK(headers == e.paginated);
    }

    // connectparticipant: botocore's file is empty; GetTranscript pages by the customization.
    const std::string dir = std::string(HAWK_SOURCE_DIR) + "/models/connectparticipant/2018-09-07/";
    auto svc = load_service(hawk::codegen::model::read_file(dir + "service-2.json"),
                            dir + "service-2.json", "connectparticipant");
    load_paginators(svc, hawk::codegen::model::read_file(dir + "paginators-1.json"),
                    dir + "paginators-1.json");
    for (const auto& op : svc.operations)
        CHECK_FALSE(op.pagination);
    const std::string custom = std::string(HAWK_SOURCE_DIR) + "/models/customizations.json";
    hawk::codegen::model::apply_customizations(svc, hawk::codegen::model::read_file(custom),
                                               custom);
    for (const auto& op : svc.operations) {
        CAPTURE(op.name);
        CHECK(op.pagination.has_value() == (op.name == "GetTranscript"));
        if (op.pagination) {
            CHECK(op.pagination->input_token == "NextToken");
            CHECK(op.pagination->output_token == "NextToken");
            CHECK(op.pagination->limit_key == "MaxResults");
            CHECK(op.pagination->result_key == "Transcript");
        }
    }
}
