#include "model/model.hpp"

#include "model/waiter_paths.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

namespace hawk::codegen::model {
namespace json = boost::json;

namespace {

/// Where in the model a check failed, for messages like
/// `models/x/service-2.json: shape "Foo" member "Bar": ...`.
struct context {
    const std::string& file;
    std::string where;

    [[noreturn]] void fail(const std::string& what) const {
        throw model_error(file + ": " + (where.empty() ? "" : where + ": ") + what);
    }
    context sub(const std::string& more) const {
        return {file, where.empty() ? more : where + " " + more};
    }
};

json::value parse_json(const std::string& text, const context& root) {
    boost::system::error_code ec;
    json::value doc = json::parse(text, ec);
    if (ec)
        root.fail("not valid JSON: " + ec.message());
    return doc;
}

const json::object& as_object(const json::value& v, const context& ctx, const char* what) {
    if (!v.is_object())
        ctx.fail(std::string(what) + " must be a JSON object");
    return v.get_object();
}

std::string get_string(const json::object& o, const char* key, const context& ctx,
                       bool required = false) {
    auto it = o.find(key);
    if (it == o.end()) {
        if (required)
            ctx.fail(std::string("missing \"") + key + "\"");
        return {};
    }
    if (!it->value().is_string())
        ctx.fail(std::string("\"") + key + "\" must be a string");
    return std::string(it->value().get_string());
}

bool get_bool(const json::object& o, const char* key, const context& ctx) {
    auto it = o.find(key);
    if (it == o.end())
        return false;
    if (!it->value().is_bool())
        ctx.fail(std::string("\"") + key + "\" must be true or false");
    return it->value().get_bool();
}

std::optional<double> get_number(const json::object& o, const char* key, const context& ctx) {
    auto it = o.find(key);
    if (it == o.end())
        return std::nullopt;
    const json::value& v = it->value();
    double d = 0;
    if (v.is_int64())
        d = static_cast<double>(v.get_int64());
    else if (v.is_uint64())
        d = static_cast<double>(v.get_uint64());
    else if (v.is_double())
        d = v.get_double();
    else
        ctx.fail(std::string("\"") + key + "\" must be a number");
    if (!std::isfinite(d))
        ctx.fail(std::string("\"") + key + "\" must be finite");
    return d;
}

std::optional<shape_kind> kind_from_type(const std::string& type) {
    static const std::map<std::string, shape_kind> kinds = {
        {"structure", shape_kind::structure},
        {"list", shape_kind::list},
        {"map", shape_kind::map},
        {"string", shape_kind::string},
        {"boolean", shape_kind::boolean},
        {"byte", shape_kind::byte},
        {"short", shape_kind::short_},
        {"integer", shape_kind::integer},
        {"long", shape_kind::long_},
        {"float", shape_kind::float_},
        {"double", shape_kind::double_},
        {"timestamp", shape_kind::timestamp},
        {"blob", shape_kind::blob},
    };
    auto it = kinds.find(type);
    if (it == kinds.end())
        return std::nullopt;
    return it->second;
}

std::optional<std::string> get_timestamp_format(const json::object& o, const context& ctx) {
    std::string format = get_string(o, "timestampFormat", ctx);
    if (format.empty())
        return std::nullopt;
    if (format != "iso8601" && format != "rfc822" && format != "unixTimestamp")
        ctx.fail("unsupported timestampFormat \"" + format + "\"");
    return format;
}

member parse_member(const std::string& name, const json::value& v, const context& ctx) {
    const json::object& o = as_object(v, ctx, "a member");
    member m;
    m.name = name;
    m.target = get_string(o, "shape", ctx, true);
    m.location_name = get_string(o, "locationName", ctx);
    m.documentation = get_string(o, "documentation", ctx);
    m.timestamp_format = get_timestamp_format(o, ctx);
    m.idempotency_token = get_bool(o, "idempotencyToken", ctx);
    m.deprecated = get_bool(o, "deprecated", ctx);
    m.host_label = get_bool(o, "hostLabel", ctx);
    m.json_value = get_bool(o, "jsonvalue", ctx);
    const std::string loc = get_string(o, "location", ctx);
    if (loc.empty())
        m.location = location::body;
    else if (loc == "header")
        m.location = location::header;
    else if (loc == "headers")
        m.location = location::headers;
    else if (loc == "uri")
        m.location = location::uri;
    else if (loc == "querystring")
        m.location = location::querystring;
    else if (loc == "statusCode")
        m.location = location::status_code;
    else
        ctx.fail("unsupported location \"" + loc + "\"");
    // A query-string map may go without a name: each of its entries is a parameter (checked
    // once the target is resolved).
    if (m.location != location::body && m.location != location::status_code &&
        m.location != location::headers && m.location != location::querystring &&
        m.location_name.empty())
        ctx.fail("a member bound to " + loc + " needs a locationName");
    return m;
}

shape parse_shape(const std::string& name, const json::value& v, const context& ctx) {
    const json::object& o = as_object(v, ctx, "a shape");
    shape s;
    s.name = name;
    const std::string type = get_string(o, "type", ctx, true);
    auto kind = kind_from_type(type);
    if (!kind)
        ctx.fail("unsupported shape type \"" + type + "\"");
    s.kind = *kind;
    s.documentation = get_string(o, "documentation", ctx);
    s.min = get_number(o, "min", ctx);
    s.max = get_number(o, "max", ctx);
    if (o.contains("pattern"))
        s.pattern = get_string(o, "pattern", ctx);
    s.timestamp_format = get_timestamp_format(o, ctx);
    s.payload = get_string(o, "payload", ctx);
    s.sensitive = get_bool(o, "sensitive", ctx);
    s.exception = get_bool(o, "exception", ctx);
    s.fault = get_bool(o, "fault", ctx);
    s.streaming = get_bool(o, "streaming", ctx);
    s.event_stream = get_bool(o, "eventstream", ctx);
    s.deprecated = get_bool(o, "deprecated", ctx);

    if (auto it = o.find("retryable"); it != o.end()) {
        s.retryable = true;
        if (it->value().is_object())
            s.throttling = get_bool(it->value().get_object(), "throttling", ctx);
    }
    if (auto it = o.find("error"); it != o.end()) {
        const json::object& e = as_object(it->value(), ctx, "\"error\"");
        error_info info;
        info.http_status = s.fault ? 500 : 400; // the service's fault, else the caller's
        if (auto status = get_number(e, "httpStatusCode", ctx))
            info.http_status = static_cast<int>(*status);
        info.code = get_string(e, "code", ctx);
        info.sender_fault = get_bool(e, "senderFault", ctx);
        s.error = info;
    }

    if (s.kind == shape_kind::structure) {
        if (get_bool(o, "document", ctx)) {
            s.kind = shape_kind::document;
            return s;
        }
        if (get_bool(o, "union", ctx))
            s.kind = shape_kind::union_;
        auto it = o.find("members");
        if (it != o.end()) {
            for (const auto& entry : as_object(it->value(), ctx, "\"members\"")) {
                const std::string member_name(entry.key());
                if (member_name.empty())
                    ctx.fail("a member has an empty name");
                s.members.push_back(parse_member(member_name, entry.value(),
                                                 ctx.sub("member \"" + member_name + "\"")));
            }
        }
        if (auto req = o.find("required"); req != o.end()) {
            if (!req->value().is_array())
                ctx.fail("\"required\" must be an array of member names");
            for (const auto& r : req->value().get_array()) {
                if (!r.is_string())
                    ctx.fail("\"required\" must be an array of member names");
                auto m = std::find_if(s.members.begin(), s.members.end(),
                                      [&](const member& mm) { return mm.name == r.get_string(); });
                if (m == s.members.end())
                    ctx.fail("required member \"" + std::string(r.get_string()) +
                             "\" does not exist");
                m->required = true;
            }
        }
        if (!s.payload.empty() && !s.find_member(s.payload))
            ctx.fail("payload member \"" + s.payload + "\" does not exist");
    } else if (s.kind == shape_kind::list) {
        auto it = o.find("member");
        if (it == o.end())
            ctx.fail("a list needs \"member\"");
        s.list_member = parse_member("member", it->value(), ctx.sub("list member"));
    } else if (s.kind == shape_kind::map) {
        auto k = o.find("key");
        auto v2 = o.find("value");
        if (k == o.end() || v2 == o.end())
            ctx.fail("a map needs \"key\" and \"value\"");
        s.map_key = parse_member("key", k->value(), ctx.sub("map key"));
        s.map_value = parse_member("value", v2->value(), ctx.sub("map value"));
    } else if (s.kind == shape_kind::string) {
        if (auto it = o.find("enum"); it != o.end()) {
            if (!it->value().is_array())
                ctx.fail("\"enum\" must be an array of strings");
            for (const auto& e : it->value().get_array()) {
                if (!e.is_string())
                    ctx.fail("\"enum\" must be an array of strings");
                std::string value(e.get_string());
                if (std::find(s.enum_values.begin(), s.enum_values.end(), value) ==
                    s.enum_values.end())
                    s.enum_values.push_back(std::move(value));
            }
            if (!s.enum_values.empty())
                s.kind = shape_kind::enumeration;
        }
    }
    return s;
}

void resolve(member& m, const service& svc, const context& ctx) {
    m.type = svc.find_shape(m.target);
    if (!m.type)
        ctx.fail("target shape \"" + m.target + "\" does not exist");
    if (m.location == location::querystring && m.location_name.empty() &&
        m.type->kind != shape_kind::map)
        ctx.fail("a member bound to querystring needs a locationName, unless it is a map");
}

operation parse_operation(const std::string& name, const json::value& v, const service& svc,
                          const context& ctx) {
    const json::object& o = as_object(v, ctx, "an operation");
    operation op;
    op.name = name;
    op.documentation = get_string(o, "documentation", ctx);
    op.deprecated = get_bool(o, "deprecated", ctx);
    op.idempotent = get_bool(o, "idempotent", ctx);
    if (o.contains("authtype"))
        op.auth_type = get_string(o, "authtype", ctx);
    auto http = o.find("http");
    if (http == o.end())
        ctx.fail("missing \"http\"");
    const json::object& h = as_object(http->value(), ctx, "\"http\"");
    op.http_method = get_string(h, "method", ctx, true);
    op.request_uri = get_string(h, "requestUri", ctx, true);
    if (op.request_uri.empty() || op.request_uri.front() != '/')
        ctx.fail("requestUri must start with '/'");
    if (auto code = get_number(h, "responseCode", ctx))
        op.response_code = static_cast<int>(*code);
    if (auto ep = o.find("endpoint"); ep != o.end())
        op.host_prefix = get_string(as_object(ep->value(), ctx, "\"endpoint\""), "hostPrefix", ctx);
    op.http_checksum_required = get_bool(o, "httpChecksumRequired", ctx);
    if (auto checksum = o.find("httpChecksum"); checksum != o.end())
        op.http_checksum_required = op.http_checksum_required ||
                                    get_bool(as_object(checksum->value(), ctx, "\"httpChecksum\""),
                                             "requestChecksumRequired", ctx);
    if (auto rc = o.find("requestcompression"); rc != o.end()) {
        const json::object& r = as_object(rc->value(), ctx, "\"requestcompression\"");
        if (auto enc = r.find("encodings"); enc != r.end() && enc->value().is_array())
            for (const auto& e : enc->value().get_array())
                if (e.is_string())
                    op.request_compression.emplace_back(e.get_string());
    }

    auto shape_ref = [&](const char* key) -> const shape* {
        auto it = o.find(key);
        if (it == o.end())
            return nullptr;
        const std::string target =
            get_string(as_object(it->value(), ctx, key), "shape", ctx.sub(key), true);
        const shape* s = svc.find_shape(target);
        if (!s)
            ctx.fail(std::string(key) + " shape \"" + target + "\" does not exist");
        if (s->kind != shape_kind::structure)
            ctx.fail(std::string(key) + " shape \"" + target + "\" must be a structure");
        return s;
    };
    op.input = shape_ref("input");
    op.output = shape_ref("output");
    if (auto errs = o.find("errors"); errs != o.end()) {
        if (!errs->value().is_array())
            ctx.fail("\"errors\" must be an array");
        for (const auto& e : errs->value().get_array()) {
            const std::string target =
                get_string(as_object(e, ctx, "an error reference"), "shape", ctx, true);
            const shape* s = svc.find_shape(target);
            if (!s || s->kind != shape_kind::structure)
                ctx.fail("error shape \"" + target + "\" does not exist or is not a structure");
            op.errors.push_back(s);
        }
    }
    // Labels in the URI must name uri-bound members of the input.
    for (std::size_t open = op.request_uri.find('{'); open != std::string::npos;
         open = op.request_uri.find('{', open + 1)) {
        std::size_t close = op.request_uri.find('}', open);
        if (close == std::string::npos)
            ctx.fail("unbalanced '{' in requestUri \"" + op.request_uri + "\"");
        std::string label = op.request_uri.substr(open + 1, close - open - 1);
        if (!label.empty() && label.back() == '+')
            label.pop_back();
        bool found =
            op.input &&
            std::any_of(op.input->members.begin(), op.input->members.end(), [&](const member& m) {
                return m.location == location::uri && m.location_name == label;
            });
        if (!found)
            ctx.fail("requestUri label {" + label + "} is not bound to an input member");
    }
    return op;
}

/// One paginator entry, as botocore writes it, limited to what hawk supports.
pagination parse_pagination(const json::value& v, const context& ctx) {
    const json::object& o = as_object(v, ctx, "a paginator");
    for (const auto& entry : o) {
        const std::string key(entry.key());
        if (key == "more_results")
            ctx.fail("\"more_results\" is not supported (hawk's paginators stop when the output "
                     "token is absent or empty)");
        if (key != "input_token" && key != "output_token" && key != "limit_key" &&
            key != "result_key" && key != "non_aggregate_keys")
            ctx.fail("unknown paginator key \"" + key + "\"");
        if ((key == "input_token" || key == "output_token" || key == "result_key") &&
            entry.value().is_array())
            ctx.fail("\"" + key + "\" is a list; only a single member is supported");
    }
    pagination p;
    p.input_token = get_string(o, "input_token", ctx, true);
    p.output_token = get_string(o, "output_token", ctx, true);
    p.limit_key = get_string(o, "limit_key", ctx);
    p.result_key = get_string(o, "result_key", ctx, true);
    if (auto it = o.find("non_aggregate_keys"); it != o.end()) {
        if (!it->value().is_array())
            ctx.fail("\"non_aggregate_keys\" must be an array of member names");
        for (const auto& k : it->value().get_array()) {
            if (!k.is_string())
                ctx.fail("\"non_aggregate_keys\" must be an array of member names");
            p.non_aggregate_keys.emplace_back(k.get_string());
        }
    }
    return p;
}

/// Checks that `name` is a member of `s` of one of `kinds` (any kind when none).
void check_paginator_member(const shape* s, const std::string& key, const std::string& name,
                            std::initializer_list<shape_kind> kinds, const char* kind_text,
                            const context& ctx) {
    if (name.empty())
        ctx.fail("\"" + key + "\" is empty");
    if (name.find_first_of(".[]|*@(){}, ") != std::string::npos)
        ctx.fail("\"" + key + "\" is the expression \"" + name +
                 "\"; only a top-level member name is supported");
    if (!s)
        ctx.fail("\"" + key + "\": the operation has no " +
                 (key == "input_token" || key == "limit_key" ? "input" : "output"));
    const member* m = s->find_member(name);
    if (!m)
        ctx.fail("\"" + key + "\": " + s->name + " has no member \"" + name + "\"");
    if (kinds.size() != 0 && std::find(kinds.begin(), kinds.end(), m->type->kind) == kinds.end())
        ctx.fail("\"" + key + "\": " + s->name + "." + name + " is not " + kind_text);
}

/// Checks `p` against the operation's shapes and sets it.
void set_pagination(operation& op, pagination p, const context& ctx) {
    check_paginator_member(op.input, "input_token", p.input_token, {shape_kind::string}, "a string",
                           ctx);
    check_paginator_member(op.output, "output_token", p.output_token, {shape_kind::string},
                           "a string", ctx);
    if (!p.limit_key.empty())
        check_paginator_member(op.input, "limit_key", p.limit_key,
                               {shape_kind::integer, shape_kind::long_}, "an integer", ctx);
    check_paginator_member(op.output, "result_key", p.result_key, {shape_kind::list}, "a list",
                           ctx);
    for (const std::string& k : p.non_aggregate_keys)
        check_paginator_member(op.output, "non_aggregate_keys", k, {}, "", ctx);
    op.pagination = std::move(p);
}

const operation* find_operation(const service& svc, const std::string& name) {
    for (const operation& op : svc.operations)
        if (op.name == name)
            return &op;
    return nullptr;
}

operation* find_operation(service& svc, const std::string& name) {
    return const_cast<operation*>(find_operation(std::as_const(svc), name));
}

/// A whole number in [lo, hi] (delay, maxAttempts).
int get_count(const json::object& o, const char* key, int lo, int hi, const context& ctx) {
    const std::optional<double> d = get_number(o, key, ctx);
    if (!d)
        ctx.fail(std::string("missing \"") + key + "\"");
    if (*d != std::floor(*d) || *d < lo || *d > hi)
        ctx.fail(std::string("\"") + key + "\" must be a whole number from " + std::to_string(lo) +
                 " to " + std::to_string(hi));
    return static_cast<int>(*d);
}

/// One acceptor of a waiter on `op`, as botocore writes it.
waiter_acceptor parse_acceptor(const operation& op, const json::value& v, const context& ctx) {
    const json::object& o = as_object(v, ctx, "an acceptor");
    for (const auto& entry : o) {
        const std::string key(entry.key());
        if (key != "state" && key != "matcher" && key != "expected" && key != "argument")
            ctx.fail("unknown acceptor key \"" + key + "\"");
    }
    waiter_acceptor a;
    static const std::map<std::string, waiter_state> states = {{"success", waiter_state::success},
                                                               {"failure", waiter_state::failure},
                                                               {"retry", waiter_state::retry}};
    static const std::map<std::string, waiter_matcher> matchers = {
        {"status", waiter_matcher::status},
        {"error", waiter_matcher::error},
        {"path", waiter_matcher::path},
        {"pathAll", waiter_matcher::path_all},
        {"pathAny", waiter_matcher::path_any}};
    const std::string state = get_string(o, "state", ctx, true);
    const auto s = states.find(state);
    if (s == states.end())
        ctx.fail("unknown state \"" + state + "\" (success, failure or retry)");
    a.state = s->second;
    const std::string matcher = get_string(o, "matcher", ctx, true);
    const auto m = matchers.find(matcher);
    if (m == matchers.end())
        ctx.fail("matcher \"" + matcher +
                 "\" is not supported (status, error, path, pathAll or pathAny)");
    a.matcher = m->second;
    const auto e = o.find("expected");
    if (e == o.end())
        ctx.fail("missing \"expected\"");
    const json::value& expected = e->value();
    const bool path = a.matcher != waiter_matcher::status && a.matcher != waiter_matcher::error;
    if (!path && o.contains("argument"))
        ctx.fail("a " + matcher + " matcher takes no \"argument\"");
    if (a.matcher == waiter_matcher::status) {
        if (!expected.is_int64() || expected.get_int64() < 100 || expected.get_int64() > 599)
            ctx.fail("a status matcher expects an HTTP status (a number from 100 to 599)");
    } else if (a.matcher == waiter_matcher::error) {
        if (!expected.is_bool() && (!expected.is_string() || expected.get_string().empty()))
            ctx.fail("an error matcher expects an error code, true (any error) or false (none)");
    } else {
        a.argument = get_string(o, "argument", ctx, true);
        if (a.argument.empty())
            ctx.fail("\"argument\" is empty");
        if (!expected.is_string() && !expected.is_bool() && !expected.is_number())
            ctx.fail("a " + matcher + " matcher expects a string, a number or a boolean");
        if (!op.output)
            ctx.fail("a " + matcher + " matcher on " + op.name + ", which has no output");
        const std::string why = check_waiter_path(*op.output, a.matcher, a.argument, expected);
        if (!why.empty())
            ctx.fail("path \"" + a.argument + "\": " + why);
    }
    a.expected = json::serialize(expected);
    return a;
}

/// One waiter, as botocore writes it (waiters-2.json), checked against the service.
waiter parse_waiter(const service& svc, const std::string& name, const json::value& v,
                    const context& ctx) {
    if (name.empty() || !(name[0] >= 'A' && name[0] <= 'Z') ||
        !std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }))
        ctx.fail("a waiter's name must be letters and digits, starting with a capital");
    const json::object& o = as_object(v, ctx, "a waiter");
    for (const auto& entry : o) {
        const std::string key(entry.key());
        if (key != "operation" && key != "delay" && key != "maxAttempts" && key != "acceptors" &&
            key != "description")
            ctx.fail("unknown waiter key \"" + key + "\"");
    }
    waiter w;
    w.name = name;
    w.operation = get_string(o, "operation", ctx, true);
    const operation* op = find_operation(svc, w.operation);
    if (!op)
        ctx.fail("operation \"" + w.operation + "\" does not exist");
    w.delay = get_count(o, "delay", 1, 3600, ctx);
    w.max_attempts = get_count(o, "maxAttempts", 1, 100000, ctx);
    w.description = get_string(o, "description", ctx);
    const auto acceptors = o.find("acceptors");
    if (acceptors == o.end() || !acceptors->value().is_array() ||
        acceptors->value().get_array().empty())
        ctx.fail("\"acceptors\" must be a non-empty array");
    const json::array& list = acceptors->value().get_array();
    for (std::size_t i = 0; i < list.size(); ++i)
        w.acceptors.push_back(
            parse_acceptor(*op, list[i], ctx.sub("acceptor " + std::to_string(i + 1))));
    if (std::none_of(w.acceptors.begin(), w.acceptors.end(),
                     [](const waiter_acceptor& a) { return a.state == waiter_state::success; }))
        ctx.fail("no acceptor has the state \"success\": the waiter could never succeed");
    return w;
}

} // namespace

