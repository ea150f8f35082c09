#include <hawk/core/endpoints/partitions.hpp>
#include <hawk/core/endpoints/rules.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ep = hawk::core::endpoints;
namespace fs = std::filesystem;

namespace {

using params = std::map<std::string, ep::value>;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot open ", path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// models/<service>/<version>/endpoint-rule-set-1.json, whatever the version.
fs::path model_rules(const std::string& service) {
    for (const auto& entry : fs::directory_iterator(fs::path(HAWK_SOURCE_DIR) / "models" / service))
        if (fs::exists(entry.path() / "endpoint-rule-set-1.json"))
            return entry.path() / "endpoint-rule-set-1.json";
    FAIL("no endpoint-rule-set-1.json for ", service);
    return {};
}

ep::rule_set parse_ok(std::string_view json) {
    std::string error;
    ep::rule_set rules = ep::rule_set::parse(json, error);
    REQUIRE_MESSAGE(rules.valid(), error);
    return rules;
}

ep::rule_set model(const std::string& service) {
    return parse_ok(read_file(model_rules(service)));
}

// The parse error of a rule set that must not parse.
std::string parse_error(std::string_view json) {
    std::string error;
    const ep::rule_set rules = ep::rule_set::parse(json, error);
    CHECK_FALSE(rules.valid());
    CHECK_FALSE(error.empty());
    return error;
}

// The URL, or "error: <message>".
std::string resolve(const ep::rule_set& rules, const params& p,
                    const ep::partitions& parts = ep::partitions::defaults()) {
    ep::endpoint out;
    std::string error;
    if (!rules.resolve(p, parts, out, error))
        return "error: " + error;
    CHECK(error.empty());
    return out.url;
}

ep::partitions partitions_ok(std::string_view json) {
    std::string error;
    ep::partitions parts = ep::partitions::parse(json, error);
    REQUIRE_MESSAGE(parts.valid(), error);
    return parts;
}

// A rule set that answers with an error rule: "true" when `condition` holds for S (a string) and
// B (a boolean, default false), else "false". With `assign` "r" in the condition and `answer`
// "{r}", it answers with the value instead, or "<unset>".
std::string probe(std::string_view condition, std::string_view answer = "true",
                  std::string_view otherwise = "false") {
    std::string json = R"json({"version": "1.0", "parameters": {
        "S": {"type": "string", "required": true, "documentation": "input"},
        "B": {"type": "boolean", "required": true, "default": false, "documentation": "flag"}},
        "rules": [{"type": "error", "conditions": [)json";
    json += condition;
    json += R"json(], "error": ")json";
    json += answer;
    json += R"json("}, {"type": "error", "conditions": [], "error": ")json";
    json += otherwise;
    json += R"json("}]})json";
    return json;
}

std::string answer(const ep::rule_set& rules, std::string s, bool b = false) {
    ep::endpoint out;
    std::string error;
    CHECK_FALSE(rules.resolve({{"S", std::move(s)}, {"B", b}}, out, error));
    return error;
}

bool holds(const ep::rule_set& rules, std::string s, bool b = false) {
    const std::string a = answer(rules, std::move(s), b);
    REQUIRE_MESSAGE((a == "true" || a == "false"), a);
    return a == "true";
}

constexpr std::string_view partition_probe = R"json({
    "version": "1.0",
    "parameters": {"Region": {"type": "string", "required": true, "documentation": "region"}},
    "rules": [{
        "type": "endpoint",
        "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
        "endpoint": {"url": "{P#name} {P#dnsSuffix} {P#dualStackDnsSuffix}"}
    }]
})json";

} // namespace

// ---- Partitions -------------------------------------------------------------------------------

TEST_CASE("endpoint partitions: the built-in header is models/partitions.json, byte for byte") {
    const std::string file = read_file(fs::path(HAWK_SOURCE_DIR) / "models" / "partitions.json");
    CHECK_MESSAGE(
        ep::default_partitions_json == file,
        "include/hawk/core/endpoints/partitions.hpp is stale: run scripts/update-partitions");
    CHECK(ep::partitions::defaults().valid());
    CHECK(&ep::partitions::defaults() == &ep::partitions::defaults()); // parsed once
}

TEST_CASE("endpoint partitions: regions by name, then by regex, then aws") {
    const ep::rule_set rules = parse_ok(partition_probe);
    const auto partition = [&](std::string region) {
        return resolve(rules, {{"Region", std::move(region)}});
    };
    CHECK(partition("us-east-1") == "aws amazonaws.com api.aws");
    CHECK(partition("aws-global") == "aws amazonaws.com api.aws");
    CHECK(partition("cn-north-1") == "aws-cn amazonaws.com.cn api.amazonwebservices.com.cn");
    CHECK(partition("cn-south-7") == "aws-cn amazonaws.com.cn api.amazonwebservices.com.cn");
    CHECK(partition("us-gov-west-1") == "aws-us-gov amazonaws.com api.aws");
    CHECK(partition("us-iso-north-9") == "aws-iso c2s.ic.gov api.aws.ic.gov");
    CHECK(partition("us-isob-east-1") == "aws-iso-b sc2s.sgov.gov api.aws.scloud");
    CHECK(partition("eusc-de-east-1") == "aws-eusc amazonaws.eu api.amazonwebservices.eu");
    CHECK(partition("eu-isoe-west-1") == "aws-iso-e cloud.adc-e.uk api.cloud-aws.adc-e.uk");
    CHECK(partition("mars-east-1") == "aws amazonaws.com api.aws"); // unknown: the aws partition
    CHECK(partition("") == "aws amazonaws.com api.aws");
    CHECK(partition(std::string(100000, 'a')) == "aws amazonaws.com api.aws");
}

