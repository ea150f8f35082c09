// Runs the cases of one protocol test file (botocore's format; see ../shared/conformance/README.md)
// through the generated code of its suites. Usage: driver FILE. Prints one PASS/FAIL/SKIP line
// per case of every suite in suite_table; the runner reports the suites that did not compile.

#include "harness.hpp"

#include "../runner/report.hpp"

#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/base64.hpp>
#include <hawk/core/client.hpp>
#include <hawk/core/error.hpp>

#include <boost/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::conformance {

namespace {

namespace json = boost::json;
namespace http = core::http;

std::string str(json::string_view s) {
    return std::string(s.data(), s.size());
}

const json::value* field(const json::value& v, std::string_view key) {
    const json::object* o = v.if_object();
    return o ? o->if_contains(key) : nullptr;
}

std::string string_field(const json::value& v, std::string_view key) {
    const json::value* f = field(v, key);
    return f && f->is_string() ? str(f->get_string()) : std::string();
}

//----------------------------------------------------------------------------------------------
// The tests' notation → hawk's document form. The tests write blobs as their raw bytes and
// hawk's document form (like the AWS CLI's JSON input) writes them in base64; everything else
// is the same. The suite's shapes say where the blobs are.

class notation {
public:
    explicit notation(const json::object& shapes) : shapes_(shapes) {}

    json::value to_document(const json::value& v, std::string_view shape_name) const {
        const json::value* shape = shapes_.if_contains(shape_name);
        if (!shape || v.is_null())
            return v;
        const std::string type = string_field(*shape, "type");
        if ((type == "structure" || type == "union") && v.is_object()) {
            json::object out;
            const json::value* members = field(*shape, "members");
            for (const auto& kv : v.get_object()) {
                const json::value* m = members ? field(*members, kv.key()) : nullptr;
                out[kv.key()] = m ? to_document(kv.value(), string_field(*m, "shape")) : kv.value();
            }
            return out;
        }
        if (type == "list" && v.is_array()) {
            json::array out;
            const json::value* m = field(*shape, "member");
            for (const json::value& item : v.get_array())
                out.push_back(m ? to_document(item, string_field(*m, "shape")) : item);
            return out;
        }
        if (type == "map" && v.is_object()) {
            json::object out;
            const json::value* m = field(*shape, "value");
            for (const auto& kv : v.get_object())
                out[kv.key()] = m ? to_document(kv.value(), string_field(*m, "shape")) : kv.value();
            return out;
        }
        if (type == "blob" && v.is_string())
            return json::string(core::base64_encode(std::string_view(v.get_string())));
        return v;
    }

private:
    const json::object& shapes_;
};

//----------------------------------------------------------------------------------------------
// Comparisons; each returns why the values differ, or "".

bool is_number(const json::value& v) {
    return v.is_int64() || v.is_uint64() || v.is_double();
}

std::string show(const json::value& v) {
    return json::serialize(v);
}

/// JSON values: objects by key (a null member is an absent one), arrays in order, numbers by
/// value (single-precision members come back widened, hence the relative tolerance).
std::string compare_values(const json::value& expected, const json::value& actual,
                           const std::string& path) {
    const std::string at = path.empty() ? std::string("the value") : path;
    if (expected.is_object() && actual.is_object()) {
        const json::object& e = expected.get_object();
        const json::object& a = actual.get_object();
        for (const auto& kv : e) {
            const json::value* other = a.if_contains(kv.key());
            const std::string sub = path + "." + str(kv.key());
            if (!other) {
                if (!kv.value().is_null())
                    return sub + " is missing (expected " + show(kv.value()) + ")";
                continue;
            }
            if (std::string why = compare_values(kv.value(), *other, sub); !why.empty())
                return why;
        }
        for (const auto& kv : a)
            if (!e.contains(kv.key()) && !kv.value().is_null())
                return path + "." + str(kv.key()) + " is unexpected: " + show(kv.value());
        return {};
    }
    if (expected.is_array() && actual.is_array()) {
        const json::array& e = expected.get_array();
        const json::array& a = actual.get_array();
        if (e.size() != a.size())
            return at + " has " + std::to_string(a.size()) + " items, expected " +
                   std::to_string(e.size()) + ": " + show(actual);
        for (std::size_t i = 0; i < e.size(); ++i)
            if (std::string why = compare_values(e[i], a[i], path + "[" + std::to_string(i) + "]");
                !why.empty())
                return why;
        return {};
    }
    if (is_number(expected) && is_number(actual)) {
        const double x = expected.to_number<double>(), y = actual.to_number<double>();
        if (x == y || std::fabs(x - y) <= 1e-6 * std::max({1.0, std::fabs(x), std::fabs(y)}))
            return {};
    } else if (expected == actual) {
        return {};
    }
    return at + " is " + show(actual) + ", expected " + show(expected);
}

/// `name=value` pairs of a query string, still encoded.
std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        const std::size_t eq = item.find('=');
        out.emplace_back(std::string(item.substr(0, eq)), eq == std::string_view::npos
                                                              ? std::string()
                                                              : std::string(item.substr(eq + 1)));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return out;
}

