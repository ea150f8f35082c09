#pragma once

// The rest-json protocol: how an operation's input becomes an HTTP request (URI labels, query,
// headers, JSON body) and how a response becomes its output. Emits the bodies of the
// operation's `serialize` and `parse` functions.

#include "emit/printer.hpp"
#include "gen/symbols.hpp"

namespace hawk::codegen::protocol {

void emit_rest_json_serializer(const gen::symbols& sym, const model::operation& op,
                               emit::printer& p);
void emit_rest_json_parser(const gen::symbols& sym, const model::operation& op, emit::printer& p);
/// Reads a structure from a response: its body members, bound headers and status code (an
/// operation's output, or a modeled error's members).
void emit_rest_json_shape_parser(const gen::symbols& sym, const model::shape& out,
                                 emit::printer& p);

} // namespace hawk::codegen::protocol