const member* shape::find_member(const std::string& member_name) const {
    for (const member& m : members)
        if (m.name == member_name)
            return &m;
    return nullptr;
}

const shape* service::find_shape(const std::string& name) const {
    auto it = shapes.find(name);
    return it == shapes.end() ? nullptr : &it->second;
}

service load_service(const std::string& json_text, const std::string& source_path,
                     const std::string& folder) {
    const context root{source_path, {}};
    boost::system::error_code ec;
    json::value doc = json::parse(json_text, ec);
    if (ec)
        root.fail("not valid JSON: " + ec.message());
    const json::object& top = as_object(doc, root, "the model");

    service svc;
    svc.source_path = source_path;
    svc.folder = folder;
    auto meta_it = top.find("metadata");
    if (meta_it == top.end())
        root.fail("missing \"metadata\"");
    {
        const context ctx = root.sub("metadata");
        const json::object& meta = as_object(meta_it->value(), ctx, "\"metadata\"");
        svc.api_version = get_string(meta, "apiVersion", ctx);
        svc.protocol = get_string(meta, "protocol", ctx, true);
        svc.json_version = get_string(meta, "jsonVersion", ctx);
        svc.endpoint_prefix = get_string(meta, "endpointPrefix", ctx);
        svc.signing_name = get_string(meta, "signingName", ctx);
        svc.signature_version = get_string(meta, "signatureVersion", ctx);
        svc.service_id = get_string(meta, "serviceId", ctx);
        svc.full_name = get_string(meta, "serviceFullName", ctx);
        svc.target_prefix = get_string(meta, "targetPrefix", ctx);
        if (auto it = meta.find("protocols"); it != meta.end()) {
            if (!it->value().is_array())
                ctx.fail("\"protocols\" must be an array");
            for (const json::value& p : it->value().get_array()) {
                if (!p.is_string())
                    ctx.fail("\"protocols\" must hold strings");
                svc.protocols.emplace_back(p.get_string());
            }
        }
        svc.query_compatible = meta.contains("awsQueryCompatible");
        svc.uid = get_string(meta, "uid", ctx);
    }
    svc.documentation = get_string(top, "documentation", root);

    auto shapes_it = top.find("shapes");
    if (shapes_it == top.end())
        root.fail("missing \"shapes\"");
    for (const auto& entry : as_object(shapes_it->value(), root, "\"shapes\"")) {
        const std::string name(entry.key());
        if (name.empty())
            root.fail("a shape has an empty name");
        svc.shapes.emplace(name,
                           parse_shape(name, entry.value(), root.sub("shape \"" + name + "\"")));
    }
    // Resolve every reference now, so later stages can follow pointers without checks.
    for (auto& [name, s] : svc.shapes) {
        const context ctx = root.sub("shape \"" + name + "\"");
        for (member& m : s.members)
            resolve(m, svc, ctx.sub("member \"" + m.name + "\""));
        if (s.list_member)
            resolve(*s.list_member, svc, ctx.sub("list member"));
        if (s.map_key) {
            resolve(*s.map_key, svc, ctx.sub("map key"));
            resolve(*s.map_value, svc, ctx.sub("map value"));
            if (s.map_key->type->kind != shape_kind::string &&
                s.map_key->type->kind != shape_kind::enumeration)
                ctx.fail("map keys must be strings");
        }
    }

    auto ops_it = top.find("operations");
    if (ops_it == top.end())
        root.fail("missing \"operations\"");
    for (const auto& entry : as_object(ops_it->value(), root, "\"operations\"")) {
        const std::string name(entry.key());
        svc.operations.push_back(
            parse_operation(name, entry.value(), svc, root.sub("operation \"" + name + "\"")));
    }
    std::sort(svc.operations.begin(), svc.operations.end(),
              [](const operation& a, const operation& b) { return a.name < b.name; });
    return svc;
}

