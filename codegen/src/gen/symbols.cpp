#include "gen/symbols.hpp"

#include "naming/naming.hpp"

#include <set>

namespace hawk::codegen::gen {

using model::shape;
using model::shape_kind;

namespace {
/// Names that generated code spells unqualified inside a class body (`core::timestamp`,
/// `std::string`, `boost::json::value`): a member of that name would hide them.
bool hides_namespace(const std::string& name) {
    return name == "core" || name == "std" || name == "boost" || name == "hawk" || name == "detail";
}
} // namespace

bool is_reserved_in_struct(const std::string& name) {
    return name == "shape_name" || hides_namespace(name);
}

bool is_reserved_in_union(const std::string& name) {
    static const std::set<std::string> reserved = {
        "shape_name",   "which",     "has_value", "unknown",
        "make_unknown", "member_id", "none",      "sdk_unknown",
    };
    return reserved.count(name) || hides_namespace(name) || name.rfind("make_", 0) == 0 ||
           name.rfind("set_", 0) == 0;
}

bool is_reserved_in_enum(const std::string& name) {
    static const std::set<std::string> reserved = {
        "shape_name",  "value_type",  "value",   "is_known",  "to_string",
        "wire_values", "sdk_unknown", "m_value", "m_unknown",
    };
    return reserved.count(name) != 0 || hides_namespace(name);
}

namespace {

/// Appends `_`, then `_2`, `_3`, ... until `name` is not in `taken`.
std::string unique(std::string name, std::set<std::string>& taken) {
    if (taken.insert(name).second)
        return name;
    for (int n = 2;; ++n) {
        std::string candidate = name + "_" + std::to_string(n);
        if (taken.insert(candidate).second)
            return candidate;
    }
}

} // namespace

symbols::symbols(const model::service& svc, const transform::analysis& a)
    : svc_(svc), a_(a), ns_(naming::cpp_identifier(naming::to_snake_case(svc.folder))) {
    if (ns_ == "core" || ns_ == "detail")
        ns_ += '_'; // hawk::core is the runtime
    std::set<std::string> types_taken;
    std::set<std::string> stems_taken;
    // errc's own enumerator comes first; error shapes whose names meet in snake_case
    // (`FooException`, `FOOException`) get distinct enumerators.
    std::set<std::string> errors_taken = {"unmodeled_error"};
    for (const auto& [name, s] : svc.shapes)
        if (s.exception || s.error)
            error_constants_[name] =
                unique(naming::cpp_identifier(naming::to_snake_case(name)), errors_taken);
    // What the service's namespace declares besides its types (service.hpp, errors.hpp, the
    // call functions): a type of such a name (models have lowercase shape names) gets a `_`.
    // A call function may overload the functions, not the rest (`Service` -> `service_`).
    std::set<std::string> declared = {"boost",      "core",
                                      "detail",     "endpoint_rules_json",
                                      "errc",       "error_category_impl",
                                      "error_info", "error_infos",
                                      "hawk",       "operation_registry",
                                      "operations", "server",
                                      "service",    "std"};
    std::set<std::string> functions_taken;
    std::set<std::string> operation_stems_taken;
    for (const model::operation& op : svc.operations) {
        std::string fn = naming::cpp_identifier(naming::to_snake_case(op.name));
        if (declared.count(fn))
            fn += '_';
        // Distinct operations whose names meet in snake_case get distinct functions and headers.
        call_functions_[op.name] = fn = unique(fn, functions_taken);
        std::string stem = naming::to_snake_case(op.name);
        operation_stems_[op.name] =
            unique(stem.empty() ? "operation" : stem, operation_stems_taken);
        declared.insert(fn);
        declared.insert("async_" + fn);
    }
    // server/ holds all.hpp and errors.hpp beside the operations: an operation of such a name
    // gets a suffix there (and a name no other operation has).
    std::set<std::string> server_stems_taken = operation_stems_taken;
    for (const model::operation& op : svc.operations) {
        const std::string& stem = operation_stems_.at(op.name);
        server_stems_[op.name] = stem == "all" || stem == "errors"
                                     ? unique(stem + "_operation", server_stems_taken)
                                     : stem;
    }
    declared.insert({"describe", "errc_from_code", "error_category", "make_error_code"});
    // Type names first: a member or constant spelled like a type (a lowercase shape name) would
    // hide it in the class body, or be taken for a constructor in its own class.
    std::set<std::string> lowercase_types;
    for (const auto& [name, s] : svc.shapes) {
        if (!transform::is_named_type(s))
            continue;
        std::string type = naming::cpp_identifier(name);
        if (declared.count(type))
            type += '_';
        type_names_[name] = unique(type, types_taken);
        if (naming::to_snake_case(type_names_[name]) == type_names_[name])
            lowercase_types.insert(type_names_[name]);
    }
    for (const auto& [name, s] : svc.shapes) {
        if (!transform::is_named_type(s))
            continue;
        std::string stem = naming::to_snake_case(name);
        if (stem.empty())
            stem = "shape";
        file_stems_[name] = unique(stem, stems_taken);

        std::set<std::string> taken;
        if (s.kind == shape_kind::enumeration) {
            auto& constants = enum_constants_[name];
            for (const std::string& value : s.enum_values) {
                std::string c = naming::enum_constant_name(value);
                if (is_reserved_in_enum(c) || lowercase_types.count(c))
                    c += '_';
                constants.push_back(unique(c, taken));
            }
            continue;
        }
        for (const model::member& m : s.members) {
            std::string n = naming::cpp_identifier(naming::to_snake_case(m.name));
            if (n.empty())
                n = "member";
            if ((s.kind == shape_kind::union_ ? is_reserved_in_union(n)
                                              : is_reserved_in_struct(n)) ||
                lowercase_types.count(n))
                n += '_';
            member_names_[{name, m.name}] = unique(n, taken);
        }
    }
}

const std::string& symbols::type_name(const shape& s) const {
    return type_names_.at(s.name);
}

std::string symbols::group_header(std::size_t group) const {
    return "hawk/" + ns_ + "/types/" + file_stems_.at(a_.groups.at(group).front()->name) + ".hpp";
}

std::string symbols::header_of(const shape& s) const {
    return "hawk/" + ns_ + "/types/" + file_stems_.at(s.name) + ".hpp";
}

const std::string& symbols::member_name(const shape& owner, const model::member& m) const {
    return member_names_.at({owner.name, m.name});
}

const std::string& symbols::enum_constant(const shape& e, std::size_t index) const {
    return enum_constants_.at(e.name).at(index);
}

const std::string& symbols::error_constant(const shape& e) const {
    return error_constants_.at(e.name);
}

std::string symbols::element_type(const shape& s) const {
    switch (s.kind) {
    case shape_kind::structure:
    case shape_kind::union_:
    case shape_kind::enumeration:
        return type_name(s);
    case shape_kind::list:
        return "std::vector<" + element_type(*s.list_member->type) + ">";
    case shape_kind::map:
        return "std::map<std::string, " + element_type(*s.map_value->type) + ">";
    case shape_kind::string:
        return "std::string";
    case shape_kind::boolean:
        return "bool";
    case shape_kind::byte:
        return "std::int8_t";
    case shape_kind::short_:
        return "std::int16_t";
    case shape_kind::integer:
        return "std::int32_t";
    case shape_kind::long_:
        return "std::int64_t";
    case shape_kind::float_:
        return "float";
    case shape_kind::double_:
        return "double";
    case shape_kind::timestamp:
        return "core::timestamp";
    case shape_kind::blob:
        return "core::blob";
    case shape_kind::document:
        return "boost::json::value";
    }
    return "void";
}

std::string symbols::value_type(const shape& owner, const model::member& m) const {
    std::string t = element_type(*m.type);
    if (a_.needs_box(owner, m))
        t = "core::boxed<" + t + ">";
    return t;
}

bool symbols::is_optional(const shape& owner, const model::member& m) const {
    // Idempotency tokens are optional even when required: unset means "generate one per call",
    // which must stay distinguishable from an explicitly empty token.
    return owner.kind == shape_kind::structure && (!m.required || m.idempotency_token);
}

std::string symbols::member_type(const shape& owner, const model::member& m) const {
    std::string t = value_type(owner, m);
    return is_optional(owner, m) ? "std::optional<" + t + ">" : t;
}

std::string symbols::call_header(const model::operation& op) const {
    std::string stem = operation_stems_.at(op.name);
    // Beside the service's own headers and folders; an operation of such a name gets a suffix.
    static const std::set<std::string> taken = {"all",    "error_parsers", "errors",
                                                "fwd",    "operations",    "registry",
                                                "server", "service",       "types"};
    if (taken.count(stem))
        stem += "_call";
    return "hawk/" + ns_ + "/" + stem + ".hpp";
}

std::string symbols::operation_header(const model::operation& op) const {
    return "hawk/" + ns_ + "/operations/" + operation_stems_.at(op.name) + ".hpp";
}

std::string symbols::server_header(const model::operation& op) const {
    return "hawk/" + ns_ + "/server/" + server_stems_.at(op.name) + ".hpp";
}

const std::string& symbols::call_function(const model::operation& op) const {
    return call_functions_.at(op.name);
}

void symbols::collect_named(const shape& s, std::vector<const shape*>& out) const {
    if (transform::is_named_type(s))
        out.push_back(&s);
    else if (s.list_member)
        collect_named(*s.list_member->type, out);
    else if (s.map_value)
        collect_named(*s.map_value->type, out);
}

} // namespace hawk::codegen::gen