TEST_CASE("endpoint partitions: a custom document") {
    const ep::rule_set rules = parse_ok(partition_probe);
    // Listed regions win over any regex; partitions are tried in document order; regions nothing
    // matches go to the partition whose id is "aws", wherever it is.
    const ep::partitions parts = partitions_ok(R"json({"partitions": [
        {"id": "moon", "regionRegex": "^moon-\\d+$", "regions": {"us-east-1": {}},
         "outputs": {"dnsSuffix": "moon.example", "dualStackDnsSuffix": "ds.moon.example",
                     "supportsFIPS": false, "supportsDualStack": true}},
        {"id": "aws", "regionRegex": "^us-\\w+-\\d+$", "regions": {},
         "outputs": {"dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                     "supportsFIPS": true, "supportsDualStack": true, "extra": "kept"}}
    ]})json");
    CHECK(resolve(rules, {{"Region", std::string("us-east-1")}}, parts) ==
          "moon moon.example ds.moon.example");
    CHECK(resolve(rules, {{"Region", std::string("moon-7")}}, parts) ==
          "moon moon.example ds.moon.example");
    CHECK(resolve(rules, {{"Region", std::string("us-west-2")}}, parts) ==
          "aws amazonaws.com api.aws");
    CHECK(resolve(rules, {{"Region", std::string("xx")}}, parts) == "aws amazonaws.com api.aws");

    // Outputs newer than the engine are readable (their type is known at run time).
    const ep::rule_set extra = parse_ok(R"json({"version": "1.0",
        "parameters": {"Region": {"type": "string", "required": true}},
        "rules": [{"type": "endpoint",
            "conditions": [{"fn": "aws.partition", "argv": ["{Region}"], "assign": "P"}],
            "endpoint": {"url": "{P#extra}"}}]})json");
    CHECK(resolve(extra, {{"Region", std::string("us-west-2")}}, parts) == "kept");
    CHECK(resolve(extra, {{"Region", std::string("moon-1")}}, parts) ==
          "error: endpoint rules failed at rules[0].endpoint.url: template placeholder {P#extra} "
          "is not set");

    // A partition without FIPS: connect's rules say so.
    const ep::rule_set connect = model("connect");
    CHECK(resolve(connect, {{"Region", std::string("moon-1")}, {"UseFIPS", true}}, parts) ==
          "error: FIPS is enabled but this partition does not support FIPS");
    CHECK(resolve(connect,
                  {{"Region", std::string("moon-1")}, {"UseFIPS", true}, {"UseDualStack", true}},
                  parts) ==
          "error: FIPS and DualStack are enabled, but this partition does not support one or both");
    CHECK(resolve(connect, {{"Region", std::string("moon-1")}, {"UseDualStack", true}}, parts) ==
          "https://connect.moon-1.ds.moon.example");
}

TEST_CASE("endpoint partitions: malformed documents are errors") {
    const auto error_of = [](std::string_view json) {
        std::string error;
        const ep::partitions parts = ep::partitions::parse(json, error);
        CHECK_FALSE(parts.valid());
        return error;
    };
    const std::string outputs = R"json("outputs": {"dnsSuffix": "d", "dualStackDnsSuffix": "e",
        "supportsFIPS": true, "supportsDualStack": true})json";
    CHECK(error_of("{").find("not valid JSON") != std::string::npos);
    CHECK(error_of("[]").find("'partitions', a non-empty array") != std::string::npos);
    CHECK(error_of(R"({"partitions": []})").find("non-empty") != std::string::npos);
    CHECK(error_of(R"({"partitions": [{"regionRegex": "x", "regions": {}, )" + outputs + "}]}") ==
          "bad partitions document: partitions[0]: 'id' must be a non-empty string");
    CHECK(error_of(R"({"partitions": [{"id": "a", "regionRegex": "x", "regions": {},
        "outputs": {"dnsSuffix": "d"}}]})") ==
          "bad partitions document: partitions[0].outputs: 'dualStackDnsSuffix' is missing");
    CHECK(error_of(R"({"partitions": [{"id": "a", "regionRegex": "x", "regions": {},
        "outputs": {"dnsSuffix": "d", "dualStackDnsSuffix": "e", "supportsFIPS": "yes",
                    "supportsDualStack": true}}]})") ==
          "bad partitions document: partitions[0].outputs.supportsFIPS must be a boolean");
    CHECK(error_of(R"({"partitions": [{"id": "a", "regionRegex": "(", "regions": {}, )" + outputs +
                   "}]}")
              .find("regionRegex '(' is not a regular expression") != std::string::npos);
    CHECK(error_of(R"({"partitions": [{"id": "a", "regionRegex": "x", "regions": [], )" + outputs +
                   "}]}") == "bad partitions document: partitions[0]: 'regions' must be an object");

    // Resolving with an empty partitions object fails cleanly.
    const ep::rule_set rules = parse_ok(partition_probe);
    CHECK(resolve(rules, {{"Region", std::string("us-east-1")}}, ep::partitions()) ==
          "error: no partitions (the partitions document did not parse)");
}

