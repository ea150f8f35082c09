#pragma once

// Body of the endpoint rules engine (see endpoints/rules.hpp), compiled once through
// <hawk/src.hpp>.
//
// parse() compiles the JSON once into a tree: parameter and assigned names become slots in a
// vector of values, function names become ids, template strings are split into text and
// placeholders, getAttr paths are parsed, and every expression gets a static type, so that a
// malformed rule set is rejected with the place named instead of failing at request time.
// resolve() walks that tree. Values are boost::json::value (null = unset): records such as
// aws.partition's result and endpoint properties are JSON anyway.

#include <hawk/core/endpoints/partitions.hpp>
#include <hawk/core/endpoints/rules.hpp>
#include <hawk/core/pattern.hpp>
#include <hawk/core/uri.hpp>

#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core::endpoints {
namespace detail {

using json = boost::json::value;

inline constexpr std::size_t no_slot = static_cast<std::size_t>(-1);

// Deep enough for every AWS rule set (S3's is the deepest), shallow enough that the recursive
// compiler and evaluator stay far from the end of any stack.
inline constexpr std::size_t max_json_depth = 256;

inline std::string_view view(const boost::json::string& s) noexcept {
    return {s.data(), s.size()};
}

inline std::string quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
}

inline bool is_identifier(std::string_view s) noexcept {
    if (s.empty())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!letter && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

inline bool parse_json(std::string_view text, json& out, std::string& error) {
    boost::json::parse_options options;
    options.max_depth = max_json_depth;
    boost::json::parser parser({}, options);
    boost::json::error_code ec;
    const std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (ec) {
        error = "not valid JSON (at byte " + std::to_string(consumed) + "): " + ec.message();
        return false;
    }
    out = parser.release();
    return true;
}

// ---- Static types -----------------------------------------------------------------------------

enum class vtype : unsigned char {
    any, // known only at run time (an attribute of an unknown record, an array element)
    string,
    boolean,
    integer,
    string_array,
    array,
    object,
    partition, // aws.partition
    url,       // parseURL
    arn,       // aws.parseArn
};

inline std::string describe(vtype t) {
    switch (t) {
    case vtype::any:
        return "a value of any type";
    case vtype::string:
        return "a string";
    case vtype::boolean:
        return "a boolean";
    case vtype::integer:
        return "an integer";
    case vtype::string_array:
        return "an array of strings";
    case vtype::array:
        return "an array";
    case vtype::object:
        return "an object";
    case vtype::partition:
        return "a partition (aws.partition)";
    case vtype::url:
        return "a URL (parseURL)";
    case vtype::arn:
        return "an ARN (aws.parseArn)";
    }
    return "a value";
}

inline bool accepts(vtype wanted, vtype actual) noexcept {
    return wanted == vtype::any || actual == vtype::any || wanted == actual ||
           (wanted == vtype::array && actual == vtype::string_array);
}

struct field {
    std::string_view name;
    vtype type;
};

inline constexpr field partition_fields[] = {
    {"name", vtype::string},
    {"dnsSuffix", vtype::string},
    {"dualStackDnsSuffix", vtype::string},
    {"implicitGlobalRegion", vtype::string},
    {"supportsFIPS", vtype::boolean},
    {"supportsDualStack", vtype::boolean},
};
inline constexpr field url_fields[] = {
    {"scheme", vtype::string},         {"authority", vtype::string}, {"path", vtype::string},
    {"normalizedPath", vtype::string}, {"isIp", vtype::boolean},
};
inline constexpr field arn_fields[] = {
    {"partition", vtype::string}, {"service", vtype::string},          {"region", vtype::string},
    {"accountId", vtype::string}, {"resourceId", vtype::string_array},
};

// ---- getAttr paths ----------------------------------------------------------------------------

struct path_step {
    std::string key;
    std::size_t index = 0;
    bool is_index = false;
};

// `name`, `a.b`, `resourceId[1]`, `[0]`: keys separated by dots; an index only at the end.
inline bool parse_path(std::string_view text, std::vector<path_step>& out) {
    if (text.empty())
        return false;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t dot = text.find('.', pos);
        const std::string_view part =
            text.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
        const std::size_t bracket = part.find('[');
        const std::string_view key = part.substr(0, bracket);
        if (key.find(']') != std::string_view::npos)
            return false;
        if (!key.empty())
            out.push_back({std::string(key), 0, false});
        if (bracket == std::string_view::npos) {
            if (key.empty())
                return false;
        } else {
            std::string_view digits = part.substr(bracket + 1);
            if (digits.size() < 2 || digits.back() != ']' || dot != std::string_view::npos)
                return false;
            digits.remove_suffix(1);
            if (digits.size() > 9)
                return false;
            std::size_t index = 0;
            for (const char c : digits) {
                if (c < '0' || c > '9')
                    return false;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            out.push_back({{}, index, true});
        }
        if (dot == std::string_view::npos)
            return true;
        pos = dot + 1;
    }
}

template <std::size_t N>
bool lookup_field(const field (&fields)[N], std::string_view name, vtype& type) {
    for (const field& f : fields) {
        if (f.name == name) {
            type = f.type;
            return true;
        }
    }
    return false;
}

template <std::size_t N>
std::string field_list(const field (&fields)[N]) {
    std::string out;
    for (const field& f : fields) {
        if (!out.empty())
            out += ", ";
        out += f.name;
    }
    return out;
}

inline bool path_type(vtype type, const std::vector<path_step>& path, vtype& result,
                      std::string& error) {
    for (const path_step& step : path) {
        if (step.is_index) {
            if (type == vtype::string_array)
                type = vtype::string;
            else if (type == vtype::array || type == vtype::any)
                type = vtype::any;
            else {
                error = "cannot index " + describe(type);
                return false;
            }
            continue;
        }
        switch (type) {
        case vtype::partition:
            // Partition documents may carry outputs newer than this engine: known at run time.
            if (!lookup_field(partition_fields, step.key, type))
                type = vtype::any;
            break;
        case vtype::url:
            if (!lookup_field(url_fields, step.key, type)) {
                error = "a URL (parseURL) has no attribute " + quote(step.key) + " (it has " +
                        field_list(url_fields) + ")";
                return false;
            }
            break;
        case vtype::arn:
            if (!lookup_field(arn_fields, step.key, type)) {
                error = "an ARN (aws.parseArn) has no attribute " + quote(step.key) + " (it has " +
                        field_list(arn_fields) + ")";
                return false;
            }
            break;
        case vtype::object:
        case vtype::any:
            type = vtype::any;
            break;
        default:
            error = "cannot read attribute " + quote(step.key) + " of " + describe(type);
            return false;
        }
    }
    result = type;
    return true;
}

// Follows `path` from `start`. `found` is null when a step finds nothing (unset); false when a
// step meets a value of the wrong kind (possible only where the static type was `any`).
inline bool follow(const json& start, const std::vector<path_step>& path, const json*& found,
                   std::string& error) {
    const json* at = &start;
    for (const path_step& step : path) {
        if (at->is_null())
            break;
        if (step.is_index) {
            if (!at->is_array()) {
                error = "cannot index a value that is not an array";
                return false;
            }
            const auto& array = at->get_array();
            at = step.index < array.size() ? &array[step.index] : nullptr;
        } else {
            if (!at->is_object()) {
                error = "cannot read attribute " + quote(step.key) + " of a value that is not " +
                        "an object";
                return false;
            }
            const auto& object = at->get_object();
            const auto it = object.find(boost::json::string_view(step.key.data(), step.key.size()));
            at = it == object.end() ? nullptr : &it->value();
        }
        if (at == nullptr)
            break;
    }
    found = at != nullptr && !at->is_null() ? at : nullptr;
    return true;
}

// ---- The compiled form ------------------------------------------------------------------------

enum class fn_id : unsigned char {
    is_set,
    not_,
    boolean_equals,
    string_equals,
    get_attr,
    is_valid_host_label,
    parse_url,
    substring,
    uri_encode,
    partition,
    parse_arn,
    is_virtual_hostable_s3_bucket,
};

struct signature {
    std::string_view name;
    fn_id id;
    vtype result;
    std::size_t arity;
    vtype args[4];
};

inline constexpr signature signatures[] = {
    {"isSet", fn_id::is_set, vtype::boolean, 1, {vtype::any}},
    {"not", fn_id::not_, vtype::boolean, 1, {vtype::boolean}},
    {"booleanEquals", fn_id::boolean_equals, vtype::boolean, 2, {vtype::boolean, vtype::boolean}},
    {"stringEquals", fn_id::string_equals, vtype::boolean, 2, {vtype::string, vtype::string}},
    {"getAttr", fn_id::get_attr, vtype::any, 2, {vtype::any, vtype::string}},
    {"isValidHostLabel",
     fn_id::is_valid_host_label,
     vtype::boolean,
     2,
     {vtype::string, vtype::boolean}},
    {"parseURL", fn_id::parse_url, vtype::url, 1, {vtype::string}},
    {"substring",
     fn_id::substring,
     vtype::string,
     4,
     {vtype::string, vtype::integer, vtype::integer, vtype::boolean}},
    {"uriEncode", fn_id::uri_encode, vtype::string, 1, {vtype::string}},
    {"aws.partition", fn_id::partition, vtype::partition, 1, {vtype::string}},
    {"aws.parseArn", fn_id::parse_arn, vtype::arn, 1, {vtype::string}},
    {"aws.isVirtualHostableS3Bucket",
     fn_id::is_virtual_hostable_s3_bucket,
     vtype::boolean,
     2,
     {vtype::string, vtype::boolean}},
};

/// Literal text (slot == no_slot) or a placeholder: a name's slot and a getAttr path.
struct template_part {
    std::string text; // the literal, or the placeholder's source for messages
    std::size_t slot = no_slot;
    std::vector<path_step> path;
};

struct expr {
    enum class kind : unsigned char { literal, text, ref, array, call };
    kind k = kind::literal;
    json literal;
    std::vector<template_part> parts; // text
    std::size_t slot = no_slot;       // ref
    fn_id fn = fn_id::is_set;         // call
    std::vector<expr> args;           // call arguments, array elements
    std::vector<path_step> path;      // getAttr
    std::string name;                 // the reference or function, for messages
};

/// An endpoint property: literal JSON (a subtree without templates) or a node with some inside.
struct property_node {
    enum class kind : unsigned char { literal, text, array, object };
    kind k = kind::literal;
    json literal;
    std::vector<template_part> parts;
    std::vector<std::string> keys; // object
    std::vector<property_node> items;
};

struct condition {
    expr call;
    std::size_t assign = no_slot;
    std::string where;
};

struct rule {
    enum class kind : unsigned char { endpoint, error, tree };
    kind k = kind::error;
    std::vector<condition> conditions;
    expr url;
    std::vector<std::pair<std::string, std::vector<expr>>> headers;
    property_node properties;
    expr message;
    std::vector<rule> rules;
    std::string where;
};

struct compiled_rule_set {
    std::vector<parameter> params; // slots 0..params.size()-1
    std::map<std::string, std::size_t, std::less<>> param_index;
    std::vector<rule> rules;
    std::size_t slots = 0; // parameters, then one per assign
};

struct partition_entry {
    std::string id;
    std::unique_ptr<const std::string> regex_source; // pattern keeps a view: a stable address
    std::unique_ptr<const pattern> regex;
    json outputs; // what aws.partition returns
};

struct compiled_partitions {
    std::vector<partition_entry> list;
    std::map<std::string, std::size_t, std::less<>> regions;
    std::size_t fallback = 0; // "aws", for regions nothing matches
};

// ---- The compiler -----------------------------------------------------------------------------

class compiler {
public:
    explicit compiler(compiled_rule_set& out) : out_(out) {}

    bool run(const json& doc);

    std::string error;

private:
    struct variable {
        std::string name;
        std::size_t slot;
        vtype type;
    };

    // Appends a step to the location named in errors for as long as it lives.
    class at {
    public:
        at(std::string& where, std::string_view step) : where_(where), size_(where.size()) {
            if (!where_.empty() && !step.empty() && step.front() != '[')
                where_ += '.';
            where_ += step;
        }
        at(std::string& where, std::string_view name, std::size_t index)
            : at(where, std::string(name) + "[" + std::to_string(index) + "]") {}
        ~at() { where_.resize(size_); }
        at(const at&) = delete;
        at& operator=(const at&) = delete;

    private:
        std::string& where_;
        std::size_t size_;
    };

    bool fail(std::string_view message) {
        error = where_.empty() ? std::string(message) : where_ + ": " + std::string(message);
        return false;
    }

    const variable* find(std::string_view name) const {
        for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
            if (it->name == name)
                return &*it;
        return nullptr;
    }

    bool only(const boost::json::object& o, std::initializer_list<std::string_view> allowed) {
        for (const auto& member : o) {
            const std::string_view key(member.key().data(), member.key().size());
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                return fail("unexpected member " + quote(key));
        }
        return true;
    }

    bool parameters(const json& j);
    bool parse_rule(const json& j, rule& out);
    bool parse_condition(const json& j, condition& out);
    bool expression(const json& j, expr& out, vtype& type);
    bool call(const boost::json::object& o, expr& out, vtype& type);
    bool text(std::string_view s, std::vector<template_part>& parts, bool& templated);
    bool placeholder(std::string_view source, std::string_view inner, template_part& out);
    bool property(const json& j, property_node& out);

    compiled_rule_set& out_;
    std::vector<variable> scope_;
    std::string where_;
};

inline bool compiler::run(const json& doc) {
    if (!doc.is_object())
        return fail("a rule set must be a JSON object");
    const auto& root = doc.get_object();
    if (!only(root, {"version", "parameters", "rules", "documentation", "serviceId"}))
        return false;
    const json* version = root.if_contains("version");
    if (version == nullptr || !version->is_string())
        return fail("'version' must be a string");
    const std::string_view v = view(version->get_string());
    const bool digits = v.size() > 2 && std::all_of(v.begin() + 2, v.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
    if (v.substr(0, 2) != "1." || !digits)
        return fail("rules engine version " + quote(v) + " is not supported (1.x is)");

    const json* params = root.if_contains("parameters");
    if (params == nullptr || !params->is_object())
        return fail("'parameters' must be an object");
    if (!parameters(*params))
        return false;

    const json* rules = root.if_contains("rules");
    if (rules == nullptr || !rules->is_array() || rules->get_array().empty())
        return fail("'rules' must be an array of one or more rules");
    const auto& list = rules->get_array();
    out_.rules.resize(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        at step(where_, "rules", i);
        if (!parse_rule(list[i], out_.rules[i]))
            return false;
    }
    return true;
}

inline bool compiler::parameters(const json& j) {
    for (const auto& member : j.get_object()) {
        const std::string_view name(member.key().data(), member.key().size());
        at step(where_, "parameters." + std::string(name));
        if (!is_identifier(name))
            return fail("a parameter name must be an identifier");
        if (!member.value().is_object())
            return fail("a parameter must be an object");
        const auto& spec = member.value().get_object();
        if (!only(spec, {"type", "builtIn", "default", "required", "documentation", "deprecated"}))
            return false;

        parameter p;
        p.name = std::string(name);
        const json* type = spec.if_contains("type");
        if (type == nullptr || !type->is_string())
            return fail("'type' must be a string");
        std::string t(view(type->get_string()));
        std::transform(t.begin(), t.end(), t.begin(), [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        });
        vtype vt = vtype::string;
        if (t == "string") {
            p.type = parameter_type::string;
        } else if (t == "boolean") {
            p.type = parameter_type::boolean;
            vt = vtype::boolean;
        } else if (t == "stringarray") {
            p.type = parameter_type::string_array;
            vt = vtype::string_array;
        } else {
            return fail("unknown parameter type " + quote(view(type->get_string())) +
                        " (string, boolean or stringArray)");
        }
        if (const json* b = spec.if_contains("builtIn")) {
            if (!b->is_string())
                return fail("'builtIn' must be a string");
            p.built_in = std::string(view(b->get_string()));
        }
        if (const json* r = spec.if_contains("required")) {
            if (!r->is_bool())
                return fail("'required' must be a boolean");
            p.required = r->get_bool();
        }
        if (const json* d = spec.if_contains("documentation")) {
            if (!d->is_string())
                return fail("'documentation' must be a string");
            p.documentation = std::string(view(d->get_string()));
        }
        if (const json* d = spec.if_contains("deprecated")) {
            if (!d->is_object())
                return fail("'deprecated' must be an object");
            p.deprecated = true;
        }
        if (const json* d = spec.if_contains("default")) {
            if (p.type == parameter_type::string && d->is_string()) {
                p.default_value = std::string(view(d->get_string()));
            } else if (p.type == parameter_type::boolean && d->is_bool()) {
                p.default_value = d->get_bool();
            } else if (p.type == parameter_type::string_array && d->is_array()) {
                std::vector<std::string> items;
                for (const json& item : d->get_array()) {
                    if (!item.is_string())
                        return fail("the default must be an array of strings");
                    items.emplace_back(view(item.get_string()));
                }
                p.default_value = std::move(items);
            } else {
                return fail("the default is not " + describe(vt));
            }
            // The spec demands it, and generated code relies on it: a default means never unset.
            if (!p.required)
                return fail("a parameter with a default must be required");
        }
        const std::size_t slot = out_.params.size();
        out_.param_index.emplace(p.name, slot);
        scope_.push_back({p.name, slot, vt});
        out_.params.push_back(std::move(p));
    }
    out_.slots = out_.params.size();
    return true;
}

inline bool compiler::parse_rule(const json& j, rule& out) {
    if (!j.is_object())
        return fail("a rule must be an object");
    const auto& o = j.get_object();
    const json* type = o.if_contains("type");
    if (type == nullptr || !type->is_string())
        return fail("'type' must be a string");
    const std::string_view t = view(type->get_string());
    if (t == "endpoint") {
        out.k = rule::kind::endpoint;
        if (!only(o, {"type", "conditions", "endpoint", "documentation"}))
            return false;
    } else if (t == "error") {
        out.k = rule::kind::error;
        if (!only(o, {"type", "conditions", "error", "documentation"}))
            return false;
    } else if (t == "tree") {
        out.k = rule::kind::tree;
        if (!only(o, {"type", "conditions", "rules", "documentation"}))
            return false;
    } else {
        return fail("unknown rule type " + quote(t) + " (endpoint, error or tree)");
    }
    if (const json* d = o.if_contains("documentation"); d != nullptr && !d->is_string())
        return fail("'documentation' must be a string");
    out.where = where_;

    // Names assigned by this rule's conditions are visible to the rest of it, and no further.
    const std::size_t scope_size = scope_.size();
    if (const json* conditions = o.if_contains("conditions")) {
        if (!conditions->is_array())
            return fail("'conditions' must be an array");
        const auto& list = conditions->get_array();
        out.conditions.resize(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            at step(where_, "conditions", i);
            if (!parse_condition(list[i], out.conditions[i]))
                return false;
        }
    }

    vtype type_of = vtype::any;
    switch (out.k) {
    case rule::kind::endpoint: {
        const json* e = o.if_contains("endpoint");
        if (e == nullptr || !e->is_object())
            return fail("an endpoint rule needs an 'endpoint' object");
        at step(where_, "endpoint");
        const auto& endpoint = e->get_object();
        if (!only(endpoint, {"url", "headers", "properties"}))
            return false;
        const json* url = endpoint.if_contains("url");
        if (url == nullptr)
            return fail("'url' is missing");
        {
            at url_step(where_, "url");
            if (!expression(*url, out.url, type_of))
                return false;
            if (!accepts(vtype::string, type_of))
                return fail("the url must be a string, not " + describe(type_of));
        }
        if (const json* headers = endpoint.if_contains("headers")) {
            at headers_step(where_, "headers");
            if (!headers->is_object())
                return fail("'headers' must be an object");
            for (const auto& header : headers->get_object()) {
                const std::string_view name(header.key().data(), header.key().size());
                at name_step(where_, name);
                if (name.empty())
                    return fail("a header name must not be empty");
                if (!header.value().is_array())
                    return fail("a header's values must be an array");
                const auto& values = header.value().get_array();
                out.headers.emplace_back(std::string(name), std::vector<expr>(values.size()));
                for (std::size_t i = 0; i < values.size(); ++i) {
                    at value_step(where_, "[" + std::to_string(i) + "]");
                    if (!expression(values[i], out.headers.back().second[i], type_of))
                        return false;
                    if (!accepts(vtype::string, type_of))
                        return fail("a header value must be a string, not " + describe(type_of));
                }
            }
        }
        out.properties.k = property_node::kind::literal;
        out.properties.literal = boost::json::object();
        if (const json* properties = endpoint.if_contains("properties")) {
            at properties_step(where_, "properties");
            if (!properties->is_object())
                return fail("'properties' must be an object");
            if (!property(*properties, out.properties))
                return false;
        }
        break;
    }
    case rule::kind::error: {
        const json* message = o.if_contains("error");
        if (message == nullptr)
            return fail("an error rule needs an 'error' message");
        at step(where_, "error");
        if (!expression(*message, out.message, type_of))
            return false;
        if (!accepts(vtype::string, type_of))
            return fail("the error message must be a string, not " + describe(type_of));
        break;
    }
    case rule::kind::tree: {
        const json* rules = o.if_contains("rules");
        if (rules == nullptr || !rules->is_array() || rules->get_array().empty())
            return fail("a tree rule needs 'rules', an array of one or more rules");
        const auto& list = rules->get_array();
        out.rules.resize(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            at step(where_, "rules", i);
            if (!parse_rule(list[i], out.rules[i]))
                return false;
        }
        break;
    }
    }
    scope_.resize(scope_size);
    return true;
}

inline bool compiler::parse_condition(const json& j, condition& out) {
    if (!j.is_object() || !j.get_object().contains("fn"))
        return fail("a condition must be a function call {\"fn\": ..., \"argv\": [...]}");
    const auto& o = j.get_object();
    if (!only(o, {"fn", "argv", "assign", "documentation"}))
        return false;
    vtype type = vtype::any;
    if (!call(o, out.call, type))
        return false;
    out.where = where_;
    if (const json* assign = o.if_contains("assign")) {
        at step(where_, "assign");
        if (!assign->is_string() || !is_identifier(view(assign->get_string())))
            return fail("'assign' must be an identifier");
        const std::string_view name = view(assign->get_string());
        if (find(name) != nullptr)
            return fail(quote(name) + " is already defined here; 'assign' must introduce a new " +
                        "name");
        out.assign = out_.slots++;
        scope_.push_back({std::string(name), out.assign, type});
    }
    return true;
}

inline bool compiler::expression(const json& j, expr& out, vtype& type) {
    switch (j.kind()) {
    case boost::json::kind::string: {
        bool templated = false;
        if (!text(view(j.get_string()), out.parts, templated))
            return false;
        if (templated) {
            out.k = expr::kind::text;
        } else {
            // Escapes ({{ }}) resolved: the literal as it will be used.
            std::string literal;
            for (const template_part& part : out.parts)
                literal += part.text;
            out.parts.clear();
            out.k = expr::kind::literal;
            out.literal = boost::json::string(literal.data(), literal.size());
        }
        type = vtype::string;
        return true;
    }
    case boost::json::kind::bool_:
        out.literal = j.get_bool();
        type = vtype::boolean;
        return true;
    case boost::json::kind::int64:
        out.literal = j.get_int64();
        type = vtype::integer;
        return true;
    case boost::json::kind::uint64:
        if (j.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return fail("integer out of range");
        out.literal = static_cast<std::int64_t>(j.get_uint64());
        type = vtype::integer;
        return true;
    case boost::json::kind::double_:
        return fail("numbers must be integers");
    case boost::json::kind::null:
        return fail("null is not a value");
    case boost::json::kind::array: {
        const auto& items = j.get_array();
        out.k = expr::kind::array;
        out.args.resize(items.size());
        bool strings = true;
        for (std::size_t i = 0; i < items.size(); ++i) {
            at step(where_, "[" + std::to_string(i) + "]");
            vtype item = vtype::any;
            if (!expression(items[i], out.args[i], item))
                return false;
            strings = strings && item == vtype::string;
        }
        type = strings ? vtype::string_array : vtype::array;
        return true;
    }
    case boost::json::kind::object:
        break;
    }
    const auto& o = j.get_object();
    if (const json* ref = o.if_contains("ref")) {
        if (!only(o, {"ref"}))
            return false;
        if (!ref->is_string())
            return fail("'ref' must be a string");
        const std::string_view name = view(ref->get_string());
        const variable* v = find(name);
        if (v == nullptr)
            return fail(quote(name) + " is not defined here (neither a parameter nor assigned by " +
                        "an enclosing rule's condition)");
        out.k = expr::kind::ref;
        out.slot = v->slot;
        out.name = std::string(name);
        type = v->type;
        return true;
    }
    if (o.contains("fn")) {
        if (o.contains("assign"))
            return fail("'assign' is only allowed on a condition");
        if (!only(o, {"fn", "argv", "documentation"}))
            return false;
        return call(o, out, type);
    }
    return fail("an object here must be a reference {\"ref\": ...} or a function call "
                "{\"fn\": ..., \"argv\": [...]}");
}

inline bool compiler::call(const boost::json::object& o, expr& out, vtype& type) {
    const json* fn = o.if_contains("fn");
    if (fn == nullptr || !fn->is_string())
        return fail("'fn' must be a string");
    const std::string_view name = view(fn->get_string());
    const signature* sig = nullptr;
    for (const signature& s : signatures)
        if (s.name == name)
            sig = &s;
    if (sig == nullptr)
        return fail("unknown function " + quote(name));
    const json* argv = o.if_contains("argv");
    if (argv == nullptr || !argv->is_array())
        return fail("'argv' must be an array");
    const auto& args = argv->get_array();
    if (args.size() != sig->arity)
        return fail(std::string(name) + " takes " + std::to_string(sig->arity) + " argument" +
                    (sig->arity == 1 ? "" : "s") + ", not " + std::to_string(args.size()));
    out.k = expr::kind::call;
    out.fn = sig->id;
    out.name = std::string(name);
    out.args.resize(sig->id == fn_id::get_attr ? 1 : args.size());

    if (sig->id == fn_id::get_attr) {
        vtype target = vtype::any;
        {
            at step(where_, "argv", 0);
            if (!expression(args[0], out.args[0], target))
                return false;
        }
        at step(where_, "argv", 1);
        if (!args[1].is_string())
            return fail("getAttr's path must be a string");
        const std::string_view path = view(args[1].get_string());
        if (!parse_path(path, out.path))
            return fail("malformed getAttr path " + quote(path));
        std::string message;
        if (!path_type(target, out.path, type, message))
            return fail(message);
        return true;
    }

    for (std::size_t i = 0; i < args.size(); ++i) {
        at step(where_, "argv", i);
        vtype actual = vtype::any;
        if (!expression(args[i], out.args[i], actual))
            return false;
        if (!accepts(sig->args[i], actual))
            return fail(std::string(name) + " takes " + describe(sig->args[i]) + " here, not " +
                        describe(actual));
        if (sig->id == fn_id::substring && out.args[i].literal.is_int64() &&
            out.args[i].literal.get_int64() < 0)
            return fail("substring's indexes must not be negative");
    }
    type = sig->result;
    return true;
}

// Splits a template string into text and placeholders: {Name}, {Name#path}; {{ and }} are braces.
inline bool compiler::text(std::string_view s, std::vector<template_part>& parts, bool& templated) {
    std::string literal;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
            literal += c;
            i += 2;
        } else if (c == '}') {
            return fail("unmatched '}' in template " + quote(s));
        } else if (c == '{') {
            const std::size_t close = s.find('}', i + 1);
            if (close == std::string_view::npos)
                return fail("unclosed '{' in template " + quote(s));
            const std::string_view inner = s.substr(i + 1, close - i - 1);
            if (inner.find('{') != std::string_view::npos)
                return fail("'{' inside a placeholder in template " + quote(s));
            if (!literal.empty()) {
                parts.push_back({std::move(literal), no_slot, {}});
                literal.clear();
            }
            template_part part;
            if (!placeholder(s, inner, part))
                return false;
            parts.push_back(std::move(part));
            templated = true;
            i = close + 1;
        } else {
            literal += c;
            ++i;
        }
    }
    if (!literal.empty() || parts.empty())
        parts.push_back({std::move(literal), no_slot, {}});
    return true;
}

inline bool compiler::placeholder(std::string_view source, std::string_view inner,
                                  template_part& out) {
    const std::size_t hash = inner.find('#');
    const std::string_view name = inner.substr(0, hash);
    const variable* v = find(name);
    if (v == nullptr)
        return fail("template " + quote(source) + " refers to " + quote(name) +
                    ", which is not defined here");
    vtype type = v->type;
    if (hash != std::string_view::npos) {
        const std::string_view path = inner.substr(hash + 1);
        if (!parse_path(path, out.path))
            return fail("malformed path " + quote(path) + " in template " + quote(source));
        std::string message;
        if (!path_type(v->type, out.path, type, message))
            return fail("template " + quote(source) + ": " + message);
    }
    if (!accepts(vtype::string, type))
        return fail("template " + quote(source) + ": {" + std::string(inner) + "} is " +
                    describe(type) + "; only strings can be templated");
    out.text = std::string(inner);
    out.slot = v->slot;
    return true;
}

// Properties are literal JSON whose strings may be templates (references and calls are not
// allowed there, by the spec). Subtrees without templates stay literal, copied as they are.
inline bool compiler::property(const json& j, property_node& out) {
    switch (j.kind()) {
    case boost::json::kind::string: {
        bool templated = false;
        if (!text(view(j.get_string()), out.parts, templated))
            return false;
        if (templated) {
            out.k = property_node::kind::text;
        } else {
            std::string literal;
            for (const template_part& part : out.parts)
                literal += part.text;
            out.parts.clear();
            out.k = property_node::kind::literal;
            out.literal = boost::json::string(literal.data(), literal.size());
        }
        return true;
    }
    case boost::json::kind::array: {
        const auto& items = j.get_array();
        out.k = property_node::kind::array;
        out.items.resize(items.size());
        bool literal = true;
        for (std::size_t i = 0; i < items.size(); ++i) {
            at step(where_, "[" + std::to_string(i) + "]");
            if (!property(items[i], out.items[i]))
                return false;
            literal = literal && out.items[i].k == property_node::kind::literal;
        }
        if (literal) {
            boost::json::array a;
            for (property_node& item : out.items)
                a.push_back(std::move(item.literal));
            out.items.clear();
            out.k = property_node::kind::literal;
            out.literal = std::move(a);
        }
        return true;
    }
    case boost::json::kind::object: {
        const auto& o = j.get_object();
        if (o.contains("ref") || o.contains("fn"))
            return fail("endpoint properties must not contain references or function calls");
        out.k = property_node::kind::object;
        bool literal = true;
        for (const auto& member : o) {
            const std::string_view key(member.key().data(), member.key().size());
            at step(where_, key);
            out.keys.emplace_back(key);
            out.items.emplace_back();
            if (!property(member.value(), out.items.back()))
                return false;
            literal = literal && out.items.back().k == property_node::kind::literal;
        }
        if (literal) {
            boost::json::object result;
            for (std::size_t i = 0; i < out.keys.size(); ++i)
                result[out.keys[i]] = std::move(out.items[i].literal);
            out.keys.clear();
            out.items.clear();
            out.k = property_node::kind::literal;
            out.literal = std::move(result);
        }
        return true;
    }
    default:
        out.k = property_node::kind::literal;
        out.literal = j;
        return true;
    }
}

// ---- The library ------------------------------------------------------------------------------

inline bool is_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

inline bool is_lower_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// One RFC 1123 label as Smithy defines it: 1 to 63 letters, digits and hyphens, not starting
// with a hyphen.
inline bool is_host_label(std::string_view s) noexcept {
    if (s.empty() || s.size() > 63 || !is_alnum(s.front()))
        return false;
    return std::all_of(s.begin() + 1, s.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

inline bool is_valid_host_label(std::string_view s, bool allow_subdomains) noexcept {
    if (!allow_subdomains)
        return is_host_label(s);
    std::size_t pos = 0;
    for (;;) {
        const std::size_t dot = s.find('.', pos);
        if (!is_host_label(s.substr(pos, dot == std::string_view::npos ? dot : dot - pos)))
            return false;
        if (dot == std::string_view::npos)
            return true;
        pos = dot + 1;
    }
}

// Four dot-separated groups of one to three digits: the shape counts, not the range, so that
// 999.999.999.999 is no bucket name either.
inline bool looks_like_ipv4(std::string_view s) noexcept {
    int dots = 0;
    std::size_t digits = 0;
    for (const char c : s) {
        if (c >= '0' && c <= '9') {
            if (++digits > 3)
                return false;
        } else if (c == '.' && digits > 0) {
            ++dots;
            digits = 0;
        } else {
            return false;
        }
    }
    return dots == 3 && digits > 0;
}

inline bool is_virtual_hostable_s3_bucket(std::string_view s, bool allow_dots) noexcept {
    if (s.size() < 3 || s.size() > 63 || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back()))
        return false;
    char last = s.front();
    for (std::size_t i = 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '.') {
            if (!allow_dots || last == '.' || last == '-')
                return false;
        } else if (c == '-') {
            if (last == '.')
                return false;
        } else if (!is_lower_alnum(c)) {
            return false;
        }
        last = c;
    }
    return !allow_dots || !looks_like_ipv4(s);
}

// Smithy's URL structure, or null: only http(s), no query, a host, a numeric port if any.
inline json parse_url(std::string_view s) {
    const std::size_t separator = s.find("://");
    if (separator == std::string_view::npos)
        return nullptr;
    std::string scheme(s.substr(0, separator));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (scheme != "http" && scheme != "https")
        return nullptr;
    for (const char c : s)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return nullptr;

    const std::string_view rest = s.substr(separator + 3);
    const std::size_t authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    const std::string_view tail =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    const std::size_t path_end = tail.find_first_of("?#");
    if (path_end != std::string_view::npos && tail[path_end] == '?')
        return nullptr;
    const std::string_view path = tail.substr(0, path_end);

    // The authority never includes user information.
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    if (authority.empty())
        return nullptr;
    std::string_view port;
    bool has_port = false;
    bool is_ip = false;
    if (authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos || close == 1)
            return nullptr;
        for (const char c : authority.substr(1, close - 1)) {
            const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                             (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!hex)
                return nullptr;
        }
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return nullptr;
            port = after.substr(1);
            has_port = true;
        }
        is_ip = true;
    } else {
        const std::size_t colon = authority.find(':');
        const std::string_view host = authority.substr(0, colon);
        if (colon != std::string_view::npos) {
            port = authority.substr(colon + 1);
            has_port = true;
        }
        if (host.empty() || host.find_first_of("[]") != std::string_view::npos)
            return nullptr;
        is_ip = looks_like_ipv4(host);
    }
    if (has_port) {
        if (port.empty() || port.size() > 5)
            return nullptr;
        unsigned number = 0;
        for (const char c : port) {
            if (c < '0' || c > '9')
                return nullptr;
            number = number * 10 + static_cast<unsigned>(c - '0');
        }
        if (number > 65535)
            return nullptr;
    }

    std::string normalized(path);
    if (normalized.empty() || normalized.back() != '/')
        normalized += '/';
    boost::json::object url;
    url["scheme"] = boost::json::string(scheme.data(), scheme.size());
    url["authority"] = boost::json::string_view(authority.data(), authority.size());
    url["path"] = boost::json::string_view(path.data(), path.size());
    url["normalizedPath"] = boost::json::string(normalized.data(), normalized.size());
    url["isIp"] = is_ip;
    return url;
}

