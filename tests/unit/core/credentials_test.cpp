// Credentials, the shared config files and region resolution. Every test builds its own
// environment and files under a temporary directory: the real environment and ~/.aws are never
// read. (Test names all contain "credentials" so that -tc='*credential*' selects the suite.)
#include <hawk/core/auth/credentials.hpp>
#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/config/shared_config.hpp>
#include <hawk/core/timestamp.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
namespace hc = hawk::core;
namespace ha = hawk::core::auth;
using namespace std::chrono_literals;
using status = ha::credentials_result::status;
using vars = std::map<std::string, std::string, std::less<>>;

namespace {

class temp_dir {
public:
    temp_dir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() / ("hawk-credentials-test-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }

    std::string path() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        const fs::path p = path_ / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }

private:
    fs::path path_;
};

// An environment whose shared files are <dir>/config and <dir>/credentials.
hc::environment files_env(const temp_dir& dir, vars extra = {}) {
    extra.emplace("AWS_CONFIG_FILE", dir.file("config"));
    extra.emplace("AWS_SHARED_CREDENTIALS_FILE", dir.file("credentials"));
    return hc::environment::from(std::move(extra));
}

hc::timestamp at(std::int64_t secs) {
    return hc::timestamp(std::chrono::seconds(secs));
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// The time, set by the test.
struct fake_clock {
    std::atomic<std::int64_t> seconds{1'700'000'000};
    hc::timestamp now() const { return at(seconds.load()); }
    void set(hc::timestamp t) {
        seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    }
};

ha::credentials creds(std::string key, std::optional<hc::timestamp> expiration = std::nullopt) {
    return ha::credentials{std::move(key), "SECRET", {}, expiration};
}

// A provider that counts calls and returns what the test queues (or a default).
struct counting_provider {
    std::atomic<int> calls{0};
    std::function<ha::credentials_result(int)> answer;

    std::shared_ptr<ha::credentials_provider> make() {
        return std::make_shared<ha::function_provider>([this] { return answer(++calls); });
    }
};

} // namespace

// ---------------------------------------------------------------------------------------------
// credentials and results

TEST_CASE("credentials: debug printing never shows the secret or the token") {
    const ha::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                            "FwoGZXIvYXdzEXAMPLETOKEN", at(1893456000)};
    const std::string text = ha::redacted(c);
    CHECK(text == "credentials{access_key_id: \"AKIDEXAMPLE\", secret_access_key: *** Sensitive "
                  "Data Redacted ***, session_token: *** Sensitive Data Redacted ***, expiration: "
                  "\"2030-01-01T00:00:00Z\"}");
    std::ostringstream os;
    os << c;
    CHECK(os.str() == text);
    for (const std::string& s : {text, os.str()}) {
        CHECK_FALSE(contains(s, "wJalr"));
        CHECK_FALSE(contains(s, "EXAMPLEKEY"));
        CHECK_FALSE(contains(s, "FwoGZ"));
    }
    // Empty ones reveal nothing, and saying they are empty helps debugging.
    CHECK(ha::redacted(ha::credentials{"AKID", "", "", std::nullopt}) ==
          "credentials{access_key_id: \"AKID\", secret_access_key: \"\", session_token: \"\"}");
}

TEST_CASE("credentials: results carry credentials, not-found or a failure") {
    const ha::credentials_result ok = creds("AKID");
    CHECK(ok.ok());
    CHECK(static_cast<bool>(ok));
    CHECK(ok.state() == status::ok);
    CHECK(ok.value().access_key_id == "AKID");
    CHECK(ok.message().empty());

    const auto none = ha::credentials_result::not_found("environment");
    CHECK_FALSE(none.ok());
    CHECK(none.state() == status::not_found);
    CHECK(none.searched() == "environment");
    CHECK(none.message() == "no credentials: looked in environment");
    CHECK_THROWS_WITH_AS(none.value(), "no credentials: looked in environment", std::runtime_error);

    const auto failed = ha::credentials_result::failure("it broke");
    CHECK(failed.state() == status::failed);
    CHECK(failed.message() == "it broke");
    CHECK_THROWS_AS(ha::credentials_result(failed).value(), std::runtime_error);
}

// ---------------------------------------------------------------------------------------------
// simple providers

TEST_CASE("credentials: static provider") {
    ha::static_provider p(ha::credentials{"AKID", "SECRET", "TOKEN", at(2000000000)});
    const auto r = p.get();
    REQUIRE(r.ok());
    CHECK(r.value().access_key_id == "AKID");
    CHECK(r.value().secret_access_key == "SECRET");
    CHECK(r.value().session_token == "TOKEN");
    CHECK(r.value().expiration == at(2000000000));
}

TEST_CASE("credentials: environment provider") {
    SUBCASE("nothing set is not found") {
        const auto r = ha::environment_provider(hc::environment::from({})).get();
        CHECK(r.state() == status::not_found);
        CHECK(r.searched() == "environment");
    }
    SUBCASE("an empty lookup is an empty environment") {
        CHECK(ha::environment_provider(hc::environment{}).get().state() == status::not_found);
    }
    SUBCASE("key id and secret, with a session token") {
        const auto r =
            ha::environment_provider(
                hc::environment::from({{"AWS_ACCESS_KEY_ID", "AKID"},
                                       {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                       {"AWS_SESSION_TOKEN", "TOKEN"},
                                       {"AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"}}))
                .get();
        REQUIRE(r.ok());
        CHECK(r.value().access_key_id == "AKID");
        CHECK(r.value().secret_access_key == "SECRET");
        CHECK(r.value().session_token == "TOKEN");
        CHECK(r.value().expiration == at(1893456000));
    }
    SUBCASE("the legacy AWS_SECURITY_TOKEN") {
        const auto r =
            ha::environment_provider(hc::environment::from({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                            {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                                            {"AWS_SECURITY_TOKEN", "OLD"}}))
                .get();
        REQUIRE(r.ok());
        CHECK(r.value().session_token == "OLD");
        CHECK_FALSE(r.value().expiration);
    }
    SUBCASE("a key id without a secret is a failure") {
        const auto r =
            ha::environment_provider(hc::environment::from({{"AWS_ACCESS_KEY_ID", "AKID"}})).get();
        CHECK(r.state() == status::failed);
        CHECK(r.message() ==
              "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }
    SUBCASE("a secret without a key id is a failure") {
        const auto r =
            ha::environment_provider(hc::environment::from({{"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                                            {"AWS_ACCESS_KEY_ID", ""}}))
                .get();
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(), "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"));
        CHECK_FALSE(contains(r.message(), "SECRET\""));
    }
    SUBCASE("empty variables count as unset") {
        const auto r =
            ha::environment_provider(
                hc::environment::from({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}}))
                .get();
        CHECK(r.state() == status::not_found);
    }
    SUBCASE("a bad expiration is a failure") {
        const auto r =
            ha::environment_provider(hc::environment::from({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                            {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                                            {"AWS_CREDENTIAL_EXPIRATION", "soon"}}))
                .get();
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(), "AWS_CREDENTIAL_EXPIRATION"));
    }
}

TEST_CASE("credentials: function provider") {
    ha::function_provider ok([] { return ha::credentials_result(creds("FROM-FN")); });
    REQUIRE(ok.get().ok());
    CHECK(ok.get().value().access_key_id == "FROM-FN");

    ha::function_provider throws(
        []() -> ha::credentials_result { throw std::runtime_error("vault sealed"); });
    const auto r = throws.get();
    CHECK(r.state() == status::failed);
    CHECK(r.message() == "credentials function threw: vault sealed");

    CHECK(ha::function_provider({}).get().state() == status::failed);
}

// ---------------------------------------------------------------------------------------------
// the shared config files

TEST_CASE("credentials: shared config dialect") {
    const std::string config = "# comment\n"
                               "; another comment\n"
                               "[default]\n"
                               "region = us-east-1\n"
                               "\n"
                               "[profile dev]   # trailing comment\n"
                               "region=eu-west-1 ; comment after whitespace\n"
                               "output = json\n"
                               "tag = a#b;c\n"
                               "max_attempts = 5\n"
                               "retry_mode = adaptive\n"
                               "endpoint_url = https://example.com:8443/path?a=b\n"
                               "ca_bundle = /etc/ssl/custom.pem\n"
                               "s3 =\n"
                               "  max_concurrent_requests = 20\n"
                               "  addressing_style = path\n"
                               "multi = first\n"
                               "  second\n"
                               "\n"
                               "[profile Dev]\n"
                               "region = ap-south-1\n"
                               "[profile   spaced]\n"
                               "region = sa-east-1\n"
                               "[sso-session corp]\n"
                               "sso_region = us-east-2\n"
                               "[profile dev]\n"
                               "output = text\n";
    const auto loaded = hc::shared_config::parse(config, std::nullopt, "/x/config", "/x/creds");
    REQUIRE_MESSAGE(loaded, loaded.error);
    const hc::shared_config& c = loaded.config;

    CHECK(c.get("default", "region") == "us-east-1");
    CHECK(c.get("dev", "region") == "eu-west-1");
    CHECK(c.get("dev", "output") == "text"); // the repeated section merged, later wins
    CHECK(c.get("dev", "tag") == "a#b;c");   // no whitespace before: not a comment
    CHECK(c.get("dev", hc::config_keys::max_attempts) == "5");
    CHECK(c.get("dev", hc::config_keys::retry_mode) == "adaptive");
    CHECK(c.get("dev", hc::config_keys::endpoint_url) == "https://example.com:8443/path?a=b");
    CHECK(c.get("dev", hc::config_keys::ca_bundle) == "/etc/ssl/custom.pem");
    CHECK(c.get("dev", "s3") == "\nmax_concurrent_requests = 20\naddressing_style = path");
    CHECK(c.get("dev", "multi") == "first\nsecond");
    CHECK(c.get("Dev", "region") == "ap-south-1"); // profile names are case-sensitive
    CHECK(c.get("spaced", "region") == "sa-east-1");
    CHECK_FALSE(c.get("dev", "missing"));
    CHECK_FALSE(c.get("nope", "region"));
    CHECK_FALSE(c.has_profile("corp"));
    REQUIRE(c.section("sso-session", "corp") != nullptr);
    CHECK(c.section("sso-session", "corp")->at("sso_region") == "us-east-2");
    CHECK(c.profile_names() == std::vector<std::string>{"Dev", "default", "dev", "spaced"});
    CHECK(c.warnings().empty());
    CHECK(c.config_exists());
    CHECK_FALSE(c.credentials_exists());
}

TEST_CASE("credentials: shared config section naming and what is ignored") {
    const std::string config = "[default]\n"
                               "region = us-east-1\n"
                               "[profile default]\n"
                               "output = json\n"
                               "[orphan]\n"
                               "region = nowhere\n"
                               "[profile bad!name]\n"
                               "region = nowhere\n"
                               "[profile ok]\n"
                               "bad key = x\n"
                               "good_key = y\n";
    const std::string credentials = "[default]\n"
                                    "aws_access_key_id = AKID\n"
                                    "[profile ok]\n"
                                    "aws_access_key_id = IGNORED\n";
    const auto loaded = hc::shared_config::parse(config, credentials, "/x/config", "/x/creds");
    REQUIRE_MESSAGE(loaded, loaded.error);
    const hc::shared_config& c = loaded.config;
    // [profile default] replaces [default] in the config file.
    CHECK(c.get("default", "output") == "json");
    CHECK_FALSE(c.get("default", "region"));
    CHECK(c.get("default", "aws_access_key_id") == "AKID");
    CHECK_FALSE(c.has_profile("orphan"));
    CHECK_FALSE(c.has_profile("bad!name"));
    CHECK_FALSE(c.get("ok", "aws_access_key_id"));
    CHECK(c.get("ok", "good_key") == "y");
    CHECK_FALSE(c.get("ok", "bad key"));
    const std::vector<std::string> expected{
        "/x/config:1: section [default] ignored: [profile default] replaces it",
        "/x/config:5: section [orphan] ignored: profiles in the config file are written "
        "[profile name]",
        "/x/config:7: section [profile bad!name] ignored: 'bad!name' is not a valid name",
        "/x/config:10: property 'bad key' ignored: not a valid name",
        "/x/creds:3: section [profile ok] ignored: profiles in the credentials file are written "
        "[name], without 'profile'",
    };
    CHECK(c.warnings() == expected);
}

TEST_CASE("credentials: credentials file wins over config file for keys in both") {
    const std::string config = "[profile dev]\n"
                               "aws_access_key_id = FROM-CONFIG\n"
                               "aws_secret_access_key = CONFIG-SECRET\n"
                               "region = us-west-2\n";
    const std::string credentials = "[dev]\n"
                                    "aws_access_key_id = FROM-CREDENTIALS\n";
    const auto loaded = hc::shared_config::parse(config, credentials, "/x/config", "/x/creds");
    REQUIRE(loaded);
    const hc::shared_config& c = loaded.config;
    CHECK(c.get("dev", "aws_access_key_id") == "FROM-CREDENTIALS");
    CHECK(c.get("dev", "aws_secret_access_key") == "CONFIG-SECRET");
    CHECK(*c.file_of("dev", "aws_access_key_id") == "/x/creds");
    CHECK(*c.file_of("dev", "region") == "/x/config");
    CHECK(c.file_of("dev", "nothing") == nullptr);
    const hc::config_section merged = c.profile("dev");
    CHECK(merged.size() == 3);
    CHECK(merged.at("aws_access_key_id") == "FROM-CREDENTIALS");

    // The same through profile_provider and real files.
    temp_dir dir;
    dir.write("config", config);
    dir.write("credentials", credentials);
    const auto r = ha::profile_provider(files_env(dir), {std::string("dev"), {}}).get();
    REQUIRE_MESSAGE(r.ok(), r.message());
    CHECK(r.value().access_key_id == "FROM-CREDENTIALS");
    CHECK(r.value().secret_access_key == "CONFIG-SECRET");
}

TEST_CASE("credentials: malformed shared config lines are errors with file and line") {
    struct bad {
        std::string text;
        std::string error;
    };
    const std::vector<bad> cases{
        {"region = us-east-1\n",
         "/x/config:1: expected a section header such as '[default]' before the first property"},
        {"[default]\nregion = a\n\naws_secret_access_key wJalrXUtnFEMI\n",
         "/x/config:4: expected 'key = value' or a '[section]' header"},
        {"[default\nregion = a\n",
         "/x/config:1: a section header must be '[name]', optionally followed by a comment"},
        {"[default] trailing\n",
         "/x/config:1: a section header must be '[name]', optionally followed by a comment"},
        {"[default]\n[ ]\n", "/x/config:2: empty section name '[]'"},
        {"[default]\n= value\n", "/x/config:2: a property has no name before '='"},
        {"[default]\ns3 =\n  addressing_style = path\n  garbage\n",
         "/x/config:4: expected 'key = value' in the sub-properties of 's3'"},
        {"[default]\r\nregion = a\r\n\r\nbroken\r\n",
         "/x/config:4: expected 'key = value' or a '[section]' header"},
    };
    for (const bad& b : cases) {
        CAPTURE(b.text);
        const auto loaded = hc::shared_config::parse(b.text, std::nullopt, "/x/config", "/x/creds");
        CHECK_FALSE(loaded);
        CHECK(loaded.error == b.error);
        CHECK_FALSE(contains(loaded.error, "wJalr")); // never quotes the line
        CHECK(loaded.config.profile_names().empty());
    }

    // Through the provider, with the real path.
    temp_dir dir;
    const std::string path =
        dir.write("credentials", "[default]\naws_access_key_id = AKID\noops\n");
    const auto r = ha::profile_provider(files_env(dir)).get();
    CHECK(r.state() == status::failed);
    CHECK(r.message() == path + ":3: expected 'key = value' or a '[section]' header");
}

TEST_CASE("credentials: shared config files located through the environment") {
    temp_dir dir;
    SUBCASE("HOME/.aws by default, missing files are empty") {
        const auto env = hc::environment::from({{"HOME", dir.path()}});
        const hc::shared_config_paths paths = hc::shared_config_paths::from(env);
        CHECK(paths.config == dir.path() + "/.aws/config");
        CHECK(paths.credentials == dir.path() + "/.aws/credentials");
        auto loaded = hc::shared_config::load(env);
        REQUIRE(loaded);
        CHECK_FALSE(loaded.config.config_exists());
        CHECK_FALSE(loaded.config.credentials_exists());
        dir.write(".aws/config", "[profile home]\nregion = eu-north-1\n");
        loaded = hc::shared_config::load(env);
        REQUIRE(loaded);
        CHECK(loaded.config.config_exists());
        CHECK(loaded.config.get("home", "region") == "eu-north-1");
    }
    SUBCASE("AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, with ~ expanded") {
        dir.write("elsewhere/c", "[profile a]\nregion = r1\n");
        dir.write("elsewhere/k", "[a]\naws_access_key_id = K\n");
        const auto env = hc::environment::from({{"HOME", dir.path()},
                                                {"AWS_CONFIG_FILE", "~/elsewhere/c"},
                                                {"AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/k"}});
        const auto loaded = hc::shared_config::load(env);
        REQUIRE_MESSAGE(loaded, loaded.error);
        CHECK(loaded.config.config_path() == dir.path() + "/elsewhere/c");
        CHECK(loaded.config.get("a", "region") == "r1");
        CHECK(loaded.config.get("a", "aws_access_key_id") == "K");
    }
    SUBCASE("without HOME nothing is read") {
        const auto env = hc::environment::from({});
        CHECK(hc::shared_config_paths::from(env).config == "~/.aws/config");
        const auto loaded = hc::shared_config::load(env);
        REQUIRE(loaded);
        CHECK_FALSE(loaded.config.config_exists());
        CHECK(loaded.config.profile_names().empty());
    }
    SUBCASE("a directory where a file should be is an error") {
        fs::create_directories(dir.file("config"));
        const auto loaded = hc::shared_config::load(files_env(dir));
        CHECK_FALSE(loaded);
        CHECK(loaded.error == "cannot read " + dir.file("config") + ": it is a directory");
    }
}

// ---------------------------------------------------------------------------------------------
// profile provider

TEST_CASE("credentials: profile provider") {
    temp_dir dir;
    dir.write("credentials", "[default]\n"
                             "aws_access_key_id = DEFAULT-KEY\n"
                             "aws_secret_access_key = DEFAULT-SECRET\n"
                             "[dev]\n"
                             "aws_access_key_id = DEV-KEY\n"
                             "aws_secret_access_key = DEV-SECRET\n"
                             "aws_session_token = DEV-TOKEN\n"
                             "[half]\n"
                             "aws_access_key_id = HALF-KEY\n");
    dir.write("config", "[profile prod]\n"
                        "aws_access_key_id = PROD-KEY\n"
                        "aws_secret_access_key = PROD-SECRET\n"
                        "[profile regiononly]\n"
                        "region = us-east-1\n"
                        "[profile role]\n"
                        "role_arn = arn:aws:iam::123456789012:role/x\n"
                        "source_profile = default\n"
                        "aws_access_key_id = ROLE-KEY\n"
                        "aws_secret_access_key = ROLE-SECRET\n");

    SUBCASE("default profile") {
        const auto r = ha::profile_provider(files_env(dir)).get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "DEFAULT-KEY");
        CHECK(r.value().session_token.empty());
    }
    SUBCASE("AWS_PROFILE selects the profile") {
        const auto r = ha::profile_provider(files_env(dir, {{"AWS_PROFILE", "dev"}})).get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "DEV-KEY");
        CHECK(r.value().secret_access_key == "DEV-SECRET");
        CHECK(r.value().session_token == "DEV-TOKEN");
    }
    SUBCASE("an explicit profile beats AWS_PROFILE; config-file profiles work") {
        const auto r = ha::profile_provider(files_env(dir, {{"AWS_PROFILE", "dev"}}),
                                            {std::string("prod"), {}})
                           .get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "PROD-KEY");
    }
    SUBCASE("profile names are case-sensitive") {
        const auto r = ha::profile_provider(files_env(dir, {{"AWS_PROFILE", "DEV"}})).get();
        CHECK(r.state() == status::failed);
        CHECK(r.message() == "profile 'DEV' (from AWS_PROFILE) is not defined in " +
                                 dir.file("credentials") + " or " + dir.file("config"));
    }
    SUBCASE("a missing default profile is not found") {
        temp_dir empty;
        const auto r = ha::profile_provider(files_env(empty)).get();
        CHECK(r.state() == status::not_found);
        CHECK(r.searched() == "profile 'default' in " + empty.file("credentials") + " and " +
                                  empty.file("config") + " (neither file exists)");
    }
    SUBCASE("a key id without a secret is a failure naming the file") {
        const auto r = ha::profile_provider(files_env(dir), {std::string("half"), {}}).get();
        CHECK(r.state() == status::failed);
        CHECK(r.message() == "profile 'half': aws_access_key_id is set (in " +
                                 dir.file("credentials") + ") but aws_secret_access_key is not");
    }
    SUBCASE("a profile without credentials is not found") {
        const auto r = ha::profile_provider(files_env(dir), {std::string("regiononly"), {}}).get();
        CHECK(r.state() == status::not_found);
        CHECK(contains(r.searched(), "no aws_access_key_id or credential_process"));
    }
    SUBCASE("role_arn is not silently replaced by the profile's keys") {
        const auto r = ha::profile_provider(files_env(dir), {std::string("role"), {}}).get();
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(), "profile 'role' sets role_arn"));
        CHECK(contains(r.message(), "does not support"));
    }
}

