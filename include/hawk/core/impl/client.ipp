#pragma once

#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/auth/sigv4.hpp>
#include <hawk/core/client.hpp>
#include <hawk/core/config/shared_config.hpp>
#include <hawk/core/endpoints/rules.hpp>
#include <hawk/core/http/recycling_allocator.hpp>

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

namespace hawk::core {
namespace detail {

/// gzip (RFC 1952) of `in`, for request compression; false if zlib fails.
inline bool gzip(std::string_view in, std::string& out) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    out.resize(deflateBound(&z, static_cast<uLong>(in.size())));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return status == Z_STREAM_END;
}

/// A host prefix must add whole DNS labels: letters, digits and hyphens between the dots.
inline bool valid_host_prefix(std::string_view prefix) {
    std::size_t label = 0;
    for (const char c : prefix) {
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-') {
            if (++label > 63)
                return false;
        } else {
            return false;
        }
    }
    return label == 0;
}

/// "https://host:port/base" split for an http::request; false when it is not such a URL.
inline bool apply_endpoint_url(std::string_view url, http::request& req) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        return false;
    const std::string_view scheme = url.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http")
        return false;
    std::string_view rest = url.substr(scheme_end + 3);
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view base =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    std::uint16_t port = 0;
    if (const std::size_t colon = authority.rfind(':');
        colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
        unsigned value = 0;
        const std::string_view digits = authority.substr(colon + 1);
        if (digits.empty() || digits.size() > 5)
            return false;
        for (const char c : digits) {
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value == 0 || value > 65535)
            return false;
        port = static_cast<std::uint16_t>(value);
        authority = authority.substr(0, colon);
    }
    if (authority.empty())
        return false;
    req.scheme = std::string(scheme);
    req.host = std::string(authority);
    req.port = port;
    while (!base.empty() && base.back() == '/')
        base.remove_suffix(1);
    if (!base.empty())
        req.path = std::string(base) + req.path;
    return true;
}

/// AWS_ENDPOINT_URL_<SERVICE_ID>: the service id upper-cased, spaces and dashes as underscores.
inline std::string endpoint_variable(std::string_view service_id) {
    std::string name = "AWS_ENDPOINT_URL_";
    for (const char c : service_id)
        name +=
            (c == ' ' || c == '-') ? '_' : static_cast<char>((c >= 'a' && c <= 'z') ? c - 32 : c);
    return name;
}

/// What a service's calls share once resolved: the endpoint (from the rules, or the custom
/// endpoint URL) split for an http::request, its headers, the signing region and the
/// User-Agent. Resolved at a service's first call and kept for the client's life: the
/// settings it comes from (the configuration, the environment, the profile) are read then,
/// as the AWS SDKs read them when a client is made.
struct service_endpoint {
    const service_info* service = nullptr;
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
    std::string base_path; ///< prepended to each request's path; no trailing '/'
    std::vector<http::header> headers;
    std::string region; ///< for signatures
    std::string user_agent;
};

/// Request compression settings, read once.
struct compression_settings {
    bool disabled = false;
    std::size_t threshold = 10240;
};

class client_impl : public std::enable_shared_from_this<client_impl> {
public:
    client_impl(boost::asio::any_io_executor ex, client_config cfg)
        : executor_(std::move(ex)), config_(std::move(cfg)),
          env_(config_.environment ? environment{config_.environment} : environment::process()),
          transport_(executor_, transport_config()), retry_(retry_settings()), quota_(retry_.quota),
          first_attempt_header_(amz_sdk_request(1, std::max(retry_.max_attempts, 1))) {}

    boost::asio::any_io_executor executor_;
    client_config config_;
    environment env_;

    const shared_config& profiles() {
        std::call_once(config_once_, [this] {
            shared_config_result loaded = shared_config::load(env_);
            config_error_ = loaded.error;
            shared_ = std::move(loaded.config);
        });
        return shared_;
    }

