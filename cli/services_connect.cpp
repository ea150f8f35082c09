#include "services.hpp"

#include <hawk/connect/registry.hpp>

namespace hawk::cli {

service_entry connect_service() {
    return {"connect", connect::operation_registry, std::size(connect::operation_registry)};
}

} // namespace hawk::cli