// ---------------------------------------------------------------------------------------------
// credential_process

TEST_CASE("credentials: credential_process output parsing") {
    SUBCASE("complete") {
        const auto r = ha::parse_credential_process_output(
            R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET",
                "SessionToken": "TOKEN", "Expiration": "2030-01-01T00:00:00Z", "Extra": true})");
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "AKID");
        CHECK(r.value().secret_access_key == "SECRET");
        CHECK(r.value().session_token == "TOKEN");
        CHECK(r.value().expiration == at(1893456000));
    }
    SUBCASE("long-term keys need no token or expiration") {
        const auto r = ha::parse_credential_process_output(
            R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"SECRET","SessionToken":null})");
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().session_token.empty());
        CHECK_FALSE(r.value().expiration);
    }
    struct bad {
        std::string output;
        std::string error;
    };
    const std::vector<bad> cases{
        {"", "its output (0 bytes) is not JSON"},
        {"AccessKeyId=AKID SecretAccessKey=SUPERSECRET", "is not JSON"},
        {R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"SUPERSECRET")", "is not JSON"},
        {"[1, 2]", "its output is not a JSON object"},
        {R"({"AccessKeyId":"AKID","SecretAccessKey":"SUPERSECRET"})", "no \"Version\""},
        {R"({"Version":2,"AccessKeyId":"AKID","SecretAccessKey":"SUPERSECRET"})",
         "unsupported \"Version\" (expected 1): 2"},
        {R"({"Version":1,"SecretAccessKey":"SUPERSECRET"})", "no \"AccessKeyId\" string"},
        {R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":""})",
         "no \"SecretAccessKey\" string"},
        {R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"SUPERSECRET","SessionToken":5})",
         "\"SessionToken\" is not a string"},
        {R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"SUPERSECRET","Expiration":"tomorrow"})",
         "\"Expiration\" is not an ISO-8601 timestamp: \"tomorrow\""},
    };
    for (const bad& b : cases) {
        CAPTURE(b.output);
        const auto r = ha::parse_credential_process_output(b.output);
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(), b.error));
        CHECK_FALSE(contains(r.message(), "SUPERSECRET"));
    }
}

