#include "protocol/rest_json.hpp"

#include <algorithm>
#include <string>
#include <utility>
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

/// `var.member`, and the guard that comes before using it (`if (var.member)` for an optional
/// one) with the value (`*var.member`).
struct member_access {
    std::string cond;  ///< "if (input.m)\n    " or ""
    std::string value; ///< "*input.m" or "input.m"
};

member_access access(const gen::symbols& sym, const model::shape& s, const member& m,
                     const std::string& var) {
    const std::string name = var + "." + sym.member_name(s, m);
    if (sym.is_optional(s, m))
        return {"if (" + name + ")\n    ", "*" + name};
    return {"", name};
}

/// Adds a member bound to a header (location header or headers) to the message `http`: a
/// request's input (clients) or a response's output or error (servers).
void emit_header_writer(const gen::symbols& sym, const model::shape& s, const member& m,
                        const std::string& var, emit::printer& p) {
    std::string call;
    if (m.location == location::header)
        // jsonvalue: the member holds JSON text, sent in base64.
        call = m.json_value ? "core::rest::add_json_header(http, $name$, $v$);"
                            : "core::rest::add_header(http, $name$, $v$$fmt$);";
    else if (m.location == location::headers)
        call = "core::rest::add_prefixed_headers(http, $name$, $v$);";
    else
        return;
    const member_access a = access(sym, s, m, var);
    // `call` is one of the generator's own templates above; model text enters as variables.
    p.emit({{"cond", a.cond},
            {"v", a.value},
            {"name", cpp_string_literal(m.location_name)},
            {"fmt", format_argument(m)}},
           "$cond$" + call + "\n");
}

/// The body of a message from `var`: a payload member on its own, else the body members as a
/// JSON object (`{}` when none is set). Without body members, no body at all unless `always`.
void emit_body_writer(const gen::symbols& sym, const model::shape& s, const std::string& var,
                      bool always, const std::string& context, emit::printer& p) {
    if (!s.payload.empty()) {
        const member& m = *s.find_member(s.payload);
        const member_access a = access(sym, s, m, var);
        const char* call = nullptr;
        if (m.type->kind == shape_kind::structure || m.type->kind == shape_kind::union_ ||
            m.type->kind == shape_kind::document)
            call = "set_body";
        else if (m.type->kind == shape_kind::string || m.type->kind == shape_kind::blob ||
                 m.type->kind == shape_kind::enumeration)
            call = "set_payload";
        else
            throw model::model_error(sym.service().source_path + ": " + context +
                                     ": unsupported payload kind");
        p.emit({{"cond", a.cond}, {"v", a.value}, {"call", call}},
               "$cond$core::rest_json::$call$(http, $v$);\n");
    } else if (always || has_body_members(s)) {
        p.emit({{"v", var}}, "core::rest_json::set_body(http, $v$);\n");
    }
}

/// Reads the body of the message `http` into `var`: its payload member, else its body members
/// (when it has body members, or any member at all with `any_member`).
void emit_body_reader(const gen::symbols& sym, const model::shape& s, const std::string& var,
                      bool any_member, emit::printer& p) {
    if (!s.payload.empty()) {
        const member& m = *s.find_member(s.payload);
        // Text and bytes as they are; structures, unions and documents as JSON.
        p.emit({{"v", var + "." + sym.member_name(s, m)}}, R"cc(
            if (!core::rest_json::read_payload(http, $v$, error))
                return false;
        )cc");
    } else if (any_member ? !s.members.empty() : has_body_members(s)) {
        p.emit({{"v", var}}, R"cc(
            if (!core::rest_json::read_body(http, $v$, error))
                return false;
        )cc");
    }
}

/// Reads the members of `var` bound to headers (location header or headers) from `http`.
void emit_header_readers(const gen::symbols& sym, const model::shape& s, const std::string& var,
                         emit::printer& p) {
    for (const member& m : s.members) {
        const std::string v = var + "." + sym.member_name(s, m);
        if (m.location == location::header) {
            p.emit({{"h", cpp_string_literal(m.location_name)},
                    {"v", v},
                    {"fmt", format_argument(m)},
                    {"read", m.json_value ? "read_json_header" : "read_header"}},
                   R"cc(
                       if (!core::rest_json::$read$(http, $h$, $v$, error$fmt$))
                           return false;
                   )cc");
        } else if (m.location == location::headers) {
            p.emit({{"v", v}, {"prefix", cpp_string_literal(m.location_name)}}, R"cc(
                if (!core::rest_json::read_prefixed_headers(http, $prefix$, $v$, error))
                    return false;
            )cc");
        }
    }
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
    std::vector<const member*> query;
    for (const member& m : in.members)
        if (m.location == location::querystring && m.type->kind != shape_kind::map)
            query.push_back(&m);
    for (const member& m : in.members)
        if (m.location == location::querystring && m.type->kind == shape_kind::map)
            query.push_back(&m);
    for (const member* m : query) {
        const member_access a = access(sym, in, *m, "input");
        p.emit({{"cond", a.cond},
                {"v", a.value},
                {"name", cpp_string_literal(m->location_name)},
                {"fmt", format_argument(*m)}},
               m->type->kind == shape_kind::map
                   ? "$cond$core::rest::add_query_map(http.query, $v$$fmt$);\n"
                   : "$cond$core::rest::add_query(http.query, $name$, $v$$fmt$);\n");
    }
    for (const member& m : in.members)
        emit_header_writer(sym, in, m, "input", p);

    // The body: a payload member on its own, else the body members as a JSON object (`{}` when
    // none is set). An input without body members sends no body at all, whatever the method.
    emit_body_writer(sym, in, "input", false, "operation \"" + op.name + "\"", p);
}

