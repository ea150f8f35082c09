#pragma once

// Operations as type-erased entries, for tools that pick an operation at run time by name (the
// `hawk` CLI, the conformance runner): input and output in the document form.

#include <hawk/core/auth/scheme.hpp>
#include <hawk/core/codec.hpp>
#include <hawk/core/http/message.hpp>
#include <hawk/core/service_info.hpp>

#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
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

    /// Reads a document-form input, fills unset idempotency tokens, validates it (`mode`; none
    /// when empty) and serializes it. False with `error` set (every violation, one per line)
    /// when it cannot.
    bool (*prepare)(const boost::json::value& input, std::optional<validation_mode> mode,
                    const std::function<std::string()>& make_token, http::request& out,
                    std::string& error);
    /// Reads a successful response into the output's document form.
    bool (*parse)(const http::response& res, boost::json::value& output, std::string& error);
};

namespace detail {

template <class Op>
bool prepare_document(const boost::json::value& input, std::optional<validation_mode> mode,
                      const std::function<std::string()>& make_token, http::request& out,
                      std::string& error) {
    typename Op::request request{};
    if (!from_json(input, json_form::document, request, error))
        return false;
    Op::fill_idempotency_tokens(request, make_token);
    const std::vector<violation> violations =
        mode ? validate(request, *mode) : std::vector<violation>();
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
    try {
        output = to_document(response);
    } catch (const std::invalid_argument& e) { // text that is not UTF-8, from a header or payload
        error = e.what();
        return false;
    }
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

namespace hawk::core {

/// A modeled error as a type-erased entry: its members read from an error response into the
/// document form (for tools and the conformance runner; callers use error_as<E>).
struct error_entry {
    std::string_view code;  ///< the AWS error code, e.g. ThrottlingException
    std::string_view shape; ///< the model's shape name
    bool (*parse)(const http::response& res, boost::json::value& members, std::string& error);
};

namespace detail {

template <class Error>
bool parse_error_document(const http::response& res, boost::json::value& members,
                          std::string& error) {
    Error e{};
    // read_error is generated per error shape (hawk/<service>/error_parsers.hpp), found by ADL.
    if (!read_error(res, e, error))
        return false;
    try {
        members = to_document(e);
    } catch (const std::invalid_argument& ex) { // as in parse_document
        error = ex.what();
        return false;
    }
    return true;
}

} // namespace detail

template <class Error>
constexpr error_entry make_error_entry(std::string_view code, std::string_view shape) {
    return {code, shape, &detail::parse_error_document<Error>};
}

} // namespace hawk::core