// arn:partition:service:region:account:resource, resource split on ':' and '/'; or null.
inline json parse_arn(std::string_view s) {
    std::string_view parts[6];
    std::size_t pos = 0;
    for (int i = 0; i < 5; ++i) {
        const std::size_t colon = s.find(':', pos);
        if (colon == std::string_view::npos)
            return nullptr;
        parts[i] = s.substr(pos, colon - pos);
        pos = colon + 1;
    }
    parts[5] = s.substr(pos);
    if (parts[0] != "arn" || parts[1].empty() || parts[2].empty() || parts[5].empty())
        return nullptr;
    boost::json::array resource;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = parts[5].find_first_of(":/", start);
        const std::string_view piece = parts[5].substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        resource.emplace_back(boost::json::string_view(piece.data(), piece.size()));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    const auto str = [](std::string_view v) {
        return boost::json::string_view(v.data(), v.size());
    };
    boost::json::object arn;
    arn["partition"] = str(parts[1]);
    arn["service"] = str(parts[2]);
    arn["region"] = str(parts[3]);
    arn["accountId"] = str(parts[4]);
    arn["resourceId"] = std::move(resource);
    return arn;
}

// ---- The evaluator ----------------------------------------------------------------------------

inline std::string kind_name(const json& v) {
    switch (v.kind()) {
    case boost::json::kind::null:
        return "unset";
    case boost::json::kind::bool_:
        return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
        return "a number";
    case boost::json::kind::string:
        return "a string";
    case boost::json::kind::array:
        return "an array";
    case boost::json::kind::object:
        return "an object";
    }
    return "a value";
}