/// REST query strings have no order across names; a list repeats its name in list order.
std::string compare_query(std::string_view expected, std::string_view actual) {
    auto e = query_pairs(expected), a = query_pairs(actual);
    const auto by_name = [](const auto& x, const auto& y) { return x.first < y.first; };
    std::stable_sort(e.begin(), e.end(), by_name);
    std::stable_sort(a.begin(), a.end(), by_name);
    if (e != a)
        return "query is \"" + std::string(actual) + "\", expected \"" + std::string(expected) +
               "\"";
    return {};
}

/// The headers as they go on the wire: the request's, and those the transport adds.
std::vector<http::header> wire_headers(const http::request& req) {
    std::vector<http::header> out = req.headers;
    if (!req.find_header("Host"))
        out.push_back({"Host", req.host});
    if (const std::optional<std::size_t> length = http::content_length(req))
        out.push_back({"Content-Length", std::to_string(*length)});
    return out;
}

std::string header_value(const std::vector<http::header>& headers, std::string_view name,
                         bool& found) {
    std::string value;
    found = false;
    for (const http::header& h : headers)
        if (http::detail::iequals(h.name, name)) {
            value += (found ? ", " : "") + h.value;
            found = true;
        }
    return value;
}

bool is_json_media_type(std::string_view type) {
    return type.find("json") != std::string_view::npos;
}

//----------------------------------------------------------------------------------------------

/// hawk's client prepares the request as it would send it: the endpoint (with the operation's
/// host prefix) and the standard headers. One client per endpoint the cases use.
class clients {
public:
    core::client& get(const std::string& endpoint) {
        auto it = clients_.find(endpoint);
        if (it == clients_.end()) {
            core::client_config cfg;
            cfg.endpoint_url = endpoint;
            cfg.region = "us-east-1";
            cfg.credentials = std::make_shared<core::auth::static_provider>(
                core::auth::credentials{"AKID", "SECRET", {}, {}});
            // Nothing from this machine's environment or profiles may change the requests.
            cfg.environment = [](std::string_view) { return std::optional<std::string>(); };
            it = clients_.emplace(endpoint, std::make_unique<core::client>(std::move(cfg))).first;
        }
        return *it->second;
    }

private:
    std::map<std::string, std::unique_ptr<core::client>> clients_;
};

const core::operation_entry* find_operation(const suite_entry& suite, std::string_view name) {
    for (std::size_t i = 0; i < suite.operation_count; ++i)
        if (suite.operations[i].name == name)
            return &suite.operations[i];
    return nullptr;
}

const core::error_entry* find_error(const suite_entry& suite, std::string_view code) {
    for (std::size_t i = 0; i < suite.error_count; ++i)
        if (suite.errors[i].code == code)
            return &suite.errors[i];
    return nullptr;
}

/// The smithy protocol tests' convention: the idempotency token generator of the client under
/// test returns this value.
std::string test_token() {
    return "00000000-0000-4000-8000-000000000000";
}

