// Bodies of auth/credentials.hpp, config/shared_config.hpp and auth/credentials_provider.hpp.
//
// Three headers share this file. <hawk/src.hpp> includes it once with all three; with
// HAWK_HEADER_ONLY each header includes it at its end, possibly while another of the three is
// still being read, so each part below compiles only once its header is complete (the headers
// define HAWK_..._DECLARED at their end) and only once (HAWK_..._DEFINED).

#ifndef HAWK_HEADER_ONLY
#include <hawk/core/auth/credentials.hpp>
#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/config/shared_config.hpp>
#endif

// =============================================================================================
// auth/credentials.hpp

#if defined(HAWK_CORE_AUTH_CREDENTIALS_DECLARED) && !defined(HAWK_CORE_AUTH_CREDENTIALS_DEFINED)
#define HAWK_CORE_AUTH_CREDENTIALS_DEFINED

#include <hawk/core/debug.hpp>
#include <hawk/core/timestamp.hpp>

#include <ostream>
#include <string>

namespace hawk::core::auth {

HAWK_DECL std::string redacted(const credentials& creds) {
    std::string out;
    debug_out d(out);
    d.begin("credentials");
    d.field("access_key_id");
    d.quoted(creds.access_key_id);
    d.field("secret_access_key");
    creds.secret_access_key.empty() ? d.quoted("") : d.redacted();
    d.field("session_token");
    creds.session_token.empty() ? d.quoted("") : d.redacted();
    if (creds.expiration) {
        d.field("expiration");
        d.quoted(format_iso8601(*creds.expiration));
    }
    d.end();
    return out;
}

HAWK_DECL std::ostream& operator<<(std::ostream& os, const credentials& creds) {
    return os << redacted(creds);
}

} // namespace hawk::core::auth

#endif

// =============================================================================================
// config/shared_config.hpp

#if defined(HAWK_CORE_SHARED_CONFIG_DECLARED) && !defined(HAWK_CORE_SHARED_CONFIG_DEFINED)
#define HAWK_CORE_SHARED_CONFIG_DEFINED

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace hawk::core {

// ---------------------------------------------------------------------------------------------
// environment

HAWK_DECL std::optional<std::string> environment::get(std::string_view name) const {
    if (!lookup) {
        return std::nullopt;
    }
    std::optional<std::string> value = lookup(name);
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

HAWK_DECL environment environment::process() {
    return environment{[](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string(value);
    }};
}

HAWK_DECL environment environment::from(std::map<std::string, std::string, std::less<>> variables) {
    return environment{
        [vars = std::move(variables)](std::string_view name) -> std::optional<std::string> {
            const auto it = vars.find(name);
            if (it == vars.end()) {
                return std::nullopt;
            }
            return it->second;
        }};
}

// ---------------------------------------------------------------------------------------------
// shared config files

namespace detail::shared_config_impl {

inline bool is_space(char c) noexcept {
    return c == ' ' || c == '\t';
}

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Cuts a trailing comment (from '#' or ';') and trims. In property lines a comment character
// only starts a comment after whitespace, so that values like "abc#def" survive.
inline std::string_view strip_comment(std::string_view s, bool needs_space) noexcept {
    s = trim(s);
    bool after_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((s[i] == '#' || s[i] == ';') && (after_space || !needs_space)) {
            return trim(s.substr(0, i));
        }
        after_space = is_space(s[i]);
    }
    return s;
}

// The SDKs' identifier rule for profile names and keys: [A-Za-z0-9_\-/.%@:+]+.
inline bool is_identifier(std::string_view s) noexcept {
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '/' || c == '.' ||
                        c == '%' || c == '@' || c == ':' || c == '+';
        if (!ok) {
            return false;
        }
    }
    return true;
}

struct raw_property {
    std::string key;
    std::string value;
    std::size_t line;
};

struct raw_section {
    std::string name; // trimmed text between the brackets
    std::size_t line;
    std::vector<raw_property> properties;
};

inline std::string at_line(const std::string& path, std::size_t line, std::string_view message) {
    std::string out = path;
    out += ':';
    out += std::to_string(line);
    out += ": ";
    out += message;
    return out;
}

// Splits the text into sections and properties; "" or "path:line: message". Messages never
// quote the line: a malformed line may well be a secret missing its '='.
inline std::string parse_ini(std::string_view text, const std::string& path,
                             std::vector<raw_section>& out) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    bool in_property = false; // the last line was a property or its continuation
    bool sub_properties = false;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::string_view trimmed = trim(line);
        if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') {
            continue;
        }
        auto error = [&](std::string_view message) { return at_line(path, line_no, message); };

        if (is_space(line.front()) && in_property) {
            raw_property& property = out.back().properties.back();
            if (sub_properties) {
                const std::string_view sub = strip_comment(trimmed, true);
                const std::size_t eq = sub.find('=');
                if (eq == std::string_view::npos) {
                    return error("expected 'key = value' in the sub-properties of '" +
                                 property.key + "'");
                }
                if (trim(sub.substr(0, eq)).empty()) {
                    return error("a sub-property of '" + property.key + "' has no name");
                }
            }
            property.value += '\n';
            property.value += trimmed;
            continue;
        }

        if (trimmed.front() == '[') {
            const std::string_view header = strip_comment(trimmed, false);
            if (header.size() < 2 || header.back() != ']') {
                return error("a section header must be '[name]', optionally followed by a comment");
            }
            const std::string_view name = trim(header.substr(1, header.size() - 2));
            if (name.empty()) {
                return error("empty section name '[]'");
            }
            out.push_back(raw_section{std::string(name), line_no, {}});
            in_property = false;
            continue;
        }

        if (out.empty()) {
            return error("expected a section header such as '[default]' before the first property");
        }
        const std::string_view property = strip_comment(trimmed, true);
        const std::size_t eq = property.find('=');
        if (eq == std::string_view::npos) {
            return error("expected 'key = value' or a '[section]' header");
        }
        const std::string_view key = trim(property.substr(0, eq));
        if (key.empty()) {
            return error("a property has no name before '='");
        }
        const std::string_view value = trim(property.substr(eq + 1));
        out.back().properties.push_back(
            raw_property{std::string(key), std::string(value), line_no});
        in_property = true;
        sub_properties = value.empty();
    }
    return {};
}