inline std::string kind_name(boost::json::kind k) {
    switch (k) {
    case boost::json::kind::bool_:
        return "a boolean";
    case boost::json::kind::int64:
        return "an integer";
    case boost::json::kind::string:
        return "a string";
    default:
        return "a value";
    }
}

class evaluator {
public:
    enum class outcome { no_match, endpoint, error };

    evaluator(const compiled_partitions& partitions, std::vector<json>& vars)
        : partitions_(partitions), vars_(vars), slots_(vars.size()) {
        for (std::size_t i = 0; i < vars.size(); ++i)
            slots_[i] = &vars[i];
    }

    /// On outcome::error, `error` holds the error rule's message or why evaluation failed.
    outcome run(const std::vector<rule>& rules, endpoint& out) {
        for (const rule& r : rules) {
            const outcome o = evaluate(r, out);
            if (o != outcome::no_match)
                return o;
        }
        error = "no endpoint rule matched these parameters";
        return outcome::error;
    }

    std::string error;

private:
    outcome failure(const std::string& where) {
        error = "endpoint rules failed at " + where + ": " + failure_;
        return outcome::error;
    }

    bool failed(std::string message) {
        failure_ = std::move(message);
        return false;
    }

    outcome evaluate(const rule& r, endpoint& out);
    bool eval(const expr& e, json& scratch, const json*& result);
    bool call(const expr& e, json& result);
    bool argument(const expr& call, std::size_t i, boost::json::kind wanted, json& scratch,
                  const json*& result);
    bool render(const std::vector<template_part>& parts, std::string& out);
    bool string_of(const expr& e, std::string& out);
    bool property(const property_node& node, json& out);
    const json& partition_of(std::string_view region) const;

