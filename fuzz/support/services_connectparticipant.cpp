#include "services.hpp"

#include <hawk/connectparticipant/registry.hpp>
#include <hawk/connectparticipant/service.hpp>

#include <iterator>

namespace hawk::fuzz {

service_entry connectparticipant_service() {
    return {"connectparticipant",
            &connectparticipant::service,
            connectparticipant::operation_registry,
            std::size(connectparticipant::operation_registry),
            connectparticipant::error_registry.data(),
            connectparticipant::error_registry.size()};
}

} // namespace hawk::fuzz
