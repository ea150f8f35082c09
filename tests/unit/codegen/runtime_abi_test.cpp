// The generator and the runtime agree on the runtime ABI the generated code is written for.

#include "gen/service_gen.hpp"

#include <hawk/core/config.hpp>

#include <doctest/doctest.h>

TEST_CASE("hawk-gen writes code for the runtime in include/hawk/core") {
    CHECK(hawk::codegen::gen::runtime_abi_version == hawk::runtime_abi_version);
}
