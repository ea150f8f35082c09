#pragma once

#include "model/model.hpp"

namespace hawk::codegen::transform {

/// Gives every operation an input and an output structure: where the model has none, an empty
/// one named `<Operation>Request` / `<Operation>Response` is added (another name if taken), so
/// that every operation has request and response types and later stages need no special case.
void normalize_operations(model::service& svc);

} // namespace hawk::codegen::transform
