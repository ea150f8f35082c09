#include "gen/service_gen.hpp"

#include "emit/printer.hpp"
#include "gen/error_gen.hpp"
#include "gen/paginator_gen.hpp"
#include "gen/server_gen.hpp"
#include "gen/symbols.hpp"
#include "gen/type_gen.hpp"
#include "gen/waiter_gen.hpp"
#include "naming/naming.hpp"
#include "protocol/aws_json.hpp"
#include "protocol/rest_json.hpp"
#include "transform/analysis.hpp"
#include "transform/normalize.hpp"

#include <algorithm>
#include <set>

namespace hawk::codegen::gen {

using emit::cpp_string_literal;
using emit::printer;

namespace {

/// The test for unset idempotency tokens (`false` when the operation has none).
std::string needs_token(const symbols& sym, const model::operation& op) {
    std::string test;
    for (const model::member& m : op.input->members)
        if (m.idempotency_token)
            test += (test.empty() ? "!input." : " || !input.") + sym.member_name(*op.input, m);
    return test.empty() ? "false" : test;
}

/// What every protocol adds to a serialized request: the endpoint's host prefix (the model's
/// `endpoint.hostPrefix`, with its {labels} from the input) and Content-MD5 where the operation
/// requires a checksum.
void emit_request_extras(const symbols& sym, const model::operation& op, printer& p) {
    const std::string& prefix = op.host_prefix;
    for (std::size_t i = 0; i < prefix.size();) {
        const std::size_t open = prefix.find('{', i);
        if (open != i) {
            const std::string literal = prefix.substr(i, open - i);
            p.emit({{"text", cpp_string_literal(literal)}}, "http.host_prefix += $text$;\n");
            if (open == std::string::npos)
                break;
        }
        const std::size_t close = prefix.find('}', open);
        if (close == std::string::npos)
            throw model::model_error(sym.service().source_path + ": operation \"" + op.name +
                                     "\": unclosed label in hostPrefix");
        const std::string label = prefix.substr(open + 1, close - open - 1);
        const model::member* m = op.input->find_member(label);
        if (!m || m->type->kind != model::shape_kind::string)
            throw model::model_error(sym.service().source_path + ": operation \"" + op.name +
                                     "\": hostPrefix label {" + label +
                                     "} is not a string member of the input");
        const std::string name = sym.member_name(*op.input, *m);
        if (sym.is_optional(*op.input, *m))
            p.emit({{"m", name}}, "if (input.$m$)\n    http.host_prefix += *input.$m$;\n");
        else
            p.emit({{"m", name}}, "http.host_prefix += input.$m$;\n");
        i = close + 1;
    }
    if (op.http_checksum_required)
        p.emit("core::add_content_md5(http);\n");
}

std::string operation_header(const symbols& sym, const model::operation& op) {
    std::set<std::string> includes = {sym.header_of(*op.input), sym.header_of(*op.output),
                                      "hawk/" + sym.ns() + "/service.hpp"};
    for (const model::shape* e : op.errors)
        includes.insert(sym.header_of(*e));
    if (op.http_checksum_required)
        includes.insert("hawk/core/checksum.hpp");
    std::string errors;
    for (const model::shape* e : op.errors)
        errors += (errors.empty() ? "" : ", ") + ("hawk::" + sym.ns() + "::" + sym.type_name(*e));
    // Where secrets travel outside the body, for the client's logs to hide them.
    std::string sensitive_headers;
    bool sensitive_in_url = false;
    for (const model::shape* s : {op.input, op.output})
        for (const model::member& m : s->members) {
            if (!model::is_sensitive(*m.type))
                continue;
            if (m.location == model::location::header || m.location == model::location::headers)
                sensitive_headers += (sensitive_headers.empty() ? "" : ",") + m.location_name;
            else if (s == op.input && (m.location == model::location::uri ||
                                       m.location == model::location::querystring))
                sensitive_in_url = true;
        }
    const bool aws_json = sym.service().protocol == "json";
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
            {"auth", op.auth_scheme},
            {"needs_token", needs_token(sym, op)},
            {"compression", std::find(op.request_compression.begin(), op.request_compression.end(),
                                      "gzip") != op.request_compression.end()
                                ? "true"
                                : "false"},
            {"sensitive_headers", cpp_string_literal(sensitive_headers)},
            {"sensitive_in_url", sensitive_in_url ? "true" : "false"},
            {"fill_tokens",
             [&] {
                 for (const model::member& m : op.input->members)
                     if (m.idempotency_token)
                         p.emit({{"m", sym.member_name(*op.input, m)}}, R"cc(
                             if (!input.$m$)
                                 input.$m$ = make_token();
                         )cc");
             }},
            {"protocol_header",
             aws_json ? "hawk/core/protocol/aws_json.hpp" : "hawk/core/protocol/rest_json.hpp"},
            {"serializer",
             [&] {
                 if (aws_json)
                     protocol::emit_aws_json_serializer(sym, op, p);
                 else
                     protocol::emit_rest_json_serializer(sym, op, p);
                 emit_request_extras(sym, op, p);
             }},
            {"parser",
             [&] {
                 if (aws_json)
                     protocol::emit_aws_json_parser(sym, op, p);
                 else
                     protocol::emit_rest_json_parser(sym, op, p);
             }}},
           R"cc(
               $banner$
               #pragma once