// ---- The service models -----------------------------------------------------------------------

TEST_CASE("endpoint rules: every model's rule set parses, with its parameters") {
    for (const std::string service : {"connect", "connectparticipant", "qconnect"}) {
        CAPTURE(service);
        const ep::rule_set rules = model(service);
        const auto& p = rules.parameters();
        REQUIRE(p.size() == 4);
        CHECK(p[0].name == "Region");
        CHECK(p[0].type == ep::parameter_type::string);
        CHECK(p[0].built_in == "AWS::Region");
        CHECK_FALSE(p[0].required);
        CHECK(std::holds_alternative<std::monostate>(p[0].default_value));
        CHECK(p[0].documentation == "The AWS region used to dispatch the request.");
        CHECK(p[1].name == "UseDualStack");
        CHECK(p[1].type == ep::parameter_type::boolean);
        CHECK(p[1].built_in == "AWS::UseDualStack");
        CHECK(p[1].required);
        CHECK(p[1].default_value == ep::value(false));
        CHECK(p[2].name == "UseFIPS");
        CHECK(p[2].built_in == "AWS::UseFIPS");
        CHECK(p[3].name == "Endpoint");
        CHECK(p[3].built_in == "SDK::Endpoint");
    }
}

TEST_CASE("endpoint rules: FIPS and dual-stack") {
    const ep::rule_set connect = model("connect");
    const auto url = [&](const char* region, bool fips, bool dual_stack) {
        return resolve(
            connect,
            {{"Region", std::string(region)}, {"UseFIPS", fips}, {"UseDualStack", dual_stack}});
    };
    CHECK(url("us-east-1", false, false) == "https://connect.us-east-1.amazonaws.com");
    CHECK(url("us-east-1", true, false) == "https://connect-fips.us-east-1.amazonaws.com");
    CHECK(url("us-east-1", false, true) == "https://connect.us-east-1.api.aws");
    CHECK(url("us-east-1", true, true) == "https://connect-fips.us-east-1.api.aws");
    CHECK(url("cn-north-1", true, true) ==
          "https://connect-fips.cn-north-1.api.amazonwebservices.com.cn");
    // GovCloud's FIPS endpoints are the regular names.
    CHECK(url("us-gov-west-1", true, false) == "https://connect.us-gov-west-1.amazonaws.com");
    CHECK(url("us-gov-west-1", true, true) == "https://connect-fips.us-gov-west-1.api.aws");

    const ep::rule_set participant = model("connectparticipant");
    CHECK(resolve(
              participant,
              {{"Region", std::string("eu-west-2")}, {"UseFIPS", true}, {"UseDualStack", true}}) ==
          "https://participant.connect-fips.eu-west-2.api.aws");
    const ep::rule_set qconnect = model("qconnect");
    CHECK(resolve(qconnect, {{"Region", std::string("ap-southeast-2")}, {"UseFIPS", true}}) ==
          "https://wisdom-fips.ap-southeast-2.amazonaws.com");
}

TEST_CASE("endpoint rules: a custom Endpoint") {
    const ep::rule_set connect = model("connect");
    const std::string custom = "https://connect.example.com:8443/base";
    CHECK(resolve(connect, {{"Endpoint", custom}}) == custom);
    CHECK(resolve(connect, {{"Endpoint", custom}, {"Region", std::string("us-west-2")}}) == custom);
    CHECK(resolve(connect, {{"Endpoint", custom}, {"UseFIPS", true}}) ==
          "error: Invalid Configuration: FIPS and custom endpoint are not supported");
    CHECK(resolve(connect, {{"Endpoint", custom}, {"UseDualStack", true}}) ==
          "error: Invalid Configuration: Dualstack and custom endpoint are not supported");

    ep::endpoint out;
    std::string error;
    REQUIRE(connect.resolve({{"Endpoint", custom}}, out, error));
    CHECK(out.headers.empty());
    CHECK(out.properties == boost::json::object());
}

TEST_CASE("endpoint rules: a missing Region") {
    for (const std::string service : {"connect", "connectparticipant", "qconnect"}) {
        CAPTURE(service);
        CHECK(resolve(model(service), {}) == "error: Invalid Configuration: Missing Region");
        CHECK(resolve(model(service), {{"Region", std::monostate()}, {"UseFIPS", true}}) ==
              "error: Invalid Configuration: Missing Region");
    }
    // Where the rule set makes Region required, resolution stops before any rule.
    const ep::rule_set rules = parse_ok(partition_probe);
    CHECK(resolve(rules, {}) == "error: endpoint parameter 'Region' is required but not set");
}

