#pragma once

// The awsJson 1.0 and 1.1 protocols (botocore's "json"): every request is a POST that names the
// operation in `X-Amz-Target` and carries the whole input as a JSON body; the whole response
// body is the output. Emits the bodies of the operation's `serialize` and `parse` functions.

#include "emit/printer.hpp"
#include "gen/symbols.hpp"

#include <string>

namespace hawk::codegen::protocol {

/// Checks the metadata awsJson needs (jsonVersion, targetPrefix) and unbinds every member from
/// HTTP: awsJson ignores `location` and `payload`, so every member travels in the body under its
/// locationName or name, as botocore sends it. Call before the shapes are analyzed.
void prepare_aws_json(model::service& svc);

/// `<targetPrefix>.<Operation>`, what X-Amz-Target says.
std::string aws_json_target(const model::service& svc, const model::operation& op);
/// `application/x-amz-json-1.0` or 1.1.
std::string aws_json_content_type(const model::service& svc);

void emit_aws_json_serializer(const gen::symbols& sym, const model::operation& op,
                              emit::printer& p);
void emit_aws_json_parser(const gen::symbols& sym, const model::operation& op, emit::printer& p);

/// The service side, bodies of the generated `server::<Operation>` functions: `matches` (a POST
/// naming the operation in X-Amz-Target), `parse_request` (the body is the whole input) and
/// `serialize_response` (the whole output as the body, after the status is set).
void emit_aws_json_request_matcher(const gen::symbols& sym, const model::operation& op,
                                   emit::printer& p);
void emit_aws_json_request_reader(const gen::symbols& sym, const model::operation& op,
                                  emit::printer& p);
void emit_aws_json_response_writer(const gen::symbols& sym, const model::operation& op,
                                   emit::printer& p);
/// The service side of a modeled error `e` (`code`, its AWS error code): `__type` and the
/// members as the body; for an awsQueryCompatible service, `x-amzn-query-error` too.
void emit_aws_json_error_writer(const gen::symbols& sym, const model::shape& e,
                                const std::string& code, emit::printer& p);

} // namespace hawk::codegen::protocol