               $includes$

               #include <hawk/core/auth/scheme.hpp>
               #include <$protocol_header$>

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
                   static constexpr core::auth_scheme auth = core::auth_scheme::$auth$;
                   static constexpr core::operation_info info = {&hawk::$ns$::service, name, auth, $compression$, $sensitive_headers$, $sensitive_in_url$};

                   // Qualified: an operation may have the name of a shape.
                   using request = hawk::$ns$::$request$;
                   using response = hawk::$ns$::$response$;
                   /// The modeled errors this operation may return.
                   using errors = std::tuple<$errors$>;

                   /// Whether `input` lacks an idempotency token the client must generate for this call.
                   static bool needs_idempotency_token([[maybe_unused]] const request& input) { return $needs_token$; }
                   /// Sets every unset idempotency token of `input` from `make_token()`.
                   template <class MakeToken>
                   static void fill_idempotency_tokens([[maybe_unused]] request& input, [[maybe_unused]] MakeToken&& make_token) {
                       $fill_tokens$
                   }

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

/// `hawk/<service>/<operation>.hpp`: the functions that call the operation through a client,
/// asynchronously (any Asio completion token) and blocking.
std::string call_header(const symbols& sym, const model::operation& op) {
    const std::string& fn = sym.call_function(op);
    printer p;
    p.emit({{"banner", banner(sym.service())},
            {"ns", sym.ns()},
            {"includes",
             [&] {
                 emit_includes(p, {sym.operation_header(op), "hawk/core/client.hpp"});
             }},
            {"op", op.name},
            {"fn", fn},
            {"request", sym.type_name(*op.input)},
            {"response", sym.type_name(*op.output)}},
           R"cc(
               $banner$
               #pragma once

               $includes$

               #include <utility>

               namespace hawk::$ns$ {

               /// Calls $op$ through `client`: validated, serialized, sent (with retries), parsed.
               ///
               /// @par Completion signature
               /// `void(boost::system::error_code, $response$)`: a service error completes with its
               /// `$ns$::errc`; see the overload with diagnostics for the details.
               /// @par Object lifetimes
               /// `request` is serialized before this returns; `client` must outlive the call.
               template <class CompletionToken>
               auto async_$fn$(core::client& client, const $request$& request, CompletionToken&& token) {
                   return core::async_call<operations::$op$>(client, request, nullptr, std::forward<CompletionToken>(token));
               }

               /// As above; `diag` (which must outlive the call) receives the HTTP status, request id,
               /// AWS error code and message, and the error's body (see core::error_as).
               template <class CompletionToken>
               auto async_$fn$(core::client& client, const $request$& request, core::diagnostics& diag, CompletionToken&& token) {
                   return core::async_call<operations::$op$>(client, request, &diag, std::forward<CompletionToken>(token));
               }

               /// Blocking: waits for the response. Throws core::error_with_diagnostics on failure.
               /// The client's I/O must run on another thread (a client made without an executor has
               /// its own). A template only so that it is compiled where it is used.
               template <class Client = core::client>
               $response$ $fn$(Client& client, const $request$& request) {
                   return core::call<operations::$op$>(client, request);
               }

               } // namespace hawk::$ns$
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

std::string service_header(const symbols& sym) {
    const model::service& svc = sym.service();
    if (svc.endpoint_rules.find(")json\"") != std::string::npos)
        throw model::model_error(svc.source_path +
                                 ": the endpoint rules contain )json\" and cannot be embedded");
    printer p;
    p.emit({{"banner", banner(svc)},
            {"abi", std::to_string(runtime_abi_version)},
            {"ns", sym.ns()},
            {"doc", doc_comment(svc.documentation)},
            {"folder", cpp_string_literal(svc.folder)},
            {"service_id", cpp_string_literal(svc.service_id)},
            {"full_name", cpp_string_literal(svc.full_name)},
            {"api_version", cpp_string_literal(svc.api_version)},
            {"protocol", cpp_string_literal(svc.protocol)},
            {"endpoint_prefix", cpp_string_literal(svc.endpoint_prefix)},
            {"signing_name",
             cpp_string_literal(svc.signing_name.empty() ? svc.endpoint_prefix : svc.signing_name)},
            // The rules are JSON, kept as the model has them; the raw-string delimiter cannot occur
            // in them (checked above).
            {"rules", svc.endpoint_rules},
            // Only when set: service_info defaults it, so other services read as before.
            {"query_compatible", svc.query_compatible ? "true, // awsQueryCompatible" : ""},
            {"includes",
             [&] {
                 emit_includes(p, {"hawk/" + sym.ns() + "/errors.hpp", "hawk/core/config.hpp",
                                   "hawk/core/service_info.hpp"});
             }}},
           R"cc(
               $banner$
               #pragma once

               $includes$

               #include <string_view>

               static_assert(hawk::runtime_abi_version == $abi$, "hawk/$ns$ was generated for another hawk runtime: regenerate it with the hawk-gen of the hawk you build with");

               $doc$
               namespace hawk::$ns$ {

               /// The endpoint rule set of the model (endpoint-rule-set-1.json), evaluated by the client.
               inline constexpr std::string_view endpoint_rules_json = R"json($rules$)json";

               namespace detail {
               inline boost::system::error_code error_from_code(std::string_view code) { return make_error_code(errc_from_code(code)); }
               inline bool modeled_retryable(std::string_view code, bool& throttling) {
                   const error_info* info = describe(errc_from_code(code));
                   throttling = info && info->throttling;
                   return info && info->retryable;
               }
               } // namespace detail

               /// What the model says about the service as a whole.
               inline constexpr core::service_info service = {
                   $folder$,
                   $service_id$,
                   $full_name$,
                   $api_version$,
                   $protocol$,
                   $endpoint_prefix$,
                   $signing_name$,
                   endpoint_rules_json,
                   &detail::error_from_code,
                   &detail::modeled_retryable,
                   $query_compatible$
               };

               } // namespace hawk::$ns$
           )cc");
    return p.release();
}

/// The service's modeled errors as an error-code enum with its own category, so that a failed
/// call completes with e.g. `connect::errc::throttling_exception`, plus what the model says of
/// each (HTTP status, retryable, throttling, fault).
std::string errors_header(const symbols& sym) {
    const model::service& svc = sym.service();
    const std::vector<const model::shape*> errors = error_shapes(svc);
    printer p;
    p.emit({{"banner", banner(svc)},
            {"ns", sym.ns()},
            {"category", cpp_string_literal("hawk." + sym.ns())},
            {"enumerators",
             [&] {
                 for (const model::shape* e : errors)
                     p.emit({{"id", sym.error_constant(*e)}, {"code", e->name}},
                            "$id$, ///< `$code$`\n");
             }},
            {"count", std::to_string(errors.size())},
            {"infos",
             [&] {
                 for (const model::shape* e : errors) {
                     const std::string code = error_code(*e);
                     p.emit({{"code", cpp_string_literal(code)},
                             {"status", std::to_string(error_status(*e))},
                             {"retryable", e->retryable ? "true" : "false"},
                             {"throttling", e->throttling ? "true" : "false"},
                             {"fault", e->fault ? "true" : "false"}},
                            "{$code$, $status$, $retryable$, $throttling$, $fault$},\n");
                 }
             }}},
           R"cc(
               $banner$
               #pragma once

               #include <boost/system/error_code.hpp>

               #include <array>
               #include <cstddef>
               #include <string>
               #include <string_view>
               #include <type_traits>

               namespace hawk::$ns$ {

               /// The errors the service's model declares. A call that fails with one of them completes
               /// with its error code; its members are in the call's diagnostics.
               enum class errc {
                   unmodeled_error = 1, ///< a service error this model does not declare
                   $enumerators$
               };

               /// What the model says of a modeled error.
               struct error_info {
                   std::string_view code; ///< the AWS error code, e.g. `ThrottlingException`
                   int http_status;
                   bool retryable;
                   bool throttling;
                   bool fault; ///< the service's fault rather than the caller's
               };

               /// Indexed by errc - 2 (errc::unmodeled_error has none).
               inline constexpr std::array<error_info, $count$> error_infos = {{
                   $infos$
               }};

               /// The errc of an AWS error code, or errc::unmodeled_error.
               inline errc errc_from_code(std::string_view code) noexcept {
                   for (std::size_t i = 0; i < error_infos.size(); ++i)
                       if (error_infos[i].code == code)
                           return static_cast<errc>(i + 2);
                   return errc::unmodeled_error;
               }

               inline const error_info* describe(errc e) noexcept {
                   const auto i = static_cast<std::size_t>(e);
                   return i >= 2 && i - 2 < error_infos.size() ? &error_infos[i - 2] : nullptr;
               }

               class error_category_impl : public boost::system::error_category {
               public:
                   const char* name() const noexcept override { return $category$; }
                   std::string message(int value) const override {
                       const error_info* info = describe(static_cast<errc>(value));
                       return info ? std::string(info->code) : std::string("service error not in the model");
                   }
               };

               inline const boost::system::error_category& error_category() noexcept {
                   static const error_category_impl category;
                   return category;
               }

               inline boost::system::error_code make_error_code(errc e) noexcept {
                   return {static_cast<int>(e), error_category()};
               }

               } // namespace hawk::$ns$

               template <>
               struct boost::system::is_error_code_enum<hawk::$ns$::errc> : std::true_type {};
           )cc");
    return p.release();
}

/// Every operation as a run-time entry (for the CLI and other tools); including it compiles the
/// whole service, so only such tools do.
std::string registry_header(const symbols& sym) {
    const model::service& svc = sym.service();
    printer p;
    p.emit({{"banner", banner(svc)},
            {"ns", sym.ns()},
            {"includes",
             [&] {
                 std::set<std::string> headers;
                 for (const model::operation& op : svc.operations)
                     headers.insert(sym.operation_header(op));
                 headers.insert("hawk/core/registry.hpp");
                 headers.insert(error_parsers_path(sym));
                 emit_includes(p, headers);
             }},
            {"error_count", std::to_string(error_shapes(svc).size())},
            {"error_entries",
             [&] {
                 for (const model::shape* e : error_shapes(svc))
                     p.emit({{"type", sym.type_name(*e)},
                             {"code", cpp_string_literal(error_code(*e))},
                             {"shape", cpp_string_literal(e->name)}},
                            "core::make_error_entry<$type$>($code$, $shape$),\n");
             }},
            {"entries",
             [&] {
                 for (const model::operation& op : svc.operations)
                     p.emit({{"op", op.name},
                             {"cli", cpp_string_literal(naming::pascal_to_kebab(op.name))}},
                            "core::make_operation_entry<operations::$op$>($cli$),\n");
             }}},
           R"cc(
               $banner$
               #pragma once

               // Every operation of the service, by model name, for tools that choose one at run time.
               // This includes the whole service: compile it only where such a tool needs it.

               $includes$

               #include <array>

               namespace hawk::$ns$ {

               /// Sorted by name.
               inline constexpr core::operation_entry operation_registry[] = {
                   $entries$
               };

               /// The modeled errors, sorted by shape name.
               inline constexpr std::array<core::error_entry, $error_count$> error_registry = {{
                   $error_entries$
               }};

               } // namespace hawk::$ns$
           )cc");
    return p.release();
}

/// The protocol to generate: the first of metadata.protocols that hawk supports (newer models
/// list e.g. smithy-rpc-v2-cbor first, then json), else metadata.protocol.
std::string supported_protocol(const model::service& svc) {
    const auto supported = [](const std::string& p) { return p == "rest-json" || p == "json"; };
    for (const std::string& p : svc.protocols)
        if (supported(p))
            return p;
    if (supported(svc.protocol))
        return svc.protocol;
    throw model::model_error(svc.source_path + ": protocol \"" + svc.protocol +
                             "\" is not supported yet (rest-json and json are)");
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

void generate_service(model::service& svc, emit::file_set& out, const generate_options& options) {
    svc.protocol = supported_protocol(svc);
    if (svc.protocol == "json")
        protocol::prepare_aws_json(svc);
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
        const std::string call = sym.call_header(op);
        out.add(call, call_header(sym, op));
        headers.insert(call);
        if (op.pagination) {
            const std::string pages = paginator_header_path(sym, op);
            out.add(pages, paginator_header(sym, op));
            headers.insert(pages);
        }
    }
    for (const auto& entry : svc.waiters) {
        const std::string path = waiter_header_path(sym, entry.second);
        out.add(path, waiter_header(sym, entry.second));
        headers.insert(path);
    }
    out.add(root + "/errors.hpp", errors_header(sym));
    out.add(root + "/registry.hpp", registry_header(sym));
    out.add(error_parsers_path(sym), error_parsers_header(sym));
    headers.insert(error_parsers_path(sym));
    headers.insert(root + "/errors.hpp");
    out.add(root + "/fwd.hpp", fwd_header(sym));
    out.add(root + "/service.hpp", service_header(sym));
    headers.insert(root + "/service.hpp");
    out.add(root + "/all.hpp",
            include_all_header(sym, headers,
                               "Every header of the service, for convenience. Nothing generated "
                               "includes it: include only the operations you use to keep compile "
                               "times low."));
    // Not in all.hpp: clients do not pay for the service side.
    if (options.server)
        generate_server(sym, out);
}

} // namespace hawk::codegen::gen
