#include "protocol/aws_json.hpp"

namespace hawk::codegen::protocol {

using emit::cpp_string_literal;

void prepare_aws_json(model::service& svc) {
    if (svc.json_version != "1.0" && svc.json_version != "1.1")
        throw model::model_error(svc.source_path + ": awsJson needs metadata.jsonVersion \"1.0\" " +
                                 "or \"1.1\", not \"" + svc.json_version + "\"");
    // The prefix goes into a header: no room for anything but a plain name.
    const bool plain =
        !svc.target_prefix.empty() &&
        svc.target_prefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789._-") == std::string::npos;
    if (!plain)
        throw model::model_error(svc.source_path +
                                 ": awsJson needs metadata.targetPrefix, a plain name (letters, "
                                 "digits, '.', '_', '-'), not \"" +
                                 svc.target_prefix + "\"");
    for (auto& [name, s] : svc.shapes) {
        s.payload.clear();
        for (model::member& m : s.members)
            m.location = model::location::body;
    }
}

std::string aws_json_target(const model::service& svc, const model::operation& op) {
    return svc.target_prefix + "." + op.name;
}

std::string aws_json_content_type(const model::service& svc) {
    return "application/x-amz-json-" + svc.json_version;
}

void emit_aws_json_serializer(const gen::symbols& sym, const model::operation& op,
                              emit::printer& p) {
    const model::service& svc = sym.service();
    const std::string& uri = op.request_uri;
    const std::size_t question = uri.find('?');
    p.emit({{"method", cpp_string_literal(op.http_method)},
            {"path", cpp_string_literal(uri.substr(0, question))}},
           "http.method = $method$;\nhttp.path = $path$;\n");
    if (question != std::string::npos)
        p.emit({{"q", cpp_string_literal(uri.substr(question + 1))}}, "http.query = $q$;\n");
    p.emit({{"target", cpp_string_literal(aws_json_target(svc, op))},
            {"type", cpp_string_literal(aws_json_content_type(svc))}},
           "core::aws_json::set_body(http, $target$, $type$, input);\n");
    if (svc.query_compatible)
        p.emit("core::aws_json::add_query_mode(http);\n");
}

void emit_aws_json_parser(const gen::symbols&, const model::operation& op, emit::printer& p) {
    if (op.output->members.empty())
        p.emit("return true;\n");
    else
        p.emit("return core::aws_json::read_body(http, output, error);\n");
}

void emit_aws_json_request_matcher(const gen::symbols& sym, const model::operation& op,
                                   emit::printer& p) {
    p.emit({{"target", cpp_string_literal(aws_json_target(sym.service(), op))}},
           "return core::server::aws_json::matches(http, $target$);\n");
}

void emit_aws_json_request_reader(const gen::symbols&, const model::operation&, emit::printer& p) {
    p.emit("return core::aws_json::read_body(http, input, error);\n");
}

void emit_aws_json_response_writer(const gen::symbols& sym, const model::operation&,
                                   emit::printer& p) {
    p.emit({{"type", cpp_string_literal(aws_json_content_type(sym.service()))}},
           "core::server::aws_json::set_body(http, $type$, output);\n");
}

void emit_aws_json_error_writer(const gen::symbols& sym, const model::shape& e,
                                const std::string& code, emit::printer& p) {
    const model::service& svc = sym.service();
    // A former awsQuery service: `__type` names the shape, x-amzn-query-error gives the code its
    // callers know (`Code;Sender`), which its modeled errors declare.
    p.emit({{"type", cpp_string_literal(svc.query_compatible ? e.name : code)},
            {"content_type", cpp_string_literal(aws_json_content_type(svc))}},
           "core::server::aws_json::set_error_body(http, $type$, $content_type$, e);\n");
    if (svc.query_compatible) {
        const bool sender = e.error ? e.error->sender_fault : !e.fault;
        p.emit({{"value", cpp_string_literal(code + (sender ? ";Sender" : ";Receiver"))}},
               "http.set_header(\"x-amzn-query-error\", $value$);\n");
    }
}

} // namespace hawk::codegen::protocol