TEST_CASE("endpoint rules: parameters are checked") {
    const ep::rule_set connect = model("connect");
    CHECK(resolve(connect, {{"Regoin", std::string("us-east-1")}}) ==
          "error: unknown endpoint parameter 'Regoin'");
    CHECK(resolve(connect, {{"Region", true}}) ==
          "error: endpoint parameter 'Region' must be a string, not a boolean");
    CHECK(
        resolve(connect, {{"Region", std::string("us-east-1")}, {"UseFIPS", std::string("yes")}}) ==
        "error: endpoint parameter 'UseFIPS' must be a boolean, not a string");
    CHECK(resolve(connect, {{"Region", std::vector<std::string>{"us-east-1"}}}) ==
          "error: endpoint parameter 'Region' must be a string, not an array of strings");

    // stringArray parameters, their defaults, and getAttr on them.
    const ep::rule_set arrays = parse_ok(R"json({"version": "1.0", "parameters": {
        "Names": {"type": "stringArray", "required": true, "default": ["first", "second"]}},
        "rules": [
            {"type": "endpoint",
             "conditions": [{"fn": "getAttr", "argv": [{"ref": "Names"}, "[1]"], "assign": "n"}],
             "endpoint": {"url": "https://{n}.{Names#[0]}.example.com"}},
            {"type": "error", "conditions": [], "error": "fewer than two names"}]})json");
    CHECK(arrays.parameters().at(0).type == ep::parameter_type::string_array);
    CHECK(arrays.parameters().at(0).default_value ==
          ep::value(std::vector<std::string>{"first", "second"}));
    CHECK(resolve(arrays, {}) == "https://second.first.example.com");
    CHECK(resolve(arrays, {{"Names", std::vector<std::string>{"a", "b", "c"}}}) ==
          "https://b.a.example.com");
    CHECK(resolve(arrays, {{"Names", std::vector<std::string>{"a"}}}) ==
          "error: fewer than two names");
}

// ---- Malformed rule sets ----------------------------------------------------------------------

