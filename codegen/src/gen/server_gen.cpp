#include "gen/server_gen.hpp"

#include "emit/printer.hpp"
#include "gen/error_gen.hpp"
#include "gen/type_gen.hpp"
#include "protocol/aws_json.hpp"
#include "protocol/rest_json.hpp"

#include <set>
#include <string>
#include <vector>

namespace hawk::codegen::gen {

using emit::cpp_string_literal;
using emit::printer;

namespace {

bool is_aws_json(const symbols& sym) {
    return sym.service().protocol == "json";
}

/// The runtime headers a server header of the service's protocol calls.
std::set<std::string> protocol_headers(const symbols& sym) {
    if (is_aws_json(sym))
        return {"hawk/core/protocol/aws_json.hpp", "hawk/core/server/aws_json.hpp"};
    return {"hawk/core/protocol/rest_json.hpp", "hawk/core/server/rest.hpp"};
}

/// The body of `idempotency_token`: the first top-level idempotency token (a string member).
std::string token_getter(const symbols& sym, const model::operation& op) {
    for (const model::member& m : op.input->members) {
        if (!m.idempotency_token || m.type->kind != model::shape_kind::string)
            continue;
        const std::string name = "input." + sym.member_name(*op.input, m);
        return sym.is_optional(*op.input, m) ? "return " + name + " ? &*" + name + " : nullptr;"
                                             : "return &" + name + ";";
    }
    return "return nullptr;";
}

std::string operation_header(const symbols& sym, const model::operation& op) {
    const bool aws_json = is_aws_json(sym);
    std::set<std::string> includes = protocol_headers(sym);
    includes.insert(sym.operation_header(op));
    const std::string summary =
        aws_json ? "a POST with `X-Amz-Target: " + protocol::aws_json_target(sym.service(), op) +
                       "`; the body is the whole input and the whole output"
                 : "`" + op.http_method + " " + op.request_uri + "`";
    printer p;
    p.emit({{"banner", banner(sym.service())},
            {"includes", [&] { emit_includes(p, includes); }},
            {"ns", sym.ns()},
            {"op", op.name},
            {"doc", doc_comment({}, "The service side of " + op.name + " (" + summary +
                                        "): whether a received request addresses it, its input "
                                        "read from the request, its output written as the "
                                        "response. The mirror of operations::" +
                                        op.name + "'s serialize and parse.")},
            {"matches_doc",
             aws_json ? "a POST whose X-Amz-Target is the operation's."
                      : "its method, and its path and query matching the requestUri (literal "
                        "text, {labels}, greedy {label+}, literal query parts such as ?tagging)."},
            {"parse_doc",
             aws_json ? "the body's JSON (an empty body is an empty input)."
                      : "URI labels (percent-decoded), query parameters (decoded; lists repeat the "
                        "key, a query map takes the parameters no named member took), headers, and "
                        "the body (the body members' JSON, or the payload member; an empty body "
                        "sets nothing)."},
            {"status", std::to_string(op.response_code)},
            {"response_doc",
             aws_json ? "its JSON as the body (`{}` without members), with Content-Type " +
                            protocol::aws_json_content_type(sym.service()) + "."
                      : "the headers bound to output members, and the body (the body members' "
                        "JSON with Content-Type application/json, or the payload member; none "
                        "without either)."},
            {"matcher",
             [&] {
                 if (aws_json)
                     protocol::emit_aws_json_request_matcher(sym, op, p);
                 else
                     p.emit("return core::server::rest::matches(http, operation::http_method, "
                            "operation::request_uri);\n");
             }},
            {"reader",
             [&] {
                 if (aws_json)
                     protocol::emit_aws_json_request_reader(sym, op, p);
                 else
                     protocol::emit_rest_json_request_reader(sym, op, p);
             }},
            {"writer",
             [&] {
                 if (aws_json)
                     protocol::emit_aws_json_response_writer(sym, op, p);
                 else
                     protocol::emit_rest_json_shape_writer(sym, *op.output, "output", false, p);
             }},
            {"token", token_getter(sym, op)}},
           R"cc(
            $banner$
            #pragma once

            $includes$

            #include <string>

            namespace hawk::$ns$::server {

            $doc$
            struct $op$ {
                using operation = hawk::$ns$::operations::$op$;
                using request = operation::request;
                using response = operation::response;

                /// Whether `http`, as a server received it (method, path and query still
                /// percent-encoded, headers), addresses this operation: $matches_doc$
                static bool matches(const core::http::request& http);
                /// Reads a received request into `input`: $parse_doc$
                /// False with `error` set (what was wrong, naming the member) when something does
                /// not parse. Required members and constraints are not checked: core::validate does.
                static bool parse_request(const core::http::request& http, request& input, std::string& error);
                /// The HTTP response for `output`: status $status$ (or a status-code member's), $response_doc$
                static core::http::response serialize_response(const response& output);
                /// The request's idempotency token, or nullptr when the operation has none or it is unset.
                static const std::string* idempotency_token(const request& input);
            };

            inline bool $op$::matches([[maybe_unused]] const core::http::request& http) {
                $matcher$
            }

            inline bool $op$::parse_request([[maybe_unused]] const core::http::request& http, [[maybe_unused]] request& input, [[maybe_unused]] std::string& error) {
                $reader$
            }

            inline core::http::response $op$::serialize_response([[maybe_unused]] const response& output) {
                core::http::response http;
                http.status = $status$;
                $writer$
                return http;
            }

            inline const std::string* $op$::idempotency_token([[maybe_unused]] const request& input) {
                $token$
            }

            } // namespace hawk::$ns$::server
        )cc");
    return p.release();
}

std::string errors_header(const symbols& sym) {
    const model::service& svc = sym.service();
    const bool aws_json = is_aws_json(sym);
    const std::vector<const model::shape*> errors = error_shapes(svc);
    std::set<std::string> includes = protocol_headers(sym);
    includes.insert("hawk/core/server/error.hpp");
    for (const model::shape* e : errors)
        includes.insert(sym.header_of(*e));
    printer p;
    p.emit({{"banner", banner(svc)},
            {"includes", [&] { emit_includes(p, includes); }},
            {"ns", sym.ns()},
            {"protocol",
             cpp_string_literal(aws_json ? (svc.json_version == "1.0" ? "awsJson1_0" : "awsJson1_1")
                                         : "rest-json")},
            {"writers",
             [&] {
                 for (const model::shape* e : errors) {
                     const std::string code = error_code(*e);
                     p.emit({{"type", sym.type_name(*e)},
                             {"code", code},
                             {"status", std::to_string(error_status(*e))},
                             {"writer",
                              [&] {
                                  if (aws_json) {
                                      protocol::emit_aws_json_error_writer(sym, *e, code, p);
                                  } else {
                                      p.emit({{"code", cpp_string_literal(code)}},
                                             "http.set_header(\"x-amzn-ErrorType\", $code$);\n");
                                      protocol::emit_rest_json_shape_writer(sym, *e, "e", true, p);
                                  }
                              }}},
                            R"cc(
                             /// $type$ as the service writes it: status $status$, code `$code$`, its members.
                             inline core::http::response serialize_error([[maybe_unused]] const hawk::$ns$::$type$& e) {
                                 core::http::response http;
                                 http.status = $status$;
                                 $writer$
                                 return http;
                             }

                         )cc");
                 }
             }}},
           R"cc(
            $banner$
            #pragma once

            // The service side of the modeled errors: each written as the service writes it (its
            // HTTP status, its code, its members), for servers that emulate the service.
            // The generated read_error and core::parse_error read them back.

            $includes$

            #include <string_view>

            namespace hawk::$ns$::server {

            /// The service's protocol, as core::server::error_response takes it.
            inline constexpr std::string_view protocol = $protocol$;

            /// An error no model declares (UnrecognizedClientException, InvalidSignatureException,
            /// ...), written as the service writes errors: `status`, `code` and `message`.
            inline core::http::response error_response(int status, std::string_view code, std::string_view message) {
                return core::server::error_response(status, code, message, protocol);
            }

            $writers$
            } // namespace hawk::$ns$::server
        )cc");
    return p.release();
}

} // namespace

void generate_server(const symbols& sym, emit::file_set& out) {
    std::set<std::string> headers;
    for (const model::operation& op : sym.service().operations) {
        const std::string path = sym.server_header(op);
        out.add(path, operation_header(sym, op));
        headers.insert(path);
    }
    const std::string root = "hawk/" + sym.ns() + "/server/";
    out.add(root + "errors.hpp", errors_header(sym));
    headers.insert(root + "errors.hpp");
    out.add(root + "all.hpp",
            include_all_header(sym, headers,
                               "Every server header of the service. The service's all.hpp, for "
                               "clients, includes none of them."));
}

} // namespace hawk::codegen::gen
