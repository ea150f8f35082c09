#pragma once

#include "emit/file_set.hpp"
#include "model/model.hpp"

namespace hawk::codegen::gen {

/// Runs every stage for one service (normalize, analyze, name, emit) and adds its files, under
/// `hawk/<service>/`, to `out`. Throws model::model_error for models it cannot generate.
void generate_service(model::service& svc, emit::file_set& out);

} // namespace hawk::codegen::gen
