#pragma once

// The services the CLI knows, each compiled in its own translation unit (services_*.cpp) so the
// big registries build in parallel.

#include <hawk/core/registry.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace hawk::cli {

struct service_entry {
    std::string_view name; ///< the models/ folder name: connectparticipant, connect, qconnect
    const core::operation_entry* operations;
    std::size_t count;
};

service_entry connectparticipant_service();
service_entry connect_service();
service_entry qconnect_service();

inline std::vector<service_entry> services() {
    return {connectparticipant_service(), connect_service(), qconnect_service()};
}

} // namespace hawk::cli