TEST_CASE("endpoint rules: malformed rule sets are errors, never crashes") {
    // A minimal valid rule set around one condition and one url.
    const auto with = [](std::string_view condition, std::string_view url = "\"https://x\"") {
        std::string json = R"json({"version": "1.0", "parameters": {
            "Region": {"type": "string"},
            "Flag": {"type": "boolean", "required": true, "default": false}},
            "rules": [{"type": "endpoint", "conditions": [)json";
        json += condition;
        json += R"json(], "endpoint": {"url": )json";
        json += url;
        json += "}}]}";
        return json;
    };
    parse_ok(with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})"));

    struct bad_case {
        std::string json;
        std::string error;
    };
    const std::vector<bad_case> cases = {
        {"", "the endpoint rule set is not valid JSON (at byte 0)"},
        {"{\"version\": \"1.0\",", "the endpoint rule set is not valid JSON"},
        {"[]", "bad endpoint rule set: a rule set must be a JSON object"},
        {R"({"parameters": {}, "rules": []})", "'version' must be a string"},
        {R"({"version": "2.0", "parameters": {}, "rules": []})",
         "rules engine version '2.0' is not supported (1.x is)"},
        {R"({"version": "1.0", "parameters": {}, "rules": []})",
         "'rules' must be an array of one or more rules"},
        {R"({"version": "1.0", "parameters": {}, "rules": [], "extra": 1})",
         "unexpected member 'extra'"},
        {R"({"version": "1.0", "parameters": {"R": {"type": "number"}}, "rules": []})",
         "parameters.R: unknown parameter type 'number' (string, boolean or stringArray)"},
        {R"({"version": "1.0", "parameters": {"R": {"type": "string", "default": true,
             "required": true}}, "rules": []})",
         "parameters.R: the default is not a string"},
        {R"({"version": "1.0", "parameters": {"R": {"type": "string", "default": "x"}},
             "rules": []})",
         "parameters.R: a parameter with a default must be required"},
        {R"({"version": "1.0", "parameters": {"a-b": {"type": "string"}}, "rules": []})",
         "parameters.a-b: a parameter name must be an identifier"},
        {with(R"({"fn": "isSett", "argv": [{"ref": "Region"}]})"),
         "rules[0].conditions[0]: unknown function 'isSett'"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Regin"}]})"),
         "rules[0].conditions[0].argv[0]: 'Regin' is not defined here"},
        {with(R"({"fn": "isSet", "argv": []})"),
         "rules[0].conditions[0]: isSet takes 1 argument, not 0"},
        {with(R"({"fn": "stringEquals", "argv": [{"ref": "Region"}, true]})"),
         "rules[0].conditions[0].argv[1]: stringEquals takes a string here, not a boolean"},
        {with(R"({"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]})"),
         "rules[0].conditions[0].argv[0]: booleanEquals takes a boolean here, not a string"},
        {with(R"({"fn": "not", "argv": [{"fn": "aws.partition", "argv": ["x"]}]})"),
         "not takes a boolean here, not a partition (aws.partition)"},
        {with(R"({"fn": "substring", "argv": ["x", 0, 1.5, false]})"),
         "rules[0].conditions[0].argv[2]: numbers must be integers"},
        {with(R"({"fn": "substring", "argv": ["x", -1, 2, false]})"),
         "substring's indexes must not be negative"},
        {with(R"({"fn": "isSet", "argv": [null]})"), "null is not a value"},
        {with(R"({"fn": "isSet", "argv": [{"x": 1}]})"),
         "an object here must be a reference {\"ref\": ...} or a function call"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region", "assign": "x"}]})"),
         "unexpected member 'assign'"},
        {with(R"({"fn": "isSet", "argv": [{"fn": "parseURL", "argv": ["x"], "assign": "u"}]})"),
         "'assign' is only allowed on a condition"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}], "assign": "Flag"})"),
         "'Flag' is already defined here; 'assign' must introduce a new name"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}], "assign": "not an id"})"),
         "'assign' must be an identifier"},
        {with(R"({"fn": "getAttr", "argv": [{"ref": "Region"}, "name"]})"),
         "cannot read attribute 'name' of a string"},
        {with(R"({"fn": "getAttr", "argv": [{"fn": "parseURL", "argv": ["x"]}, "host"]})"),
         "a URL (parseURL) has no attribute 'host' (it has scheme, authority, path, "
         "normalizedPath, isIp)"},
        {with(R"({"fn": "getAttr", "argv": [{"fn": "aws.parseArn", "argv": ["x"]}, "a[0].b"]})"),
         "malformed getAttr path 'a[0].b'"},
        {with(
             R"({"fn": "getAttr", "argv": [{"fn": "aws.parseArn", "argv": ["x"]}, {"ref": "Region"}]})"),
         "getAttr's path must be a string"},
        {with(R"({"fn": "getAttr", "argv": [{"fn": "aws.parseArn", "argv": ["x"]}, "region[0]"]})"),
         "cannot index a string"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", R"("https://{Region")"),
         "rules[0].endpoint.url: unclosed '{' in template 'https://{Region'"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", R"("https://}")"),
         "unmatched '}' in template 'https://}'"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", R"("https://{Flag}")"),
         "template 'https://{Flag}': {Flag} is a boolean; only strings can be templated"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", R"("https://{Nope}")"),
         "template 'https://{Nope}' refers to 'Nope', which is not defined here"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", R"("https://{Region#x}")"),
         "cannot read attribute 'x' of a string"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", R"({"ref": "Flag"})"),
         "rules[0].endpoint.url: the url must be a string, not a boolean"},
        {with(R"({"fn": "isSet", "argv": [{"ref": "Region"}]})", "true"),
         "the url must be a string, not a boolean"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "endpoint"}]})",
         "rules[0]: an endpoint rule needs an 'endpoint' object"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "endpoint",
             "endpoint": {"headers": {}}}]})",
         "rules[0].endpoint: 'url' is missing"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "endpoint",
             "endpoint": {"url": "https://x", "headers": {"h": "v"}}}]})",
         "rules[0].endpoint.headers.h: a header's values must be an array"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "endpoint",
             "endpoint": {"url": "https://x", "headers": {"h": [true]}}}]})",
         "rules[0].endpoint.headers.h[0]: a header value must be a string, not a boolean"},
        {R"({"version": "1.0", "parameters": {"R": {"type": "string"}}, "rules": [
             {"type": "endpoint", "endpoint": {"url": "https://x",
              "properties": {"a": [{"ref": "R"}]}}}]})",
         "rules[0].endpoint.properties.a[0]: endpoint properties must not contain references"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "endpoint", "conditions": {},
             "endpoint": {"url": "https://x"}}]})",
         "rules[0]: 'conditions' must be an array"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "tree", "conditions": []}]})",
         "rules[0]: a tree rule needs 'rules', an array of one or more rules"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "tree", "rules": [
             {"type": "oops"}]}]})",
         "rules[0].rules[0]: unknown rule type 'oops' (endpoint, error or tree)"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "error"}]})",
         "rules[0]: an error rule needs an 'error' message"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "error", "error": ["x"]}]})",
         "rules[0].error: the error message must be a string, not an array of strings"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "error", "error": "x",
             "endpoint": {}}]})",
         "rules[0]: unexpected member 'endpoint'"},
        {R"({"version": "1.0", "parameters": {}, "rules": [{"type": "error", "error": "x",
             "conditions": ["x"]}]})",
         "rules[0].conditions[0]: a condition must be a function call"},
    };
    for (const bad_case& c : cases) {
        CAPTURE(c.json);
        const std::string error = parse_error(c.json);
        CHECK_MESSAGE(error.find(c.error) != std::string::npos, error);
    }

    // Names assigned in one rule are not visible in its siblings, only inside it.
    CHECK(parse_error(R"json({"version": "1.0", "parameters": {"R": {"type": "string"}}, "rules": [
        {"type": "tree",
         "conditions": [{"fn": "parseURL", "argv": ["{R}"], "assign": "u"}],
         "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "{u#scheme}://x"}}]},
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "{u#scheme}://y"}}]})json") ==
          "bad endpoint rule set: rules[1].endpoint.url: template '{u#scheme}://y' refers to "
          "'u', which is not defined here");

    // Nesting beyond the depth limit is an error, not a stack overflow.
    CHECK(parse_error(std::string(100000, '[')).find("not valid JSON") != std::string::npos);
    std::string deep = "true";
    for (int i = 0; i < 300; ++i)
        deep = R"({"fn": "not", "argv": [)" + deep + "]}";
    CHECK(parse_error(with(deep)).find("not valid JSON") != std::string::npos);
    std::string nested = "true";
    for (int i = 0; i < 51; ++i)
        nested = R"({"fn": "not", "argv": [)" + nested + "]}";
    CHECK(resolve(parse_ok(with(nested)), {}) ==
          "error: no endpoint rule matched these parameters");

    // An empty rule set never resolves.
    CHECK(resolve(ep::rule_set(), {}) == "error: no endpoint rules (the rule set did not parse)");
    CHECK(ep::rule_set().parameters().empty());
}