struct section_name {
    std::string_view prefix; // empty for "[name]"
    std::string_view name;
};

// "[profile  foo]" -> {"profile", "foo"}; "[default]" -> {"", "default"}.
inline section_name split_section_name(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size() && !is_space(s[i])) {
        ++i;
    }
    if (i == s.size()) {
        return {{}, s};
    }
    return {s.substr(0, i), trim(s.substr(i))};
}

// Reads a whole file; a missing file is not an error.
inline std::string read_file(const std::string& path, std::string& text, bool& exists) {
    exists = false;
    // "~/..." left unexpanded means HOME is unset: there is no such file to look at.
    if (path.empty() || path.front() == '~') {
        return {};
    }
    std::error_code ec;
    const std::filesystem::file_status st = std::filesystem::status(path, ec);
    if (st.type() == std::filesystem::file_type::not_found) {
        return {};
    }
    if (ec) {
        return "cannot read " + path + ": " + ec.message();
    }
    if (std::filesystem::is_directory(st)) {
        return "cannot read " + path + ": it is a directory";
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return "cannot open " + path + ": " + std::generic_category().message(errno);
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
        return "cannot read " + path + ": " + std::generic_category().message(errno);
    }
    exists = true;
    return {};
}

inline std::string expand_home(std::string path, const std::optional<std::string>& home) {
    if (home && (path == "~" || path.compare(0, 2, "~/") == 0)) {
        return *home + path.substr(1);
    }
    return path;
}

} // namespace detail::shared_config_impl

HAWK_DECL shared_config_paths shared_config_paths::from(const environment& env) {
    namespace impl = detail::shared_config_impl;
    const std::optional<std::string> home = env.get("HOME");
    shared_config_paths paths;
    paths.config = impl::expand_home(env.get("AWS_CONFIG_FILE").value_or("~/.aws/config"), home);
    paths.credentials = impl::expand_home(
        env.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), home);
    return paths;
}

