// libFuzzer entry point; the body is run_fuzz_response_rest_json (fuzz_response_rest_json.hpp),
// which the regression test tests/generated/fuzz_regressions_test.cpp runs too.
#include "fuzz_response_rest_json.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    hawk::fuzz::run_fuzz_response_rest_json(data, size);
    return 0;
}
