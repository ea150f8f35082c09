// The real models: every operation gets request and response types and an operation header.

#include "gen/service_gen.hpp"
#include "model/model.hpp"
#include "naming/naming.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {
struct expected_service {
    const char* folder;
    const char* version;
    std::size_t operations;
};
} // namespace

TEST_CASE("every operation of the three models has its types and header") {
    for (const expected_service& e : {expected_service{"connectparticipant", "2018-09-07", 11},
                                      expected_service{"connect", "2017-08-08", 370},
                                      expected_service{"qconnect", "2020-10-19", 94}}) {
        CAPTURE(e.folder);
        const std::string path = std::string(HAWK_SOURCE_DIR) + "/models/" + e.folder + "/" +
                                 e.version + "/service-2.json";
        hawk::codegen::model::service svc = hawk::codegen::model::load_service(
            hawk::codegen::model::read_file(path), path, e.folder);
        CHECK(svc.operations.size() == e.operations);
        hawk::codegen::emit::file_set files;
        hawk::codegen::gen::generate_service(svc, files);
        std::size_t operation_headers = 0;
        const std::string prefix = std::string("hawk/") + e.folder + "/operations/";
        for (const auto& [name, content] : files.files())
            operation_headers += name.rfind(prefix, 0) == 0;
        CHECK(operation_headers == e.operations);
        for (const auto& op : svc.operations) {
            REQUIRE(op.input);
            REQUIRE(op.output);
            const std::string& header =
                files.files().at(prefix + hawk::codegen::naming::to_snake_case(op.name) + ".hpp");
            const std::string ns = std::string("hawk::") + e.folder + "::";
            CHECK(header.find("using request = " + ns + op.input->name) != std::string::npos);
            CHECK(header.find("using response = " + ns + op.output->name) != std::string::npos);
        }
    }
}
