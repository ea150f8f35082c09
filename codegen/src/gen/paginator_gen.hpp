#pragma once

// Paginators: `hawk/<service>/paginators/<operation>.hpp` for each operation with a
// model::pagination (paginators-1.json or a customization). The header is thin: a traits struct
// (which members hold the tokens, the items and the page size) for the hand-written runtime in
// include/hawk/core/paginator.hpp, the `<operation>_paginator` alias and
// `async_collect_<operation>`.

#include "gen/symbols.hpp"

#include <string>

namespace hawk::codegen::gen {

/// `hawk/connect/paginators/list_users.hpp`.
std::string paginator_header_path(const symbols& sym, const model::operation& op);

/// The header of a paginated operation (`op.pagination` set). Throws model_error for a
/// paginator the runtime cannot serve (a recursive result list).
std::string paginator_header(const symbols& sym, const model::operation& op);

} // namespace hawk::codegen::gen