// ---- Semantics --------------------------------------------------------------------------------

TEST_CASE("endpoint rules: templates, headers and properties") {
    const ep::rule_set rules = parse_ok(R"json({"version": "1.0",
        "parameters": {
            "Region": {"type": "string", "required": true, "documentation": "region"},
            "Tenant": {"type": "string", "documentation": "tenant"}},
        "rules": [
            {"type": "error",
             "conditions": [{"fn": "stringEquals", "argv": ["{Region}", "nowhere-1"]}],
             "error": "{{{Region}}} is not a region"},
            {"type": "endpoint",
             "conditions": [
                 {"fn": "isSet", "argv": [{"ref": "Tenant"}]},
                 {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
             "endpoint": {
                 "url": "https://{Tenant}.svc.{Region}.{P#dnsSuffix}",
                 "headers": {"x-tenant": ["{Tenant}", "fixed"], "x-empty": []},
                 "properties": {
                     "authSchemes": [{"name": "sigv4", "signingName": "svc",
                                      "signingRegion": "{Region}", "disableDoubleEncoding": true}],
                     "literal": {"n": 1, "braces": "{{x}}", "list": [null, false]}}}},
            {"type": "endpoint", "conditions": [],
             "endpoint": {"url": {"fn": "uriEncode", "argv": ["{Region}/"]}}}]})json");

    ep::endpoint out;
    std::string error;
    REQUIRE(rules.resolve({{"Region", std::string("eu-west-1")}, {"Tenant", std::string("acme")}},
                          out, error));
    CHECK(out.url == "https://acme.svc.eu-west-1.amazonaws.com");
    CHECK(out.headers == std::map<std::string, std::vector<std::string>>{
                             {"x-empty", {}}, {"x-tenant", {"acme", "fixed"}}});
    CHECK(out.properties == boost::json::parse(R"json({
        "authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "eu-west-1",
                         "disableDoubleEncoding": true}],
        "literal": {"n": 1, "braces": "{x}", "list": [null, false]}})json"));

    CHECK(resolve(rules, {{"Region", std::string("nowhere-1")}}) ==
          "error: {nowhere-1} is not a region");
    CHECK(resolve(rules, {{"Region", std::string("eu-west-1")}}) == "eu-west-1%2F");
}

TEST_CASE("endpoint rules: a tree whose rules all fail is an error") {
    const ep::rule_set rules = parse_ok(R"json({"version": "1.0",
        "parameters": {"A": {"type": "boolean", "required": true, "default": false},
                       "B": {"type": "boolean", "required": true, "default": false}},
        "rules": [
            {"type": "tree", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "A"}, true]}],
             "rules": [{"type": "endpoint",
                        "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "B"}, true]}],
                        "endpoint": {"url": "https://a-and-b"}}]},
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "B"}, true]}],
             "endpoint": {"url": "https://b"}}]})json");
    CHECK(resolve(rules, {{"A", true}, {"B", true}}) == "https://a-and-b");
    CHECK(resolve(rules, {{"B", true}}) == "https://b");
    // A tree is terminal: once entered, the rules after it are not tried.
    CHECK(resolve(rules, {{"A", true}}) ==
          "error: no endpoint rule matched these parameters (every rule of rules[0] failed)");
    CHECK(resolve(rules, {}) == "error: no endpoint rule matched these parameters");
}

