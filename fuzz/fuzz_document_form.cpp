// libFuzzer entry point; the body is run_fuzz_document_form (fuzz_document_form.hpp), which the
// regression test tests/generated/fuzz_regressions_test.cpp runs too.
#include "fuzz_document_form.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    hawk::fuzz::run_fuzz_document_form(data, size);
    return 0;
}
