#include "gen/service_gen.hpp"

#include "emit/printer.hpp"
#include "gen/symbols.hpp"
#include "gen/type_gen.hpp"
#include "protocol/rest_json.hpp"
#include "transform/analysis.hpp"
#include "transform/normalize.hpp"

#include <set>

namespace hawk::codegen::gen {

using emit::cpp_string_literal;
using emit::printer;

namespace {

std::string operation_header(const symbols& sym, const model::operation& op) {
    std::set<std::string> includes = {sym.header_of(*op.input), sym.header_of(*op.output)};
    for (const model::shape* e : op.errors)
        includes.insert(sym.header_of(*e));
    std::string errors;
    for (const model::shape* e : op.errors)
        errors += (errors.empty() ? "" : ", ") + sym.type_name(*e);
    printer p;
    p.emit({{"banner", banner(sym.service())},
            {"includes", [&] { emit_includes(p, includes); }},
            {"ns", sym.ns()},
            {"doc", doc_comment(op.documentation, op.deprecated ? "Deprecated." : "")},
            {"op", op.name},
            {"name", cpp_string_literal(op.name)},
            {"method", cpp_string_literal(op.http_method)},
            {"uri", cpp_string_literal(op.request_uri)},
            {"status", std::to_string(op.response_code)},
            {"request", sym.type_name(*op.input)},
            {"response", sym.type_name(*op.output)},
            {"errors", errors},
            {"serializer", [&] { protocol::emit_rest_json_serializer(sym, op, p); }},
            {"parser", [&] { protocol::emit_rest_json_parser(sym, op, p); }}},
           R"cc(
               $banner$
               #pragma once

               $includes$

               #include <hawk/core/protocol/rest_json.hpp>

               #include <string>
               #include <string_view>
               #include <tuple>

               namespace hawk::$ns$::operations {

               $doc$
               struct $op$ {
                   static constexpr std::string_view name = $name$;
                   static constexpr std::string_view http_method = $method$;
                   static constexpr std::string_view request_uri = $uri$;
                   static constexpr int success_status = $status$;

                   using request = $request$;
                   using response = $response$;
                   /// The modeled errors this operation may return.
                   using errors = std::tuple<$errors$>;

                   /// The HTTP request for `input`, before an endpoint is chosen and before signing:
                   /// method, path, query, headers and body. Pure: no I/O.
                   static core::http::request serialize(const request& input);
                   /// Reads a successful response into `output`. Returns false, with `error` set, when
                   /// the response does not parse. Pure: no I/O.
                   static bool parse(const core::http::response& http, response& output, std::string& error);
               };

               inline core::http::request $op$::serialize([[maybe_unused]] const request& input) {
                   core::http::request http;
                   $serializer$
                   return http;
               }

               inline bool $op$::parse([[maybe_unused]] const core::http::response& http, [[maybe_unused]] response& output, [[maybe_unused]] std::string& error) {
                   $parser$
               }

               } // namespace hawk::$ns$::operations
           )cc");
    return p.release();
}

std::string fwd_header(const symbols& sym) {
    printer p;
    p.emit({{"banner", banner(sym.service())},
            {"ns", sym.ns()},
            {"decls",
             [&] {
                 for (const auto& [name, s] : sym.service().shapes) {
                     if (!transform::is_named_type(s))
                         continue;
                     p.emit({{"kw", s.kind == model::shape_kind::structure ? "struct" : "class"},
                             {"name", sym.type_name(s)}},
                            "$kw$ $name$;\n");
                 }
             }}},
           R"cc(
               $banner$
               #pragma once

               // Forward declarations of every type of the service.

               namespace hawk::$ns$ {

               $decls$

               } // namespace hawk::$ns$
           )cc");
    return p.release();
}

std::string all_header(const symbols& sym, const std::set<std::string>& headers) {
    printer p;
    p.emit({{"banner", banner(sym.service())},
            {"ns", sym.ns()},
            {"includes", [&] { emit_includes(p, headers); }}},
           R"cc(
               $banner$
               #pragma once

               // Every header of the service, for convenience. Nothing generated includes it:
               // include only the operations you use to keep compile times low.

               $includes$
           )cc");
    return p.release();
}

std::string service_header(const symbols& sym) {
    const model::service& svc = sym.service();
    printer p;
    p.emit({{"banner", banner(svc)},
            {"ns", sym.ns()},
            {"doc", doc_comment(svc.documentation)},
            {"service_id", cpp_string_literal(svc.service_id)},
            {"full_name", cpp_string_literal(svc.full_name)},
            {"api_version", cpp_string_literal(svc.api_version)},
            {"protocol", cpp_string_literal(svc.protocol)},
            {"json_version", cpp_string_literal(svc.json_version)},
            {"endpoint_prefix", cpp_string_literal(svc.endpoint_prefix)},
            {"signing_name",
             cpp_string_literal(svc.signing_name.empty() ? svc.endpoint_prefix : svc.signing_name)},
            {"target_prefix", cpp_string_literal(svc.target_prefix)}},
           R"cc(
               $banner$
               #pragma once

               #include <string_view>

               $doc$
               namespace hawk::$ns$ {

               /// What the model says about the service as a whole.
               struct service {
                   static constexpr std::string_view service_id = $service_id$;
                   static constexpr std::string_view full_name = $full_name$;
                   static constexpr std::string_view api_version = $api_version$;
                   static constexpr std::string_view protocol = $protocol$;
                   static constexpr std::string_view json_version = $json_version$;
                   static constexpr std::string_view endpoint_prefix = $endpoint_prefix$;
                   static constexpr std::string_view signing_name = $signing_name$;
                   static constexpr std::string_view target_prefix = $target_prefix$;
               };

               } // namespace hawk::$ns$
           )cc");
    return p.release();
}

/// Generated folders have their own clang-format settings: the generator decides where lines
/// break (ColumnLimit 0), clang-format checks everything else.
const char* const generated_clang_format = R"(# Generated by hawk-gen. DO NOT EDIT.
BasedOnStyle: LLVM
IndentWidth: 4
ColumnLimit: 0
AccessModifierOffset: -4
AllowShortFunctionsOnASingleLine: All
AllowShortLambdasOnASingleLine: All
AllowShortBlocksOnASingleLine: Never
AllowShortIfStatementsOnASingleLine: Never
AlwaysBreakTemplateDeclarations: Yes
DerivePointerAlignment: false
PointerAlignment: Left
FixNamespaceComments: true
IncludeBlocks: Preserve
NamespaceIndentation: None
SortIncludes: CaseSensitive
ReflowComments: false
AlignTrailingComments: false
Standard: c++17
)";

} // namespace

