#pragma once

// The services the response targets drive, each registry compiled in its own translation unit
// (support/services_*.cpp) so the big ones build in parallel and once.

#include <hawk/core/registry.hpp>
#include <hawk/core/service_info.hpp>

#include <cstddef>
#include <string_view>

namespace hawk::fuzz {

struct service_entry {
    std::string_view name; ///< the models/ folder name
    const core::service_info* info;
    const core::operation_entry* operations;
    std::size_t operation_count;
    const core::error_entry* errors;
    std::size_t error_count;
};

service_entry connect_service();
service_entry connectparticipant_service();
service_entry qconnect_service();
/// The kitchen-sink fixture (tests/fixtures/models/kitchensink): every shape kind, rest-json.
service_entry kitchensink_service();
/// The awsJson 1.0 fixture (tests/fixtures/models/awsjson), awsQueryCompatible.
service_entry awsjson_service();

} // namespace hawk::fuzz
