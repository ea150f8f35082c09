#include "services.hpp"

#include <hawk/connect/registry.hpp>
#include <hawk/connect/service.hpp>

#include <iterator>

namespace hawk::fuzz {

service_entry connect_service() {
    return {"connect",
            &connect::service,
            connect::operation_registry,
            std::size(connect::operation_registry),
            connect::error_registry.data(),
            connect::error_registry.size()};
}

} // namespace hawk::fuzz