std::string run_input_case(const suite_entry& suite, const notation& notes, const json::value& c,
                           clients& all) {
    const json::value* given = field(c, "given");
    const json::value* expected = field(c, "serialized");
    if (!given || !expected)
        return "the case has no given or serialized";
    const core::operation_entry* op = find_operation(suite, string_field(*given, "name"));
    if (!op)
        return "no generated operation " + string_field(*given, "name");
    json::value params = json::object();
    if (const json::value* p = field(c, "params"))
        params = *p;
    const json::value* input = field(*given, "input");
    const json::value document =
        notes.to_document(params, input ? string_field(*input, "shape") : std::string());

    http::request req;
    std::string error;
    if (!op->prepare(document, std::nullopt, test_token, req, error))
        return "serialization failed: " + error;

    // The endpoint: https://example.com, as in the smithy tests. A `host` with a path is the
    // endpoint itself (a custom endpoint with a base path); otherwise it is the resolved host.
    const std::string host = string_field(*expected, "host");
    const std::string endpoint =
        host.find('/') != std::string::npos ? "https://" + host : "https://example.com";
    core::diagnostics diag;
    if (boost::system::error_code ec = all.get(endpoint).prepare(*op->info, req, diag))
        return "the client cannot prepare the request: " + ec.message() + " " + diag.client_message;

    const std::string method = string_field(*expected, "method");
    if (!method.empty() && req.method != method)
        return "method is " + req.method + ", expected " + method;
    const std::string uri = string_field(*expected, "uri");
    const std::size_t question = uri.find('?');
    const std::string path = uri.substr(0, question);
    if (req.path != path)
        return "path is \"" + req.path + "\", expected \"" + path + "\"";
    const std::string query = question == std::string::npos ? "" : uri.substr(question + 1);
    if (std::string why = compare_query(query, req.query); !why.empty())
        return why;
    if (!host.empty()) {
        const std::string want = host.substr(0, host.find('/'));
        if (req.host != want)
            return "host is " + req.host + ", expected " + want;
    }

    const std::vector<http::header> headers = wire_headers(req);
    bool found = false;
    if (const json::value* h = field(*expected, "headers"); h && h->is_object())
        for (const auto& kv : h->get_object()) {
            const std::string value = header_value(headers, kv.key(), found);
            const std::string want =
                kv.value().is_string() ? str(kv.value().get_string()) : show(kv.value());
            if (!found)
                return "header " + str(kv.key()) + " is missing (expected \"" + want + "\")";
            if (value != want)
                return "header " + str(kv.key()) + " is \"" + value + "\", expected \"" + want +
                       "\"";
        }
    if (const json::value* f = field(*expected, "forbidHeaders"); f && f->is_array())
        for (const json::value& name : f->get_array())
            if (name.is_string()) {
                const std::string value = header_value(headers, name.get_string(), found);
                if (found)
                    return "header " + str(name.get_string()) + " is forbidden, sent \"" + value +
                           "\"";
            }
    if (const json::value* r = field(*expected, "requireHeaders"); r && r->is_array())
        for (const json::value& name : r->get_array())
            if (name.is_string()) {
                header_value(headers, name.get_string(), found);
                if (!found)
                    return "header " + str(name.get_string()) + " is required and missing";
            }

    // The body: JSON compares as JSON values, anything else byte for byte.
    if (const json::value* b = field(*expected, "body"); b && b->is_string()) {
        const std::string want = str(b->get_string());
        const std::string* content_type = req.find_header("Content-Type");
        if (!want.empty() && !req.body.empty() && content_type &&
            is_json_media_type(*content_type)) {
            boost::system::error_code ec;
            const json::value want_json = json::parse(want, ec);
            if (ec)
                return "the expected body is not JSON: " + want;
            const json::value got_json = json::parse(req.body, ec);
            if (ec)
                return "the body is not JSON: " + req.body;
            if (std::string why = compare_values(want_json, got_json, "body"); !why.empty())
                return why + " (body " + req.body + ")";
        } else if (req.body != want) {
            return "body is \"" + req.body + "\", expected \"" + want + "\"";
        }
    }
    return {};
}

