#pragma once

#include <hawk/core/debug.hpp>

#include <ostream>

namespace hawk::core::detail {

HAWK_DECL std::ostream& write_text(std::ostream& os, std::string_view text) {
    return os.write(text.data(), static_cast<std::streamsize>(text.size()));
}

} // namespace hawk::core::detail