    // Sets a variable from what a condition evaluated to: a value of its own (moved), or one
    // that lives as long as the evaluation (a literal of the rule set, a partition's outputs),
    // referred to rather than copied. Returns where the value now is.
    const json* assign(std::size_t slot, json& scratch, const json* v) {
        const std::less<const json*> before;
        if (v == &scratch) {
            vars_[slot] = std::move(scratch);
            v = &vars_[slot];
        } else if (!before(v, vars_.data()) && before(v, vars_.data() + vars_.size())) {
            vars_[slot] = *v; // another variable's own value, which may change
            v = &vars_[slot];
        }
        slots_[slot] = v;
        return v;
    }

    const compiled_partitions& partitions_;
    std::vector<json>& vars_;
    std::vector<const json*> slots_; // each variable's value: in vars_, or referred to
    std::string failure_;
};

inline evaluator::outcome evaluator::evaluate(const rule& r, endpoint& out) {
    for (const condition& c : r.conditions) {
        json scratch;
        const json* v = nullptr;
        if (!eval(c.call, scratch, v))
            return failure(c.where);
        if (c.assign != no_slot)
            v = assign(c.assign, scratch, v);
        if (v->is_null() || (v->is_bool() && !v->get_bool()))
            return outcome::no_match;
    }
    switch (r.k) {
    case rule::kind::endpoint: {
        endpoint result;
        if (!string_of(r.url, result.url))
            return failure(r.where + ".endpoint.url");
        for (const auto& header : r.headers) {
            auto& values = result.headers[header.first];
            for (const expr& e : header.second) {
                values.emplace_back();
                if (!string_of(e, values.back()))
                    return failure(r.where + ".endpoint.headers." + header.first);
            }
        }
        if (!property(r.properties, result.properties))
            return failure(r.where + ".endpoint.properties");
        out = std::move(result);
        return outcome::endpoint;
    }
    case rule::kind::error:
        if (!string_of(r.message, error))
            return failure(r.where + ".error");
        return outcome::error;
    case rule::kind::tree:
        for (const rule& sub : r.rules) {
            const outcome o = evaluate(sub, out);
            if (o != outcome::no_match)
                return o;
        }
        // The spec makes a tree terminal: once its conditions hold, one of its rules must match.
        error = "no endpoint rule matched these parameters (every rule of " + r.where + " failed)";
        return outcome::error;
    }
    return outcome::no_match;
}