TEST_CASE("endpoint rules: run-time failures name the place") {
    // Region is optional; using it without isSet is a rule set bug that shows when it is unset.
    const ep::rule_set rules = parse_ok(R"json({"version": "1.0",
        "parameters": {"Region": {"type": "string"}},
        "rules": [{"type": "tree", "conditions": [], "rules": [
            {"type": "endpoint",
             "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}],
             "endpoint": {"url": "https://x"}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Region"}}}]}]})json");
    CHECK(resolve(rules, {{"Region", std::string("x")}}) == "https://x");
    CHECK(resolve(rules, {{"Region", std::string("y")}}) == "y");
    CHECK(resolve(rules, {}) == "error: endpoint rules failed at rules[0].rules[0].conditions[0]: "
                                "stringEquals's argument 1 is not set");

    const ep::rule_set url = parse_ok(R"json({"version": "1.0",
        "parameters": {"Region": {"type": "string"}},
        "rules": [{"type": "endpoint", "conditions": [],
                   "endpoint": {"url": "https://{Region}"}}]})json");
    CHECK(resolve(url, {}) ==
          "error: endpoint rules failed at rules[0].endpoint.url: template placeholder {Region} "
          "is not set");
}

TEST_CASE("endpoint rules: isValidHostLabel") {
    const ep::rule_set label =
        parse_ok(probe(R"({"fn": "isValidHostLabel", "argv": [{"ref": "S"}, {"ref": "B"}]})"));
    CHECK(holds(label, "us-east-1"));
    CHECK(holds(label, "3aws4"));
    CHECK(holds(label, "a"));
    CHECK(holds(label, std::string(63, 'a')));
    CHECK_FALSE(holds(label, std::string(64, 'a')));
    CHECK_FALSE(holds(label, ""));
    CHECK_FALSE(holds(label, "-abc"));
    CHECK_FALSE(holds(label, "part1 part2"));
    CHECK_FALSE(holds(label, "a_b"));
    CHECK_FALSE(holds(label, "part1.part2"));
    CHECK(holds(label, "part1.part2", true));
    CHECK_FALSE(holds(label, "part1.", true));
    CHECK_FALSE(holds(label, ".part1", true));
    CHECK_FALSE(holds(label, "part1..part2", true));
    CHECK_FALSE(holds(label, "part1.-part2", true));
}

TEST_CASE("endpoint rules: aws.isVirtualHostableS3Bucket") {
    const ep::rule_set bucket = parse_ok(
        probe(R"({"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "S"}, {"ref": "B"}]})"));
    CHECK_FALSE(holds(bucket, "ab"));
    CHECK(holds(bucket, "abc"));
    CHECK(holds(bucket, std::string(63, 'a')));
    CHECK_FALSE(holds(bucket, std::string(64, 'a')));
    CHECK_FALSE(holds(bucket, "-abc"));
    CHECK_FALSE(holds(bucket, "abc-"));
    CHECK_FALSE(holds(bucket, ".abc", true));
    CHECK_FALSE(holds(bucket, "abc.", true));
    CHECK(holds(bucket, "a-b-c"));
    CHECK_FALSE(holds(bucket, "a.b-c"));
    CHECK(holds(bucket, "a.b-c", true));
    CHECK_FALSE(holds(bucket, "a..b", true));
    CHECK_FALSE(holds(bucket, "a-.b", true));
    CHECK_FALSE(holds(bucket, "a.-b", true));
    CHECK_FALSE(holds(bucket, "192.168.1.1", true));
    CHECK_FALSE(holds(bucket, "999.999.999.999", true));
    CHECK(holds(bucket, "192.168.1.word", true));
    CHECK(holds(bucket, "123", true));
    CHECK_FALSE(holds(bucket, "abc_def", true));
    CHECK_FALSE(holds(bucket, "abcDef", true));
}

TEST_CASE("endpoint rules: parseURL") {
    const ep::rule_set rules = parse_ok(R"json({"version": "1.0",
        "parameters": {"Endpoint": {"type": "string", "required": true}},
        "rules": [{"type": "tree",
            "conditions": [{"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "u"}],
            "rules": [
                {"type": "error",
                 "conditions": [{"fn": "getAttr", "argv": [{"ref": "u"}, "isIp"], "assign": "ip"},
                                {"fn": "booleanEquals", "argv": [{"ref": "ip"}, true]}],
                 "error": "ip|{u#scheme}|{u#authority}|{u#path}|{u#normalizedPath}"},
                {"type": "error", "conditions": [],
                 "error": "host|{u#scheme}|{u#authority}|{u#path}|{u#normalizedPath}"}]},
            {"type": "error", "conditions": [], "error": "invalid"}]})json");
    const auto parsed = [&](std::string url) {
        ep::endpoint out;
        std::string error;
        CHECK_FALSE(rules.resolve({{"Endpoint", std::move(url)}}, out, error));
        return error;
    };
    CHECK(parsed("https://example.com") == "host|https|example.com||/");
    CHECK(parsed("https://example.com/") == "host|https|example.com|/|/");
    CHECK(parsed("http://example.com:80/foo/bar") == "host|http|example.com:80|/foo/bar|/foo/bar/");
    CHECK(parsed("https://authority.com/custom-path") ==
          "host|https|authority.com|/custom-path|/custom-path/");
    CHECK(parsed("HTTPS://example.com") == "host|https|example.com||/");
    CHECK(parsed("https://user:pw@example.com/x") == "host|https|example.com|/x|/x/");
    CHECK(parsed("https://example.com/a#fragment") == "host|https|example.com|/a|/a/");
    CHECK(parsed("http://99_ab-.com") == "host|http|99_ab-.com||/");
    CHECK(parsed("https://999.999.abc.blah") == "host|https|999.999.abc.blah||/");
    CHECK(parsed("https://127.0.0.1") == "ip|https|127.0.0.1||/");
    CHECK(parsed("http://192.168.1.1:1234/foo/") == "ip|http|192.168.1.1:1234|/foo/|/foo/");
    CHECK(parsed("https://[fe80::1]") == "ip|https|[fe80::1]||/");
    CHECK(parsed("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443") ==
          "ip|https|[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443||/");
    CHECK(parsed("https://example.com:8443?foo=bar&faz=baz") == "invalid");
    CHECK(parsed("https://example.com/path?query1=foo") == "invalid");
    CHECK(parsed("acbd://example.com") == "invalid");
    CHECK(parsed("http://abc.com:a/foo") == "invalid");
    CHECK(parsed("http://abc.com:70000") == "invalid");
    CHECK(parsed("http://abc.com:") == "invalid");
    CHECK(parsed("https://") == "invalid");
    CHECK(parsed("https:///path") == "invalid");
    CHECK(parsed("https://exa mple.com") == "invalid");
    CHECK(parsed("https://[zz::1]") == "invalid");
    CHECK(parsed("example.com") == "invalid");
    CHECK(parsed("") == "invalid");
}

TEST_CASE("endpoint rules: substring, uriEncode, aws.parseArn and getAttr") {
    const auto value_of = [](std::string_view condition, std::string input) {
        return answer(parse_ok(probe(condition, "{r}", "<unset>")), std::move(input));
    };
    const char* first4 = R"({"fn": "substring", "argv": ["{S}", 0, 4, false], "assign": "r"})";
    const char* last4 = R"({"fn": "substring", "argv": [{"ref": "S"}, 0, 4, true], "assign": "r"})";
    const char* middle =
        R"({"fn": "substring", "argv": [{"ref": "S"}, 1, 3, false], "assign": "r"})";
    CHECK(value_of(first4, "abcdefg") == "abcd");
    CHECK(value_of(first4, "abcd") == "abcd");
    CHECK(value_of(first4, "abc") == "<unset>");
    CHECK(value_of(first4, "") == "<unset>");
    CHECK(value_of(first4, "\xef\xb7\xbd") == "<unset>"); // non-ASCII input
    CHECK(value_of(first4, "\x7f"
                           "abcdef") == "\x7f"
                                        "abc");
    CHECK(value_of(last4, "abcdefg") == "defg");
    CHECK(value_of(last4, "abc") == "<unset>");
    CHECK(value_of(middle, "defg") == "ef");
    CHECK(value_of(middle, "ab") == "<unset>");

    const char* encode = R"({"fn": "uriEncode", "argv": [{"ref": "S"}], "assign": "r"})";
    CHECK(value_of(encode, "a b/c?d=e&f") == "a%20b%2Fc%3Fd%3De%26f");
    CHECK(value_of(encode, "AZaz09-_.~") == "AZaz09-_.~");
    CHECK(
        value_of(encode, "/:,?#[]{}|@! $&'()*+;=%<>\"^`\\") ==
        "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C");
    CHECK(value_of(encode, "\xc3\xa9") == "%C3%A9");

    const auto arn = [&](const char* path, std::string input) {
        const std::string condition = std::string(R"({"fn": "aws.parseArn", "argv": ["{S}"],
            "assign": "a"}, {"fn": "getAttr", "argv": [{"ref": "a"}, ")") +
                                      path + R"("], "assign": "r"})";
        return value_of(condition, std::move(input));
    };
    const std::string access_point = "arn:aws:s3:us-west-2:123456789012:accesspoint/my-endpoint";
    CHECK(arn("partition", access_point) == "aws");
    CHECK(arn("service", access_point) == "s3");
    CHECK(arn("region", access_point) == "us-west-2");
    CHECK(arn("accountId", access_point) == "123456789012");
    CHECK(arn("resourceId[0]", access_point) == "accesspoint");
    CHECK(arn("resourceId[1]", access_point) == "my-endpoint");
    CHECK(arn("resourceId[2]", access_point) == "<unset>"); // out of range
    CHECK(arn("resourceId[2]", "arn:aws:s3-outposts:us-west-2:1:outpost:op-01/accesspoint") ==
          "accesspoint");
    CHECK(arn("resourceId[1]", "arn:aws:iam::123456789012:user/name") == "name");
    CHECK(arn("partition", "arn:aws:s3") == "<unset>");
    CHECK(arn("partition", "arn::s3:us-west-2:1:x") == "<unset>");
    CHECK(arn("partition", "arn:aws::us-west-2:1:x") == "<unset>");
    CHECK(arn("partition", "arn:aws:s3:us-west-2:1:") == "<unset>");
    CHECK(arn("partition", "nra:aws:s3:us-west-2:1:x") == "<unset>");

    // An empty string is set: isSet and templates see it.
    const ep::rule_set empty_region = parse_ok(probe(
        R"({"fn": "aws.parseArn", "argv": ["{S}"], "assign": "a"},
           {"fn": "getAttr", "argv": [{"ref": "a"}, "region"], "assign": "r"})",
        "[{r}]"));
    CHECK(answer(empty_region, "arn:aws:iam::123456789012:user/name") == "[]");
}

