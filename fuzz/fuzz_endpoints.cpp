// libFuzzer entry point; the body is run_fuzz_endpoints (fuzz_endpoints.hpp), which the regression
// test tests/generated/fuzz_regressions_test.cpp runs too.
#include "fuzz_endpoints.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    hawk::fuzz::run_fuzz_endpoints(data, size);
    return 0;
}