inline bool evaluator::eval(const expr& e, json& scratch, const json*& result) {
    switch (e.k) {
    case expr::kind::literal:
        result = &e.literal;
        return true;
    case expr::kind::ref:
        result = slots_[e.slot];
        return true;
    case expr::kind::text: {
        std::string s;
        if (!render(e.parts, s))
            return false;
        scratch = boost::json::string(s.data(), s.size());
        result = &scratch;
        return true;
    }
    case expr::kind::array: {
        boost::json::array a;
        for (const expr& item : e.args) {
            json item_scratch;
            const json* v = nullptr;
            if (!eval(item, item_scratch, v))
                return false;
            a.push_back(*v);
        }
        scratch = std::move(a);
        result = &scratch;
        return true;
    }
    case expr::kind::call:
        if (e.fn == fn_id::partition) {
            // The partition's outputs live as long as the evaluation: referred to, not copied.
            json arg_scratch;
            const json* region = nullptr;
            if (!argument(e, 0, boost::json::kind::string, arg_scratch, region))
                return false;
            result = &partition_of(view(region->get_string()));
            return true;
        }
        if (!call(e, scratch))
            return false;
        result = &scratch;
        return true;
    }
    return failed("unknown expression");
}

inline bool evaluator::argument(const expr& call, std::size_t i, boost::json::kind wanted,
                                json& scratch, const json*& result) {
    if (!eval(call.args[i], scratch, result))
        return false;
    if (!result->is_null() && result->kind() == wanted)
        return true;
    // Named only on failure: the arguments of every call of every resolution pass through here.
    const std::string which = call.name + "'s argument " + std::to_string(i + 1);
    if (result->is_null())
        return failed(which + " is not set");
    return failed(which + " is " + kind_name(*result) + ", not " + kind_name(wanted));
}

