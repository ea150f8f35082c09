#pragma once

// Waiters: the shared runtime of the generated `async_wait_until_<waiter>` functions
// (hawk/<service>/waiters/<waiter>.hpp). A waiter calls one operation until its response says
// the resource is in the state wanted (success), never will be (failure), or the time allowed
// runs out. The generated part is only a traits struct, the model's waiter as data:
//
//     struct Traits {
//         using operation = operations::GetAssistant;          // request, response, name
//         static constexpr std::string_view name = "AssistantActive";
//         static constexpr std::chrono::seconds delay{2};      // the model's: the min_delay
//         static constexpr int max_attempts = 60;              // delay * max_attempts: max_wait
//         static constexpr waiter_acceptor acceptors[] = {     // in order; the first match wins
//             {waiter_state::success, waiter_matcher::path, "assistant.status", "\"ACTIVE\""},
//             {waiter_state::failure, waiter_matcher::path, "assistant.status",
//             "\"CREATE_FAILED\""},
//         };
//     };
//
// After each call, botocore's and Smithy's rules: the first acceptor that matches sets the state
// (success and failure end the wait, retry waits and calls again); when none matches, an error
// ends the wait with that error and a response means retry.
//
// Paths are evaluated at run time, on the response in its document form (to_document: model
// member names, as JMESPath sees them in Smithy's data model), by the JMESPath subset of
// detail/jmespath.hpp. hawk-gen has already parsed each path with that same parser and checked
// it against the output shape, so a generated waiter cannot hold a path this runtime would
// refuse or one naming members its response lacks; translating paths to C++ instead would need
// a second implementation of the same semantics (projections dropping nulls, flattening,
// truthiness) in the generator, for a call made every few seconds.
//
// Delays are Smithy's: exponential backoff with full jitter between min_delay and max_delay, and
// no sleep past the deadline: when what remains after a delay would be no more than min_delay,
// the waiter sleeps until the deadline and makes one last attempt there.

#include <hawk/core/client.hpp>
#include <hawk/core/codec.hpp>
#include <hawk/core/detail/jmespath.hpp>
#include <hawk/core/error.hpp>
#include <hawk/core/retry.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core {

/// What an acceptor that matches does.
enum class waiter_state : unsigned char {
    success, ///< the wait is over: complete with the response
    failure, ///< the resource will never get there: complete with errc::waiter_failure_state
    retry,   ///< wait and call again
};

/// What an acceptor looks at (botocore's `matcher`).
enum class waiter_matcher : unsigned char {
    status,   ///< the HTTP status of the response (success or error): `expected` is a number
    error,    ///< an error code (`"ResourceNotFoundException"`); `true`: any error; `false`: none
    path,     ///< the path's value on a successful response equals `expected`
    path_all, ///< the path gives a non-empty list whose every item equals `expected`
    path_any, ///< the path gives a list with an item equal to `expected`
};

/// One acceptor of a waiter, as its traits declare it.
struct waiter_acceptor {
    waiter_state state;
    waiter_matcher matcher;
    std::string_view argument; ///< path matchers: the JMESPath expression; else empty
    std::string_view expected; ///< the expected value as JSON text: `"ACTIVE"` (quoted), 404, true
};

/// How long a waiter may take and how often it calls. Every member is optional.
struct waiter_options {
    /// The longest the wait may take, from the call of async_wait_until_...: no sleep goes past
    /// it, and no attempt starts after it (an attempt made at the deadline still counts). Default:
    /// the model's delay times its maxAttempts. Must be positive.
    std::optional<std::chrono::milliseconds> max_wait;
    /// The shortest delay between attempts. Default: the model's delay. At least 1 ms.
    std::optional<std::chrono::milliseconds> min_delay;
    /// The longest delay between attempts. Default: 120 s (or min_delay, if larger). At least
    /// min_delay.
    std::optional<std::chrono::milliseconds> max_delay;
    /// Uniform numbers in [0, 1) for the jitter; empty: default_random().
    random_source random;
};

/// Smithy's default longest delay between attempts.
inline constexpr std::chrono::milliseconds waiter_default_max_delay{120000};

/// One delay of Smithy's waiter algorithm.
struct waiter_pause {
    std::chrono::milliseconds delay{0};
    bool last = false; ///< the attempt after this delay is the last one (it falls on the deadline)
};

/// The delay before the attempt that follows attempt `attempt` (1: after the first call), with
/// `remaining` left before the deadline and `random01` in [0, 1): exponential backoff
/// min_delay * 2^(attempt - 1), max_delay from the attempt where that would pass it, then full
/// jitter between min_delay and that. When what would remain after the delay is no more than
/// min_delay, the delay is `remaining` and the next attempt the last (`last`).
inline waiter_pause waiter_delay(int attempt, std::chrono::milliseconds min_delay,
                                 std::chrono::milliseconds max_delay,
                                 std::chrono::milliseconds remaining, double random01) {
    using ms = std::chrono::milliseconds;
    const double lo = static_cast<double>(min_delay.count());
    const double hi = static_cast<double>(std::max(max_delay, min_delay).count());
    // The attempt from which min_delay * 2^(attempt - 1) would exceed max_delay (no overflow).
    const double ceiling = std::log(hi / lo) / std::log(2.0) + 1;
    const double top = attempt > ceiling ? hi : std::min(hi, lo * std::pow(2.0, attempt - 1));
    const double r = std::clamp(random01, 0.0, 1.0);
    ms delay(static_cast<long long>(lo + r * (top - lo)));
    if (remaining - delay <= min_delay)
        return {std::max(remaining, ms(0)), true};
    return {delay, false};
}

