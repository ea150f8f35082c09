#pragma once

// Waiters: `hawk/<service>/waiters/<waiter>.hpp` for each model::waiter (waiters-2.json or a
// customization). The header is thin: a traits struct holding the model's waiter as data (its
// operation, delay, maxAttempts and acceptors) for the hand-written runtime in
// include/hawk/core/waiter.hpp, and `async_wait_until_<waiter>`.

#include "gen/symbols.hpp"

#include <string>

namespace hawk::codegen::gen {

/// `hawk/qconnect/waiters/assistant_active.hpp`.
std::string waiter_header_path(const symbols& sym, const model::waiter& w);

/// `wait_until_assistant_active` (the function is `async_` + it).
std::string waiter_function(const model::waiter& w);

/// The header of a waiter. Throws model_error when its names collide with another waiter's or
/// an operation's.
std::string waiter_header(const symbols& sym, const model::waiter& w);

} // namespace hawk::codegen::gen
