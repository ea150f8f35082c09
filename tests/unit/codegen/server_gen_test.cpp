// The generator's service side (gen/server_gen): which files it writes, their names beside the
// folder's own headers, the option that skips them, and what their code calls.

#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace {

const char* const rest_json_model = R"({
  "metadata": {"apiVersion": "2020-01-01", "protocol": "rest-json"},
  "operations": {
    "All": {"http": {"method": "GET", "requestUri": "/all"}},
    "Errors": {"http": {"method": "GET", "requestUri": "/errors"}},
    "ErrorsOperation": {"http": {"method": "GET", "requestUri": "/errors-operation"}},
    "Server": {"http": {"method": "POST", "requestUri": "/server/{Id}?mode", "responseCode": 204},
               "input": {"shape": "In"}, "output": {"shape": "Out"}}
  },
  "shapes": {
    "In": {"type": "structure", "members": {
      "Id": {"shape": "S", "location": "uri", "locationName": "Id"},
      "Q": {"shape": "S", "location": "querystring", "locationName": "q"},
      "M": {"shape": "M", "location": "querystring"},
      "H": {"shape": "S", "location": "header", "locationName": "X-H"},
      "Token": {"shape": "S", "idempotencyToken": true},
      "B": {"shape": "S"}}},
    "Out": {"type": "structure", "members": {
      "H": {"shape": "S", "location": "header", "locationName": "X-H"}, "B": {"shape": "S"}}},
    "server": {"type": "structure", "members": {}},
    "Broken": {"type": "structure", "members": {"message": {"shape": "S"}},
               "exception": true, "fault": true},
    "Gone": {"type": "structure", "members": {"Why": {"shape": "S", "location": "header",
                                                       "locationName": "X-Why"}},
             "exception": true, "error": {"code": "GoneAway", "httpStatusCode": 410}},
    "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
    "S": {"type": "string"}
  }
})";

