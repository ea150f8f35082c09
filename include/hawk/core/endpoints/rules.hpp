#pragma once

// The AWS endpoint rules engine: an interpreter of the Smithy endpoint rules language 1.x, the
// `endpoint-rule-set-1.json` of every service. A rule set is parsed and checked once (unknown
// functions, undefined names, wrong argument types and malformed rules are errors then, not
// surprises at request time) and resolved for each request from its parameters (Region, UseFIPS,
// UseDualStack, Endpoint, ...).
//
//     std::string error;
//     static const auto rules = rule_set::parse(service_rules_json, error);
//     endpoint ep;
//     if (!rules.resolve({{"Region", std::string("us-east-1")}}, ep, error))
//         ...; // error: the rule set's own message, e.g. "Invalid Configuration: Missing Region"
//     // ep.url == "https://connect.us-east-1.amazonaws.com"
//
// Functions: isSet, not, booleanEquals, stringEquals, getAttr, isValidHostLabel, parseURL,
// substring, uriEncode, aws.partition, aws.parseArn, aws.isVirtualHostableS3Bucket.
//
// The bodies are in impl/endpoints.ipp (compiled once through <hawk/src.hpp>).

#include <hawk/core/config.hpp>

#include <boost/json/value.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hawk::core::endpoints {

/// A parameter value; std::monostate means unset (the parameter's default applies, if any).
using value = std::variant<std::monostate, std::string, bool, std::vector<std::string>>;

enum class parameter_type { string, boolean, string_array };

constexpr std::string_view to_string(parameter_type t) noexcept {
    switch (t) {
    case parameter_type::string:
        return "string";
    case parameter_type::boolean:
        return "boolean";
    case parameter_type::string_array:
        return "stringArray";
    }
    return "unknown";
}

/// A parameter a rule set declares, in the order of the document.
struct parameter {
    std::string name;
    parameter_type type = parameter_type::string;
    std::string built_in; ///< e.g. "AWS::Region", "SDK::Endpoint"; empty when none
    value default_value;  ///< std::monostate when there is no default
    bool required = false;
    bool deprecated = false;
    std::string documentation;
};

/// A resolved endpoint.
struct endpoint {
    std::string url;
    std::map<std::string, std::vector<std::string>> headers;
    boost::json::value properties = boost::json::object(); ///< e.g. authSchemes; an object
};

namespace detail {
struct compiled_partitions;
struct compiled_rule_set;
} // namespace detail

/// The partitions aws.partition maps regions to (the `partitions.json` format). Immutable once
/// parsed; copies share the parsed data, and concurrent use is safe.
class partitions {
public:
    /// Empty: valid() is false and resolving with it fails.
    partitions() = default;

    /// Parses and checks a partitions document. On failure returns an empty object and sets
    /// `error`.
    HAWK_DECL static partitions parse(std::string_view partitions_json, std::string& error);

    /// The partitions built in (models/partitions.json, see partitions.hpp), parsed on first use.
    HAWK_DECL static const partitions& defaults();

    bool valid() const noexcept { return impl_ != nullptr; }

private:
    friend class rule_set;
    std::shared_ptr<const detail::compiled_partitions> impl_;
};

/// A parsed endpoint rule set. Immutable once parsed; copies share the parsed data, and
/// concurrent resolve() calls are safe.
class rule_set {
public:
    /// Empty: valid() is false and resolve() fails.
    rule_set() = default;

    /// Parses and checks a rule set. On failure returns an empty rule set and sets `error` to a
    /// message naming the place, e.g. `rules[1].rules[0].conditions[0]: unknown function 'foo'`.
    HAWK_DECL static rule_set parse(std::string_view rules_json, std::string& error);

    bool valid() const noexcept { return impl_ != nullptr; }

    /// Resolves an endpoint with the built-in partitions. Returns false and sets `error` when an
    /// error rule matches (its message, verbatim), when a parameter is unknown, of the wrong
    /// type or required but unset, or when evaluation fails. `out` is written only on success.
    HAWK_DECL bool resolve(const std::map<std::string, value>& params, endpoint& out,
                           std::string& error) const;
    /// The same with the given partitions.
    HAWK_DECL bool resolve(const std::map<std::string, value>& params, const partitions& parts,
                           endpoint& out, std::string& error) const;

    /// The declared parameters, in document order; empty for an empty rule set.
    HAWK_DECL const std::vector<parameter>& parameters() const noexcept;

private:
    std::shared_ptr<const detail::compiled_rule_set> impl_;
};

} // namespace hawk::core::endpoints

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/endpoints.ipp>
#endif