namespace detail {

/// "acceptor 2 (path assistant.status == "CREATE_FAILED" -> failure)".
inline std::string describe_acceptor(std::size_t index, const waiter_acceptor& a) {
    static constexpr const char* matchers[] = {"status", "error", "path", "pathAll", "pathAny"};
    static constexpr const char* states[] = {"success", "failure", "retry"};
    std::string text = "acceptor " + std::to_string(index + 1) + " (" +
                       matchers[static_cast<int>(a.matcher)] + " ";
    if (!a.argument.empty())
        text += std::string(a.argument) + " == ";
    text += std::string(a.expected) + " -> " + states[static_cast<int>(a.state)] + ")";
    return text;
}

template <class Traits, class Handler, class Executor>
struct wait_op {
    using operation = typename Traits::operation;
    using request_type = typename operation::request;
    using response_type = typename operation::response;
    using clock = std::chrono::steady_clock;
    static constexpr std::size_t acceptor_count = std::size(Traits::acceptors);

    struct state {
        state(client& cl, request_type r, diagnostics* d)
            : c(&cl), request(std::move(r)), user_diag(d), timer(cl.get_executor()) {}
        client* c;
        request_type request;
        diagnostics* user_diag;
        diagnostics diag; // the attempt's
        std::vector<jmespath::node> paths;
        std::vector<boost::json::value> expected;
        std::chrono::milliseconds min_delay{0}, max_delay{0}, max_wait{0};
        clock::time_point deadline;
        random_source random;
        boost::asio::steady_timer timer;
        int attempts = 0;
        bool last = false;
        response_type response{};
        std::optional<boost::json::value> document; // of `response`, when a path needs it
    };

    std::unique_ptr<state> st;
    Handler handler;
    Executor ex;

    /// Why the traits or the options cannot be used; empty when they can.
    std::string prepare(const waiter_options& options) {
        using ms = std::chrono::milliseconds;
        const ms model_delay = std::chrono::duration_cast<ms>(Traits::delay);
        st->min_delay = options.min_delay.value_or(model_delay);
        st->max_delay =
            options.max_delay.value_or(std::max(waiter_default_max_delay, st->min_delay));
        st->max_wait = options.max_wait.value_or(model_delay * Traits::max_attempts);
        st->random = options.random ? options.random : default_random();
        if (st->min_delay < ms(1))
            return "min_delay must be at least 1 ms";
        if (st->max_delay < st->min_delay)
            return "max_delay must be at least min_delay";
        if (st->max_wait <= ms(0))
            return "max_wait must be positive";
        for (std::size_t i = 0; i < acceptor_count; ++i) {
            const waiter_acceptor& a = Traits::acceptors[i];
            boost::system::error_code ec;
            st->expected.push_back(boost::json::parse(a.expected, ec));
            if (ec)
                return describe_acceptor(i, a) + ": expected is not JSON";
            jmespath::node path;
            if (a.matcher != waiter_matcher::status && a.matcher != waiter_matcher::error) {
                try {
                    path = jmespath::parse(a.argument);
                } catch (const jmespath::parse_error& e) {
                    return describe_acceptor(i, a) + ": " + e.what();
                }
            }
            st->paths.push_back(std::move(path));
        }
        st->deadline = clock::now() + st->max_wait;
        return {};
    }

    void attempt() {
        ++st->attempts;
        st->diag = diagnostics{};
        st->document.reset();
        // Taken before *this moves into the completion.
        client& c = *st->c;
        const request_type& request = st->request;
        diagnostics* diag = &st->diag;
        async_call<operation>(c, request, diag, boost::asio::bind_executor(ex, std::move(*this)));
    }

    /// The response in document form; throws std::invalid_argument for text JSON cannot hold.
    const boost::json::value& document() {
        if (!st->document)
            st->document = to_document(st->response);
        return *st->document;
    }