inline bool evaluator::call(const expr& e, json& result) {
    using boost::json::kind;
    json scratch[4];
    const json* arg[4] = {};
    switch (e.fn) {
    case fn_id::is_set:
        if (!eval(e.args[0], scratch[0], arg[0]))
            return false;
        result = !arg[0]->is_null();
        return true;
    case fn_id::not_:
        if (!argument(e, 0, kind::bool_, scratch[0], arg[0]))
            return false;
        result = !arg[0]->get_bool();
        return true;
    case fn_id::boolean_equals:
        if (!argument(e, 0, kind::bool_, scratch[0], arg[0]) ||
            !argument(e, 1, kind::bool_, scratch[1], arg[1]))
            return false;
        result = arg[0]->get_bool() == arg[1]->get_bool();
        return true;
    case fn_id::string_equals:
        if (!argument(e, 0, kind::string, scratch[0], arg[0]) ||
            !argument(e, 1, kind::string, scratch[1], arg[1]))
            return false;
        result = arg[0]->get_string() == arg[1]->get_string();
        return true;
    case fn_id::get_attr: {
        if (!eval(e.args[0], scratch[0], arg[0]))
            return false;
        const json* found = nullptr;
        std::string message;
        if (!follow(*arg[0], e.path, found, message))
            return failed("getAttr: " + message);
        result = found != nullptr ? *found : json();
        return true;
    }
    case fn_id::is_valid_host_label:
        if (!argument(e, 0, kind::string, scratch[0], arg[0]) ||
            !argument(e, 1, kind::bool_, scratch[1], arg[1]))
            return false;
        result = is_valid_host_label(view(arg[0]->get_string()), arg[1]->get_bool());
        return true;
    case fn_id::parse_url:
        if (!argument(e, 0, kind::string, scratch[0], arg[0]))
            return false;
        result = parse_url(view(arg[0]->get_string()));
        return true;
    case fn_id::substring: {
        if (!argument(e, 0, kind::string, scratch[0], arg[0]) ||
            !argument(e, 1, kind::int64, scratch[1], arg[1]) ||
            !argument(e, 2, kind::int64, scratch[2], arg[2]) ||
            !argument(e, 3, kind::bool_, scratch[3], arg[3]))
            return false;
        const std::string_view s = view(arg[0]->get_string());
        const std::int64_t start = arg[1]->get_int64();
        const std::int64_t stop = arg[2]->get_int64();
        const bool ascii = std::all_of(s.begin(), s.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        result = nullptr;
        if (!ascii || start < 0 || start >= stop || static_cast<std::uint64_t>(stop) > s.size())
            return true;
        const auto length = static_cast<std::size_t>(stop - start);
        const std::size_t from = arg[3]->get_bool() ? s.size() - static_cast<std::size_t>(stop)
                                                    : static_cast<std::size_t>(start);
        const std::string_view piece = s.substr(from, length);
        result = boost::json::string_view(piece.data(), piece.size());
        return true;
    }
    case fn_id::uri_encode: {
        if (!argument(e, 0, kind::string, scratch[0], arg[0]))
            return false;
        const std::string encoded = uri::encode(view(arg[0]->get_string()));
        result = boost::json::string(encoded.data(), encoded.size());
        return true;
    }
    case fn_id::partition: // eval() calls it without a copy
        break;
    case fn_id::parse_arn:
        if (!argument(e, 0, kind::string, scratch[0], arg[0]))
            return false;
        result = parse_arn(view(arg[0]->get_string()));
        return true;
    case fn_id::is_virtual_hostable_s3_bucket:
        if (!argument(e, 0, kind::string, scratch[0], arg[0]) ||
            !argument(e, 1, kind::bool_, scratch[1], arg[1]))
            return false;
        result = is_virtual_hostable_s3_bucket(view(arg[0]->get_string()), arg[1]->get_bool());
        return true;
    }
    return failed("unknown function " + quote(e.name));
}

inline bool evaluator::render(const std::vector<template_part>& parts, std::string& out) {
    for (const template_part& part : parts) {
        if (part.slot == no_slot) {
            out += part.text;
            continue;
        }
        const json* found = nullptr;
        std::string message;
        if (!follow(*slots_[part.slot], part.path, found, message))
            return failed("template placeholder {" + part.text + "}: " + message);
        if (found == nullptr)
            return failed("template placeholder {" + part.text + "} is not set");
        if (!found->is_string())
            return failed("template placeholder {" + part.text + "} is " + kind_name(*found) +
                          ", not a string");
        out += view(found->get_string());
    }
    return true;
}

inline bool evaluator::string_of(const expr& e, std::string& out) {
    json scratch;
    const json* v = nullptr;
    if (!eval(e, scratch, v))
        return false;
    if (v->is_null())
        return failed("the value is not set");
    if (!v->is_string())
        return failed("the value is " + kind_name(*v) + ", not a string");
    out = std::string(view(v->get_string()));
    return true;
}

inline bool evaluator::property(const property_node& node, json& out) {
    switch (node.k) {
    case property_node::kind::literal:
        out = node.literal;
        return true;
    case property_node::kind::text: {
        std::string s;
        if (!render(node.parts, s))
            return false;
        out = boost::json::string(s.data(), s.size());
        return true;
    }
    case property_node::kind::array: {
        boost::json::array a;
        a.reserve(node.items.size());
        for (const property_node& item : node.items) {
            json v;
            if (!property(item, v))
                return false;
            a.push_back(std::move(v));
        }
        out = std::move(a);
        return true;
    }
    case property_node::kind::object: {
        boost::json::object o;
        for (std::size_t i = 0; i < node.keys.size(); ++i) {
            json v;
            if (!property(node.items[i], v))
                return false;
            o[node.keys[i]] = std::move(v);
        }
        out = std::move(o);
        return true;
    }
    }
    return true;
}

// A region the partitions list by name, else the first whose regionRegex matches, else "aws".
inline const json& evaluator::partition_of(std::string_view region) const {
    const auto known = partitions_.regions.find(region);
    if (known != partitions_.regions.end())
        return partitions_.list[known->second].outputs;
    for (const partition_entry& p : partitions_.list)
        if (p.regex->check(region) == pattern_result::match)
            return p.outputs;
    return partitions_.list[partitions_.fallback].outputs;
}

inline bool parse_partitions(const json& doc, compiled_partitions& out, std::string& error) {
    const auto fail = [&](std::string message) {
        error = std::move(message);
        return false;
    };
    const json* list = doc.is_object() ? doc.get_object().if_contains("partitions") : nullptr;
    if (list == nullptr || !list->is_array() || list->get_array().empty())
        return fail("a partitions document must be an object with 'partitions', a non-empty array");
    const auto& partitions = list->get_array();
    out.list.resize(partitions.size());
    bool has_aws = false;
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        const std::string where = "partitions[" + std::to_string(i) + "]";
        if (!partitions[i].is_object())
            return fail(where + ": a partition must be an object");
        const auto& p = partitions[i].get_object();
        partition_entry& entry = out.list[i];

        const json* id = p.if_contains("id");
        if (id == nullptr || !id->is_string() || id->get_string().empty())
            return fail(where + ": 'id' must be a non-empty string");
        entry.id = std::string(view(id->get_string()));

        const json* outputs = p.if_contains("outputs");
        if (outputs == nullptr || !outputs->is_object())
            return fail(where + ": 'outputs' must be an object");
        for (const field& f : partition_fields) {
            const json* v = outputs->get_object().if_contains(
                boost::json::string_view(f.name.data(), f.name.size()));
            if (v == nullptr) {
                if (f.name == "name" || f.name == "implicitGlobalRegion")
                    continue; // name is the id; implicitGlobalRegion came later
                return fail(where + ".outputs: '" + std::string(f.name) + "' is missing");
            }
            if ((f.type == vtype::string && !v->is_string()) ||
                (f.type == vtype::boolean && !v->is_bool()))
                return fail(where + ".outputs." + std::string(f.name) + " must be " +
                            describe(f.type));
        }
        entry.outputs = *outputs;
        entry.outputs.get_object()["name"] = id->get_string();

        const json* regex = p.if_contains("regionRegex");
        if (regex == nullptr || !regex->is_string())
            return fail(where + ": 'regionRegex' must be a string");
        entry.regex_source = std::make_unique<const std::string>(view(regex->get_string()));
        entry.regex = std::make_unique<const pattern>(*entry.regex_source);
        if (entry.regex->check("") == pattern_result::unsupported_pattern)
            return fail(where + ": regionRegex " + quote(*entry.regex_source) +
                        " is not a regular expression this engine supports");

        const json* regions = p.if_contains("regions");
        if (regions == nullptr || !regions->is_object())
            return fail(where + ": 'regions' must be an object");
        for (const auto& region : regions->get_object())
            out.regions.emplace(std::string(region.key().data(), region.key().size()),
                                i); // the first partition wins

        if (entry.id == "aws" && !has_aws) {
            out.fallback = i;
            has_aws = true;
        }
    }
    return true;
}

