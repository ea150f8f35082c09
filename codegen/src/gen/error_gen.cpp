#include "gen/error_gen.hpp"

#include "gen/type_gen.hpp"
#include "protocol/rest_json.hpp"

#include <set>

namespace hawk::codegen::gen {

using emit::printer;

std::vector<const model::shape*> error_shapes(const model::service& svc) {
    std::vector<const model::shape*> out;
    for (const auto& [name, s] : svc.shapes)
        if ((s.exception || s.error) && s.kind == model::shape_kind::structure)
            out.push_back(&s);
    return out;
}

std::string error_code(const model::shape& e) {
    return e.error && !e.error->code.empty() ? e.error->code : e.name;
}

int error_status(const model::shape& e) {
    return e.error ? e.error->http_status : e.fault ? 500 : 400;
}

std::string error_parsers_path(const symbols& sym) {
    return "hawk/" + sym.ns() + "/error_parsers.hpp";
}

std::string error_parsers_header(const symbols& sym) {
    const model::service& svc = sym.service();
    const bool aws_json = svc.protocol == "json";
    const std::vector<const model::shape*> errors = error_shapes(svc);
    printer p;
    p.emit({{"banner", banner(svc)},
            {"ns", sym.ns()},
            {"includes",
             [&] {
                 std::set<std::string> headers = {aws_json ? "hawk/core/protocol/aws_json.hpp"
                                                           : "hawk/core/protocol/rest_json.hpp"};
                 for (const model::shape* e : errors)
                     headers.insert(sym.header_of(*e));
                 emit_includes(p, headers);
             }},
            {"parsers",
             [&] {
                 for (const model::shape* e : errors)
                     p.emit({{"type", sym.type_name(*e)},
                             {"body",
                              [&] {
                                  if (aws_json) {
                                      if (!e->members.empty())
                                          p.emit(R"cc(
                                              if (!core::aws_json::read_body(http, output, error))
                                                  return false;
                                          )cc");
                                      p.emit("return true;\n");
                                  } else {
                                      protocol::emit_rest_json_shape_parser(sym, *e, p);
                                  }
                              }}},
                            R"cc(
                                /// Reads $type$'s members from an error response.
                                inline bool read_error([[maybe_unused]] const core::http::response& http, [[maybe_unused]] $type$& output, [[maybe_unused]] std::string& error) {
                                    $body$
                                }

                            )cc");
             }}},
           R"cc(
               $banner$
               #pragma once

               // The members of the service's modeled errors, read from error responses (their
               // body and the headers bound to them). core::error_entry uses these.

               $includes$

               #include <string>

               namespace hawk::$ns$ {

               $parsers$
               } // namespace hawk::$ns$
           )cc");
    return p.release();
}

} // namespace hawk::codegen::gen