void apply_customizations(service& svc, const std::string& json_text,
                          const std::string& source_path) {
    const context root{source_path, {}};
    boost::system::error_code ec;
    json::value doc = json::parse(json_text, ec);
    if (ec)
        root.fail("not valid JSON: " + ec.message());
    const json::object& top = as_object(doc, root, "the customizations");
    auto it = top.find(svc.folder);
    if (it == top.end())
        return;
    const context ctx = root.sub("service \"" + svc.folder + "\"");
    const json::object& c = as_object(it->value(), ctx, "a service's customizations");
    auto scheme = [&](const std::string& value) {
        if (value != "sigv4" && value != "none")
            ctx.fail("auth must be \"sigv4\" or \"none\", not \"" + value + "\"");
        return value;
    };
    if (c.contains("auth"))
        svc.custom.auth = scheme(get_string(c, "auth", ctx));
    if (auto ops = c.find("auth_operations"); ops != c.end()) {
        for (const auto& entry : as_object(ops->value(), ctx, "\"auth_operations\"")) {
            if (!entry.value().is_string())
                ctx.fail("auth_operations values must be strings");
            svc.custom.auth_operations[std::string(entry.key())] =
                scheme(std::string(entry.value().get_string()));
        }
    }
    if (auto sens = c.find("sensitive_shapes"); sens != c.end()) {
        if (!sens->value().is_array())
            ctx.fail("\"sensitive_shapes\" must be an array of shape names");
        for (const auto& v : sens->value().get_array()) {
            if (!v.is_string())
                ctx.fail("\"sensitive_shapes\" must be an array of shape names");
            auto shape_it = svc.shapes.find(std::string(v.get_string()));
            if (shape_it == svc.shapes.end())
                ctx.fail("sensitive shape \"" + std::string(v.get_string()) + "\" does not exist");
            shape_it->second.sensitive = true;
            svc.custom.sensitive_shapes.emplace_back(v.get_string());
        }
    }
    if (auto pags = c.find("paginators"); pags != c.end()) {
        for (const auto& entry : as_object(pags->value(), ctx, "\"paginators\"")) {
            const std::string name(entry.key());
            const context pctx = ctx.sub("paginator of operation \"" + name + "\"");
            operation* op = find_operation(svc, name);
            if (!op)
                pctx.fail("no such operation");
            set_pagination(*op, parse_pagination(entry.value(), pctx), pctx);
            svc.custom.paginators[name] = *op->pagination;
        }
    }
    if (auto ws = c.find("waiters"); ws != c.end()) {
        // After waiters-2.json (load_waiters): a customization replaces its waiter of that name.
        for (const auto& entry : as_object(ws->value(), ctx, "\"waiters\"")) {
            const std::string name(entry.key());
            waiter w = parse_waiter(svc, name, entry.value(), ctx.sub("waiter \"" + name + "\""));
            w.customized = true;
            svc.custom.waiters[name] = w;
            svc.waiters[name] = std::move(w);
        }
    }
    for (operation& op : svc.operations) {
        auto o = svc.custom.auth_operations.find(op.name);
        op.auth_scheme = o != svc.custom.auth_operations.end() ? o->second : svc.custom.auth;
    }
    for (const auto& entry : svc.custom.auth_operations) {
        // Not a structured binding: clang before 16 cannot capture one in a lambda.
        const std::string& name = entry.first;
        if (std::none_of(svc.operations.begin(), svc.operations.end(),
                         [&](const operation& op) { return op.name == name; }))
            ctx.fail("auth_operations names unknown operation \"" + name + "\"");
    }
}