inline json to_json(const value& v) {
    if (const auto* s = std::get_if<std::string>(&v))
        return boost::json::string(s->data(), s->size());
    if (const bool* b = std::get_if<bool>(&v))
        return *b;
    if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
        boost::json::array a;
        for (const std::string& s : *list)
            a.emplace_back(boost::json::string_view(s.data(), s.size()));
        return a;
    }
    return nullptr;
}

inline bool has_type(const value& v, parameter_type t) noexcept {
    switch (t) {
    case parameter_type::string:
        return std::holds_alternative<std::string>(v);
    case parameter_type::boolean:
        return std::holds_alternative<bool>(v);
    case parameter_type::string_array:
        return std::holds_alternative<std::vector<std::string>>(v);
    }
    return false;
}

inline std::string describe(const value& v) {
    if (std::holds_alternative<std::string>(v))
        return "a string";
    if (std::holds_alternative<bool>(v))
        return "a boolean";
    return "an array of strings";
}

} // namespace detail

// ---- partitions -------------------------------------------------------------------------------

HAWK_DECL partitions partitions::parse(std::string_view partitions_json, std::string& error) {
    try {
        detail::json doc;
        std::string message;
        if (!detail::parse_json(partitions_json, doc, message)) {
            error = "the partitions document is " + message;
            return {};
        }
        auto compiled = std::make_shared<detail::compiled_partitions>();
        if (!detail::parse_partitions(doc, *compiled, message)) {
            error = "bad partitions document: " + message;
            return {};
        }
        partitions result;
        result.impl_ = std::move(compiled);
        return result;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        error = std::string("bad partitions document: ") + e.what();
        return {};
    }
}

