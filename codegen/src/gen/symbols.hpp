#pragma once

// Symbols: the C++ names and types of one service's shapes and members. Every name the emitters
// print comes from here, so renames (keywords, macros, collisions) happen in one place.

#include "model/model.hpp"
#include "transform/analysis.hpp"

#include <map>
#include <string>
#include <vector>

namespace hawk::codegen::gen {

class symbols {
public:
    symbols(const model::service& svc, const transform::analysis& a);

    const model::service& service() const { return svc_; }
    const transform::analysis& analysis() const { return a_; }

    /// `connect` -> C++ namespace `hawk::connect`, include folder `hawk/connect`.
    const std::string& ns() const { return ns_; }

    /// The C++ name of a struct, union or enum: the model's name (made safe).
    const std::string& type_name(const model::shape& s) const;
    /// `hawk/connect/types/start_contact_streaming_request.hpp`; shapes in a cycle share one.
    std::string header_of(const model::shape& s) const;
    /// The header of a group of shapes (see transform::analysis::groups).
    std::string group_header(std::size_t group) const;

    /// The snake_case C++ name of a member (unique within its shape).
    const std::string& member_name(const model::shape& owner, const model::member& m) const;
    /// The C++ name of an enum value (unique within its enum).
    const std::string& enum_constant(const model::shape& e, std::size_t index) const;
    /// The `errc` enumerator of an error shape (unique within the service's errc).
    const std::string& error_constant(const model::shape& e) const;

    /// The C++ type holding a value of `m`'s target (boxed where recursion requires it), without
    /// std::optional.
    std::string value_type(const model::shape& owner, const model::member& m) const;
    /// The C++ type of a shape used by value inside a list or map.
    std::string element_type(const model::shape& s) const;
    /// The member's declared type: value_type, wrapped in std::optional unless required.
    std::string member_type(const model::shape& owner, const model::member& m) const;
    bool is_optional(const model::shape& owner, const model::member& m) const;

    /// `hawk/connect/operations/start_contact_streaming.hpp`.
    std::string operation_header(const model::operation& op) const;
    /// `hawk/connect/server/start_contact_streaming.hpp`: the service side of the operation.
    std::string server_header(const model::operation& op) const;
    /// `hawk/connect/start_contact_streaming.hpp`: the functions that call the operation.
    std::string call_header(const model::operation& op) const;
    /// `start_contact_streaming`: the blocking call function (`async_` + it is the other).
    const std::string& call_function(const model::operation& op) const;

    /// The named types a type expression of `s` mentions (for includes).
    void collect_named(const model::shape& s, std::vector<const model::shape*>& out) const;

private:
    const model::service& svc_;
    const transform::analysis& a_;
    std::string ns_;
    std::map<std::string, std::string> type_names_;
    std::map<std::string, std::string> file_stems_;
    std::map<std::pair<std::string, std::string>, std::string> member_names_;
    std::map<std::string, std::vector<std::string>> enum_constants_;
    std::map<std::string, std::string> error_constants_;
    std::map<std::string, std::string> call_functions_;
    std::map<std::string, std::string> operation_stems_;
    std::map<std::string, std::string> server_stems_;
};

/// The names a generated class declares itself, which members and constants must not reuse.
bool is_reserved_in_struct(const std::string& name);
bool is_reserved_in_union(const std::string& name);
bool is_reserved_in_enum(const std::string& name);

} // namespace hawk::codegen::gen
