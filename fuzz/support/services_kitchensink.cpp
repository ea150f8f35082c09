#include "services.hpp"

#include <hawk/kitchensink/registry.hpp>
#include <hawk/kitchensink/service.hpp>

#include <iterator>

namespace hawk::fuzz {

service_entry kitchensink_service() {
    return {"kitchensink",
            &kitchensink::service,
            kitchensink::operation_registry,
            std::size(kitchensink::operation_registry),
            kitchensink::error_registry.data(),
            kitchensink::error_registry.size()};
}

} // namespace hawk::fuzz
