#include "naming/naming.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace hawk::codegen::naming;

namespace {

// The repository root, found from this file's location so the test works from any build dir.
std::filesystem::path naming_repo_root() {
    namespace fs = std::filesystem;
    for (fs::path dir = fs::absolute(fs::path(__FILE__)).parent_path();; dir = dir.parent_path()) {
        if (fs::is_directory(dir / "models") && fs::is_directory(dir / "codegen")) {
            return dir;
        }
        if (dir == dir.root_path() || dir.empty()) {
            return {};
        }
    }
}

std::vector<boost::json::object> naming_load_models() {
    namespace fs = std::filesystem;
    std::vector<boost::json::object> models;
    const fs::path root = naming_repo_root() / "models";
    if (!fs::is_directory(root)) {
        return models;
    }
    std::vector<fs::path> files;
    for (const auto& service : fs::directory_iterator(root)) {
        if (!service.is_directory()) {
            continue;
        }
        for (const auto& version : fs::directory_iterator(service.path())) {
            const fs::path file = version.path() / "service-2.json";
            if (fs::is_regular_file(file)) {
                files.push_back(file);
            }
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        models.push_back(boost::json::parse(buffer.str()).as_object());
    }
    return models;
}

bool is_snake(std::string_view s) {
    if (s.empty() || s.front() == '_' || s.back() == '_' || s.find("__") != s.npos) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_identifier(std::string_view s) {
    if (s.empty() || (s.front() >= '0' && s.front() <= '9')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

} // namespace

TEST_CASE("to_snake_case: PascalCase and camelCase") {
    CHECK(to_snake_case("ConnectionToken") == "connection_token");
    CHECK(to_snake_case("ContentType") == "content_type");
    CHECK(to_snake_case("InstanceId") == "instance_id");
    CHECK(to_snake_case("MessageTemplateAttributes") == "message_template_attributes");
    CHECK(to_snake_case("ChatStreamingConfiguration") == "chat_streaming_configuration");
    CHECK(to_snake_case("maxResults") == "max_results");
    CHECK(to_snake_case("nextToken") == "next_token");
    CHECK(to_snake_case("assistantId") == "assistant_id");
    CHECK(to_snake_case("Name") == "name");
    CHECK(to_snake_case("a") == "a");
}

TEST_CASE("to_snake_case: acronyms") {
    CHECK(to_snake_case("ARN") == "arn");
    CHECK(to_snake_case("InstanceARN") == "instance_arn");
    CHECK(to_snake_case("ContactFlowARNs") == "contact_flow_arns");
    CHECK(to_snake_case("ACLs") == "acls");
    CHECK(to_snake_case("UserIDs") == "user_ids");
    CHECK(to_snake_case("ARNsList") == "arns_list");
    CHECK(to_snake_case("SSMLMessage") == "ssml_message");
    CHECK(to_snake_case("SIPAddress") == "sip_address");
    CHECK(to_snake_case("AWSAccountId") == "aws_account_id");
    CHECK(to_snake_case("KMSKeyId") == "kms_key_id");
    CHECK(to_snake_case("DBProxy") == "db_proxy");
    CHECK(to_snake_case("IAMUser") == "iam_user");
    CHECK(to_snake_case("DynamoDBv2") == "dynamo_dbv2"); // versioned acronym stays whole
    CHECK(to_snake_case("TTL") == "ttl");
}

TEST_CASE("to_snake_case: digits and mixed-case words") {
    CHECK(to_snake_case("IPv4Address") == "ipv4_address");
    CHECK(to_snake_case("IPv6Addresses") == "ipv6_addresses");
    CHECK(to_snake_case("SigV4Auth") == "sigv4_auth");
    CHECK(to_snake_case("SizeInMiB") == "size_in_mib");
    CHECK(to_snake_case("TtlSeconds") == "ttl_seconds");
    CHECK(to_snake_case("S3Uri") == "s3_uri");
    CHECK(to_snake_case("S3Key") == "s3_key");
    CHECK(to_snake_case("s3key") == "s3_key");
    CHECK(to_snake_case("E164PhoneNumber") == "e164_phone_number");
    CHECK(to_snake_case("LexV2Bot") == "lex_v2_bot");
    CHECK(to_snake_case("GetMetricDataV2") == "get_metric_data_v2");
    CHECK(to_snake_case("Ec2InstanceId") == "ec2_instance_id");
    CHECK(to_snake_case("1h") == "1h");
    CHECK(to_snake_case("3Des") == "3_des");
    CHECK(to_snake_case("PT1M") == "pt1_m");
}

TEST_CASE("to_snake_case: separators") {
    CHECK(to_snake_case("already_snake") == "already_snake");
    CHECK(to_snake_case("Name_With_Underscores") == "name_with_underscores");
    CHECK(to_snake_case("a__b") == "a_b");
    CHECK(to_snake_case("_leading") == "leading");
    CHECK(to_snake_case("trailing_") == "trailing");
    CHECK(to_snake_case("__x__y__") == "x_y");
    CHECK(to_snake_case("kebab-case-name") == "kebab_case_name");
    CHECK(to_snake_case("dotted.name") == "dotted_name");
    CHECK(to_snake_case("caf\xC3\xA9Name") == "caf_name"); // non-ASCII separates and is dropped
    CHECK(to_snake_case("") == "");
    CHECK(to_snake_case("___") == "");
}

TEST_CASE("cpp_identifier") {
    CHECK(cpp_identifier("connection_token") == "connection_token");
    CHECK(cpp_identifier("Name") == "Name");
    // Keywords, including alternative tokens and C++20 additions.
    for (const char* keyword :
         {"and",      "or",        "not",      "xor",       "bitand",    "bitor",    "compl",
          "and_eq",   "or_eq",     "xor_eq",   "not_eq",    "co_await",  "co_yield", "co_return",
          "requires", "concept",   "char8_t",  "consteval", "constinit", "delete",   "default",
          "class",    "namespace", "operator", "template",  "this",      "true",     "false",
          "nullptr",  "alignas",   "alignof",  "export"}) {
        CAPTURE(keyword);
        CHECK(cpp_identifier(keyword) == std::string(keyword) + "_");
    }
    // Macros and practical collisions.
    for (const char* name :
         {"errno",   "EOF",      "NULL",     "DOMAIN",   "OVERFLOW", "UNDERFLOW", "EDOM",
          "ERANGE",  "major",    "minor",    "makedev",  "unix",     "linux",     "i386",
          "stdin",   "stdout",   "stderr",   "assert",   "min",      "max",       "TRUE",
          "FALSE",   "BUFSIZ",   "CHAR_BIT", "SIZE_MAX", "INT_MAX",  "NAN",       "INFINITY",
          "signbit", "isnan",    "isinf",    "offsetof", "std",      "module",    "import",
          "small",   "interface"}) {
        CAPTURE(name);
        CHECK(cpp_identifier(name) == std::string(name) + "_");
    }
    // Case matters: only the exact spelling is reserved.
    CHECK(cpp_identifier("Delete") == "Delete");
    CHECK(cpp_identifier("Errno") == "Errno");
    CHECK(cpp_identifier("delete_") == "delete_");
    // Leading digits.
    CHECK(cpp_identifier("3Des") == "v3Des");
    CHECK(cpp_identifier("1h") == "v1h");
    // Reserved to the implementation.
    CHECK(cpp_identifier("a__b") == "a_b");
    CHECK(cpp_identifier("_Foo") == "v_Foo");
    CHECK(cpp_identifier("__x") == "_x");
    CHECK(cpp_identifier("_foo") == "_foo");
    // Safety net for characters that cannot appear in identifiers.
    CHECK(cpp_identifier("a-b") == "a_b");
    CHECK(cpp_identifier("") == "v");
}

TEST_CASE("enum_constant_name") {
    CHECK(enum_constant_name("text/plain") == "text_plain");
    CHECK(enum_constant_name("application/vnd.amazonaws.connect.message.interactive.response") ==
          "application_vnd_amazonaws_connect_message_interactive_response");
    CHECK(enum_constant_name("TEXT") == "text");
    CHECK(enum_constant_name("AGENT_ID") == "agent_id");
    CHECK(enum_constant_name("inProgress") == "in_progress");
    CHECK(enum_constant_name("CUSTOMER") == "customer");
    CHECK(enum_constant_name("en-US") == "en_us");
    CHECK(enum_constant_name("Times New Roman") == "times_new_roman");
    CHECK(enum_constant_name("PT1M") == "pt1m");
    CHECK(enum_constant_name("AES256GCM") == "aes256gcm");
    CHECK(enum_constant_name("1h") == "v1h");
    CHECK(enum_constant_name("24Hours") == "v24_hours");
    CHECK(enum_constant_name("*") == "star");
    CHECK(enum_constant_name("+") == "plus");
    CHECK(enum_constant_name("-") == "minus");
    CHECK(enum_constant_name("<=") == "lt_eq");
    CHECK(enum_constant_name("") == "empty");
    CHECK(enum_constant_name("\xC3\xA9") == "empty");
    CHECK(enum_constant_name("caf\xC3\xA9") == "caf");
    CHECK(enum_constant_name("\t") == "x09");
    // Keywords are escaped after conversion.
    CHECK(enum_constant_name("DELETE") == "delete_");
    CHECK(enum_constant_name("DEFAULT") == "default_");
    CHECK(enum_constant_name("AND") == "and_");
    CHECK(enum_constant_name("PUBLIC") == "public_");
    // Collisions are the caller's to resolve.
    CHECK(enum_constant_name("a-b") == enum_constant_name("a_b"));
}

TEST_CASE("pascal_to_kebab matches AWS CLI command names") {
    CHECK(pascal_to_kebab("SendMessage") == "send-message");
    CHECK(pascal_to_kebab("StartContactStreaming") == "start-contact-streaming");
    CHECK(pascal_to_kebab("ListUsers") == "list-users");
    CHECK(pascal_to_kebab("DescribeInstanceAttribute") == "describe-instance-attribute");
    CHECK(pascal_to_kebab("GetMetricDataV2") == "get-metric-data-v2");
    CHECK(pascal_to_kebab("AssociateLexBot") == "associate-lex-bot");
    CHECK(pascal_to_kebab("ListWebACLs") == "list-web-acls");
    CHECK(pascal_to_kebab("DescribeDBInstances") == "describe-db-instances");
    CHECK(pascal_to_kebab("ListHITsForQualificationType") == "list-hits-for-qualification-type");
    CHECK(pascal_to_kebab("ExecutePartiQLStatement") == "execute-partiql-statement");
    CHECK(pascal_to_kebab("GetBucketAcl") == "get-bucket-acl");
    CHECK(pascal_to_kebab("ARNs") == "arns");
    CHECK(pascal_to_kebab("GatewayARNs") == "gateway-arns");
    // The CLI splits some words snake case keeps whole.
    CHECK(pascal_to_kebab("IPv4Address") == "i-pv4-address");
    CHECK(pascal_to_kebab("already-kebab") == "already-kebab");
    CHECK(pascal_to_kebab("") == "");
}

TEST_CASE("naming over every model: members, shapes, enums, operations") {
    const auto models = naming_load_models();
    REQUIRE(models.size() >= 3);
    std::size_t names = 0;
    std::size_t values = 0;
    for (const auto& model : models) {
        const auto& shapes = model.at("shapes").as_object();
        for (const auto& [shape_name, shape_value] : shapes) {
            const std::string shape_snake = to_snake_case(shape_name);
            CAPTURE(shape_name);
            CHECK(is_snake(shape_snake));
            const std::string shape_id = cpp_identifier(shape_snake);
            CHECK(is_identifier(shape_id));
            CHECK(cpp_identifier(shape_id) == shape_id);
            ++names;

            const auto& shape = shape_value.as_object();
            if (const auto* members = shape.if_contains("members")) {
                // Distinct members must stay distinct, or generated structs would not compile.
                std::set<std::string> seen;
                for (const auto& [member_name, member] : members->as_object()) {
                    (void)member;
                    const std::string snake = to_snake_case(member_name);
                    CAPTURE(member_name);
                    CHECK(is_snake(snake));
                    const std::string id = cpp_identifier(snake);
                    CHECK(is_identifier(id));
                    CHECK(cpp_identifier(id) == id);
                    CHECK(seen.insert(id).second);
                    ++names;
                }
            }
            if (const auto* enumeration = shape.if_contains("enum")) {
                for (const auto& value : enumeration->as_array()) {
                    const std::string_view wire = value.as_string();
                    const std::string id = enum_constant_name(wire);
                    CAPTURE(wire);
                    CHECK(is_identifier(id));
                    CHECK(id.find("__") == std::string::npos);
                    CHECK(cpp_identifier(id) == id);
                    ++values;
                }
            }
        }
        if (const auto* operations = model.if_contains("operations")) {
            for (const auto& [operation, definition] : operations->as_object()) {
                (void)definition;
                const std::string kebab = pascal_to_kebab(operation);
                CAPTURE(operation);
                CHECK(!kebab.empty());
                CHECK(kebab.find("--") == std::string::npos);
                CHECK(std::all_of(kebab.begin(), kebab.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                }));
            }
        }
    }
    CHECK(names > 1000);
    CHECK(values > 500);
}
