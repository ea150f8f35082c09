// Malformed or unsupported models give a clear error naming the shape, never a crash.

#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <doctest/doctest.h>

using hawk::codegen::model::load_service;
using hawk::codegen::model::model_error;

namespace {
std::string error_of(const std::string& json) {
    try {
        hawk::codegen::model::service svc = load_service(json, "test/service-2.json", "test");
        hawk::codegen::emit::file_set files;
        hawk::codegen::gen::generate_service(svc, files);
    } catch (const model_error& e) {
        return e.what();
    }
    return "no error";
}

std::string model_with(const std::string& shapes, const std::string& operations = "{}") {
    return R"({"metadata":{"protocol":"rest-json","apiVersion":"2020-01-01"},"operations":)" +
           operations + R"(,"shapes":)" + shapes + "}";
}
} // namespace

TEST_CASE("malformed models") {
    CHECK(error_of("{not json").find("not valid JSON") != std::string::npos);
    CHECK(error_of("[]") == "test/service-2.json: the model must be a JSON object");
    CHECK(error_of(R"({"shapes":{},"operations":{}})") ==
          R"(test/service-2.json: missing "metadata")");
    CHECK(
        error_of(model_with(R"({"A":{"type":"structure","members":{"B":{"shape":"Missing"}}}})")) ==
        R"(test/service-2.json: shape "A" member "B": target shape "Missing" does not exist)");
    CHECK(error_of(model_with(R"({"A":{"type":"quaternion"}})")) ==
          R"(test/service-2.json: shape "A": unsupported shape type "quaternion")");
    CHECK(error_of(model_with(R"({"A":{"type":"structure","required":["X"],"members":{}}})")) ==
          R"(test/service-2.json: shape "A": required member "X" does not exist)");
    CHECK(error_of(model_with(R"({"A":{"type":"list"}})")) ==
          R"(test/service-2.json: shape "A": a list needs "member")");
    CHECK(error_of(model_with(R"({"A":{"type":"string","min":"one"}})")) ==
          R"(test/service-2.json: shape "A": "min" must be a number)");
    CHECK(
        error_of(model_with(
            R"({"A":{"type":"map","key":{"shape":"I"},"value":{"shape":"I"}},"I":{"type":"integer"}})")) ==
        R"(test/service-2.json: shape "A": map keys must be strings)");
    CHECK(error_of(model_with(R"({"A":{"type":"timestamp","timestampFormat":"sundial"}})")) ==
          R"(test/service-2.json: shape "A": unsupported timestampFormat "sundial")");
    CHECK(
        error_of(model_with(
            R"({"In":{"type":"structure","members":{}}})",
            R"({"Op":{"http":{"method":"GET","requestUri":"/x/{id}"},"input":{"shape":"In"}}})")) ==
        R"(test/service-2.json: operation "Op": requestUri label {id} is not bound to an input member)");
    CHECK(error_of(model_with(
              "{}",
              R"({"Op":{"http":{"method":"GET","requestUri":"/"},"input":{"shape":"Nope"}}})")) ==
          R"(test/service-2.json: operation "Op": input shape "Nope" does not exist)");
}

TEST_CASE("a minimal model generates") {
    CHECK(
        error_of(model_with(
            R"({"In":{"type":"structure","members":{"id":{"shape":"S","location":"uri","locationName":"id"}}},"S":{"type":"string"}})",
            R"({"Op":{"http":{"method":"GET","requestUri":"/x/{id}"},"input":{"shape":"In"}}})")) ==
        "no error");
}

TEST_CASE("generation is deterministic") {
    const std::string model = model_with(
        R"({"In":{"type":"structure","members":{"b":{"shape":"S"},"a":{"shape":"L"}}},"S":{"type":"string","enum":["x","y"]},"L":{"type":"list","member":{"shape":"In"}}})",
        R"({"Op":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"}}})");
    auto run = [&] {
        hawk::codegen::model::service svc = load_service(model, "m.json", "test");
        hawk::codegen::emit::file_set files;
        hawk::codegen::gen::generate_service(svc, files);
        return files.files();
    };
    CHECK(run() == run());
}

TEST_CASE("customizations: applied, and checked") {
    const std::string model = model_with(
        R"({"In":{"type":"structure","members":{"t":{"shape":"Tok"}}},"Tok":{"type":"string"}})",
        R"({"Op":{"http":{"method":"POST","requestUri":"/"},"input":{"shape":"In"}}})");
    auto svc = load_service(model, "m.json", "test");
    hawk::codegen::model::apply_customizations(
        svc, R"({"test":{"auth":"none","sensitive_shapes":["Tok"]}})", "c.json");
    CHECK(svc.operations.at(0).auth_scheme == "none");
    CHECK(svc.find_shape("Tok")->sensitive);
    auto other = load_service(model, "m.json", "other");
    hawk::codegen::model::apply_customizations(other, R"({"test":{"auth":"none"}})", "c.json");
    CHECK(other.operations.at(0).auth_scheme == "sigv4");

    auto error = [&](const std::string& custom) {
        auto s = load_service(model, "m.json", "test");
        try {
            hawk::codegen::model::apply_customizations(s, custom, "c.json");
        } catch (const model_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error(R"({"test":{"auth":"magic"}})") ==
          R"(c.json: service "test": auth must be "sigv4" or "none", not "magic")");
    CHECK(error(R"({"test":{"sensitive_shapes":["Nope"]}})") ==
          R"(c.json: service "test": sensitive shape "Nope" does not exist)");
    CHECK(error(R"({"test":{"auth_operations":{"Ghost":"none"}}})") ==
          R"(c.json: service "test": auth_operations names unknown operation "Ghost")");
}
