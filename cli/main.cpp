// hawk: call any operation of the generated services from the command line, like the AWS CLI.
//
//   hawk SERVICE OPERATION [--input JSON | --input @FILE] [--region R] [--endpoint-url URL]
//        [--profile P] [--dry-run] [--debug]
//
// Exit codes as the AWS CLI's: 0 success, 252 invalid input or validation errors, 254 service
// errors, 255 anything else.

#include "services.hpp"

#include <hawk/core/client.hpp>
#include <hawk/src.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

namespace {

constexpr int exit_invalid = 252;
constexpr int exit_service = 254;
constexpr int exit_other = 255;

struct options {
    std::string service;
    std::string operation;
    std::string input = "{}";
    std::optional<std::string> region;
    std::optional<std::string> endpoint_url;
    std::optional<std::string> profile;
    bool dry_run = false;
    bool debug = false;
};

int usage(std::ostream& os, int code) {
    os << "usage: hawk SERVICE OPERATION [--input JSON | --input @FILE] [--region R]\n"
          "            [--endpoint-url URL] [--profile P] [--dry-run] [--debug]\n"
          "services:";
    for (const auto& s : hawk::cli::services())
        os << " " << s.name;
    os << "\n";
    return code;
}

/// JSON with two-space indentation, for people.
void pretty(std::ostream& os, const boost::json::value& v, int indent = 0) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    if (const auto* o = v.if_object()) {
        if (o->empty()) {
            os << "{}";
            return;
        }
        os << "{\n";
        bool first = true;
        for (const auto& [key, value] : *o) {
            os << (first ? "" : ",\n") << pad << "  "
               << boost::json::serialize(boost::json::string(key)) << ": ";
            pretty(os, value, indent + 1);
            first = false;
        }
        os << "\n" << pad << "}";
    } else if (const auto* a = v.if_array()) {
        if (a->empty()) {
            os << "[]";
            return;
        }
        os << "[\n";
        for (std::size_t i = 0; i < a->size(); ++i) {
            os << (i ? ",\n" : "") << pad << "  ";
            pretty(os, (*a)[i], indent + 1);
        }
        os << "\n" << pad << "]";
    } else {
        os << boost::json::serialize(v);
    }
}

std::string url_of(const hawk::core::http::request& r) {
    std::string url = r.scheme + "://" + r.host;
    if (r.port != 0)
        url += ":" + std::to_string(r.port);
    url += r.path;
    if (!r.query.empty())
        url += "?" + r.query;
    return url;
}