void load_paginators(service& svc, const std::string& json_text, const std::string& source_path) {
    const context root{source_path, {}};
    const json::value doc = parse_json(json_text, root);
    const json::object& top = as_object(doc, root, "a paginators document");
    auto it = top.find("pagination");
    if (it == top.end())
        root.fail("missing \"pagination\"");
    for (const auto& entry : as_object(it->value(), root, "\"pagination\"")) {
        const std::string name(entry.key());
        const context ctx = root.sub("paginator of operation \"" + name + "\"");
        operation* op = find_operation(svc, name);
        if (!op)
            ctx.fail("no such operation");
        set_pagination(*op, parse_pagination(entry.value(), ctx), ctx);
    }
}

void load_waiters(service& svc, const std::string& json_text, const std::string& source_path) {
    const context root{source_path, {}};
    const json::value doc = parse_json(json_text, root);
    const json::object& top = as_object(doc, root, "a waiters document");
    for (const auto& entry : top)
        if (entry.key() != "version" && entry.key() != "waiters")
            root.fail("unknown key \"" + std::string(entry.key()) + "\"");
    const auto version = top.find("version");
    if (version == top.end() || !version->value().is_int64() || version->value().get_int64() != 2)
        root.fail("\"version\" must be 2 (botocore's waiters-2.json format)");
    auto it = top.find("waiters");
    if (it == top.end())
        root.fail("missing \"waiters\"");
    for (const auto& entry : as_object(it->value(), root, "\"waiters\"")) {
        const std::string name(entry.key());
        svc.waiters[name] =
            parse_waiter(svc, name, entry.value(), root.sub("waiter \"" + name + "\""));
    }
}

bool is_sensitive(const shape& s) {
    if (s.sensitive)
        return true;
    if (s.list_member)
        return is_sensitive(*s.list_member->type);
    if (s.map_value)
        return is_sensitive(*s.map_value->type) || is_sensitive(*s.map_key->type);
    return false;
}

} // namespace hawk::codegen::model
