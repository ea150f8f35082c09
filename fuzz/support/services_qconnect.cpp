#include "services.hpp"

#include <hawk/qconnect/registry.hpp>
#include <hawk/qconnect/service.hpp>

#include <iterator>

namespace hawk::fuzz {

service_entry qconnect_service() {
    return {"qconnect",
            &qconnect::service,
            qconnect::operation_registry,
            std::size(qconnect::operation_registry),
            qconnect::error_registry.data(),
            qconnect::error_registry.size()};
}

} // namespace hawk::fuzz