void emit_rest_json_parser(const gen::symbols& sym, const model::operation& op, emit::printer& p) {
    emit_rest_json_shape_parser(sym, *op.output, p);
}

void emit_rest_json_shape_parser(const gen::symbols& sym, const model::shape& out,
                                 emit::printer& p) {
    emit_body_reader(sym, out, "output", true, p);
    emit_header_readers(sym, out, "output", p);
    for (const member& m : out.members)
        if (m.location == location::status_code)
            p.emit({{"m", sym.member_name(out, m)}}, "output.$m$ = http.status;\n");
    p.emit("return true;\n");
}

std::vector<std::string> uri_labels(const std::string& request_uri) {
    std::vector<std::string> labels;
    const std::string path = request_uri.substr(0, request_uri.find('?'));
    for (std::size_t open = path.find('{'); open != std::string::npos;
         open = path.find('{', open + 1)) {
        const std::size_t close = path.find('}', open);
        if (close == std::string::npos)
            break;
        std::string label = path.substr(open + 1, close - open - 1);
        if (!label.empty() && label.back() == '+')
            label.pop_back();
        labels.push_back(std::move(label));
    }
    return labels;
}

void emit_rest_json_request_reader(const gen::symbols& sym, const model::operation& op,
                                   emit::printer& p) {
    const model::shape& in = *op.input;
    const std::vector<std::string> labels = uri_labels(op.request_uri);
    std::vector<const member*> bound_labels, query, query_maps;
    for (const member& m : in.members) {
        if (m.location == location::uri &&
            std::find(labels.begin(), labels.end(), m.location_name) != labels.end())
            bound_labels.push_back(&m);
        else if (m.location == location::querystring)
            (m.type->kind == shape_kind::map ? query_maps : query).push_back(&m);
    }
    if (!bound_labels.empty() || !query.empty() || !query_maps.empty())
        p.emit(R"cc(
            core::server::rest::request_uri uri;
            if (!uri.parse(http, operation::request_uri, error))
                return false;
        )cc");
    // Labels, then named query parameters; a query map takes the parameters that neither they
    // nor the literal query parts of the requestUri took.
    using reads = std::pair<const char*, const std::vector<const member*>*>;
    std::string named;
    for (const member* m : query)
        named += (named.empty() ? "" : ", ") + cpp_string_literal(m->location_name);
    for (const reads& r : {reads{"read_label", &bound_labels}, reads{"read_query", &query}})
        for (const member* m : *r.second)
            p.emit({{"read", r.first},
                    {"name", cpp_string_literal(m->location_name)},
                    {"m", sym.member_name(in, *m)},
                    {"fmt", format_argument(*m)}},
                   R"cc(
                       if (!uri.$read$($name$, input.$m$, error$fmt$))
                           return false;
                   )cc");
    for (const member* m : query_maps)
        p.emit({{"named", named}, {"m", sym.member_name(in, *m)}, {"fmt", format_argument(*m)}},
               R"cc(
                   if (!uri.read_query_map({$named$}, input.$m$, error$fmt$))
                       return false;
               )cc");
    emit_header_readers(sym, in, "input", p);
    emit_body_reader(sym, in, "input", false, p);
    p.emit("return true;\n");
}

void emit_rest_json_shape_writer(const gen::symbols& sym, const model::shape& s,
                                 const std::string& var, bool always_body, emit::printer& p) {
    for (const member& m : s.members) {
        if (m.location != location::status_code)
            continue;
        const member_access a = access(sym, s, m, var);
        p.emit({{"cond", a.cond}, {"v", a.value}}, "$cond$http.status = $v$;\n");
    }
    for (const member& m : s.members)
        emit_header_writer(sym, s, m, var, p);
    emit_body_writer(sym, s, var, always_body, "shape \"" + s.name + "\"", p);
}

} // namespace hawk::codegen::protocol
