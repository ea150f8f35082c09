#pragma once

// Where a client's settings come from: environment variables and the AWS shared config files
// (~/.aws/config and ~/.aws/credentials), read the way the AWS CLI and SDKs read them.
//
// Nothing here touches global state: every function takes an `environment`, so a program (or a
// test) decides what the "environment" is. Only `environment::process()` reads the real one.
//
// The file dialect is the AWS SDKs' shared-config format:
// - `[profile name]` sections in the config file, `[name]` in the credentials file, `[default]`
//   in both; in the config file `[profile default]` replaces `[default]`. Other prefixed sections
//   of the config file (`[sso-session x]`, `[services y]`) are kept apart from profiles.
// - `key = value`; lines starting with `#` or `;` are comments, and so is the rest of a
//   `key = value` line from a `#` or `;` preceded by whitespace.
// - Indented lines continue the previous property: its value gains "\n" + the line. When the
//   property's own value is empty (`s3 =`), the indented lines are sub-properties, which must be
//   `key = value`; they stay in the value as text.
// - Profile names and keys are case-sensitive. A section or key repeated in one file merges
//   (the later value wins). Across files the credentials file wins for keys in both.
// - Sections and keys the SDKs ignore (invalid names, `[foo]` without `profile` in the config
//   file, `[profile foo]` in the credentials file) are ignored too, with a warning.
// Malformed lines are errors naming the file and line; they never quote the line, which may hold
// a secret.

#include <hawk/core/config.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::core {

/// A view of environment variables. An empty `lookup` is an empty environment.
struct environment {
    std::function<std::optional<std::string>(std::string_view)> lookup;

    /// The variable's value; nullopt when it is unset or empty (the AWS SDKs treat both alike).
    HAWK_DECL std::optional<std::string> get(std::string_view name) const;

    /// The process's environment (getenv), read at each lookup.
    HAWK_DECL static environment process();
    /// A fixed set of variables, e.g. for tests or a sandboxed client.
    HAWK_DECL static environment from(std::map<std::string, std::string, std::less<>> variables);
};

/// Keys of a profile that hawk reads.
namespace config_keys {
inline constexpr std::string_view access_key_id = "aws_access_key_id";
inline constexpr std::string_view secret_access_key = "aws_secret_access_key";
inline constexpr std::string_view session_token = "aws_session_token";
inline constexpr std::string_view credential_process = "credential_process";
inline constexpr std::string_view region = "region";
inline constexpr std::string_view max_attempts = "max_attempts";
inline constexpr std::string_view retry_mode = "retry_mode";
inline constexpr std::string_view endpoint_url = "endpoint_url";
inline constexpr std::string_view ca_bundle = "ca_bundle";
inline constexpr std::string_view disable_request_compression = "disable_request_compression";
inline constexpr std::string_view request_min_compression_size_bytes =
    "request_min_compression_size_bytes";
} // namespace config_keys

/// The properties of one section: key -> value.
using config_section = std::map<std::string, std::string, std::less<>>;

/// Which of the two shared files a text comes from; they name their sections differently.
enum class config_file_kind { config, credentials };

/// Where the shared files are: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else
/// $HOME/.aws/config and $HOME/.aws/credentials. A leading "~/" expands to $HOME. Without HOME
/// the defaults stay "~/.aws/..." and are treated as missing.
struct shared_config_paths {
    std::string config;
    std::string credentials;

    HAWK_DECL static shared_config_paths from(const environment& env);
};

struct shared_config_result;

/// The profiles of both shared files, merged on lookup (the credentials file wins).
class shared_config {
public:
    /// Reads the files `env` points at. A missing file is an empty one; an unreadable or
    /// malformed file is an error.
    HAWK_DECL static shared_config_result load(const environment& env);
    /// Parses file contents (nullopt: the file does not exist); the paths name the files in
    /// messages.
    HAWK_DECL static shared_config_result parse(std::optional<std::string_view> config_text,
                                                std::optional<std::string_view> credentials_text,
                                                std::string config_path = "config",
                                                std::string credentials_path = "credentials");

    /// Defined in either file.
    HAWK_DECL bool has_profile(std::string_view profile) const;
    /// The value of `key` in `profile` (credentials file first), e.g. get("dev", "region").
    HAWK_DECL std::optional<std::string> get(std::string_view profile, std::string_view key) const;
    /// The path of the file `get(profile, key)` would read from; nullptr when neither has it.
    HAWK_DECL const std::string* file_of(std::string_view profile, std::string_view key) const;
    /// Every key of the profile, merged.
    HAWK_DECL config_section profile(std::string_view profile) const;
    /// The names of every profile of either file, sorted.
    HAWK_DECL std::vector<std::string> profile_names() const;
    /// A non-profile section of the config file, e.g. section("sso-session", "my-sso").
    HAWK_DECL const config_section* section(std::string_view prefix, std::string_view name) const;

    const std::string& config_path() const noexcept { return config_.path; }
    const std::string& credentials_path() const noexcept { return credentials_.path; }
    /// Whether the file existed when loaded.
    bool config_exists() const noexcept { return config_.exists; }
    bool credentials_exists() const noexcept { return credentials_.exists; }
    /// What was ignored, as "path:line: why".
    const std::vector<std::string>& warnings() const noexcept { return warnings_; }

private:
    struct file_layer {
        std::string path;
        bool exists = false;
        std::map<std::string, config_section, std::less<>> profiles;
    };

    HAWK_DECL std::string add_file(config_file_kind kind, std::string_view text);

    file_layer config_;
    file_layer credentials_;
    std::map<std::string, config_section, std::less<>> sections_; // "prefix name"
    std::vector<std::string> warnings_;
};

/// A loaded shared_config, or why it could not be loaded.
struct shared_config_result {
    shared_config config;
    std::string error; ///< "path:line: message"; empty on success

    explicit operator bool() const noexcept { return error.empty(); }
};

/// The profile to use: `explicit_profile`, else AWS_PROFILE, else "default".
HAWK_DECL std::string resolve_profile_name(const environment& env,
                                           const std::optional<std::string>& explicit_profile = {});

/// The region: `explicit_region`, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's
/// `region` (profile chosen by resolve_profile_name). Never asks a metadata service; nullopt
/// when nothing names one.
HAWK_DECL std::optional<std::string>
resolve_region(const environment& env, const shared_config& config,
               const std::optional<std::string>& explicit_region = {},
               const std::optional<std::string>& explicit_profile = {});

} // namespace hawk::core

#define HAWK_CORE_SHARED_CONFIG_DECLARED

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/credentials.ipp>
#endif
