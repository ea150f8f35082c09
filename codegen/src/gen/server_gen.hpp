#pragma once

// The service side of each operation, the mirror of the client's serialize/parse, for servers
// that emulate a service: `hawk/<service>/server/<operation>.hpp` (whether a received request
// addresses the operation, its input read from the request, its output written as the response),
// `server/errors.hpp` (each modeled error written as a response) and `server/all.hpp`.

#include "emit/file_set.hpp"
#include "gen/symbols.hpp"

namespace hawk::codegen::gen {

/// Adds the service's server headers, under `hawk/<service>/server/`, to `out`.
void generate_server(const symbols& sym, emit::file_set& out);

} // namespace hawk::codegen::gen
