#include "services.hpp"

#include <hawk/connectparticipant/registry.hpp>

namespace hawk::cli {

service_entry connectparticipant_service() {
    return {"connectparticipant", connectparticipant::operation_registry,
            std::size(connectparticipant::operation_registry)};
}

} // namespace hawk::cli