HAWK_DECL const partitions& partitions::defaults() {
    // Parsed on first use; the initialization of a function-local static is thread-safe. A test
    // checks that the built-in document parses, so the error is not kept.
    static const partitions parsed = [] {
        std::string error;
        return parse(default_partitions_json, error);
    }();
    return parsed;
}

// ---- rule_set ---------------------------------------------------------------------------------

HAWK_DECL rule_set rule_set::parse(std::string_view rules_json, std::string& error) {
    try {
        detail::json doc;
        std::string message;
        if (!detail::parse_json(rules_json, doc, message)) {
            error = "the endpoint rule set is " + message;
            return {};
        }
        auto compiled = std::make_shared<detail::compiled_rule_set>();
        detail::compiler c(*compiled);
        if (!c.run(doc)) {
            error = "bad endpoint rule set: " + c.error;
            return {};
        }
        rule_set result;
        result.impl_ = std::move(compiled);
        return result;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        error = std::string("bad endpoint rule set: ") + e.what();
        return {};
    }
}

HAWK_DECL bool rule_set::resolve(const std::map<std::string, value>& params, endpoint& out,
                                 std::string& error) const {
    return resolve(params, partitions::defaults(), out, error);
}

HAWK_DECL bool rule_set::resolve(const std::map<std::string, value>& params,
                                 const partitions& parts, endpoint& out, std::string& error) const {
    try {
        if (impl_ == nullptr) {
            error = "no endpoint rules (the rule set did not parse)";
            return false;
        }
        if (parts.impl_ == nullptr) {
            error = "no partitions (the partitions document did not parse)";
            return false;
        }
        const detail::compiled_rule_set& rules = *impl_;
        std::vector<detail::json> vars(rules.slots);
        for (const auto& [name, v] : params) {
            const auto it = rules.param_index.find(name);
            if (it == rules.param_index.end()) {
                error = "unknown endpoint parameter " + detail::quote(name);
                return false;
            }
            if (std::holds_alternative<std::monostate>(v))
                continue;
            const parameter& p = rules.params[it->second];
            if (!detail::has_type(v, p.type)) {
                error = "endpoint parameter " + detail::quote(name) + " must be a " +
                        std::string(to_string(p.type)) + ", not " + detail::describe(v);
                return false;
            }
            vars[it->second] = detail::to_json(v);
        }
        for (std::size_t i = 0; i < rules.params.size(); ++i) {
            if (!vars[i].is_null())
                continue;
            const parameter& p = rules.params[i];
            if (!std::holds_alternative<std::monostate>(p.default_value)) {
                vars[i] = detail::to_json(p.default_value);
            } else if (p.required) {
                error = "endpoint parameter " + detail::quote(p.name) + " is required but not set";
                return false;
            }
        }
        detail::evaluator evaluator(*parts.impl_, vars);
        endpoint result;
        if (evaluator.run(rules.rules, result) != detail::evaluator::outcome::endpoint) {
            error = std::move(evaluator.error);
            return false;
        }
        out = std::move(result);
        return true;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        error = std::string("endpoint resolution failed: ") + e.what();
        return false;
    }
}

HAWK_DECL const std::vector<parameter>& rule_set::parameters() const noexcept {
    static const std::vector<parameter> none;
    return impl_ != nullptr ? impl_->params : none;
}

} // namespace hawk::core::endpoints
