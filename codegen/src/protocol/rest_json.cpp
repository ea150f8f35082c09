#include "protocol/rest_json.hpp"

#include <vector>

namespace hawk::codegen::protocol {

using emit::cpp_string_literal;
using model::location;
using model::member;
using model::shape_kind;

namespace {

/// The timestamp format argument for a member bound outside the body ("" for the default of
/// that binding).
std::string format_argument(const member& m) {
    const model::shape* t = m.type;
    if (t->kind == shape_kind::list)
        t = t->list_member->type;
    if (t->kind != shape_kind::timestamp)
        return "";
    const auto& f = m.timestamp_format ? m.timestamp_format : t->timestamp_format;
    if (!f)
        return "";
    if (*f == "iso8601")
        return ", core::timestamp_format::iso8601";
    if (*f == "rfc822")
        return ", core::timestamp_format::http_date";
    return ", core::timestamp_format::epoch_seconds";
}

bool has_body_members(const model::shape& input) {
    for (const member& m : input.members)
        if (m.location == location::body)
            return true;
    return false;
}

} // namespace

void emit_rest_json_serializer(const gen::symbols& sym, const model::operation& op,
                               emit::printer& p) {
    const model::shape& in = *op.input;
    const std::string uri = op.request_uri;
    const std::size_t question = uri.find('?');
    const std::string path = uri.substr(0, question);
    const std::string static_query = question == std::string::npos ? "" : uri.substr(question + 1);

    p.emit({{"method", cpp_string_literal(op.http_method)}}, "http.method = $method$;\n");
    // The path: literal pieces and encoded labels.
    std::string literal;
    bool first = true;
    auto flush = [&] {
        if (literal.empty())
            return;
        p.emit({{"text", cpp_string_literal(literal)}, {"op", first ? "=" : "+="}},
               "http.path $op$ $text$;\n");
        first = false;
        literal.clear();
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] != '{') {
            literal += path[i];
            continue;
        }
        const std::size_t close = path.find('}', i);
        std::string label = path.substr(i + 1, close - i - 1);
        const bool greedy = !label.empty() && label.back() == '+';
        if (greedy)
            label.pop_back();
        for (const member& m : in.members) {
            if (m.location != location::uri || m.location_name != label)
                continue;
            flush();
            if (first) {
                p.emit("http.path.clear();\n");
                first = false;
            }
            p.emit({{"m", sym.member_name(in, m)},
                    {"deref", sym.is_optional(in, m) ? "*" : ""},
                    {"greedy", greedy ? "true" : "false"},
                    {"fmt", format_argument(m)}},
                   "core::rest::append_label(http.path, $deref$input.$m$, $greedy$$fmt$);\n");
        }
        i = close;
    }
    flush();
    if (!static_query.empty())
        p.emit({{"q", cpp_string_literal(static_query)}}, "http.query = $q$;\n");

    // Query maps go last: a named query parameter wins over a map entry of the same name.
    std::vector<const member*> bound;
    for (const member& m : in.members)
        if (!(m.location == location::querystring && m.type->kind == shape_kind::map))
            bound.push_back(&m);
    for (const member& m : in.members)
        if (m.location == location::querystring && m.type->kind == shape_kind::map)
            bound.push_back(&m);
    for (const member* bound_member : bound) {
        const member& m = *bound_member;
        std::string call;
        switch (m.location) {
        case location::querystring:
            call = m.type->kind == shape_kind::map
                       ? "core::rest::add_query_map(http.query, $v$$fmt$);"
                       : "core::rest::add_query(http.query, $name$, $v$$fmt$);";
            break;
        case location::header:
            // jsonvalue: the member holds JSON text, sent in base64.
            call = m.json_value ? "core::rest::add_json_header(http, $name$, $v$);"
                                : "core::rest::add_header(http, $name$, $v$$fmt$);";
            break;
        case location::headers:
            call = "core::rest::add_prefixed_headers(http, $name$, $v$);";
            break;
        default:
            continue;
        }
        const bool optional = sym.is_optional(in, m);
        const std::string v = (optional ? "*input." : "input.") + sym.member_name(in, m);
        // `call` is one of the generator's own templates above; model text enters as variables.
        p.emit({{"cond", optional ? "if (input." + sym.member_name(in, m) + ")\n    " : ""},
                {"v", v},
                {"name", cpp_string_literal(m.location_name)},
                {"fmt", format_argument(m)}},
               "$cond$" + call + "\n");
    }

    // The body: a payload member on its own, else the body members as a JSON object (`{}` when
    // none is set). An input without body members sends no body at all, whatever the method.
    if (!in.payload.empty()) {
        const member& m = *in.find_member(in.payload);
        const std::string name = sym.member_name(in, m);
        const bool optional = sym.is_optional(in, m);
        if (m.type->kind == shape_kind::structure || m.type->kind == shape_kind::union_ ||
            m.type->kind == shape_kind::document) {
            p.emit({{"v", (optional ? "*input." : "input.") + name},
                    {"cond", optional ? "if (input." + name + ")\n    " : ""}},
                   "$cond$core::rest_json::set_body(http, $v$);\n");
        } else if (m.type->kind == shape_kind::string || m.type->kind == shape_kind::blob ||
                   m.type->kind == shape_kind::enumeration) {
            p.emit({{"v", (optional ? "*input." : "input.") + name},
                    {"cond", optional ? "if (input." + name + ")\n    " : ""}},
                   "$cond$core::rest_json::set_payload(http, $v$);\n");
        } else {
            throw model::model_error(sym.service().source_path + ": operation \"" + op.name +
                                     "\": unsupported payload kind");
        }
    } else if (has_body_members(in)) {
        p.emit("core::rest_json::set_body(http, input);\n");
    }
}

