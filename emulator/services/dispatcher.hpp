#pragma once

// From an HTTP request to a typed handler and back, the same way for every operation the
// emulator implements: the generated server bindings (hawk/<service>/server/) match the route
// and read the request; SigV4 is verified for the services that use it; the generated
// validators check every model constraint; a repeated idempotency token returns the first
// result; the handler's typed response (or api_error) is written by the generated serializers.
// Handlers hold the behaviour only.

#include "emulator/chat/world.hpp"
#include "emulator/services/sigv4_verifier.hpp"

#include <hawk/core/auth/scheme.hpp>
#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/server/error.hpp>
#include <hawk/core/service_info.hpp>
#include <hawk/core/validate.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace hawk::emulator {

class dispatcher {
public:
    dispatcher(sigv4_verifier verifier, std::function<timestamp()> clock)
        : verifier_(std::move(verifier)), clock_(std::move(clock)) {}

    /// Registers the operations of one service. `write_error` writes that service's modeled
    /// errors: `[](const auto& e) { return <service>::server::serialize_error(e); }`.
    template <class WriteError>
    class service_routes {
    public:
        service_routes(dispatcher& d, WriteError write_error)
            : d_(d), write_error_(std::move(write_error)) {}

        /// Serves operation `ServerOp` (a generated `hawk::<service>::server::<Operation>`) with
        /// `handler`: `ServerOp::response(const ServerOp::request&)` (or with the HTTP request as
        /// a second argument), throwing api_error.
        template <class ServerOp, class Handler>
        void on(Handler handler) {
            d_.routes_.push_back({&ServerOp::matches,
                                  [&d = d_, write_error = write_error_,
                                   handler = std::move(handler)](const core::http::request& http) {
                                      return d.run<ServerOp>(http, handler, write_error);
                                  }});
        }

    private:
        dispatcher& d_;
        WriteError write_error_;
    };

    template <class WriteError>
    service_routes<WriteError> service(WriteError write_error) {
        return {*this, std::move(write_error)};
    }

    /// The response to `http`; a route no handler serves gets UnknownOperationException.
    core::http::response handle(const core::http::request& http) const;

private:
    struct route {
        bool (*matches)(const core::http::request&);
        std::function<core::http::response(const core::http::request&)> run;
    };

    /// What a repeated idempotency token finds: the request it came with and the answer.
    struct idempotent_result {
        std::string request_document;
        core::http::response response;
    };

    template <class ServerOp, class Handler, class WriteError>
    core::http::response run(const core::http::request& http, const Handler& handler,
                             const WriteError& write_error);

    template <class ServerOp, class WriteError>
    static core::http::response error(const api_error& e, const WriteError& write_error);

    /// Who made the call, for the idempotency cache: tokens are per caller.
    static std::string caller(const core::http::request& http);

    sigv4_verifier verifier_;
    std::function<timestamp()> clock_;
    std::vector<route> routes_;
    std::map<std::string, idempotent_result> idempotency_;
};

namespace detail {

template <class... Errors>
bool models_error(std::string_view code, std::tuple<Errors...>*) {
    return ((Errors::shape_name == code) || ...);
}

/// A modeled error with its message member set, whichever way the model spells it.
template <class Error>
Error with_message(const std::string& message) {
    Error e{};
    boost::json::object members;
    members["message"] = message;
    members["Message"] = message;
    std::string ignored;
    core::from_json(members, core::json_form::wire, e, ignored);
    return e;
}

} // namespace detail

template <class ServerOp, class WriteError>
core::http::response dispatcher::error(const api_error& e, const WriteError& write_error) {
    using errors = typename ServerOp::operation::errors;
    std::optional<core::http::response> modeled;
    std::apply(
        [&](auto... shapes) {
            (
                [&](auto shape) {
                    using Error = decltype(shape);
                    if (!modeled && Error::shape_name == e.code())
                        modeled = write_error(detail::with_message<Error>(e.what()));
                }(shapes),
                ...);
        },
        errors{});
    if (modeled)
        return std::move(*modeled);
    return core::server::error_response(e.status(), e.code(), e.what(),
                                        ServerOp::operation::info.service->protocol);
}

template <class ServerOp, class Handler, class WriteError>
core::http::response dispatcher::run(const core::http::request& http, const Handler& handler,
                                     const WriteError& write_error) {
    using operation = typename ServerOp::operation;
    try {
        if constexpr (operation::auth == core::auth_scheme::sigv4)
            verifier_.verify(http, operation::info.service->signing_name, clock_());

        typename ServerOp::request input{};
        std::string parse_error;
        if (!ServerOp::parse_request(http, input, parse_error))
            throw api_error("SerializationException", parse_error);

        const std::vector<core::violation> violations =
            core::validate(input, core::validation_mode::all);
        if (!violations.empty()) {
            std::string message;
            for (const core::violation& v : violations)
                message += (message.empty() ? "" : "; ") + v.to_string();
            // The operation's own name for invalid input.
            std::string code = "ValidationException";
            for (const std::string_view candidate :
                 {"ValidationException", "InvalidRequestException", "InvalidParameterException"})
                if (detail::models_error(candidate,
                                         static_cast<typename operation::errors*>(nullptr))) {
                    code = candidate;
                    break;
                }
            throw api_error(code, message);
        }

        std::string key;
        std::string document;
        if (const std::string* token = ServerOp::idempotency_token(input)) {
            key = std::string(operation::info.service->folder) + "." +
                  std::string(operation::name) + "\n" + caller(http) + "\n" + *token;
            document = core::to_json(input, core::json_form::document);
            const auto it = idempotency_.find(key);
            if (it != idempotency_.end()) {
                if (it->second.request_document == document)
                    return it->second.response;
                throw api_error("IdempotencyException",
                                "The ClientToken was used before with different parameters.", 409);
            }
        }
        core::http::response response = [&] {
            // Most handlers need the input only; some also the request (its host, for URLs).
            if constexpr (std::is_invocable_v<const Handler&, const typename ServerOp::request&,
                                              const core::http::request&>)
                return ServerOp::serialize_response(handler(input, http));
            else
                return ServerOp::serialize_response(handler(input));
        }();
        if (!key.empty())
            idempotency_[key] = {std::move(document), response};
        return response;
    } catch (const api_error& e) {
        return error<ServerOp>(e, write_error);
    }
}

} // namespace hawk::emulator