TEST_CASE("credentials: credential_process runs the command") {
    const std::string json =
        R"({"Version": 1, "AccessKeyId": "PROC-KEY", "SecretAccessKey": "PROC-SECRET", )"
        R"("SessionToken": "PROC-TOKEN", "Expiration": "2030-01-01T00:00:00Z"})";

    SUBCASE("success") {
        const auto r = ha::process_provider("printf '%s' '" + json + "'").get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "PROC-KEY");
        CHECK(r.value().secret_access_key == "PROC-SECRET");
        CHECK(r.value().session_token == "PROC-TOKEN");
        CHECK(r.value().expiration == at(1893456000));
    }
    SUBCASE("from a profile, with a script and stderr chatter") {
        temp_dir dir;
        const std::string script = dir.write("creds.sh", "#!/bin/sh\n"
                                                         "echo 'fetching...' >&2\n"
                                                         "cat <<'EOF'\n" +
                                                             json + "\nEOF\n");
        fs::permissions(script, fs::perms::owner_all);
        dir.write("config", "[profile proc]\ncredential_process = " + script + " --flag\n");
        const auto r = ha::profile_provider(files_env(dir, {{"AWS_PROFILE", "proc"}})).get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "PROC-KEY");
    }
    SUBCASE("static keys come before credential_process") {
        temp_dir dir;
        dir.write("credentials", "[default]\n"
                                 "aws_access_key_id = STATIC\n"
                                 "aws_secret_access_key = STATIC-SECRET\n"
                                 "credential_process = false\n");
        const auto r = ha::profile_provider(files_env(dir)).get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "STATIC");
    }
    SUBCASE("non-zero exit quotes stderr but not the arguments") {
        const auto r =
            ha::process_provider("echo 'token expired, run login' >&2; exit 3 # --password hunter2")
                .get();
        CHECK(r.state() == status::failed);
        CHECK(r.message() ==
              "credential_process (echo): exited with status 3: token expired, run login");
        CHECK_FALSE(contains(r.message(), "hunter2"));
    }
    SUBCASE("a command that cannot be found") {
        const auto r = ha::process_provider("/nonexistent/hawk-credential-helper").get();
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(),
                       "credential_process (/nonexistent/hawk-credential-helper): exited with "
                       "status 127"));
    }
    SUBCASE("garbage output") {
        const auto r = ha::process_provider("echo 'SUPERSECRET is the password'").get();
        CHECK(r.state() == status::failed);
        CHECK(
            contains(r.message(), "credential_process (echo): its output (28 bytes) is not JSON"));
        CHECK_FALSE(contains(r.message(), "SUPERSECRET"));
    }
    SUBCASE("a failing credential_process in a profile names the profile") {
        temp_dir dir;
        dir.write("config", "[default]\ncredential_process = sh -c 'exit 1'\n");
        const auto r = ha::profile_provider(files_env(dir)).get();
        CHECK(r.state() == status::failed);
        CHECK(r.message() == "profile 'default': credential_process (sh): exited with status 1");
    }
    SUBCASE("a command that hangs is killed at the timeout") {
        ha::process_options options;
        options.timeout = 300ms;
        const auto start = std::chrono::steady_clock::now();
        const auto r = ha::process_provider("sleep 30", options).get();
        const auto elapsed = std::chrono::steady_clock::now() - start;
        CHECK(r.state() == status::failed);
        CHECK(r.message() == "credential_process (sleep): did not finish within 300 ms; killed");
        CHECK(elapsed >= 300ms);
        CHECK(elapsed < 2s);
    }
    SUBCASE("a timeout kills what the command started, too") {
        temp_dir dir;
        ha::process_options options;
        options.timeout = 300ms;
        const std::string pid_file = dir.file("pid");
        const auto r =
            ha::process_provider("sleep 30 & echo $! > " + pid_file + "; wait", options).get();
        CHECK(contains(r.message(), "did not finish within 300 ms"));
        std::string pid;
        std::ifstream(pid_file) >> pid;
        REQUIRE_FALSE(pid.empty());
        // Gone, or a zombie waiting for init to reap it.
        auto alive = [&] {
            std::ifstream stat("/proc/" + pid + "/stat");
            std::string line;
            if (!std::getline(stat, line)) {
                return false;
            }
            const auto paren = line.rfind(')');
            return paren == std::string::npos || line.substr(paren + 2, 1) != "Z";
        };
        const auto start = std::chrono::steady_clock::now();
        while (alive() && std::chrono::steady_clock::now() - start < 1s) {
            std::this_thread::sleep_for(10ms);
        }
        CHECK_FALSE(alive());
    }
    SUBCASE("without a process group of its own the command is still killed") {
        ha::process_options options;
        options.timeout = 300ms;
        options.own_process_group = false;
        const auto start = std::chrono::steady_clock::now();
        const auto r = ha::process_provider("exec sleep 30", options).get();
        CHECK(contains(r.message(), "did not finish within 300 ms"));
        CHECK(std::chrono::steady_clock::now() - start < 2s);
    }
    SUBCASE("a command that closes its output and hangs is killed too") {
        ha::process_options options;
        options.timeout = 300ms;
        const auto start = std::chrono::steady_clock::now();
        const auto r =
            ha::process_provider("exec >&- 2>&-; printf '{}'; exec sleep 30", options).get();
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(), "did not finish within 300 ms"));
        CHECK(std::chrono::steady_clock::now() - start < 2s);
    }
    SUBCASE("too much output is a failure, not a truncation") {
        ha::process_options options;
        options.max_output = 1000;
        const auto r = ha::process_provider("head -c 5000 /dev/zero", options).get();
        CHECK(r.state() == status::failed);
        CHECK(r.message() ==
              "credential_process (head): wrote more than 1000 bytes to standard output; killed");
    }
}

