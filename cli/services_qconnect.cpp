#include "services.hpp"

#include <hawk/qconnect/registry.hpp>

namespace hawk::cli {

service_entry qconnect_service() {
    return {"qconnect", qconnect::operation_registry, std::size(qconnect::operation_registry)};
}

} // namespace hawk::cli
