#pragma once

// The awsJson 1.0 and 1.1 protocols (botocore's "json"): every request is a POST that names the
// operation in `X-Amz-Target` and carries the whole input as a JSON body; the whole response
// body is the output. Emits the bodies of the operation's `serialize` and `parse` functions.

#include "emit/printer.hpp"
#include "gen/symbols.hpp"

namespace hawk::codegen::protocol {

/// Checks the metadata awsJson needs (jsonVersion, targetPrefix) and unbinds every member from
/// HTTP: awsJson ignores `location` and `payload`, so every member travels in the body under its
/// locationName or name, as botocore sends it. Call before the shapes are analyzed.
void prepare_aws_json(model::service& svc);

void emit_aws_json_serializer(const gen::symbols& sym, const model::operation& op,
                              emit::printer& p);
void emit_aws_json_parser(const gen::symbols& sym, const model::operation& op, emit::printer& p);

} // namespace hawk::codegen::protocol