HAWK_DECL std::string shared_config::add_file(config_file_kind kind, std::string_view text) {
    namespace impl = detail::shared_config_impl;
    file_layer& layer = kind == config_file_kind::config ? config_ : credentials_;
    std::vector<impl::raw_section> sections;
    if (std::string error = impl::parse_ini(text, layer.path, sections); !error.empty()) {
        return error;
    }
    auto warn = [&](std::size_t line, const std::string& message) {
        warnings_.push_back(impl::at_line(layer.path, line, message));
    };

    // In the config file [profile default] replaces [default] (what the SDKs do).
    bool prefixed_default = false;
    if (kind == config_file_kind::config) {
        for (const impl::raw_section& s : sections) {
            const impl::section_name n = impl::split_section_name(s.name);
            prefixed_default = prefixed_default || (n.prefix == "profile" && n.name == "default");
        }
    }

    for (const impl::raw_section& s : sections) {
        const impl::section_name n = impl::split_section_name(s.name);
        config_section* target = nullptr;
        if (kind == config_file_kind::config) {
            if (n.prefix.empty()) {
                if (n.name != "default") {
                    warn(s.line, "section [" + s.name +
                                     "] ignored: profiles in the config file are written "
                                     "[profile name]");
                    continue;
                }
                if (prefixed_default) {
                    warn(s.line, "section [default] ignored: [profile default] replaces it");
                    continue;
                }
                target = &layer.profiles["default"];
            } else if (!impl::is_identifier(n.name)) {
                warn(s.line, "section [" + s.name + "] ignored: '" + std::string(n.name) +
                                 "' is not a valid name");
                continue;
            } else if (n.prefix == "profile") {
                target = &layer.profiles[std::string(n.name)];
            } else {
                std::string key(n.prefix);
                key += ' ';
                key += n.name;
                target = &sections_[key];
            }
        } else {
            if (!n.prefix.empty()) {
                warn(s.line, "section [" + s.name +
                                 "] ignored: profiles in the credentials file are written [name], "
                                 "without 'profile'");
                continue;
            }
            if (!impl::is_identifier(n.name)) {
                warn(s.line, "section [" + s.name + "] ignored: not a valid profile name");
                continue;
            }
            target = &layer.profiles[std::string(n.name)];
        }
        for (const impl::raw_property& p : s.properties) {
            if (!impl::is_identifier(p.key)) {
                warn(p.line, "property '" + p.key + "' ignored: not a valid name");
                continue;
            }
            (*target)[p.key] = p.value;
        }
    }
    return {};
}

HAWK_DECL shared_config_result shared_config::parse(
    std::optional<std::string_view> config_text, std::optional<std::string_view> credentials_text,
    std::string config_path, std::string credentials_path) {
    shared_config_result result;
    shared_config& c = result.config;
    c.config_.path = std::move(config_path);
    c.credentials_.path = std::move(credentials_path);
    c.config_.exists = config_text.has_value();
    c.credentials_.exists = credentials_text.has_value();
    if (config_text) {
        result.error = c.add_file(config_file_kind::config, *config_text);
    }
    if (result.error.empty() && credentials_text) {
        result.error = c.add_file(config_file_kind::credentials, *credentials_text);
    }
    if (!result.error.empty()) {
        result.config = shared_config{};
    }
    return result;
}

HAWK_DECL shared_config_result shared_config::load(const environment& env) {
    namespace impl = detail::shared_config_impl;
    const shared_config_paths paths = shared_config_paths::from(env);
    std::string config_text, credentials_text;
    bool config_exists = false, credentials_exists = false;
    shared_config_result result;
    result.error = impl::read_file(paths.config, config_text, config_exists);
    if (result.error.empty()) {
        result.error = impl::read_file(paths.credentials, credentials_text, credentials_exists);
    }
    if (!result.error.empty()) {
        return result;
    }
    return parse(config_exists ? std::optional<std::string_view>(config_text) : std::nullopt,
                 credentials_exists ? std::optional<std::string_view>(credentials_text)
                                    : std::nullopt,
                 paths.config, paths.credentials);
}

HAWK_DECL bool shared_config::has_profile(std::string_view profile) const {
    return config_.profiles.count(profile) != 0 || credentials_.profiles.count(profile) != 0;
}

HAWK_DECL const std::string* shared_config::file_of(std::string_view profile,
                                                    std::string_view key) const {
    for (const file_layer* layer : {&credentials_, &config_}) {
        const auto p = layer->profiles.find(profile);
        if (p != layer->profiles.end() && p->second.count(key) != 0) {
            return &layer->path;
        }
    }
    return nullptr;
}

HAWK_DECL std::optional<std::string> shared_config::get(std::string_view profile,
                                                        std::string_view key) const {
    for (const file_layer* layer : {&credentials_, &config_}) {
        const auto p = layer->profiles.find(profile);
        if (p == layer->profiles.end()) {
            continue;
        }
        const auto v = p->second.find(key);
        if (v != p->second.end()) {
            return v->second;
        }
    }
    return std::nullopt;
}

HAWK_DECL config_section shared_config::profile(std::string_view profile) const {
    config_section merged;
    for (const file_layer* layer : {&config_, &credentials_}) {
        const auto p = layer->profiles.find(profile);
        if (p != layer->profiles.end()) {
            for (const auto& [key, value] : p->second) {
                merged[key] = value;
            }
        }
    }
    return merged;
}

