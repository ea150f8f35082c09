#pragma once

// Transports for your own unit tests: plug one into any client with
// `client_config::http_sender` and test code that calls AWS without a network, a server or a
// subclass.
//
//   replay_transport   answers from canned responses, in order (or from a function)
//   capture_transport  records every request as the client prepared it (endpoint, headers,
//                      signature, body), then answers it (200 "{}" by default, or by another
//                      transport such as a replay_transport)
//   silent_transport   never answers: the client's attempt timeout fires (tests of timeouts,
//                      cancellation and retries of timed-out calls)
//
// All are copyable handles to shared state, safe to use from several threads, and may outlive
// the clients that use them. offline_config() makes a client_config that reads nothing from
// the machine (no environment, no profile files) and signs with fixed test credentials.

#include <hawk/core/auth/credentials.hpp>
#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/client.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/http/sender.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/error_category.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::testing {

/// What a test transport answers: a response, or a transport failure in its place.
struct canned_response {
    int status = 200;
    std::vector<core::http::header> headers;
    std::string body;
    /// When set, the attempt fails with it (e.g. boost::asio::error::connection_reset) and the
    /// response is ignored.
    boost::system::error_code error;
};

/// A JSON response, as AWS's JSON protocols send them.
inline canned_response json_response(int status, std::string body,
                                     std::vector<core::http::header> headers = {}) {
    headers.push_back({"Content-Type", "application/json"});
    headers.push_back({"x-amzn-RequestId", "hawk-testing-request"});
    return {status, std::move(headers), std::move(body), {}};
}

/// A modeled (or unmodeled) service error, readable by both JSON protocols: the error code in
/// `x-amzn-ErrorType` and in the body's `__type`, the message in the body as both `message` and
/// `Message` (services spell it either way; a model names one, which error_as reads).
/// `extra_members` adds the error's other members (e.g. {{"RetryAfterSeconds", 3}}).
inline canned_response service_error(int status, std::string_view code, std::string_view message,
                                     boost::json::object extra_members = {}) {
    boost::json::object body = std::move(extra_members);
    body["__type"] = code;
    body["message"] = message;
    body["Message"] = message;
    return json_response(status, boost::json::serialize(body),
                         {{"x-amzn-ErrorType", std::string(code)}});
}

/// The attempt fails as the network made it fail (reset, refused, timed out...).
inline canned_response transport_failure(boost::system::error_code ec) {
    canned_response r;
    r.status = 0;
    r.error = ec;
    return r;
}

/// Errors of the test transports themselves.
enum class errc {
    /// A replay_transport was asked for more responses than it was given.
    no_canned_response = 1,
};

class error_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "hawk.testing"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::no_canned_response:
            return "hawk::testing::replay_transport has no canned response left for this request";
        }
        return "hawk.testing error " + std::to_string(ev);
    }
};

inline const boost::system::error_category& testing_category() noexcept {
    static const error_category category;
    return category;
}

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), testing_category()};
}

namespace detail {

/// Delivers an answer through the handler's associated executor (the client binds its own).
inline void deliver(core::http::send_handler handler, const canned_response& answer) {
    core::http::response res;
    if (!answer.error) {
        res.status = answer.status;
        res.headers = answer.headers;
        res.body = answer.body;
    }
    // dispatch, not post: Boost 1.81's any_completion_executor cannot be required to never block.
    boost::asio::dispatch(boost::asio::append(std::move(handler), answer.error, std::move(res)));
}

} // namespace detail

/// Answers each request with the next canned response, in the order they were added; with a
/// responder function, answers the rest from it. With neither left, the attempt fails with
/// errc::no_canned_response (the test sees it; nothing hangs).
class replay_transport {
public:
    using responder = std::function<canned_response(const core::http::request&)>;

    replay_transport() : state_(std::make_shared<state>()) {}

    /// Queues the answer to a coming request.
    replay_transport& then(canned_response answer) {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->queue.push_back(std::move(answer));
        return *this;
    }
    /// Answers every request once the queue is empty.
    replay_transport& otherwise(responder fn) {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->fallback = std::move(fn);
        return *this;
    }

    /// Canned responses not used yet.
    std::size_t remaining() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->queue.size();
    }
    /// Requests answered so far (canned, by the responder, or with no_canned_response).
    std::size_t requests() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->served;
    }

    /// For client_config::http_sender.
    core::http::sender sender() const {
        return [state = state_](const core::http::request& req, core::http::send_handler handler) {
            canned_response answer;
            responder fallback;
            {
                std::lock_guard<std::mutex> lock(state->mutex);
                ++state->served;
                if (!state->queue.empty()) {
                    answer = std::move(state->queue.front());
                    state->queue.pop_front();
                } else if (state->fallback) {
                    fallback = state->fallback; // called unlocked: it may be slow, or re-enter
                } else {
                    answer = transport_failure(make_error_code(errc::no_canned_response));
                }
            }
            if (fallback)
                answer = fallback(req);
            detail::deliver(std::move(handler), answer);
        };
    }

