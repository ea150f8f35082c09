#pragma once

#include "emit/file_set.hpp"
#include "model/model.hpp"

namespace hawk::codegen::gen {

struct generate_options {
    /// The service side of each operation and error (`hawk/<service>/server/`), for emulators.
    bool server = true;
};

/// Runs every stage for one service (normalize, analyze, name, emit) and adds its files, under
/// `hawk/<service>/`, to `out`. Throws model::model_error for models it cannot generate.
void generate_service(model::service& svc, emit::file_set& out,
                      const generate_options& options = {});

} // namespace hawk::codegen::gen
