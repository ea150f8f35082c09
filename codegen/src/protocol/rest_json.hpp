#pragma once

// The rest-json protocol: how an operation's input becomes an HTTP request (URI labels, query,
// headers, JSON body) and how a response becomes its output. Emits the bodies of the
// operation's `serialize` and `parse` functions.

#include "emit/printer.hpp"
#include "gen/symbols.hpp"

#include <string>
#include <vector>

namespace hawk::codegen::protocol {

void emit_rest_json_serializer(const gen::symbols& sym, const model::operation& op,
                               emit::printer& p);
void emit_rest_json_parser(const gen::symbols& sym, const model::operation& op, emit::printer& p);
/// Reads a structure from a response: its body members, bound headers and status code (an
/// operation's output, or a modeled error's members).
void emit_rest_json_shape_parser(const gen::symbols& sym, const model::shape& out,
                                 emit::printer& p);

/// The labels of a requestUri's path, in order (`{Key+}` as `Key`).
std::vector<std::string> uri_labels(const std::string& request_uri);

/// The service side: reads a received request into `input` (the body of a generated
/// `server::<Operation>::parse_request`): URI labels and query parameters (through a
/// core::server::rest::request_uri), headers, and the body.
void emit_rest_json_request_reader(const gen::symbols& sym, const model::operation& op,
                                   emit::printer& p);
/// The service side: writes a structure into the response `http` (an operation's output, or a
/// modeled error's members): a status-code member, bound headers, and the body (a payload
/// member, else the body members as JSON; with `always_body` even when there are none).
void emit_rest_json_shape_writer(const gen::symbols& sym, const model::shape& s,
                                 const std::string& var, bool always_body, emit::printer& p);

} // namespace hawk::codegen::protocol