    std::string profile_name() { return resolve_profile_name(env_, config_.profile); }

    http::transport_config transport_config() {
        http::transport_config t = config_.transport;
        if (t.ca_file.empty()) {
            if (auto bundle = env_.get("AWS_CA_BUNDLE"))
                t.ca_file = *bundle;
            else if (auto p = profiles().get(profile_name(), config_keys::ca_bundle))
                t.ca_file = *p;
        }
        return t;
    }

    /// Read once, at construction (retry_).
    retry_config retry_settings() {
        if (config_.retry)
            return *config_.retry;
        const std::string profile = profile_name();
        try {
            return retry_config_from_environment(
                {env_.get("AWS_MAX_ATTEMPTS"), env_.get("AWS_RETRY_MODE")},
                {profiles().get(profile, config_keys::max_attempts),
                 profiles().get(profile, config_keys::retry_mode)});
        } catch (const error_with_diagnostics& e) {
            // Construction does not fail: every call reports it instead (resolve_endpoint).
            retry_error_ = e.get_diagnostics().client_message.empty()
                               ? e.what()
                               : e.get_diagnostics().client_message;
            return retry_config();
        }
    }

    std::shared_ptr<auth::credentials_provider> credentials() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!credentials_)
            credentials_ = config_.credentials
                               ? config_.credentials
                               : auth::default_credentials_provider(
                                     env_, auth::profile_options{config_.profile, {}});
        return credentials_;
    }

    /// The service's rule set, parsed once per client. Called with mutex_ held.
    const endpoints::rule_set* rules(const service_info& service, std::string& error) {
        auto it = rules_.find(service.folder);
        if (it == rules_.end()) {
            endpoints::rule_set parsed =
                endpoints::rule_set::parse(service.endpoint_rules_json, error);
            if (!parsed.valid())
                return nullptr;
            it = rules_.emplace(service.folder, std::move(parsed)).first;
        }
        return &it->second;
    }

    const compression_settings& compression() {
        std::call_once(compression_once_, [this] {
            const shared_config& shared = profiles();
            const std::string profile = profile_name();
            const auto setting = [&](const char* variable, std::string_view key) {
                std::optional<std::string> v = env_.get(variable);
                return v ? v : shared.get(profile, key);
            };
            if (config_.disable_request_compression) {
                compression_.disabled = true;
            } else if (const auto off = setting("AWS_DISABLE_REQUEST_COMPRESSION",
                                                config_keys::disable_request_compression);
                       off && (*off == "true" || *off == "TRUE" || *off == "True")) {
                compression_.disabled = true;
            }
            if (config_.request_min_compression_size) {
                compression_.threshold = *config_.request_min_compression_size;
            } else if (const auto text = setting("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
                                                 config_keys::request_min_compression_size_bytes)) {
                std::size_t value = 0;
                const auto r = std::from_chars(text->data(), text->data() + text->size(), value);
                if (r.ec == std::errc() && r.ptr == text->data() + text->size() &&
                    value <= 10485760)
                    compression_.threshold = value;
            }
        });
        return compression_;
    }

    /// gzip for operations that allow it, above the size threshold, unless turned off; the
    /// encoding is appended to any the caller set (Content-Encoding: custom, gzip).
    void compress_body(http::request& req) {
        const compression_settings& settings = compression();
        if (settings.disabled)
            return;
        std::string compressed;
        if (req.body.size() < settings.threshold || !gzip(req.body, compressed))
            return;
        req.body = std::move(compressed);
        const std::string* encoding = req.find_header("Content-Encoding");
        req.set_header("Content-Encoding",
                       encoding && !encoding->empty() ? *encoding + ", gzip" : std::string("gzip"));
    }

    boost::system::error_code fail(diagnostics& diag, errc e, std::string message) {
        diag.client_message = std::move(message);
        return make_error_code(e);
    }

    /// The service's endpoint: the one resolved at its first call, else resolved now (a
    /// failure is not kept: every call reports it).
    boost::system::error_code endpoint_for(const service_info& service, diagnostics& diag,
                                           const service_endpoint*& out) {
        if (const service_endpoint* last = last_endpoint_.load(std::memory_order_acquire);
            last && last->service == &service) {
            out = last;
            return {};
        }
        std::lock_guard<std::mutex> lock(mutex_);
        for (const std::unique_ptr<service_endpoint>& e : endpoints_)
            if (e->service == &service) {
                out = e.get();
                last_endpoint_.store(out, std::memory_order_release);
                return {};
            }
        auto resolved = std::make_unique<service_endpoint>();
        if (boost::system::error_code ec = resolve_service_endpoint(service, diag, *resolved))
            return ec;
        out = resolved.get();
        endpoints_.push_back(std::move(resolved));
        last_endpoint_.store(out, std::memory_order_release);
        return {};
    }

    /// The rule set's parameters that are SDK built-ins, with the SDK's values.
    static std::map<std::string, endpoints::value>
    built_in_params(const endpoints::rule_set& rules,
                    const std::map<std::string_view, endpoints::value>& built_ins) {
        std::map<std::string, endpoints::value> params;
        for (const endpoints::parameter& p : rules.parameters())
            if (const auto it = built_ins.find(p.built_in);
                !p.built_in.empty() && it != built_ins.end())
                params[p.name] = it->second;
        return params;
    }

    /// Resolves what every call of `service` shares. Called with mutex_ held.
    boost::system::error_code resolve_service_endpoint(const service_info& service,
                                                       diagnostics& diag, service_endpoint& out) {
        const shared_config& shared = profiles();
        const std::string profile = profile_name();
        const std::optional<std::string> region =
            resolve_region(env_, shared, config_.region, config_.profile);
        std::optional<std::string> custom = config_.endpoint_url;
        if (!custom)
            custom = env_.get(endpoint_variable(service.service_id));
        if (!custom)
            custom = env_.get("AWS_ENDPOINT_URL");
        if (!custom)
            custom = shared.get(profile, config_keys::endpoint_url);

        // The SDK's values of the rules' built-in parameters, passed under the names the rule
        // set gives them: a rule set declares only the built-ins it uses (some have no
        // UseDualStack), and an undeclared parameter is an error.
        std::map<std::string_view, endpoints::value> built_ins;
        if (region)
            built_ins["AWS::Region"] = *region;
        // A flag set in code wins; else AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, else
        // the profile's use_fips_endpoint / use_dualstack_endpoint.
        const auto flag = [&](bool set_in_code, const char* variable, std::string_view key) {
            if (set_in_code)
                return true;
            std::optional<std::string> v = env_.get(variable);
            if (!v)
                v = shared.get(profile, key);
            return v && (*v == "true" || *v == "TRUE" || *v == "True");
        };
        built_ins["AWS::UseFIPS"] =
            flag(config_.use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        built_ins["AWS::UseDualStack"] =
            flag(config_.use_dual_stack, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        if (custom)
            built_ins["SDK::Endpoint"] = *custom;

        std::string error;
        endpoints::endpoint ep;
        if (service.endpoint_rules_json.empty()) {
            // A model without endpoint rules (a user's own, or a test's) needs an endpoint URL.
            if (!custom)
                return fail(diag, errc::endpoint_failed,
                            "the service's model has no endpoint rules: set an endpoint URL");
            ep.url = *custom;
        } else if (const endpoints::rule_set* rules = this->rules(service, error); !rules) {
            return fail(diag, errc::endpoint_failed,
                        "the service's endpoint rules do not parse: " + error);
        } else if (!rules->resolve(built_in_params(*rules, built_ins), ep, error)) {
            if (!region && !custom)
                return fail(
                    diag, errc::no_region,
                    "no region: set client_config::region, AWS_REGION, or the profile's region");
            return fail(diag, errc::endpoint_failed, "no endpoint: " + error);
        }
        http::request split;
        split.path.clear();
        if (!apply_endpoint_url(ep.url, split))
            return fail(diag, errc::endpoint_failed, "the endpoint is not a URL: " + ep.url);
        out.service = &service;
        out.scheme = std::move(split.scheme);
        out.host = std::move(split.host);
        out.port = split.port;
        out.base_path = std::move(split.path);
        for (const auto& [name, values] : ep.headers)
            for (const std::string& v : values)
                out.headers.push_back({name, v});
        // A custom endpoint without a region still signs with one, as the AWS SDKs do.
        out.region = region.value_or("us-east-1");
        out.user_agent = "hawk/" HAWK_VERSION_STRING " hawk-cpp api/" +
                         std::string(service.service_id) + "#" + std::string(service.api_version);
        return {};
    }

    /// Endpoint and the headers common to every attempt. `endpoint` receives the service's
    /// endpoint (its region signs the request).
    boost::system::error_code resolve_endpoint(const operation_info& op, http::request& req,
                                               diagnostics& diag,
                                               const service_endpoint*& endpoint) {
        profiles();
        if (!config_error_.empty())
            return fail(diag, errc::invalid_config, config_error_);
        if (!retry_error_.empty())
            return fail(diag, errc::invalid_config, retry_error_);
        if (boost::system::error_code ec = endpoint_for(*op.service, diag, endpoint))
            return ec;
        const service_endpoint& ep = *endpoint;
        req.scheme = ep.scheme;
        req.host = ep.host;
        req.port = ep.port;
        if (!ep.base_path.empty())
            req.path.insert(0, ep.base_path);
        if (!req.host_prefix.empty()) {
            if (!valid_host_prefix(req.host_prefix))
                return fail(diag, errc::validation_failed,
                            "the operation's host prefix \"" + req.host_prefix +
                                "\" is not a valid host name: check its host label members");
            req.host.insert(0, req.host_prefix);
        }
        if (op.request_compression)
            compress_body(req);
        // Room for what is added below and per attempt (amz-sdk-request): one reallocation.
        req.headers.reserve(req.headers.size() + ep.headers.size() + 3);
        for (const http::header& h : ep.headers)
            req.headers.push_back(h);
        req.set_header("User-Agent", ep.user_agent);
        req.set_header("amz-sdk-invocation-id", random_uuid());
        return {};
    }

    /// Per attempt: the attempt header and, for SigV4 operations, a fresh signature.
    boost::system::error_code authorize(const operation_info& op, http::request& req,
                                        const std::string& attempt, const std::string& region,
                                        diagnostics& diag) {
        req.set_header("amz-sdk-request", attempt);
        if (op.auth != auth_scheme::sigv4)
            return {};
        auth::credentials_result creds = credentials()->get();
        if (!creds)
            return fail(diag, errc::no_credentials,
                        creds.message().empty() ? "no credentials" : creds.message());
        const auto now = (config_.clock ? config_.clock() : std::chrono::system_clock::now()) +
                         std::chrono::milliseconds(skew_ms_.load(std::memory_order_relaxed));
        auth::signing_params params;
        params.region = region;
        params.service = op.service->signing_name;
        params.time = now;
        auth::sign(req, creds.value(), params);
        return {};
    }

    /// The server's clock minus ours, learned from signature-time errors, applied to signatures.
    std::atomic<long long> skew_ms_{0};

    /// On an error that says the signature's time is off, learns the skew from the response's
    /// Date header. True when it changed enough to be worth signing again.
    bool learn_clock_skew(const http::response& res, std::string_view code) {
        static constexpr std::string_view skew_codes[] = {
            "RequestTimeTooSkewed",      "RequestExpired",        "RequestInTheFuture",
            "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"};
        if (std::find(std::begin(skew_codes), std::end(skew_codes), code) == std::end(skew_codes))
            return false;
        const std::string* date = res.find_header("Date");
        if (!date)
            return false;
        const std::optional<timestamp> server = parse_http_date(*date);
        if (!server)
            return false;
        const auto local = config_.clock ? config_.clock() : std::chrono::system_clock::now();
        const long long skew =
            std::chrono::duration_cast<std::chrono::milliseconds>(*server - local).count();
        const long long previous = skew_ms_.exchange(skew, std::memory_order_relaxed);
        // Signatures are valid for 5 minutes either way; retry only when the skew is what failed.
        return std::llabs(skew - previous) > 4 * 60 * 1000;
    }

    // Declared before the members whose initializers fill them (transport_config() loads the
    // profiles, retry_settings() may set retry_error_).
    std::mutex mutex_;
    std::once_flag config_once_;
    shared_config shared_;
    std::string config_error_;
    std::string retry_error_; // set at construction only
    std::shared_ptr<auth::credentials_provider> credentials_;
    std::map<std::string_view, endpoints::rule_set> rules_;
    std::once_flag compression_once_;
    compression_settings compression_;
    // Resolved endpoints, one per service used; kept until the client goes (their addresses
    // are handed out). last_endpoint_ is the most recently used: the lock-free common case.
    std::vector<std::unique_ptr<service_endpoint>> endpoints_;
    std::atomic<const service_endpoint*> last_endpoint_{nullptr};
    http::transport transport_;
    retry_config retry_; // read once, at construction
    retry_quota quota_;
    std::string first_attempt_header_; // amz-sdk-request of every call's first attempt
};

/// One attempt through client_config::http_sender, bounded by the attempt timeout as the
/// transport's attempts are. The sender may answer from any thread: both endings meet on a strand
/// and the first one wins.
class sender_attempt : public std::enable_shared_from_this<sender_attempt> {
public:
    sender_attempt(const boost::asio::any_io_executor& ex, http::send_handler handler)
        : strand_(boost::asio::make_strand(ex)), timer_(strand_), handler_(std::move(handler)) {}

    /// `send` and `req` must stay valid until the handler runs (the call keeps both).
    void start(const http::sender& send, const http::request& req,
               std::chrono::milliseconds timeout) {
        boost::asio::post(strand_, [self = shared_from_this(), &send, &req, timeout] {
            self->timer_.expires_after(timeout);
            self->timer_.async_wait([self](boost::system::error_code ec) {
                if (!ec)
                    self->expire();
            });
            auto answer = [self](boost::system::error_code ec, http::response res) {
                boost::asio::dispatch(self->strand_, [self, ec, res = std::move(res)]() mutable {
                    self->complete(ec, std::move(res));
                });
            };
            try {
                send(req, boost::asio::bind_cancellation_slot(
                              self->cancel_.slot(),
                              boost::asio::bind_executor(self->strand_, std::move(answer))));
            } catch (const std::exception&) {
                // A sender that throws has sent nothing: a failed attempt, not a crashed program.
                self->complete(make_error_code(boost::system::errc::io_error), http::response());
            }
        });
    }

private:
    void complete(boost::system::error_code ec, http::response res) {
        if (!handler_)
            return; // timed out already
        timer_.cancel();
        http::send_handler handler = std::move(handler_);
        std::move(handler)(ec, std::move(res));
    }

    void expire() {
        if (!handler_)
            return;
        http::send_handler handler = std::move(handler_);
        cancel_.emit(boost::asio::cancellation_type::terminal);
        std::move(handler)(make_error_code(boost::asio::error::timed_out), http::response());
    }

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer timer_;
    boost::asio::cancellation_signal cancel_;
    http::send_handler handler_;
};

/// One call: endpoint, then attempts until success, a final error, or the retry policy says stop.
/// Allocated once per call (from recycled memory); the request is kept here and lent to the
/// transport for each attempt, so a call copies it only to sign it.
class call_op : public std::enable_shared_from_this<call_op> {
public:
    using handler_type =
        boost::asio::any_completion_handler<void(boost::system::error_code, http::response)>;

    call_op(std::shared_ptr<client_impl> c, const operation_info& op, http::request req,
            diagnostics* diag, handler_type handler)
        : c_(std::move(c)), op_(op), base_(std::move(req)), diag_(diag ? diag : &local_diag_),
          handler_(std::move(handler)),
          strategy_(c_->retry_, c_->quota_,
                    c_->config_.random ? c_->config_.random : default_random()) {}

    /// On the caller's thread: the endpoint, then the first attempt. The handler is never
    /// invoked from here: a failure before sending is posted.
    void start() {
        *diag_ = diagnostics();
        boost::system::error_code ec = c_->resolve_endpoint(op_, base_, *diag_, endpoint_);
        if (!ec)
            ec = attempt();
        if (ec && logs(log_level::warn))
            log(ec == errc::invalid_config ? log_level::error : log_level::warn,
                "not sent: " + describe(ec));
        if (ec)
            boost::asio::post(c_->executor_,
                              boost::asio::bind_allocator(
                                  http::detail::recycling_allocator<void>(),
                                  [self = shared_from_this(), ec] { self->finish(ec, {}); }));
    }

private:
    /// Signs (for SigV4 operations) and sends; an error means nothing was sent. Once sent, the
    /// response may arrive on another thread before this returns: nothing after the send may
    /// touch the call.
    boost::system::error_code attempt() {
        const std::string& header = strategy_.attempt() == 1
                                        ? c_->first_attempt_header_
                                        : (attempt_header_ = strategy_.request_header());
        // A signature covers the request as sent: each attempt signs a copy of the unsigned one.
        http::request* req = &base_;
        if (op_.auth == auth_scheme::sigv4) {
            signed_ = base_;
            req = &*signed_;
        }
        if (boost::system::error_code ec =
                c_->authorize(op_, *req, header, endpoint_->region, *diag_))
            return ec;
        ++diag_->attempts;
        if (logs(log_level::debug))
            log_request(*req);
        auto on_response = boost::asio::bind_allocator(
            http::detail::recycling_allocator<void>(),
            [self = shared_from_this()](boost::system::error_code ec, http::response res) {
                self->on_response(ec, std::move(res));
            });
        if (c_->config_.http_sender)
            std::allocate_shared<sender_attempt>(
                http::detail::recycling_allocator<sender_attempt>(), c_->executor_,
                std::move(on_response))
                ->start(c_->config_.http_sender, *req, c_->transport_.config().attempt_timeout);
        else
            c_->transport_.async_send_borrowed(*req, std::move(on_response));
        return {};
    }

    /// An attempt from a completion (a retry, or a new signature): a failure completes at once.
    void attempt_again() {
        if (boost::system::error_code ec = attempt())
            finish(ec, {});
    }

    void on_response(boost::system::error_code ec, http::response res) {
        if (logs(log_level::debug))
            log_response(ec, res);
        service_error_info error;
        attempt_outcome outcome = attempt_outcome::success();
        if (ec) {
            outcome = attempt_outcome::failure(ec);
        } else if (res.status < 200 || res.status >= 300) {
            error = parse_error(res, *op_.service);
            bool throttling = false;
            const bool retryable = op_.service->modeled_retryable(error.code, throttling);
            outcome = attempt_outcome::from_response(
                res, error.code,
                retryable ? (throttling ? modeled_retry::throttling : modeled_retry::yes)
                          : modeled_retry::no);
        }
        if (!ec && !skew_corrected_ && !error.code.empty() &&
            c_->learn_clock_skew(res, error.code)) {
            // Signed with a wrong clock: sign again with the server's time, once per call.
            skew_corrected_ = true;
            if (logs(log_level::info))
                log(log_level::info, "the server's clock differs from this machine's (" +
                                         error.code + "): signing again with the server's time");
            return attempt_again();
        }
        const retry_decision decision = strategy_.next(outcome);
        if (decision.retry) {
            // The strategy counts the coming attempt already.
            if (logs(log_level::info))
                log(log_level::info,
                    "retrying in " + std::to_string(decision.delay.count()) + " ms (attempt " +
                        std::to_string(strategy_.attempt()) + " of " +
                        std::to_string(c_->retry_.max_attempts) + "): " +
                        (ec ? ec.message()
                            : (error.code.empty() ? "HTTP " + std::to_string(res.status)
                                                  : error.code)));
            if (!timer_)
                timer_.emplace(c_->executor_);
            timer_->expires_after(decision.delay);
            timer_->async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
                if (wait_ec)
                    return self->finish(wait_ec, {});
                self->attempt_again();
            });
            return;
        }
        if (ec) {
            diag_->client_message = "the request failed: " + ec.message();
            // Else nothing says why a transient failure was not retried.
            if (decision.stop == retry_stop::quota_exhausted)
                diag_->client_message += "; the retry quota is exhausted";
            return finish(ec, {});
        }
        diag_->http_status = res.status;
        if (diag_ != &local_diag_ || res.status < 200 || res.status >= 300)
            diag_->request_id = request_id(res); // nobody reads a successful call's own copy
        if (res.status >= 200 && res.status < 300)
            return finish({}, std::move(res));
        diag_->error_code = error.code;
        diag_->message = error.message;
        diag_->error_body = res.body;
        if (decision.stop == retry_stop::quota_exhausted)
            diag_->client_message = "the retry quota is exhausted";
        finish(op_.service->error_from_code(error.code), {});
    }

    /// Runs from an I/O, timer or posted completion: never inline.
    void finish(boost::system::error_code ec, http::response res) {
        if (ec && ec != boost::asio::error::operation_aborted && logs(log_level::warn) &&
            diag_->attempts > 0)
            log(log_level::warn, "failed after " + std::to_string(diag_->attempts) +
                                     (diag_->attempts == 1 ? " attempt: " : " attempts: ") +
                                     describe(ec));
        handler_type handler = std::move(handler_);
        std::move(handler)(ec, std::move(res));
    }

    bool logs(log_level level) const noexcept { return c_->config_.log.enabled(level); }
    void log(log_level level, std::string_view message) const {
        log_call(c_->config_.log, op_, level, message);
    }

    /// The error and what diagnostics say of it, for a log line.
    std::string describe(boost::system::error_code ec) const {
        std::string text = diag_->error_code.empty() ? ec.message() : diag_->error_code;
        if (!diag_->message.empty())
            text += ": " + diag_->message;
        if (!diag_->client_message.empty())
            text += " (" + diag_->client_message + ")";
        if (diag_->http_status != 0)
            text += ", HTTP " + std::to_string(diag_->http_status);
        if (!diag_->request_id.empty())
            text += ", request id " + diag_->request_id;
        return text;
    }

    /// debug: the attempt's method, URL and body size; trace: its headers. Never a body, never
    /// a secret (log.hpp).
    void log_request(const http::request& req) const {
        std::string text = "attempt " + std::to_string(strategy_.attempt()) + " of " +
                           std::to_string(c_->retry_.max_attempts) + ": " + req.method + " " +
                           req.scheme + "://" + req.host;
        if (req.port != 0)
            text += ":" + std::to_string(req.port);
        if (op_.sensitive_in_url) {
            text += " (path hidden: it carries a sensitive member)";
        } else {
            text += req.path;
            if (!req.query.empty())
                text += "?" + req.query;
        }
        text += ", " + std::to_string(req.body.size()) + " body bytes";
        log(log_level::debug, text);
        if (logs(log_level::trace))
            log(log_level::trace, "request headers:" + headers_text(req.headers));
    }

    void log_response(boost::system::error_code ec, const http::response& res) const {
        if (ec) {
            log(log_level::debug,
                "attempt " + std::to_string(strategy_.attempt()) + " failed: " + ec.message());
            return;
        }
        std::string text = "attempt " + std::to_string(strategy_.attempt()) + ": HTTP " +
                           std::to_string(res.status) + ", " + std::to_string(res.body.size()) +
                           " body bytes";
        if (const std::string id = request_id(res); !id.empty())
            text += ", request id " + id;
        log(log_level::debug, text);
        if (logs(log_level::trace))
            log(log_level::trace, "response headers:" + headers_text(res.headers));
    }

    std::string headers_text(const std::vector<http::header>& headers) const {
        std::string text;
        for (const http::header& h : headers)
            text += "\n  " + h.name + ": " +
                    loggable_header_value(h.name, h.value, op_.sensitive_headers);
        return text;
    }

    std::shared_ptr<client_impl> c_;
    operation_info op_;
    http::request base_;                  // with the endpoint; unsigned
    std::optional<http::request> signed_; // the attempt's signed copy (SigV4 operations)
    diagnostics local_diag_;
    diagnostics* diag_;
    handler_type handler_;
    retry_strategy strategy_;
    std::optional<boost::asio::steady_timer> timer_; // made at the first retry
    const service_endpoint* endpoint_ = nullptr;
    std::string attempt_header_; // amz-sdk-request after the first attempt
    bool skew_corrected_ = false;
};