boost::json::object request_json(const hawk::core::http::request& r) {
    boost::json::object headers;
    for (const auto& h : r.headers)
        headers[h.name] = h.value;
    boost::json::object out;
    out["method"] = r.method;
    out["url"] = url_of(r);
    out["headers"] = std::move(headers);
    out["body"] = r.body;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    options opt;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc)
                return std::nullopt;
            return std::string(argv[++i]);
        };
        if (arg == "--help" || arg == "-h")
            return usage(std::cout, 0);
        if (arg == "--dry-run") {
            opt.dry_run = true;
        } else if (arg == "--debug") {
            opt.debug = true;
        } else if (arg == "--input" || arg == "--cli-input-json" || arg == "--region" ||
                   arg == "--endpoint-url" || arg == "--profile") {
            auto v = value();
            if (!v) {
                std::cerr << "hawk: " << arg << " needs a value\n";
                return exit_invalid;
            }
            if (arg == "--region")
                opt.region = *v;
            else if (arg == "--endpoint-url")
                opt.endpoint_url = *v;
            else if (arg == "--profile")
                opt.profile = *v;
            else
                opt.input = *v;
        } else if (!arg.empty() && arg[0] == '-') {
            std::cerr << "hawk: unknown option " << arg << "\n";
            return usage(std::cerr, exit_invalid);
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 2)
        return usage(std::cerr, exit_invalid);
    opt.service = positional[0];
    opt.operation = positional[1];

    const hawk::core::operation_entry* entry = nullptr;
    bool service_found = false;
    for (const auto& s : hawk::cli::services()) {
        if (s.name != opt.service)
            continue;
        service_found = true;
        for (std::size_t i = 0; i < s.count; ++i)
            if (s.operations[i].name == opt.operation || s.operations[i].cli_name == opt.operation)
                entry = &s.operations[i];
    }
    if (!service_found) {
        std::cerr << "hawk: unknown service '" << opt.service << "'\n";
        return usage(std::cerr, exit_invalid);
    }
    if (!entry) {
        std::cerr << "hawk: " << opt.service << " has no operation '" << opt.operation << "'\n";
        return exit_invalid;
    }

    if (!opt.input.empty() && opt.input[0] == '@') {
        std::ifstream in(opt.input.substr(1), std::ios::binary);
        if (!in) {
            std::cerr << "hawk: cannot read " << opt.input.substr(1) << "\n";
            return exit_invalid;
        }
        std::ostringstream text;
        text << in.rdbuf();
        opt.input = text.str();
    }
    boost::system::error_code parse_ec;
    const boost::json::value input = boost::json::parse(opt.input, parse_ec);
    if (parse_ec) {
        std::cerr << "ParamValidation: --input is not valid JSON: " << parse_ec.message() << "\n";
        return exit_invalid;
    }

    hawk::core::client_config cfg;
    cfg.region = opt.region;
    cfg.endpoint_url = opt.endpoint_url;
    cfg.profile = opt.profile;
    if (opt.debug) {
        // Everything the client reports, which never includes a secret or a body (log.hpp).
        cfg.log.level = hawk::core::log_level::trace;
        cfg.log.sink = [](const hawk::core::log_record& r) {
            std::cerr << "[debug] " << hawk::core::to_string(r.level) << " " << r.operation << ": "
                      << r.message << "\n";
        };
    }
    try {
        hawk::core::client client(cfg);
        hawk::core::http::request http;
        std::string error;
        static std::function<std::string()> token;
        token = [&client] { return client.make_idempotency_token(); };
        if (!entry->prepare(
                input, client.validation(), [] { return token(); }, http, error)) {
            std::cerr << "ParamValidation: " << error << "\n";
            return exit_invalid;
        }
        hawk::core::diagnostics diag;
        if (opt.dry_run) {
            if (auto ec = client.prepare(*entry->info, http, diag)) {
                std::cerr << ec.message() << ": " << diag.client_message << "\n";
                return exit_other;
            }
            pretty(std::cout, request_json(http));
            std::cout << "\n";
            return 0;
        }
        std::promise<std::pair<boost::system::error_code, hawk::core::http::response>> done;
        client.async_execute(*entry->info, std::move(http), &diag,
                             [&done](boost::system::error_code ec, hawk::core::http::response res) {
                                 done.set_value({ec, std::move(res)});
                             });
        auto [ec, res] = done.get_future().get();
        if (opt.debug)
            std::cerr << "[debug] attempts: " << diag.attempts
                      << ", last status: " << diag.http_status << "\n";
        if (ec) {
            if (!diag.error_code.empty() || diag.http_status >= 300) {
                std::cerr << (diag.error_code.empty() ? "UnknownError" : diag.error_code) << ": "
                          << (diag.message.empty() ? ec.message() : diag.message) << "\n"
                          << "HTTP status: " << diag.http_status
                          << ", request id: " << (diag.request_id.empty() ? "-" : diag.request_id)
                          << "\n";
                return exit_service;
            }
            std::cerr << ec.message()
                      << (diag.client_message.empty() ? "" : ": " + diag.client_message) << "\n";
            return exit_other;
        }
        boost::json::value output;
        if (!entry->parse(res, output, error)) {
            std::cerr << "hawk: the response does not parse: " << error << "\n";
            return exit_other;
        }
        pretty(std::cout, output);
        std::cout << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "hawk: " << e.what() << "\n";
        return exit_other;
    }
}
