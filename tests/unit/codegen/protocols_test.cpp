// Which protocol a model is generated with, and what each protocol's operations include.

#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using hawk::codegen::model::model_error;

namespace {

const char* const operations =
    R"({"Op":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"}}})";
const char* const shapes =
    R"({"In":{"type":"structure","members":{"A":{"shape":"S"},)"
    R"("H":{"shape":"S","location":"header","locationName":"X-H"}}},"S":{"type":"string"}})";

std::string model(const std::string& metadata) {
    return R"({"metadata":{"apiVersion":"2020-01-01",)" + metadata + R"(},"operations":)" +
           operations + R"(,"shapes":)" + shapes + "}";
}

/// The generated files, or the model_error's message under "error".
std::map<std::string, std::string> generate(const std::string& metadata) {
    try {
        hawk::codegen::model::service svc =
            hawk::codegen::model::load_service(model(metadata), "test/service-2.json", "test");
        hawk::codegen::emit::file_set files;
        hawk::codegen::gen::generate_service(svc, files);
        return files.files();
    } catch (const model_error& e) {
        return {{"error", e.what()}};
    }
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("protocols: the first supported one of metadata.protocols, else metadata.protocol") {
    auto files = generate(R"("protocol":"smithy-rpc-v2-cbor","protocols":["smithy-rpc-v2-cbor",)"
                          R"("json","rest-json"],"jsonVersion":"1.1","targetPrefix":"Test_2020")");
    REQUIRE(files.count("hawk/test/operations/op.hpp"));
    const std::string& op = files["hawk/test/operations/op.hpp"];
    CHECK(contains(op, "#include <hawk/core/protocol/aws_json.hpp>"));
    CHECK_FALSE(contains(op, "rest_json"));
    CHECK(contains(op, R"("Test_2020.Op", "application/x-amz-json-1.1")"));
    CHECK_FALSE(contains(op, "add_query_mode"));
    CHECK(contains(files["hawk/test/service.hpp"], "\"json\",\n"));
    CHECK_FALSE(contains(files["hawk/test/service.hpp"], "awsQueryCompatible"));
    // awsJson ignores the header binding: the member is a body member like any other.
    CHECK(contains(files["hawk/test/types/in.hpp"], R"({"H", "X-H"})"));

    files = generate(R"("protocol":"rest-json","protocols":["rest-json"])");
    CHECK(contains(files["hawk/test/operations/op.hpp"],
                   "#include <hawk/core/protocol/rest_json.hpp>"));
    CHECK_FALSE(contains(files["hawk/test/operations/op.hpp"], "aws_json"));
    CHECK(contains(files["hawk/test/types/in.hpp"], R"({"H", {}})"));

    files = generate(R"("protocol":"json","jsonVersion":"1.0","targetPrefix":"T",)"
                     R"("awsQueryCompatible":{})");
    CHECK(contains(files["hawk/test/operations/op.hpp"], "core::aws_json::add_query_mode(http);"));
    CHECK(contains(files["hawk/test/service.hpp"], "true, // awsQueryCompatible"));
}

TEST_CASE(
    "protocols: a model without a supported one, or without awsJson's metadata, is an error") {
    CHECK(
        generate(R"("protocol":"rest-xml")")["error"] ==
        R"(test/service-2.json: protocol "rest-xml" is not supported yet (rest-json and json are))");
    CHECK(contains(generate(R"("protocol":"smithy-rpc-v2-cbor",)"
                            R"("protocols":["smithy-rpc-v2-cbor","query"])")["error"],
                   R"(protocol "smithy-rpc-v2-cbor" is not supported yet)"));
    CHECK(generate(R"("protocol":"json","protocols":"json")")["error"] ==
          R"(test/service-2.json: metadata: "protocols" must be an array)");
    CHECK(generate(R"("protocol":"json","targetPrefix":"T")")["error"] ==
          R"(test/service-2.json: awsJson needs metadata.jsonVersion "1.0" or "1.1", not "")");
    CHECK(contains(generate(R"("protocol":"json","jsonVersion":"1.0")")["error"],
                   "awsJson needs metadata.targetPrefix"));
    CHECK(contains(
        generate(R"("protocol":"json","jsonVersion":"1.0","targetPrefix":"A\r\nB")")["error"],
        "awsJson needs metadata.targetPrefix"));
}