/// The I/O thread of a client made without an executor.
struct owned_context {
    boost::asio::io_context context;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
        context.get_executor()};
    std::thread thread{[this] { context.run(); }};

    ~owned_context() {
        work.reset();
        context.stop();
        if (thread.joinable())
            thread.join();
    }
};

} // namespace detail

HAWK_DECL client::client(client_config cfg)
    : owned_(std::make_unique<detail::owned_context>()),
      impl_(std::make_shared<detail::client_impl>(owned_->context.get_executor(), std::move(cfg))) {
}

HAWK_DECL client::client(boost::asio::any_io_executor ex, client_config cfg)
    : impl_(std::make_shared<detail::client_impl>(std::move(ex), std::move(cfg))) {}

HAWK_DECL client::~client() {
    // Idle connections close now; calls still in flight end with the I/O thread (owned_, last).
    impl_->transport_.close();
    impl_.reset();
}

HAWK_DECL boost::asio::any_io_executor client::get_executor() const {
    return impl_->executor_;
}

HAWK_DECL std::string client::make_idempotency_token() const {
    return impl_->config_.make_idempotency_token ? impl_->config_.make_idempotency_token()
                                                 : random_uuid();
}

HAWK_DECL validation_mode client::validation() const noexcept {
    return impl_->config_.validation;
}