TEST_CASE("endpoint rules: not, isSet and booleanEquals") {
    const ep::rule_set negated =
        parse_ok(probe(R"({"fn": "not", "argv": [{"fn": "booleanEquals", "argv": [{"ref": "B"},
                          true]}]})"));
    CHECK(holds(negated, "", false));
    CHECK_FALSE(holds(negated, "", true));
    const ep::rule_set set =
        parse_ok(probe(R"({"fn": "isSet", "argv": [{"fn": "parseURL", "argv": [{"ref": "S"}]}]})"));
    CHECK(holds(set, "https://example.com"));
    CHECK_FALSE(holds(set, "nope"));
}

TEST_CASE("endpoint rules: concurrent resolution shares one parsed rule set") {
    const ep::rule_set connect = model("connect");
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&connect, &wrong, t] {
            const std::string region = t % 2 == 0 ? "eu-central-1" : "cn-northwest-1";
            const std::string expected = t % 2 == 0 ? "https://connect-fips.eu-central-1.api.aws"
                                                    : "https://connect-fips.cn-northwest-1."
                                                      "api.amazonwebservices.com.cn";
            for (int i = 0; i < 200; ++i) {
                ep::endpoint out;
                std::string error;
                if (!connect.resolve(
                        {{"Region", region}, {"UseFIPS", true}, {"UseDualStack", true}}, out,
                        error) ||
                    out.url != expected)
                    ++wrong;
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    CHECK(wrong == 0);
}
