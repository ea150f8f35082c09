#include "gen/waiter_gen.hpp"

#include "emit/printer.hpp"
#include "gen/type_gen.hpp"
#include "naming/naming.hpp"

namespace hawk::codegen::gen {

using emit::cpp_string_literal;
using emit::printer;

namespace {

const char* state_name(model::waiter_state s) {
    switch (s) {
    case model::waiter_state::success:
        return "success";
    case model::waiter_state::failure:
        return "failure";
    default:
        return "retry";
    }
}

const char* matcher_name(model::waiter_matcher m) {
    switch (m) {
    case model::waiter_matcher::status:
        return "status";
    case model::waiter_matcher::error:
        return "error";
    case model::waiter_matcher::path:
        return "path";
    case model::waiter_matcher::path_all:
        return "path_all";
    default:
        return "path_any";
    }
}

/// The acceptors, for the header's comment: `assistant.status == "ACTIVE": success`.
std::string acceptor_summary(const model::waiter& w) {
    std::string text;
    for (const model::waiter_acceptor& a : w.acceptors) {
        text += "\n- ";
        switch (a.matcher) {
        case model::waiter_matcher::status:
            text += "HTTP status " + a.expected;
            break;
        case model::waiter_matcher::error:
            text += a.expected == "true"    ? std::string("any error")
                    : a.expected == "false" ? std::string("no error")
                                            : "error " + a.expected;
            break;
        case model::waiter_matcher::path:
            text += a.argument + " == " + a.expected;
            break;
        case model::waiter_matcher::path_all:
            text += "every " + a.argument + " == " + a.expected;
            break;
        case model::waiter_matcher::path_any:
            text += "any " + a.argument + " == " + a.expected;
            break;
        }
        text += std::string(": ") + state_name(a.state);
    }
    return text;
}

} // namespace

std::string waiter_function(const model::waiter& w) {
    return "wait_until_" + naming::to_snake_case(w.name);
}

std::string waiter_header_path(const symbols& sym, const model::waiter& w) {
    return "hawk/" + sym.ns() + "/waiters/" + naming::to_snake_case(w.name) + ".hpp";
}

std::string waiter_header(const symbols& sym, const model::waiter& w) {
    const model::service& svc = sym.service();
    const model::operation* op = nullptr;
    for (const model::operation& o : svc.operations) {
        if (o.name == w.operation)
            op = &o;
        if (sym.call_function(o) == waiter_function(w))
            throw model::model_error(svc.source_path + ": waiter \"" + w.name +
                                     "\": its function async_" + waiter_function(w) +
                                     " is the name of operation " + o.name + "'s");
    }
    for (const auto& entry : svc.waiters) {
        const model::waiter& other = entry.second;
        if (other.name != w.name && waiter_header_path(sym, other) == waiter_header_path(sym, w))
            throw model::model_error(svc.source_path + ": waiters \"" + w.name + "\" and \"" +
                                     other.name + "\" have the same C++ name");
    }
    if (!op) // load_waiters checked it: only a generator bug gets here
        throw model::model_error(svc.source_path + ": waiter \"" + w.name + "\": no operation \"" +
                                 w.operation + "\"");
    const std::string fn = waiter_function(w);
    const std::string origin =
        w.customized ? "hawk's own (models/customizations.json): the model has no such waiter."
                     : "From the model's waiters-2.json.";
    const long long max_wait = static_cast<long long>(w.delay) * w.max_attempts;
    printer p;
    p.emit({{"banner", banner(svc)},
            {"ns", sym.ns()},
            {"includes",
             [&] {
                 emit_includes(p, {sym.call_header(*op), "hawk/core/waiter.hpp"});
             }},
            {"doc", doc_comment(w.description, "Waits with " + op->name + " until:" +
                                                   acceptor_summary(w) + "\n\n" + origin)},
            {"name", naming::cpp_identifier(w.name)},
            {"name_literal", cpp_string_literal(w.name)},
            {"op", op->name},
            {"fn", fn},
            {"request", sym.type_name(*op->input)},
            {"response", sym.type_name(*op->output)},
            {"delay", std::to_string(w.delay)},
            {"max_attempts", std::to_string(w.max_attempts)},
            {"max_wait", std::to_string(max_wait)},
            {"acceptors",
             [&] {
                 for (const model::waiter_acceptor& a : w.acceptors)
                     p.emit({{"state", state_name(a.state)},
                             {"matcher", matcher_name(a.matcher)},
                             {"argument", cpp_string_literal(a.argument)},
                             {"expected", cpp_string_literal(a.expected)}},
                            R"cc(
                                {core::waiter_state::$state$, core::waiter_matcher::$matcher$, $argument$, $expected$},
                            )cc");
             }}},
           R"cc(
            $banner$
            #pragma once

            $includes$

            #include <chrono>
            #include <string_view>
            #include <utility>

            namespace hawk::$ns$ {

            namespace waiters {

            $doc$
            struct $name$ {
                using operation = operations::$op$;
                static constexpr std::string_view name = $name_literal$;
                /// The model's delay: the default min_delay.
                static constexpr std::chrono::seconds delay{$delay$};
                /// The model's maxAttempts: delay * max_attempts is the default max_wait.
                static constexpr int max_attempts = $max_attempts$;
                static constexpr core::waiter_acceptor acceptors[] = {
                    $acceptors$
                };
            };

            } // namespace waiters

            /// Calls $op$ with `request` until waiters::$name$ says success (completes with no error and
            /// that response) or failure (core::errc::waiter_failure_state), or `options.max_wait`
            /// (default $max_wait$ s) runs out (core::errc::waiter_timed_out, with the last response).
            /// An error no acceptor matches ends the wait with that error. Completion signature:
            /// `void(boost::system::error_code, $response$)`. Delays: Smithy's backoff with jitter from
            /// options.min_delay (default $delay$ s) to options.max_delay (default 120 s). See
            /// core::async_wait.
            template <class CompletionToken>
            auto async_$fn$(core::client& client, const $request$& request, const core::waiter_options& options, CompletionToken&& token) {
                return core::async_wait<waiters::$name$>(client, request, options, nullptr, std::forward<CompletionToken>(token));
            }

            /// As above; `diag` (which must outlive the call) receives the last attempt's details, and
            /// in client_message which acceptor failed the wait, or how a timed-out one ended.
            template <class CompletionToken>
            auto async_$fn$(core::client& client, const $request$& request, const core::waiter_options& options, core::diagnostics& diag, CompletionToken&& token) {
                return core::async_wait<waiters::$name$>(client, request, options, &diag, std::forward<CompletionToken>(token));
            }

            } // namespace hawk::$ns$
        )cc");
    return p.release();
}

} // namespace hawk::codegen::gen
