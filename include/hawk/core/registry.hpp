#pragma once

// Operations as type-erased entries, for tools that pick an operation at run time by name (the
// `hawk` CLI, the conformance runner): input and output in the document form.

#include <hawk/core/auth/scheme.hpp>
#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/service_info.hpp>

#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace hawk::core {

struct operation_entry {
    const operation_info* info; ///< for core::client::prepare and async_execute
    std::string_view name;      ///< the model's name, e.g. SendMessage
    std::string_view cli_name;  ///< the AWS CLI's name, e.g. send-message
    std::string_view http_method;
    std::string_view request_uri;
    auth_scheme auth;

    /// Reads a document-form input, fills unset idempotency tokens, validates it (`mode`) and
    /// serializes it. False with `error` set (every violation, one per line) when it cannot.
    bool (*prepare)(const boost::json::value& input, validation_mode mode,
                    const std::function<std::string()>& make_token, http::request& out,
                    std::string& error);
    /// Reads a successful response into the output's document form.
    bool (*parse)(const http::response& res, boost::json::value& output, std::string& error);
};

namespace detail {

template <class Op>
bool prepare_document(const boost::json::value& input, validation_mode mode,
                      const std::function<std::string()>& make_token, http::request& out,
                      std::string& error) {
    typename Op::request request{};
    if (!from_json(input, json_form::document, request, error))
        return false;
    Op::fill_idempotency_tokens(request, make_token);
    const std::vector<violation> violations = validate(request, mode);
    if (!violations.empty()) {
        error.clear();
        for (const violation& v : violations)
            error += (error.empty() ? "" : "\n") + v.to_string();
        return false;
    }
    out = Op::serialize(request);
    return true;
}

template <class Op>
bool parse_document(const http::response& res, boost::json::value& output, std::string& error) {
    typename Op::response response{};
    if (!Op::parse(res, response, error))
        return false;
    output = to_document(response);
    return true;
}

} // namespace detail

template <class Op>
constexpr operation_entry make_operation_entry(std::string_view cli_name) {
    return {&Op::info,
            Op::name,
            cli_name,
            Op::http_method,
            Op::request_uri,
            Op::auth,
            &detail::prepare_document<Op>,
            &detail::parse_document<Op>};
}

} // namespace hawk::core
