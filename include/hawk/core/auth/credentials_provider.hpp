#pragma once

// Where credentials come from: providers, the default chain and a cache.
//
// A provider answers get() with credentials, "not found" (it had nothing to offer: a chain moves
// on to the next provider) or a failure (it was configured but broken: a chain stops, because
// falling through would sign as someone else). Nothing here probes the network; the default
// chain reads the environment and the shared config files only:
//
//     environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)
//     -> profile (AWS_PROFILE or "default"): aws_access_key_id / aws_secret_access_key /
//        aws_session_token, else credential_process
//
// wrapped in a caching_provider.

#include <hawk/core/auth/credentials.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/config/shared_config.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core::auth {

/// Credentials, or why there are none.
class credentials_result {
public:
    enum class status {
        ok,
        not_found, ///< the source had nothing to offer; searched() says what was looked at
        failed,    ///< the source was configured but did not work; message() says why
    };

    /// Success.
    credentials_result(credentials creds) : creds_(std::move(creds)) {}
    /// `searched` names what was looked at, e.g. "environment"; the message becomes
    /// "no credentials: looked in <searched>".
    HAWK_DECL static credentials_result not_found(std::string searched);
    HAWK_DECL static credentials_result failure(std::string message);

    bool ok() const noexcept { return status_ == status::ok; }
    explicit operator bool() const noexcept { return ok(); }
    status state() const noexcept { return status_; }

    /// The credentials; throws std::runtime_error(message()) when there are none.
    HAWK_DECL const credentials& value() const&;
    HAWK_DECL credentials&& value() &&;
    /// Why there are no credentials; empty on success.
    const std::string& message() const noexcept { return message_; }
    /// For not_found: what was looked at (a chain joins these).
    const std::string& searched() const noexcept { return searched_; }

private:
    credentials_result() = default;

    status status_ = status::ok;
    credentials creds_;
    std::string message_;
    std::string searched_;
};

class credentials_provider {
public:
    HAWK_DECL virtual ~credentials_provider();
    /// May be called from several threads at once unless the provider says otherwise.
    virtual credentials_result get() = 0;
};

/// Always the same credentials.
class static_provider final : public credentials_provider {
public:
    HAWK_DECL explicit static_provider(credentials creds);
    HAWK_DECL credentials_result get() override;

private:
    credentials creds_;
};

/// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (both or neither: one alone is a failure), with
/// AWS_SESSION_TOKEN (or the legacy AWS_SECURITY_TOKEN) and AWS_CREDENTIAL_EXPIRATION (ISO-8601)
/// when set.
class environment_provider final : public credentials_provider {
public:
    HAWK_DECL explicit environment_provider(environment env);
    HAWK_DECL credentials_result get() override;

private:
    environment env_;
};

struct process_options {
    /// The command is killed after this long.
    std::chrono::milliseconds timeout = std::chrono::seconds(60);
    /// More standard output than this is a failure (never silently cut).
    std::size_t max_output = 1024 * 1024;
    /// Run the command in a process group of its own, so that a timeout kills everything it
    /// started (`sh -c` often forks the command rather than replacing itself). A command in its
    /// own group cannot read from the terminal; set this to false for a helper that prompts
    /// there (a timeout then kills only the shell).
    bool own_process_group = true;
};

/// Runs a command with `/bin/sh -c` (the way the AWS SDKs run `credential_process`) and reads
/// its standard output: {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
/// "SessionToken": ..., "Expiration": "<ISO-8601>"} (the last two optional). The command
/// inherits the process's real environment and standard input; its standard error is captured
/// and quoted (shortened) when it fails. A non-zero exit, a timeout or bad output is a failure;
/// messages name the program (the command's first word), never its arguments or its output.
class process_provider final : public credentials_provider {
public:
    HAWK_DECL explicit process_provider(std::string command, process_options options = {});
    HAWK_DECL credentials_result get() override;

private:
    std::string command_;
    process_options options_;
};

/// Parses a credential_process's output (see process_provider).
HAWK_DECL credentials_result parse_credential_process_output(std::string_view output);

struct profile_options {
    /// The profile; else AWS_PROFILE, else "default".
    std::optional<std::string> profile;
    /// For the profile's credential_process.
    process_options process;
};

/// A profile of the shared config files, read at each get(): its static keys
/// (aws_access_key_id, aws_secret_access_key, aws_session_token), else its credential_process.
/// The default profile missing is "not found"; a profile named explicitly (or by AWS_PROFILE)
/// missing is a failure, and so are keys without their partner and profiles that need what hawk
/// does not do yet (role_arn, SSO).
class profile_provider final : public credentials_provider {
public:
    HAWK_DECL explicit profile_provider(environment env, profile_options options = {});
    HAWK_DECL credentials_result get() override;

private:
    environment env_;
    profile_options options_;
};

/// Whatever a callable returns. An exception it throws becomes a failure.
class function_provider final : public credentials_provider {
public:
    using function = std::function<credentials_result()>;

    HAWK_DECL explicit function_provider(function fn);
    HAWK_DECL credentials_result get() override;

private:
    function fn_;
};

/// Asks each provider in turn: the first with credentials wins, a failure stops the chain, and
/// when every one finds nothing the result says where they looked ("no credentials: looked in
/// environment, profile 'default' in /home/me/.aws/credentials and /home/me/.aws/config").
class chain_provider final : public credentials_provider {
public:
    HAWK_DECL explicit chain_provider(std::vector<std::shared_ptr<credentials_provider>> providers);
    HAWK_DECL credentials_result get() override;

private:
    std::vector<std::shared_ptr<credentials_provider>> providers_;
};

struct caching_options {
    /// Credentials that expire are refreshed this long before they do (the SDKs' 5 minutes).
    std::chrono::seconds refresh_before = std::chrono::minutes(5);
    /// The time; system_clock::now when empty. Injected by tests.
    std::function<std::chrono::system_clock::time_point()> clock;
};

/// Caches another provider's credentials: those without an expiration for good, the others
/// until `refresh_before` ahead of it. One caller at a time refreshes; meanwhile the others keep
/// using the cached credentials while they are still valid, or wait for the refresh. If a
/// refresh fails while the cached credentials are still valid, they are used (and the next
/// call tries again).
class caching_provider final : public credentials_provider {
public:
    HAWK_DECL explicit caching_provider(std::shared_ptr<credentials_provider> inner,
                                        caching_options options = {});
    HAWK_DECL ~caching_provider() override;
    caching_provider(const caching_provider&) = delete;
    caching_provider& operator=(const caching_provider&) = delete;

    HAWK_DECL credentials_result get() override;
    /// Drops the cached credentials, e.g. after the service rejected them.
    HAWK_DECL void invalidate();

private:
    struct state;
    std::unique_ptr<state> state_;
};

/// The default chain (environment, then the profile), cached.
HAWK_DECL std::shared_ptr<credentials_provider>
default_credentials_provider(environment env, profile_options options = {});

} // namespace hawk::core::auth

#define HAWK_CORE_AUTH_CREDENTIALS_PROVIDER_DECLARED

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/credentials.ipp>
#endif