// ---------------------------------------------------------------------------------------------
// chain

TEST_CASE("credentials: default chain order") {
    temp_dir dir;
    dir.write("credentials", "[default]\n"
                             "aws_access_key_id = PROFILE-KEY\n"
                             "aws_secret_access_key = PROFILE-SECRET\n");
    const vars env_keys{{"AWS_ACCESS_KEY_ID", "ENV-KEY"}, {"AWS_SECRET_ACCESS_KEY", "ENV-SECRET"}};

    SUBCASE("environment first") {
        const auto r = ha::default_credentials_provider(files_env(dir, env_keys))->get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "ENV-KEY");
    }
    SUBCASE("then the profile") {
        const auto r = ha::default_credentials_provider(files_env(dir))->get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "PROFILE-KEY");
    }
    SUBCASE("then the profile's credential_process") {
        temp_dir other;
        other.write("config",
                    "[default]\ncredential_process = printf '%s' "
                    "'{\"Version\":1,\"AccessKeyId\":\"P\",\"SecretAccessKey\":\"S\"}'\n");
        const auto r = ha::default_credentials_provider(files_env(other))->get();
        REQUIRE_MESSAGE(r.ok(), r.message());
        CHECK(r.value().access_key_id == "P");
    }
    SUBCASE("a broken environment stops the chain") {
        const auto r =
            ha::default_credentials_provider(files_env(dir, {{"AWS_ACCESS_KEY_ID", "ENV-KEY"}}))
                ->get();
        CHECK(r.state() == status::failed);
        CHECK(contains(r.message(), "AWS_SECRET_ACCESS_KEY is not"));
    }
    SUBCASE("nothing anywhere says where it looked") {
        temp_dir empty;
        const auto r = ha::default_credentials_provider(files_env(empty))->get();
        CHECK(r.state() == status::not_found);
        CHECK(r.message() == "no credentials: looked in environment, profile 'default' in " +
                                 empty.file("credentials") + " and " + empty.file("config") +
                                 " (neither file exists)");
    }
    SUBCASE("chain_provider takes the first that has credentials") {
        counting_provider later;
        later.answer = [](int) { return ha::credentials_result(creds("LATER")); };
        ha::chain_provider chain({
            std::make_shared<ha::function_provider>(
                [] { return ha::credentials_result::not_found("first"); }),
            nullptr,
            std::make_shared<ha::static_provider>(creds("SECOND")),
            later.make(),
        });
        REQUIRE(chain.get().ok());
        CHECK(chain.get().value().access_key_id == "SECOND");
        CHECK(later.calls == 0);
        CHECK(ha::chain_provider({}).get().message() ==
              "no credentials: looked in no sources (empty chain)");
    }
}