private:
    struct state {
        mutable std::mutex mutex;
        std::deque<canned_response> queue;
        responder fallback;
        std::size_t served = 0;
    };
    std::shared_ptr<state> state_;
};

/// Records every request as the client sends it, then answers it: by `next` (another test
/// transport's sender) if given, else with 200 and "{}" (every member of an output is optional
/// on the wire, so any operation parses it).
class capture_transport {
public:
    capture_transport() : capture_transport(core::http::sender()) {}
    explicit capture_transport(core::http::sender next) : state_(std::make_shared<state>()) {
        state_->next = std::move(next);
    }

    /// Every request so far, in the order they were sent (retries are separate requests).
    std::vector<core::http::request> requests() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->requests;
    }
    std::size_t size() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->requests.size();
    }
    /// The most recent request. @throws std::out_of_range when there is none.
    core::http::request last() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        if (state_->requests.empty())
            throw std::out_of_range("hawk::testing::capture_transport: no request captured");
        return state_->requests.back();
    }
    void clear() {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->requests.clear();
    }

    /// For client_config::http_sender.
    core::http::sender sender() const {
        return [state = state_](const core::http::request& req, core::http::send_handler handler) {
            {
                std::lock_guard<std::mutex> lock(state->mutex);
                state->requests.push_back(req);
            }
            if (state->next)
                state->next(req, std::move(handler));
            else
                detail::deliver(std::move(handler), json_response(200, "{}"));
        };
    }

private:
    struct state {
        mutable std::mutex mutex;
        std::vector<core::http::request> requests;
        core::http::sender next;
    };
    std::shared_ptr<state> state_;
};

/// Takes every request and never answers. Each attempt ends when the client's attempt timeout
/// (transport_config::attempt_timeout) cancels it; the handler is then let go with
/// operation_aborted, so nothing leaks.
class silent_transport {
public:
    silent_transport() : state_(std::make_shared<state>()) {}

    /// Requests taken so far.
    std::size_t requests() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->taken;
    }
    /// Requests still held (not yet cancelled).
    std::size_t pending() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->held.size();
    }

    /// For client_config::http_sender.
    core::http::sender sender() const {
        return [state = state_](const core::http::request&, core::http::send_handler handler) {
            auto slot = boost::asio::get_associated_cancellation_slot(handler);
            std::list<core::http::send_handler>::iterator held;
            {
                std::lock_guard<std::mutex> lock(state->mutex);
                ++state->taken;
                state->held.push_back(std::move(handler));
                held = std::prev(state->held.end());
            }
            if (slot.is_connected())
                slot.assign([state, held](boost::asio::cancellation_type) {
                    // Move-constructed, never move-assigned: Boost 1.81's
                    // any_completion_handler::operator=(&&) recurses without end.
                    std::unique_lock<std::mutex> lock(state->mutex);
                    core::http::send_handler h(std::move(*held));
                    state->held.erase(held);
                    lock.unlock();
                    detail::deliver(std::move(h),
                                    transport_failure(boost::asio::error::operation_aborted));
                });
        };
    }

private:
    struct state {
        mutable std::mutex mutex;
        std::list<core::http::send_handler> held;
        std::size_t taken = 0;
    };
    std::shared_ptr<state> state_;
};

/// The access key offline_config() signs with.
inline constexpr std::string_view test_access_key_id = "AKIDHAWKTESTING00001";

/// A client_config that reads nothing from the machine: no environment variables, no shared
/// config or credentials files; region us-east-1; fixed test credentials for SigV4 operations;
/// attempts sent through `send`. Retries keep the standard mode with no delay between attempts.
inline core::client_config offline_config(core::http::sender send) {
    core::client_config config;
    config.region = "us-east-1";
    config.environment = [](std::string_view) -> std::optional<std::string> {
        return std::nullopt;
    };
    config.credentials = std::make_shared<core::auth::static_provider>(core::auth::credentials{
        std::string(test_access_key_id), "hawk-testing-secret-key", {}, {}});
    config.random = [] { return 0.0; };
    config.http_sender = std::move(send);
    return config;
}

} // namespace hawk::testing

template <>
struct boost::system::is_error_code_enum<hawk::testing::errc> : std::true_type {};