HAWK_DECL bool client::logs(log_level level) const noexcept {
    return impl_->config_.log.enabled(level);
}

HAWK_DECL const log_config& client::log_settings() const noexcept {
    return impl_->config_.log;
}

HAWK_DECL http::transport_config client::transport_settings() const {
    return impl_->transport_config();
}

HAWK_DECL void client::log(const operation_info& op, log_level level,
                           std::string_view message) const {
    detail::log_call(impl_->config_.log, op, level, message);
}

HAWK_DECL boost::system::error_code client::prepare(const operation_info& op, http::request& req,
                                                    diagnostics& diag) {
    const detail::service_endpoint* endpoint = nullptr;
    if (boost::system::error_code ec = impl_->resolve_endpoint(op, req, diag, endpoint))
        return ec;
    return impl_->authorize(op, req, impl_->first_attempt_header_, endpoint->region, diag);
}

HAWK_DECL void client::async_execute(
    const operation_info& op, http::request req, diagnostics* diag,
    boost::asio::any_completion_handler<void(boost::system::error_code, http::response)> handler) {
    std::allocate_shared<detail::call_op>(http::detail::recycling_allocator<detail::call_op>(),
                                          impl_, op, std::move(req), diag, std::move(handler))
        ->start();
}

} // namespace hawk::core