// ---------------------------------------------------------------------------------------------
// cache

TEST_CASE("credentials: cache without expiration keeps credentials for good") {
    fake_clock clock;
    counting_provider inner;
    inner.answer = [](int n) { return ha::credentials_result(creds("KEY-" + std::to_string(n))); };
    ha::caching_provider cache(inner.make(), {5min, [&] { return clock.now(); }});
    CHECK(cache.get().value().access_key_id == "KEY-1");
    clock.set(at(4'000'000'000));
    CHECK(cache.get().value().access_key_id == "KEY-1");
    CHECK(inner.calls == 1);
    cache.invalidate();
    CHECK(cache.get().value().access_key_id == "KEY-2");
    CHECK(inner.calls == 2);
}

TEST_CASE("credentials: cache refreshes 5 minutes before expiration") {
    fake_clock clock;
    clock.set(at(1'000'000));
    counting_provider inner;
    bool fail = false;
    inner.answer = [&](int n) {
        if (fail) {
            return ha::credentials_result::failure("sts is down");
        }
        // Each batch lasts an hour from now.
        return ha::credentials_result(creds("KEY-" + std::to_string(n), clock.now() + 1h));
    };
    ha::caching_provider cache(inner.make(), {5min, [&] { return clock.now(); }});

    CHECK(cache.get().value().access_key_id == "KEY-1");
    clock.set(at(1'000'000) + 54min);
    CHECK(cache.get().value().access_key_id == "KEY-1");
    CHECK(inner.calls == 1);
    clock.set(at(1'000'000) + 55min); // inside the refresh window
    CHECK(cache.get().value().access_key_id == "KEY-2");
    CHECK(inner.calls == 2);

    // A failed refresh while the credentials are still valid: keep them, try again next time.
    fail = true;
    clock.set(at(1'000'000) + 55min + 56min);
    CHECK(cache.get().value().access_key_id == "KEY-2");
    CHECK(inner.calls == 3);
    CHECK(cache.get().value().access_key_id == "KEY-2");
    CHECK(inner.calls == 4);
    // Once they have expired the failure shows.
    clock.set(at(1'000'000) + 55min + 60min);
    const auto r = cache.get();
    CHECK(r.state() == status::failed);
    CHECK(r.message() == "sts is down");
    fail = false;
    CHECK(cache.get().value().access_key_id == "KEY-6");
}

TEST_CASE("credentials: cache handles short-lived and already expired credentials") {
    fake_clock clock;
    clock.set(at(1'000'000));
    counting_provider inner;
    std::chrono::seconds lifetime = 2min;
    inner.answer = [&](int n) {
        return ha::credentials_result(creds("KEY-" + std::to_string(n), clock.now() + lifetime));
    };
    ha::caching_provider cache(inner.make(), {5min, [&] { return clock.now(); }});
    // Shorter than the refresh margin: refreshed halfway, not at every call.
    CHECK(cache.get().value().access_key_id == "KEY-1");
    CHECK(cache.get().value().access_key_id == "KEY-1");
    clock.set(at(1'000'000) + 59s);
    CHECK(cache.get().value().access_key_id == "KEY-1");
    clock.set(at(1'000'000) + 61s);
    CHECK(cache.get().value().access_key_id == "KEY-2");

    lifetime = -1s;
    cache.invalidate();
    const auto r = cache.get();
    CHECK(r.state() == status::failed);
    CHECK(contains(r.message(), "returned credentials that expired at"));
}

TEST_CASE("credentials: concurrent callers share one refresh") {
    counting_provider inner;
    inner.answer = [](int n) {
        std::this_thread::sleep_for(200ms); // long enough for every thread to arrive
        return ha::credentials_result(creds("KEY-" + std::to_string(n)));
    };
    ha::caching_provider cache(inner.make());

    constexpr int threads = 8;
    std::vector<std::string> keys(threads);
    std::vector<std::thread> pool;
    std::atomic<int> ready{0};
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            ++ready;
            while (ready < threads) {
                std::this_thread::yield();
            }
            const auto r = cache.get();
            keys[static_cast<std::size_t>(i)] = r.ok() ? r.value().access_key_id : r.message();
        });
    }
    for (std::thread& t : pool) {
        t.join();
    }
    CHECK(inner.calls == 1);
    for (const std::string& k : keys) {
        CHECK(k == "KEY-1");
    }
}

