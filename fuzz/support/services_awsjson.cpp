#include "services.hpp"

#include <hawk/awsjson/registry.hpp>
#include <hawk/awsjson/service.hpp>

#include <iterator>

namespace hawk::fuzz {

service_entry awsjson_service() {
    return {"awsjson",
            &awsjson::service,
            awsjson::operation_registry,
            std::size(awsjson::operation_registry),
            awsjson::error_registry.data(),
            awsjson::error_registry.size()};
}

} // namespace hawk::fuzz