    bool matches(std::size_t i, boost::system::error_code ec) {
        const waiter_acceptor& a = Traits::acceptors[i];
        const boost::json::value& expected = st->expected[i];
        switch (a.matcher) {
        case waiter_matcher::status:
            return st->diag.http_status != 0 && expected.is_int64() &&
                   st->diag.http_status == expected.get_int64();
        case waiter_matcher::error:
            if (expected.is_bool())
                return expected.get_bool() == ec.failed();
            return ec.failed() && expected.is_string() &&
                   st->diag.error_code == expected.get_string();
        default:
            break;
        }
        if (ec)
            return false; // paths look at successful responses only
        const boost::json::value result = jmespath::evaluate(st->paths[i], document());
        if (a.matcher == waiter_matcher::path)
            return jmespath::equal(result, expected);
        const boost::json::array* items = result.if_array();
        if (!items)
            return false;
        auto equals = [&](const boost::json::value& item) {
            return jmespath::equal(item, expected);
        };
        if (a.matcher == waiter_matcher::path_all)
            return !items->empty() && std::all_of(items->begin(), items->end(), equals);
        return std::any_of(items->begin(), items->end(), equals);
    }

    /// A call completed.
    void operator()(boost::system::error_code ec, response_type response) {
        st->response = std::move(response);
        std::optional<std::size_t> matched;
        try {
            for (std::size_t i = 0; i < acceptor_count && !matched; ++i)
                if (matches(i, ec))
                    matched = i;
        } catch (const std::invalid_argument& e) {
            return finish(make_error_code(errc::parse_failed),
                          std::string(Traits::name) +
                              ": the response cannot be matched: " + e.what());
        }
        const std::string after = " after " + std::to_string(st->attempts) +
                                  (st->attempts == 1 ? " attempt" : " attempts");
        if (matched) {
            const waiter_acceptor& a = Traits::acceptors[*matched];
            if (a.state == waiter_state::success)
                return finish({}, {});
            if (a.state == waiter_state::failure)
                return finish(make_error_code(errc::waiter_failure_state),
                              std::string(Traits::name) + ": " + describe_acceptor(*matched, a) +
                                  " matched" + after);
        } else if (ec) {
            return finish(ec, {}); // the call's own error and diagnostics
        }
        const auto now = clock::now();
        if (st->last || now >= st->deadline)
            return finish(make_error_code(errc::waiter_timed_out),
                          std::string(Traits::name) + ": not done within " +
                              std::to_string(st->max_wait.count()) + " ms" + after +
                              "; the last response matched " +
                              (matched ? describe_acceptor(*matched, Traits::acceptors[*matched])
                                       : std::string("no acceptor")));
        // Rounded up: the last attempt falls on the deadline, not a fraction before it.
        const auto remaining = std::chrono::ceil<std::chrono::milliseconds>(st->deadline - now);
        const waiter_pause pause =
            waiter_delay(st->attempts, st->min_delay, st->max_delay, remaining, st->random());
        st->last = pause.last;
        st->timer.expires_after(pause.delay);
        boost::asio::steady_timer& timer = st->timer;
        timer.async_wait(boost::asio::bind_executor(ex, std::move(*this)));
    }

    /// A delay ended.
    void operator()(boost::system::error_code ec) {
        if (ec)
            return finish(ec, {});
        attempt();
    }

    void finish(boost::system::error_code ec, std::string message) {
        if (st->user_diag) {
            *st->user_diag = std::move(st->diag);
            if (!message.empty())
                st->user_diag->client_message = std::move(message);
        }
        response_type response = std::move(st->response);
        st.reset();
        std::move(handler)(ec, std::move(response));
    }
};

} // namespace detail

/// Waits with the waiter `Traits` (see the top of this file): calls Traits::operation with
/// `request` until an acceptor says success or failure, or `options.max_wait` runs out.
/// Completion signature: `void(boost::system::error_code, response)`:
/// - success: no error, and the response that matched;
/// - a failure acceptor matched: errc::waiter_failure_state, with that response (empty when it
///   matched an error); `diag->client_message` names the acceptor;
/// - the time ran out: errc::waiter_timed_out, with the last attempt's response (empty when it
///   failed); `diag->client_message` says how many attempts and what the last one matched;
/// - an error no acceptor matched: that error (a service's errc, a transport error, ...);
/// - options or traits that cannot work: errc::invalid_config (nothing is sent).
/// `diag`, when not null, receives the last attempt's diagnostics. Never completes inline. Any
/// Asio completion token: callbacks, use_future, use_awaitable, deferred. `client` (and `diag`)
/// must outlive the wait; `request` is copied.
template <class Traits, class CompletionToken>
auto async_wait(client& c, typename Traits::operation::request request,
                const waiter_options& options, diagnostics* diag, CompletionToken&& token) {
    using response = typename Traits::operation::response;
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, response)>(
        [&c, options, diag](auto handler, typename Traits::operation::request first) {
            auto ex = boost::asio::get_associated_executor(handler, c.get_executor());
            using op_type = detail::wait_op<Traits, decltype(handler), decltype(ex)>;
            op_type op{std::make_unique<typename op_type::state>(c, std::move(first), diag),
                       std::move(handler), ex};
            std::string why = op.prepare(options);
            if (!why.empty()) {
                boost::asio::post(ex, [op = std::move(op), why = std::move(why)]() mutable {
                    op.finish(make_error_code(errc::invalid_config),
                              std::string(Traits::name) + ": " + why);
                });
                return;
            }
            op.attempt();
        },
        token, std::move(request));
}

} // namespace hawk::core
