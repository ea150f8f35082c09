#include "model/waiter_paths.hpp"

#include <hawk/core/detail/jmespath.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace hawk::codegen::model {

namespace jp = hawk::core::detail::jmespath;

namespace {

/// What an expression gives, as far as the model says.
struct type {
    enum kind_t { any, null, boolean, number, string, array, object } kind = any;
    const shape* s = nullptr;  ///< structures, unions and maps (objects); enums (strings)
    std::vector<type> element; ///< arrays: one element type
};

struct path_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

type array_of(type element) {
    type t;
    t.kind = type::array;
    t.element.push_back(std::move(element));
    return t;
}

type of_shape(const shape& s) {
    type t;
    switch (s.kind) {
    case shape_kind::structure:
    case shape_kind::union_:
    case shape_kind::map:
        t.kind = type::object;
        t.s = &s;
        return t;
    case shape_kind::list:
        return array_of(of_shape(*s.list_member->type));
    case shape_kind::string:
    case shape_kind::enumeration:
    case shape_kind::blob: // base64 in JMESPath's data model
        t.kind = type::string;
        t.s = &s;
        return t;
    case shape_kind::boolean:
        t.kind = type::boolean;
        return t;
    case shape_kind::document:
        return t; // any
    default:      // numbers, and timestamps (epoch seconds)
        t.kind = type::number;
        return t;
    }
}

type of_json(const boost::json::value& v) {
    type t;
    if (v.is_null())
        t.kind = type::null;
    else if (v.is_bool())
        t.kind = type::boolean;
    else if (v.is_number())
        t.kind = type::number;
    else if (v.is_string())
        t.kind = type::string;
    else if (v.is_array())
        t.kind = type::array;
    else
        t.kind = type::object;
    if (t.kind == type::array)
        t.element.emplace_back(); // any
    return t;
}

std::string describe(const type& t) {
    switch (t.kind) {
    case type::any:
        return "anything";
    case type::null:
        return "null";
    case type::boolean:
        return "a boolean";
    case type::number:
        return "a number";
    case type::string:
        return t.s ? "a string (" + t.s->name + ")" : "a string";
    case type::array:
        return "a list of " + describe(t.element.front());
    case type::object:
        return t.s ? "an object (" + t.s->name + ")" : "an object";
    }
    return "?";
}

/// Whether `what` (one of `array`, ...) may be the kind of `t`.
bool may_be(const type& t, type::kind_t what) {
    return t.kind == type::any || t.kind == what;
}

type check(const jp::node& n, const type& current);

type element_of(const type& base, const char* what) {
    if (base.kind == type::any)
        return base;
    if (base.kind != type::array)
        throw path_error(std::string(what) + " of " + describe(base) + ", not a list");
    return base.element.front();
}

type check(const jp::node& n, const type& current) {
    switch (n.kind) {
    case jp::kind::current:
        return current;
    case jp::kind::field: {
        const type base = check(n.children[0], current);
        if (base.kind == type::any)
            return base;
        if (base.kind != type::object)
            throw path_error(
                "member \"" + n.name + "\" of " + describe(base) +
                (base.kind == type::array ? " (a projection, [], reaches its items)" : ""));
        if (!base.s)
            return type{};
        if (base.s->kind == shape_kind::map)
            return of_shape(*base.s->map_value->type);
        const member* m = base.s->find_member(n.name);
        if (!m)
            throw path_error(base.s->name + " has no member \"" + n.name + "\"");
        return of_shape(*m->type);
    }
    case jp::kind::index:
        return element_of(check(n.children[0], current), "an index");
    case jp::kind::flatten: {
        type element = element_of(check(n.children[0], current), "[]");
        if (element.kind == type::array) // flattened one level
            element = type(element.element.front());
        return array_of(check(n.children[1], element));
    }
    case jp::kind::project:
        return array_of(check(n.children[1], element_of(check(n.children[0], current), "[*]")));
    case jp::kind::literal:
        return of_json(n.literal);
    case jp::kind::length: {
        const type arg = check(n.children[0], current);
        if (!may_be(arg, type::string) && !may_be(arg, type::array) && !may_be(arg, type::object))
            throw path_error("length() of " + describe(arg));
        type t;
        t.kind = type::number;
        return t;
    }
    case jp::kind::compare: {
        const type a = check(n.children[0], current);
        const type b = check(n.children[1], current);
        if (n.op != jp::comparator::eq && n.op != jp::comparator::ne &&
            (!may_be(a, type::number) || !may_be(b, type::number)))
            throw path_error("an ordering (<, <=, >, >=) of " + describe(a) + " and " +
                             describe(b) + ": only numbers are ordered");
        type t;
        t.kind = type::boolean;
        return t;
    }
    case jp::kind::and_:
    case jp::kind::or_: {
        const type a = check(n.children[0], current);
        const type b = check(n.children[1], current);
        return a.kind == b.kind && a.kind != type::array && a.kind != type::object ? a : type{};
    }
    case jp::kind::not_: {
        check(n.children[0], current);
        type t;
        t.kind = type::boolean;
        return t;
    }
    }
    return type{};
}

/// Why a value of type `t` can never equal `expected`; empty when it can.
std::string mismatch(const type& t, const boost::json::value& expected) {
    const type e = of_json(expected);
    if (t.kind == type::any)
        return {};
    if (t.kind != e.kind)
        return "it gives " + describe(t) + ", which never equals " +
               boost::json::serialize(expected);
    if (t.kind == type::string && t.s && !t.s->enum_values.empty()) {
        const std::string value(expected.get_string());
        if (std::find(t.s->enum_values.begin(), t.s->enum_values.end(), value) ==
            t.s->enum_values.end())
            return "\"" + value + "\" is not a value of " + t.s->name;
    }
    return {};
}

} // namespace

std::string check_waiter_path(const shape& output, waiter_matcher matcher, const std::string& path,
                              const boost::json::value& expected) {
    try {
        const jp::node n = jp::parse(path);
        const type result = check(n, of_shape(output));
        if (matcher == waiter_matcher::path)
            return mismatch(result, expected);
        if (!may_be(result, type::array))
            return "it gives " + describe(result) + ", not a list (" +
                   (matcher == waiter_matcher::path_all ? "pathAll" : "pathAny") +
                   " compares each item)";
        return result.kind == type::any ? std::string()
                                        : mismatch(result.element.front(), expected);
    } catch (const jp::parse_error& e) {
        return e.what();
    } catch (const path_error& e) {
        return e.what();
    }
}

} // namespace hawk::codegen::model