void emit_rest_json_parser(const gen::symbols& sym, const model::operation& op, emit::printer& p) {
    emit_rest_json_shape_parser(sym, *op.output, p);
}

void emit_rest_json_shape_parser(const gen::symbols& sym, const model::shape& out,
                                 emit::printer& p) {
    if (!out.payload.empty()) {
        const member& m = *out.find_member(out.payload);
        const std::string name = sym.member_name(out, m);
        // Text and bytes as they are; structures, unions and documents as JSON.
        p.emit({{"m", name}}, R"cc(
            if (!core::rest_json::read_payload(http, output.$m$, error))
                return false;
        )cc");
    } else if (!out.members.empty()) {
        p.emit(R"cc(
            if (!core::rest_json::read_body(http, output, error))
                return false;
        )cc");
    }
    for (const member& m : out.members) {
        const std::string name = sym.member_name(out, m);
        if (m.location == location::header) {
            p.emit({{"h", cpp_string_literal(m.location_name)},
                    {"m", name},
                    {"fmt", format_argument(m)},
                    {"read", m.json_value ? "read_json_header" : "read_header"}},
                   R"cc(
                       if (!core::rest_json::$read$(http, $h$, output.$m$, error$fmt$))
                           return false;
                   )cc");
        } else if (m.location == location::status_code) {
            p.emit({{"m", name}}, "output.$m$ = http.status;\n");
        } else if (m.location == location::headers) {
            p.emit({{"m", name},
                    {"map", sym.is_optional(out, m) ? "(output." + name + " ? *output." + name +
                                                          " : output." + name + ".emplace())"
                                                    : "output." + name},
                    {"prefix", cpp_string_literal(m.location_name)}},
                   R"cc(
                       for (const auto& h : http.headers) {
                           const std::string_view prefix = $prefix$;
                           if (h.name.size() > prefix.size() && core::http::detail::iequals(std::string_view(h.name).substr(0, prefix.size()), prefix))
                               $map$[h.name.substr(prefix.size())] = h.value;
                       }
                   )cc");
        }
    }
    p.emit("return true;\n");
}

} // namespace hawk::codegen::protocol
