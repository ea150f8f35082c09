#pragma once

// fuzz_response_rest_json: restJson1 responses (status, headers, body) read by any operation of
// connectparticipant, connect, qconnect and the kitchen-sink fixture, and as their errors.
// Framing: support/response_target.hpp.

#include "support/response_target.hpp"

namespace hawk::fuzz {

inline void run_fuzz_response_rest_json(const std::uint8_t* data, std::size_t size) {
    run_response({connectparticipant_service(), connect_service(), qconnect_service(),
                  kitchensink_service()},
                 data, size);
}

} // namespace hawk::fuzz
