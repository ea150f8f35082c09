#pragma once

// Modeled errors read from responses: `hawk/<service>/error_parsers.hpp` (one read_error overload
// per error shape: body members and, in rest-json, bound headers) and the entries of the
// service's error_registry.

#include "emit/printer.hpp"
#include "gen/symbols.hpp"

#include <string>
#include <vector>

namespace hawk::codegen::gen {

/// The service's error shapes, sorted by name.
std::vector<const model::shape*> error_shapes(const model::service& svc);

/// The AWS error code of an error shape: its `error.code`, else its name.
std::string error_code(const model::shape& e);

/// The HTTP status of an error shape: its `error.httpStatusCode`, else 500 for a fault (the
/// service's error) and 400 for the caller's.
int error_status(const model::shape& e);

std::string error_parsers_header(const symbols& sym);

/// The path of error_parsers.hpp.
std::string error_parsers_path(const symbols& sym);

} // namespace hawk::codegen::gen