std::map<std::string, std::string> generate(const std::string& model,
                                            const hawk::codegen::gen::generate_options& options) {
    hawk::codegen::model::service svc =
        hawk::codegen::model::load_service(model, "test/service-2.json", "test");
    hawk::codegen::emit::file_set files;
    hawk::codegen::gen::generate_service(svc, files, options);
    return files.files();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("server gen: one header per operation, errors.hpp and all.hpp under server/") {
    auto files = generate(rest_json_model, {});
    // Operations named like the folder's own headers get a suffix that no operation has.
    CHECK(files.count("hawk/test/server/all_operation.hpp"));
    CHECK(files.count("hawk/test/server/errors_operation.hpp")); // ErrorsOperation's own stem
    CHECK(files.count("hawk/test/server/errors_operation_2.hpp"));
    CHECK(files.count("hawk/test/server/server.hpp"));
    REQUIRE(files.count("hawk/test/server/errors.hpp"));
    REQUIRE(files.count("hawk/test/server/all.hpp"));
    CHECK(contains(files["hawk/test/server/errors_operation_2.hpp"], "struct Errors {"));
    CHECK(contains(files["hawk/test/server/errors_operation.hpp"], "struct ErrorsOperation {"));
    const std::string& all = files["hawk/test/server/all.hpp"];
    CHECK(contains(all, "#include <hawk/test/server/all_operation.hpp>"));
    CHECK(contains(all, "#include <hawk/test/server/errors.hpp>"));
    CHECK(contains(all, "#include <hawk/test/server/server.hpp>"));
    // Client headers never include the server side.
    CHECK_FALSE(contains(files["hawk/test/all.hpp"], "/server/"));
    // The namespace `server` is taken: a shape, a call header and a call function give way.
    CHECK(contains(files["hawk/test/types/server.hpp"], "struct server_ {"));
    CHECK(files.count("hawk/test/server_call.hpp"));
    CHECK(contains(files["hawk/test/server_call.hpp"], "server_(Client& client"));

    const std::string& op = files["hawk/test/server/server.hpp"];
    CHECK(contains(op, "namespace hawk::test::server {"));
    CHECK(contains(op, "using operation = hawk::test::operations::Server;"));
    CHECK(contains(op, "core::server::rest::matches(http, operation::http_method, "
                       "operation::request_uri)"));
    CHECK(contains(op, R"(uri.read_label("Id", input.id, error))"));
    CHECK(contains(op, R"(uri.read_query("q", input.q, error))"));
    CHECK(contains(op, R"(uri.read_query_map({"q"}, input.m, error))"));
    CHECK(contains(op, R"(core::rest_json::read_header(http, "X-H", input.h, error))"));
    CHECK(contains(op, "core::rest_json::read_body(http, input, error)"));
    CHECK(contains(op, "http.status = 204;"));
    CHECK(contains(op, R"(core::rest::add_header(http, "X-H", *output.h);)"));
    CHECK(contains(op, "core::rest_json::set_body(http, output);"));
    CHECK(contains(op, "return input.token ? &*input.token : nullptr;"));
    // No labels, query or body members: nothing to read but what there is.
    CHECK_FALSE(contains(files["hawk/test/server/all_operation.hpp"], "request_uri uri;"));
    CHECK(contains(files["hawk/test/server/all_operation.hpp"], "return nullptr;"));

    const std::string& errors = files["hawk/test/server/errors.hpp"];
    CHECK(contains(errors, R"(inline constexpr std::string_view protocol = "rest-json";)"));
    // A fault without httpStatusCode is a 500 (and so says errors.hpp); error.code is the code.
    CHECK(contains(errors, "const hawk::test::Broken& e) {\n    core::http::response http;\n"
                           "    http.status = 500;\n"));
    CHECK(contains(files["hawk/test/errors.hpp"], R"({"Broken", 500, false, false, true},)"));
    CHECK(contains(errors, R"(http.set_header("x-amzn-ErrorType", "GoneAway");)"));
    CHECK(contains(errors, "http.status = 410;"));
    CHECK(contains(errors, R"(core::rest::add_header(http, "X-Why", *e.why);)"));
}

TEST_CASE("server gen: generate_options::server = false (hawk-gen --no-server) skips server/") {
    hawk::codegen::gen::generate_options options;
    options.server = false;
    const auto files = generate(rest_json_model, options);
    for (const auto& file : files)
        CHECK_FALSE(contains(file.first, "/server/"));
    CHECK(files.count("hawk/test/all.hpp"));
    // The names stay those of a run with the server side.
    CHECK(contains(files.at("hawk/test/types/server.hpp"), "struct server_ {"));
}

TEST_CASE("server gen: awsJson matches X-Amz-Target and reads the whole body") {
    const std::string model = R"({
      "metadata": {"apiVersion": "2020-01-01", "protocol": "json", "jsonVersion": "1.1",
                   "targetPrefix": "Test_2020", "awsQueryCompatible": {}},
      "operations": {"Op": {"http": {"method": "POST", "requestUri": "/"},
                            "input": {"shape": "In"}}},
      "shapes": {
        "In": {"type": "structure", "members": {"A": {"shape": "S"}}},
        "Oops": {"type": "structure", "members": {"message": {"shape": "S"}}, "exception": true,
                 "error": {"code": "Oops.Code", "httpStatusCode": 409, "senderFault": false}},
        "S": {"type": "string"}
      }
    })";
    auto files = generate(model, {});
    const std::string& op = files["hawk/test/server/op.hpp"];
    CHECK(contains(op, R"(core::server::aws_json::matches(http, "Test_2020.Op"))"));
    CHECK(contains(op, "core::aws_json::read_body(http, input, error)"));
    CHECK(contains(
        op, R"(core::server::aws_json::set_body(http, "application/x-amz-json-1.1", output);)"));
    const std::string& errors = files["hawk/test/server/errors.hpp"];
    CHECK(contains(errors, R"(protocol = "awsJson1_1";)"));
    CHECK(contains(errors, R"(set_error_body(http, "Oops", "application/x-amz-json-1.1", e);)"));
    CHECK(contains(errors, R"(http.set_header("x-amzn-query-error", "Oops.Code;Receiver");)"));
}
