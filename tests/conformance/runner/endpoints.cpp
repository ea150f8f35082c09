// endpoint-tests-1.json: each case's params resolved with the service's rule set from models/,
// compared with the expected URL (and headers and properties) or error message.

#include "suites.hpp"

#include <hawk/core/endpoints/partitions.hpp>
#include <hawk/core/endpoints/rules.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hawk::conformance {

namespace {

namespace ep = core::endpoints;
namespace fs = std::filesystem;

bool read_text(const fs::path& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
}

bool to_value(const boost::json::value& v, ep::value& out) {
    if (v.is_string())
        out = std::string(v.get_string());
    else if (v.is_bool())
        out = v.get_bool();
    else if (v.is_array()) {
        std::vector<std::string> items;
        for (const auto& item : v.get_array()) {
            if (!item.is_string())
                return false;
            items.emplace_back(item.get_string());
        }
        out = std::move(items);
    } else
        return false;
    return true;
}

std::string check_case(const ep::rule_set& rules, const boost::json::object& c) {
    std::map<std::string, ep::value> params;
    if (const auto* given = c.if_contains("params")) {
        if (!given->is_object())
            return "params is not an object";
        for (const auto& member : given->get_object()) {
            ep::value v;
            if (!to_value(member.value(), v))
                return "unsupported parameter value " + boost::json::serialize(member.value());
            params[std::string(member.key())] = std::move(v);
        }
    }
    const auto* expect = c.if_contains("expect");
    if (!expect || !expect->is_object())
        return "the case has no expect object";

    ep::endpoint out;
    std::string error;
    const bool ok = rules.resolve(params, out, error);
    if (const auto* expected_error = expect->get_object().if_contains("error")) {
        if (ok)
            return "expected the error \"" + std::string(expected_error->as_string()) +
                   "\", resolved " + out.url;
        if (error != expected_error->as_string())
            return "expected the error \"" + std::string(expected_error->as_string()) +
                   "\", got \"" + error + "\"";
        return {};
    }
    const auto* endpoint = expect->get_object().if_contains("endpoint");
    if (!endpoint || !endpoint->is_object())
        return "expect has neither endpoint nor error";
    if (!ok)
        return "resolution failed: " + error;
    const auto& expected = endpoint->get_object();
    const std::string url(expected.at("url").as_string());
    if (out.url != url)
        return "expected " + url + ", got " + out.url;
    if (const auto* headers = expected.if_contains("headers")) {
        std::map<std::string, std::vector<std::string>> want;
        for (const auto& h : headers->as_object())
            for (const auto& v : h.value().as_array())
                want[std::string(h.key())].emplace_back(v.as_string());
        if (out.headers != want)
            return "the endpoint's headers differ";
    }
    if (const auto* properties = expected.if_contains("properties"))
        if (out.properties != *properties)
            return "expected properties " + boost::json::serialize(*properties) + ", got " +
                   boost::json::serialize(out.properties);
    return {};
}

} // namespace

void run_endpoints(const std::string& models_dir, const std::string& service,
                   const std::string& file, report& out) {
    // models/<service>/<version>/endpoint-rule-set-1.json, whatever the version.
    std::string rules_text;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(models_dir) / service, ec))
        if (read_text(entry.path() / "endpoint-rule-set-1.json", rules_text))
            break;
    if (rules_text.empty())
        return out.fail(file, "(file)",
                        "no endpoint-rule-set-1.json for " + service + " in " + models_dir);
    std::string error;
    const ep::rule_set rules = ep::rule_set::parse(rules_text, error);
    if (!rules.valid())
        return out.fail(file, "(file)", service + "'s rule set does not parse: " + error);

    std::string text;
    if (!read_text(file, text))
        return out.fail(file, "(file)", "cannot read the file");
    boost::system::error_code jec;
    const boost::json::value doc = boost::json::parse(text, jec);
    const boost::json::array* cases = nullptr;
    if (!jec && doc.is_object())
        if (const auto* tc = doc.get_object().if_contains("testCases"))
            cases = tc->if_array();
    if (!cases)
        return out.fail(file, "(file)", "not an endpoint test file (no testCases array)");

    for (std::size_t i = 0; i < cases->size(); ++i) {
        const boost::json::object* c = (*cases)[i].if_object();
        std::string name = "testCases#" + std::to_string(i);
        if (c)
            if (const auto* doc_text = c->if_contains("documentation");
                doc_text && doc_text->is_string())
                name = std::string(doc_text->get_string());
        std::string why;
        try {
            why = c ? check_case(rules, *c) : "the case is not an object";
        } catch (const std::exception& e) {
            why = std::string("malformed case: ") + e.what();
        }
        if (why.empty())
            out.pass(file, name);
        else
            out.fail(file, name, why);
    }
}

} // namespace hawk::conformance
