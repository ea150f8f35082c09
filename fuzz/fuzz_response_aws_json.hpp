#pragma once

// fuzz_response_aws_json: awsJson 1.0 responses read by the operations of the awsjson fixture
// (tests/fixtures/models/awsjson: awsQueryCompatible, so x-amzn-query-error too), and as its
// errors. Framing: support/response_target.hpp.

#include "support/response_target.hpp"

namespace hawk::fuzz {

inline void run_fuzz_response_aws_json(const std::uint8_t* data, std::size_t size) {
    run_response({awsjson_service()}, data, size);
}

} // namespace hawk::fuzz
