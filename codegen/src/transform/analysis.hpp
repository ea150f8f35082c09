#pragma once

// Facts derived from the model before anything is emitted: recursion (strongly connected
// components of the shape graph, and which members must be boxed to break it), which shapes have
// anything to validate, and which structures are operation inputs and outputs.

#include "model/model.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace hawk::codegen::transform {

struct analysis {
    /// Shapes that refer to each other in a cycle share one group (and one header); every other
    /// aggregate or enum is a group of its own. Keyed by shape name; groups sorted by name.
    std::map<std::string, std::size_t> group_of;
    std::vector<std::vector<const model::shape*>> groups;

    std::set<std::string> inputs;  ///< operation input structures
    std::set<std::string> outputs; ///< operation output structures
    std::set<std::string> needs_validation;

    /// True when `m` of `owner` refers to an aggregate of the same group directly (not through a
    /// list or map): the C++ member must then be a core::boxed<T>.
    bool needs_box(const model::shape& owner, const model::member& m) const;
    bool in_same_group(const model::shape& a, const model::shape& b) const;
    bool validates(const model::shape& s) const { return needs_validation.count(s.name) != 0; }
    /// Whether a value of `t` has anything to check besides its presence.
    bool value_checks(const model::shape& t) const;
};

analysis analyze(const model::service& svc);

/// True when "missing" is visible in a plain (non-optional) value of the shape: an empty
/// string or blob, an unset enum or union.
bool has_empty_state(const model::shape& s);

/// True when the shape is emitted as a named C++ type (struct, union class or enum class).
bool is_named_type(const model::shape& s);

} // namespace hawk::codegen::transform
