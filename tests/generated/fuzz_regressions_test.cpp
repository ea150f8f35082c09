// The fuzz targets' bodies (fuzz/<target>.hpp, what scripts/fuzz runs under libFuzzer) on every
// seed of fuzz/corpus/<target> and every input fuzzing found, tests/fuzz-regressions/<target>:
// each must give a clean result or a clean error. A check of a target that fails throws here
// (HAWK_FUZZ_THROW_ON_FAILURE) instead of aborting; a crash is a crash.

#define HAWK_FUZZ_THROW_ON_FAILURE 1

#include <fuzz_document_form.hpp>
#include <fuzz_endpoints.hpp>
#include <fuzz_http_reader.hpp>
#include <fuzz_model_loader.hpp>
#include <fuzz_response_aws_json.hpp>
#include <fuzz_response_rest_json.hpp>
#include <fuzz_sigv4.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using run_function = void (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> inputs(const std::string& target) {
    std::vector<fs::path> files;
    for (const fs::path& dir :
         {fs::path(HAWK_SOURCE_DIR) / "fuzz" / "corpus" / target,
          fs::path(HAWK_SOURCE_DIR) / "tests" / "fuzz-regressions" / target}) {
        if (!fs::is_directory(dir))
            continue;
        for (const fs::directory_entry& e : fs::directory_iterator(dir))
            if (e.is_regular_file())
                files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::size_t run_all(const std::string& target, run_function run) {
    const std::vector<fs::path> files = inputs(target);
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        REQUIRE(in);
        const std::string data((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        CAPTURE(file.string());
        CHECK_NOTHROW(run(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
    }
    return files.size();
}

} // namespace

TEST_CASE("fuzz regressions: fuzz_response_rest_json") {
    CHECK(run_all("fuzz_response_rest_json", &hawk::fuzz::run_fuzz_response_rest_json) > 0);
}

TEST_CASE("fuzz regressions: fuzz_response_aws_json") {
    CHECK(run_all("fuzz_response_aws_json", &hawk::fuzz::run_fuzz_response_aws_json) > 0);
}

TEST_CASE("fuzz regressions: fuzz_document_form") {
    CHECK(run_all("fuzz_document_form", &hawk::fuzz::run_fuzz_document_form) > 0);
}

TEST_CASE("fuzz regressions: fuzz_http_reader") {
    CHECK(run_all("fuzz_http_reader", &hawk::fuzz::run_fuzz_http_reader) > 0);
}

TEST_CASE("fuzz regressions: fuzz_endpoints") {
    CHECK(run_all("fuzz_endpoints", &hawk::fuzz::run_fuzz_endpoints) > 0);
}

TEST_CASE("fuzz regressions: fuzz_sigv4") {
    CHECK(run_all("fuzz_sigv4", &hawk::fuzz::run_fuzz_sigv4) > 0);
}

TEST_CASE("fuzz regressions: fuzz_model_loader") {
    CHECK(run_all("fuzz_model_loader", &hawk::fuzz::run_fuzz_model_loader) > 0);
}