void generate_service(model::service& svc, emit::file_set& out) {
    if (svc.protocol != "rest-json")
        throw model::model_error(svc.source_path + ": protocol \"" + svc.protocol +
                                 "\" is not supported yet (rest-json is)");
    transform::normalize_operations(svc);
    const transform::analysis a = transform::analyze(svc);
    const symbols sym(svc, a);
    const std::string root = "hawk/" + sym.ns();
    out.own(root);
    out.add(root + "/.clang-format", generated_clang_format);

    std::set<std::string> headers;
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        const std::string path = sym.group_header(g);
        out.add(path, generate_type_header(sym, g));
        headers.insert(path);
        // Every other shape of a cycle gets a header of its own name that includes the group's.
        for (std::size_t i = 1; i < a.groups[g].size(); ++i) {
            const std::string alias = sym.header_of(*a.groups[g][i]);
            printer p;
            p.emit({{"banner", banner(svc)},
                    {"group", path},
                    {"name", sym.type_name(*a.groups[g][i])}},
                   R"cc(
                $banner$
                #pragma once

                // $name$ refers to other shapes recursively; they are all defined in one header.
                #include <$group$>
            )cc");
            out.add(alias, p.release());
            headers.insert(alias);
        }
    }
    for (const model::operation& op : svc.operations) {
        const std::string path = sym.operation_header(op);
        out.add(path, operation_header(sym, op));
        headers.insert(path);
    }
    out.add(root + "/fwd.hpp", fwd_header(sym));
    out.add(root + "/service.hpp", service_header(sym));
    headers.insert(root + "/service.hpp");
    out.add(root + "/all.hpp", all_header(sym, headers));
}

} // namespace hawk::codegen::gen