TEST_CASE("credentials: callers keep valid credentials while another refreshes") {
    fake_clock clock;
    clock.set(at(1'000'000));
    std::mutex m;
    std::condition_variable cv;
    bool release = false, refreshing = false;
    counting_provider inner;
    inner.answer = [&](int n) {
        if (n == 2) { // the refresh blocks until the test lets it go
            std::unique_lock<std::mutex> lock(m);
            refreshing = true;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
        }
        return ha::credentials_result(creds("KEY-" + std::to_string(n), clock.now() + 1h));
    };
    ha::caching_provider cache(inner.make(), {5min, [&] { return clock.now(); }});
    CHECK(cache.get().value().access_key_id == "KEY-1");

    clock.set(at(1'000'000) + 57min); // refresh due, KEY-1 still valid
    std::string refreshed;
    std::thread refresher([&] { refreshed = cache.get().value().access_key_id; });
    {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return refreshing; });
    }
    // Does not block on the refresh in flight.
    CHECK(cache.get().value().access_key_id == "KEY-1");
    {
        const std::lock_guard<std::mutex> lock(m);
        release = true;
    }
    cv.notify_all();
    refresher.join();
    CHECK(refreshed == "KEY-2");
    CHECK(cache.get().value().access_key_id == "KEY-2");
    CHECK(inner.calls == 2);
}