HAWK_DECL std::vector<std::string> shared_config::profile_names() const {
    std::vector<std::string> names;
    for (const file_layer* layer : {&config_, &credentials_}) {
        for (const auto& entry : layer->profiles) {
            names.push_back(entry.first);
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

HAWK_DECL const config_section* shared_config::section(std::string_view prefix,
                                                       std::string_view name) const {
    std::string key(prefix);
    key += ' ';
    key += name;
    const auto it = sections_.find(key);
    return it == sections_.end() ? nullptr : &it->second;
}

HAWK_DECL std::string resolve_profile_name(const environment& env,
                                           const std::optional<std::string>& explicit_profile) {
    if (explicit_profile && !explicit_profile->empty()) {
        return *explicit_profile;
    }
    return env.get("AWS_PROFILE").value_or("default");
}

HAWK_DECL std::optional<std::string>
resolve_region(const environment& env, const shared_config& config,
               const std::optional<std::string>& explicit_region,
               const std::optional<std::string>& explicit_profile) {
    if (explicit_region && !explicit_region->empty()) {
        return explicit_region;
    }
    if (auto region = env.get("AWS_REGION")) {
        return region;
    }
    if (auto region = env.get("AWS_DEFAULT_REGION")) {
        return region;
    }
    auto region = config.get(resolve_profile_name(env, explicit_profile), config_keys::region);
    if (region && region->empty()) {
        return std::nullopt;
    }
    return region;
}

} // namespace hawk::core

#endif

// =============================================================================================
// auth/credentials_provider.hpp

#if defined(HAWK_CORE_AUTH_CREDENTIALS_PROVIDER_DECLARED) &&                                       \
    !defined(HAWK_CORE_AUTH_CREDENTIALS_PROVIDER_DEFINED)
#define HAWK_CORE_AUTH_CREDENTIALS_PROVIDER_DEFINED

#include <hawk/core/timestamp.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" {
extern char** environ; // handed to the credential process as its environment
}

namespace hawk::core::auth {

HAWK_DECL credentials_result credentials_result::not_found(std::string searched) {
    credentials_result r;
    r.status_ = status::not_found;
    r.message_ = "no credentials: looked in " + searched;
    r.searched_ = std::move(searched);
    return r;
}

HAWK_DECL credentials_result credentials_result::failure(std::string message) {
    credentials_result r;
    r.status_ = status::failed;
    r.message_ = message.empty() ? "credentials unavailable" : std::move(message);
    return r;
}

HAWK_DECL const credentials& credentials_result::value() const& {
    if (!ok()) {
        throw std::runtime_error(message_);
    }
    return creds_;
}

HAWK_DECL credentials&& credentials_result::value() && {
    if (!ok()) {
        throw std::runtime_error(message_);
    }
    return std::move(creds_);
}

HAWK_DECL credentials_provider::~credentials_provider() = default;

// ---------------------------------------------------------------------------------------------
// static, environment, function, chain

HAWK_DECL static_provider::static_provider(credentials creds) : creds_(std::move(creds)) {}

HAWK_DECL credentials_result static_provider::get() {
    return creds_;
}

HAWK_DECL environment_provider::environment_provider(environment env) : env_(std::move(env)) {}

HAWK_DECL credentials_result environment_provider::get() {
    const std::optional<std::string> key = env_.get("AWS_ACCESS_KEY_ID");
    const std::optional<std::string> secret = env_.get("AWS_SECRET_ACCESS_KEY");
    if (!key && !secret) {
        return credentials_result::not_found("environment");
    }
    // One without the other is a mistake to report, not a reason to sign as someone else.
    if (!key) {
        return credentials_result::failure(
            "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    }
    if (!secret) {
        return credentials_result::failure(
            "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }
    credentials creds{*key, *secret, {}, {}};
    if (auto token = env_.get("AWS_SESSION_TOKEN")) {
        creds.session_token = std::move(*token);
    } else if (auto legacy = env_.get("AWS_SECURITY_TOKEN")) {
        creds.session_token = std::move(*legacy);
    }
    if (const auto expiration = env_.get("AWS_CREDENTIAL_EXPIRATION")) {
        creds.expiration = parse_iso8601(*expiration);
        if (!creds.expiration) {
            return credentials_result::failure(
                "environment: AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 timestamp: " +
                *expiration);
        }
    }
    return creds;
}

HAWK_DECL function_provider::function_provider(function fn) : fn_(std::move(fn)) {}

HAWK_DECL credentials_result function_provider::get() {
    if (!fn_) {
        return credentials_result::failure("function_provider has no function");
    }
    try {
        return fn_();
    } catch (const std::exception& e) {
        return credentials_result::failure(std::string("credentials function threw: ") + e.what());
    } catch (...) {
        return credentials_result::failure("credentials function threw a non-standard exception");
    }
}

HAWK_DECL
chain_provider::chain_provider(std::vector<std::shared_ptr<credentials_provider>> providers)
    : providers_(std::move(providers)) {}

HAWK_DECL credentials_result chain_provider::get() {
    std::string searched;
    for (const std::shared_ptr<credentials_provider>& provider : providers_) {
        if (!provider) {
            continue;
        }
        credentials_result r = provider->get();
        if (r.state() != credentials_result::status::not_found) {
            return r;
        }
        if (!searched.empty()) {
            searched += ", ";
        }
        searched += r.searched();
    }
    return credentials_result::not_found(searched.empty() ? "no sources (empty chain)" : searched);
}

// ---------------------------------------------------------------------------------------------
// credential_process

namespace detail::credentials_impl {

class unique_fd {
public:
    explicit unique_fd(int fd = -1) noexcept : fd_(fd) {}
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    ~unique_fd() { reset(); }
    int get() const noexcept { return fd_; }
    void reset(int fd = -1) noexcept {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = fd;
    }

private:
    int fd_;
};

inline std::string errno_text(int err) {
    return std::generic_category().message(err);
}

// A pipe whose ends are not inherited by processes other threads spawn meanwhile.
inline bool make_pipe(unique_fd& read_end, unique_fd& write_end) {
    int fds[2];
#ifdef __linux__
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return false;
    }
#else
    if (::pipe(fds) != 0) {
        return false;
    }
    ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
    return true;
}

struct process_run {
    std::string error; // could not run it or follow it
    bool timed_out = false;
    bool too_much_output = false;
    int exit_status = -1; // when it exited
    int signal = 0;       // when a signal ended it
    std::string out;
    std::string err; // the first max_stderr bytes
};

inline constexpr std::size_t max_stderr = 4096;

// Runs `/bin/sh -c command`, capturing stdout and stderr, killing it at the deadline.
inline process_run run_shell_command(const std::string& command, const process_options& options) {
    using steady = std::chrono::steady_clock;
    process_run run;
    const steady::time_point deadline = steady::now() + options.timeout;

    unique_fd out_r, out_w, err_r, err_w;
    if (!make_pipe(out_r, out_w) || !make_pipe(err_r, err_w)) {
        run.error = "cannot create a pipe: " + errno_text(errno);
        return run;
    }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
    ::posix_spawn_file_actions_adddup2(&actions, out_w.get(), STDOUT_FILENO);
    ::posix_spawn_file_actions_adddup2(&actions, err_w.get(), STDERR_FILENO);
    // The calling thread may block signals or the program ignore SIGPIPE; the command should
    // start with the defaults, as from a shell.
    sigset_t no_signals;
    sigemptyset(&no_signals);
    ::posix_spawnattr_setsigmask(&attr, &no_signals);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    ::posix_spawnattr_setsigdefault(&attr, &defaults);
    int flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (options.own_process_group) {
        ::posix_spawnattr_setpgroup(&attr, 0); // the group's id is the child's pid
        flags |= POSIX_SPAWN_SETPGROUP;
    }
    ::posix_spawnattr_setflags(&attr, static_cast<short>(flags));

    std::string arg0 = "sh", arg1 = "-c", arg2 = command;
    char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
    pid_t pid = -1;
    const int spawn_error = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
    if (spawn_error != 0) {
        run.error = "cannot start /bin/sh: " + errno_text(spawn_error);
        return run;
    }
    out_w.reset();
    err_w.reset();
    ::fcntl(out_r.get(), F_SETFL, ::fcntl(out_r.get(), F_GETFL) | O_NONBLOCK);
    ::fcntl(err_r.get(), F_SETFL, ::fcntl(err_r.get(), F_GETFL) | O_NONBLOCK);

    auto remaining_ms = [&]() -> int {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - steady::now()).count();
        return left <= 0 ? 0 : static_cast<int>(std::min<decltype(left)>(left, INT_MAX));
    };

    // Read both pipes until the command closes them (usually: exits).
    bool out_open = true, err_open = true;
    char buffer[4096];
    while ((out_open || err_open) && run.error.empty() && !run.too_much_output) {
        const int wait_ms = remaining_ms();
        if (wait_ms == 0) {
            run.timed_out = true;
            break;
        }
        pollfd fds[2];
        nfds_t count = 0;
        if (out_open) {
            fds[count++] = pollfd{out_r.get(), POLLIN, 0};
        }
        if (err_open) {
            fds[count++] = pollfd{err_r.get(), POLLIN, 0};
        }
        const int ready = ::poll(fds, count, wait_ms);
        if (ready < 0) {
            if (errno != EINTR) {
                run.error = "poll failed: " + errno_text(errno);
            }
            continue;
        }
        for (nfds_t i = 0; i < count; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            const bool is_out = fds[i].fd == out_r.get();
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                const auto size = static_cast<std::size_t>(n);
                if (is_out) {
                    if (run.out.size() + size > options.max_output) {
                        run.too_much_output = true;
                        break;
                    }
                    run.out.append(buffer, size);
                } else if (run.err.size() < max_stderr) {
                    run.err.append(buffer, std::min(size, max_stderr - run.err.size()));
                }
            } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                (is_out ? out_open : err_open) = false;
            }
        }
    }

    // Then its exit, still within the deadline: it may close its output and carry on.
    int status = 0;
    bool reaped = false;
    while (!run.timed_out && !run.too_much_output && run.error.empty()) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            reaped = true;
            break;
        }
        if (w < 0 && errno != EINTR) {
            run.error = "cannot get its exit status: " + errno_text(errno);
            reaped = true; // ECHILD: someone else reaped it (SIGCHLD ignored)
            break;
        }
        if (remaining_ms() == 0) {
            run.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!reaped) {
        // While the unreaped child holds its pid, the group id cannot name anyone else.
        ::kill(options.own_process_group ? -pid : pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return run;
    }
    if (run.error.empty()) {
        if (WIFEXITED(status)) {
            run.exit_status = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            run.signal = WTERMSIG(status);
        }
    }
    return run;
}

// The command's first word: enough to say which program failed without quoting arguments,
// which may hold secrets.
inline std::string program_name(std::string_view command) {
    std::size_t begin = 0;
    while (begin < command.size() && (command[begin] == ' ' || command[begin] == '\t')) {
        ++begin;
    }
    std::size_t end = begin;
    while (end < command.size() && command[end] != ' ' && command[end] != '\t' &&
           command[end] != '\n') {
        ++end;
    }
    std::string name(command.substr(begin, std::min<std::size_t>(end - begin, 100)));
    return name.empty() ? "empty command" : name;
}

// Standard error for a message: trimmed, control characters but newlines replaced.
inline std::string stderr_note(const std::string& err) {
    std::size_t begin = 0, end = err.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(err[begin]))) {
        ++begin;
    }
    while (end > begin && std::isspace(static_cast<unsigned char>(err[end - 1]))) {
        --end;
    }
    if (begin == end) {
        return {};
    }
    std::string note = ": ";
    for (std::size_t i = begin; i < end && i < begin + 1024; ++i) {
        const auto c = static_cast<unsigned char>(err[i]);
        note += (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : static_cast<char>(c);
    }
    if (end - begin > 1024 || err.size() >= max_stderr) {
        note += "...";
    }
    return note;
}

} // namespace detail::credentials_impl

HAWK_DECL credentials_result parse_credential_process_output(std::string_view output) {
    boost::json::error_code ec;
    const boost::json::value doc = boost::json::parse(output, ec);
    // Never quote the output: it is meant to hold the secret.
    if (ec) {
        return credentials_result::failure("its output (" + std::to_string(output.size()) +
                                           " bytes) is not JSON: " + ec.message());
    }
    const boost::json::object* obj = doc.if_object();
    if (obj == nullptr) {
        return credentials_result::failure("its output is not a JSON object");
    }
    const boost::json::value* version = obj->if_contains("Version");
    if (version == nullptr) {
        return credentials_result::failure("its output has no \"Version\" (expected 1)");
    }
    const bool version_1 = (version->is_int64() && version->as_int64() == 1) ||
                           (version->is_uint64() && version->as_uint64() == 1) ||
                           (version->is_double() && version->as_double() == 1.0);
    if (!version_1) {
        return credentials_result::failure(
            "its output has an unsupported \"Version\" (expected 1): " +
            boost::json::serialize(*version));
    }
    auto required = [&](const char* name, std::string& into) -> bool {
        const boost::json::value* v = obj->if_contains(name);
        if (v == nullptr || !v->is_string() || v->get_string().empty()) {
            return false;
        }
        into.assign(v->get_string().data(), v->get_string().size());
        return true;
    };
    credentials creds;
    if (!required("AccessKeyId", creds.access_key_id)) {
        return credentials_result::failure("its output has no \"AccessKeyId\" string");
    }
    if (!required("SecretAccessKey", creds.secret_access_key)) {
        return credentials_result::failure("its output has no \"SecretAccessKey\" string");
    }
    if (const boost::json::value* token = obj->if_contains("SessionToken");
        token != nullptr && !token->is_null()) {
        if (!token->is_string()) {
            return credentials_result::failure("its output's \"SessionToken\" is not a string");
        }
        creds.session_token.assign(token->get_string().data(), token->get_string().size());
    }
    if (const boost::json::value* expiration = obj->if_contains("Expiration");
        expiration != nullptr && !expiration->is_null()) {
        if (expiration->is_string()) {
            const boost::json::string& text = expiration->get_string();
            creds.expiration = parse_iso8601(std::string_view(text.data(), text.size()));
        }
        if (!creds.expiration) {
            return credentials_result::failure(
                "its output's \"Expiration\" is not an ISO-8601 timestamp: " +
                boost::json::serialize(*expiration));
        }
    }
    return creds;
}

HAWK_DECL process_provider::process_provider(std::string command, process_options options)
    : command_(std::move(command)), options_(options) {}

HAWK_DECL credentials_result process_provider::get() {
    namespace impl = detail::credentials_impl;
    const std::string label = "credential_process (" + impl::program_name(command_) + ")";
    const impl::process_run run = impl::run_shell_command(command_, options_);
    if (!run.error.empty()) {
        return credentials_result::failure(label + ": " + run.error);
    }
    if (run.timed_out) {
        return credentials_result::failure(label + ": did not finish within " +
                                           std::to_string(options_.timeout.count()) +
                                           " ms; killed");
    }
    if (run.too_much_output) {
        return credentials_result::failure(label + ": wrote more than " +
                                           std::to_string(options_.max_output) +
                                           " bytes to standard output; killed");
    }
    if (run.signal != 0) {
        return credentials_result::failure(label + ": killed by signal " +
                                           std::to_string(run.signal) + impl::stderr_note(run.err));
    }
    if (run.exit_status != 0) {
        return credentials_result::failure(label + ": exited with status " +
                                           std::to_string(run.exit_status) +
                                           impl::stderr_note(run.err));
    }
    credentials_result parsed = parse_credential_process_output(run.out);
    if (!parsed.ok()) {
        return credentials_result::failure(label + ": " + parsed.message());
    }
    return parsed;
}

// ---------------------------------------------------------------------------------------------
// profile

HAWK_DECL profile_provider::profile_provider(environment env, profile_options options)
    : env_(std::move(env)), options_(std::move(options)) {}

HAWK_DECL credentials_result profile_provider::get() {
    const shared_config_result loaded = shared_config::load(env_);
    if (!loaded) {
        return credentials_result::failure(loaded.error);
    }
    const shared_config& config = loaded.config;

    const bool explicit_profile = options_.profile && !options_.profile->empty();
    const std::optional<std::string> from_env =
        explicit_profile ? std::nullopt : env_.get("AWS_PROFILE");
    const std::string name = resolve_profile_name(env_, options_.profile);
    const std::string label = "profile '" + name + "'";

    if (!config.has_profile(name)) {
        // Nobody asked for "default": its absence just means "not configured here".
        if (!explicit_profile && !from_env) {
            std::string searched =
                label + " in " + config.credentials_path() + " and " + config.config_path();
            if (!config.credentials_exists() && !config.config_exists()) {
                searched += " (neither file exists)";
            } else {
                searched += " (no such profile)";
            }
            return credentials_result::not_found(std::move(searched));
        }
        return credentials_result::failure(label + (from_env ? " (from AWS_PROFILE)" : "") +
                                           " is not defined in " + config.credentials_path() +
                                           " or " + config.config_path());
    }

    auto value = [&](std::string_view key) -> std::optional<std::string> {
        auto v = config.get(name, key);
        return v && !v->empty() ? v : std::nullopt;
    };
    auto in_file = [&](std::string_view key) {
        const std::string* file = config.file_of(name, key);
        return file ? " (in " + *file + ")" : std::string();
    };

    // Using the profile's plain keys when it asks for a role or SSO would sign as someone else.
    for (const std::string_view key : {"role_arn", "sso_session", "sso_start_url"}) {
        if (value(key)) {
            return credentials_result::failure(label + " sets " + std::string(key) + in_file(key) +
                                               ", which hawk does not support yet");
        }
    }

    const std::optional<std::string> key = value(config_keys::access_key_id);
    const std::optional<std::string> secret = value(config_keys::secret_access_key);
    if (key || secret) {
        if (!secret) {
            return credentials_result::failure(label + ": aws_access_key_id is set" +
                                               in_file(config_keys::access_key_id) +
                                               " but aws_secret_access_key is not");
        }
        if (!key) {
            return credentials_result::failure(label + ": aws_secret_access_key is set" +
                                               in_file(config_keys::secret_access_key) +
                                               " but aws_access_key_id is not");
        }
        credentials creds{*key, *secret, {}, {}};
        if (auto token = value(config_keys::session_token)) {
            creds.session_token = std::move(*token);
        } else if (auto legacy = value("aws_security_token")) {
            creds.session_token = std::move(*legacy);
        }
        return creds;
    }

    if (const std::optional<std::string> command = value(config_keys::credential_process)) {
        credentials_result r = process_provider(*command, options_.process).get();
        if (!r.ok()) {
            return credentials_result::failure(label + ": " + r.message());
        }
        return r;
    }
    return credentials_result::not_found(label + " in " + config.credentials_path() + " and " +
                                         config.config_path() +
                                         " (it has no aws_access_key_id or credential_process)");
}

// ---------------------------------------------------------------------------------------------
// cache

struct caching_provider::state {
    using time_point = std::chrono::system_clock::time_point;

    std::shared_ptr<credentials_provider> inner;
    caching_options options;

    std::mutex mutex;
    std::condition_variable refreshed;
    std::optional<credentials> cached;
    time_point refresh_at{};                        // when cached has an expiration
    bool refreshing = false;                        // a caller is asking `inner`, without the lock
    std::uint64_t generation = 0;                   // bumped at the end of each refresh
    std::optional<credentials_result> last_failure; // of the latest refresh

    time_point now() const {
        return options.clock ? options.clock() : std::chrono::system_clock::now();
    }
    bool fresh(time_point t) const { return cached && (!cached->expiration || t < refresh_at); }
    bool usable(time_point t) const {
        return cached && (!cached->expiration || t < *cached->expiration);
    }
};

HAWK_DECL caching_provider::caching_provider(std::shared_ptr<credentials_provider> inner,
                                             caching_options options)
    : state_(std::make_unique<state>()) {
    state_->inner = std::move(inner);
    state_->options = std::move(options);
}

HAWK_DECL caching_provider::~caching_provider() = default;

HAWK_DECL void caching_provider::invalidate() {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->cached.reset();
}

HAWK_DECL credentials_result caching_provider::get() {
    state& s = *state_;
    std::unique_lock<std::mutex> lock(s.mutex);
    for (;;) {
        const state::time_point now = s.now();
        if (s.fresh(now)) {
            return *s.cached;
        }
        if (!s.refreshing) {
            break;
        }
        // Someone is refreshing: still-valid credentials do meanwhile, else wait for them.
        if (s.usable(now)) {
            return *s.cached;
        }
        const std::uint64_t generation = s.generation;
        s.refreshed.wait(lock, [&] { return s.generation != generation; });
        if (s.usable(s.now())) {
            return *s.cached;
        }
        if (s.last_failure) {
            return *s.last_failure;
        }
    }

    s.refreshing = true;
    lock.unlock();
    std::optional<credentials_result> fetched;
    try {
        fetched = s.inner ? s.inner->get()
                          : credentials_result::failure("caching_provider has no provider");
    } catch (const std::exception& e) {
        fetched =
            credentials_result::failure(std::string("credentials provider threw: ") + e.what());
    } catch (...) {
        fetched = credentials_result::failure("credentials provider threw");
    }
    lock.lock();
    s.refreshing = false;
    ++s.generation;
    const state::time_point now = s.now();
    credentials_result result = std::move(*fetched);
    if (result.ok() && result.value().expiration && now >= *result.value().expiration) {
        result = credentials_result::failure(
            "the credentials provider returned credentials that expired at " +
            format_iso8601(*result.value().expiration));
    }
    if (result.ok()) {
        s.cached = result.value();
        s.last_failure.reset();
        if (const auto expiration = s.cached->expiration) {
            s.refresh_at = *expiration - s.options.refresh_before;
            // Short-lived credentials: refresh halfway rather than at every call.
            if (s.refresh_at <= now) {
                s.refresh_at = now + (*expiration - now) / 2;
            }
        }
    } else {
        s.last_failure = result;
    }
    s.refreshed.notify_all();
    if (!result.ok() && s.usable(now)) {
        return *s.cached;
    }
    return result;
}

HAWK_DECL std::shared_ptr<credentials_provider>
default_credentials_provider(environment env, profile_options options) {
    std::vector<std::shared_ptr<credentials_provider>> chain;
    chain.push_back(std::make_shared<environment_provider>(env));
    chain.push_back(std::make_shared<profile_provider>(std::move(env), std::move(options)));
    return std::make_shared<caching_provider>(std::make_shared<chain_provider>(std::move(chain)));
}

} // namespace hawk::core::auth

#endif