http::response make_response(const json::value& r) {
    http::response res;
    if (const json::value* s = field(r, "status_code"); s && is_number(*s))
        res.status = s->to_number<int>();
    if (const json::value* h = field(r, "headers"); h && h->is_object())
        for (const auto& kv : h->get_object())
            res.headers.push_back({str(kv.key()), kv.value().is_string()
                                                      ? str(kv.value().get_string())
                                                      : show(kv.value())});
    res.body = string_field(r, "body");
    return res;
}

std::string run_output_case(const suite_entry& suite, const notation& notes, const json::value& c) {
    const json::value* given = field(c, "given");
    const json::value* response = field(c, "response");
    if (!given || !response)
        return "the case has no given or response";
    const core::operation_entry* op = find_operation(suite, string_field(*given, "name"));
    if (!op)
        return "no generated operation " + string_field(*given, "name");
    const http::response res = make_response(*response);

    const json::value* error_members = field(c, "error");
    const json::value* error_code = field(c, "errorCode");
    if (error_members || error_code) {
        const core::service_error_info info = core::parse_error(res, *op->info->service);
        const std::string want = error_code && error_code->is_string()
                                     ? str(error_code->get_string())
                                     : string_field(*error_members, "Code");
        if (info.code != want)
            return "error code is \"" + info.code + "\", expected \"" + want + "\"";
        if (const json::value* m = field(c, "errorMessage");
            m && m->is_string() && info.message != m->get_string())
            return "error message is \"" + info.message + "\", expected \"" + str(m->get_string()) +
                   "\"";
        json::value members = json::object();
        if (const core::error_entry* e = find_error(suite, info.code)) {
            std::string error;
            if (!e->parse(res, members, error))
                return "the error does not parse: " + error;
            const json::value want_members =
                notes.to_document(error_members ? *error_members : json::object(), e->shape);
            return compare_values(want_members, members, "error");
        }
        return compare_values(error_members ? *error_members : json::object(), members, "error");
    }

    json::value output;
    std::string error;
    if (!op->parse(res, output, error))
        return "the response does not parse: " + error;
    const json::value* output_ref = field(*given, "output");
    json::value result = json::object();
    if (const json::value* r = field(c, "result"))
        result = *r;
    const json::value want =
        notes.to_document(result, output_ref ? string_field(*output_ref, "shape") : std::string());
    return compare_values(want, output, "result");
}

} // namespace

} // namespace hawk::conformance

int main(int argc, char** argv) {
    using namespace hawk::conformance;
    if (argc != 2) {
        std::cerr << "usage: driver FILE\n";
        return 2;
    }
    const std::string file = argv[1];
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const json::value doc = json::parse(text.str(), ec);
    if (ec || !doc.is_array()) {
        std::cerr << file << ": not a protocol test file\n";
        return 2;
    }
    clients all;
    for (std::size_t t = 0; t < suite_table_size; ++t) {
        const suite_entry& suite = *suite_table[t];
        const json::value& s = doc.get_array().at(suite.index);
        static const json::object no_shapes;
        const json::value* shapes = field(s, "shapes");
        const notation notes(shapes && shapes->is_object() ? shapes->get_object() : no_shapes);
        const json::value* cases = field(s, "cases");
        if (!cases || !cases->is_array())
            continue;
        for (std::size_t i = 0; i < cases->get_array().size(); ++i) {
            const json::value& c = cases->get_array()[i];
            std::string name = string_field(c, "id");
            if (name.empty())
                name = string_field(s, "description") + "#" + std::to_string(i);
            std::string why;
            try {
                why = field(c, "serialized") ? run_input_case(suite, notes, c, all)
                                             : run_output_case(suite, notes, c);
            } catch (const std::exception& e) {
                why = std::string("exception: ") + e.what();
            }
            if (why.empty())
                std::cout << "PASS " << file << ':' << name << '\n';
            else
                std::cout << "FAIL " << file << ':' << name << ": " << report::one_line(why)
                          << '\n';
        }
    }
    return 0;
}