// ---------------------------------------------------------------------------------------------
// region

TEST_CASE("credentials: region resolution") {
    const auto loaded = hc::shared_config::parse(
        "[default]\nregion = default-region\n[profile dev]\nregion = dev-region\n", std::nullopt);
    REQUIRE(loaded);
    const hc::shared_config& c = loaded.config;
    const vars all{{"AWS_REGION", "env-region"},
                   {"AWS_DEFAULT_REGION", "env-default-region"},
                   {"AWS_PROFILE", "dev"}};

    CHECK(hc::resolve_region(hc::environment::from(all), c, std::string("explicit")) == "explicit");
    CHECK(hc::resolve_region(hc::environment::from(all), c) == "env-region");
    CHECK(hc::resolve_region(hc::environment::from({{"AWS_DEFAULT_REGION", "env-default-region"},
                                                    {"AWS_PROFILE", "dev"}}),
                             c) == "env-default-region");
    CHECK(hc::resolve_region(hc::environment::from({{"AWS_PROFILE", "dev"}}), c) == "dev-region");
    CHECK(hc::resolve_region(hc::environment::from({}), c) == "default-region");
    CHECK(hc::resolve_region(hc::environment::from({{"AWS_PROFILE", "dev"}}), c, std::nullopt,
                             std::string("default")) == "default-region");
    CHECK(hc::resolve_region(hc::environment::from({{"AWS_REGION", ""}}), c, std::string()) ==
          "default-region");
    CHECK_FALSE(hc::resolve_region(hc::environment::from({{"AWS_PROFILE", "other"}}), c));
    CHECK_FALSE(hc::resolve_region(hc::environment::from({}), hc::shared_config{}));

    CHECK(hc::resolve_profile_name(hc::environment::from({})) == "default");
    CHECK(hc::resolve_profile_name(hc::environment::from({{"AWS_PROFILE", "dev"}})) == "dev");
    CHECK(hc::resolve_profile_name(hc::environment::from({{"AWS_PROFILE", "dev"}}),
                                   std::string("x")) == "x");
}
