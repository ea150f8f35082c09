#pragma once

// The generation-time check of a waiter's JMESPath: parsed with the runtime's own parser
// (hawk/core/detail/jmespath.hpp, so both sides read the same subset) and typed against the
// operation's output shape, as Smithy's static analysis of waiters does.

#include "model/model.hpp"

#include <boost/json/value.hpp>

#include <string>

namespace hawk::codegen::model {

/// Why the path acceptor (`matcher` with `path` and `expected`) cannot work on `output`, or an
/// empty string when it can: the path must parse (within the subset), name only members the
/// shapes have, and give what `expected` can equal (a list of such for pathAll and pathAny; one
/// of the values of an enum).
std::string check_waiter_path(const shape& output, waiter_matcher matcher, const std::string& path,
                              const boost::json::value& expected);

} // namespace hawk::codegen::model
