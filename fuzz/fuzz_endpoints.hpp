#pragma once

// fuzz_endpoints: endpoint resolution with hawk::core::endpoints. The rule sets of connect,
// connectparticipant, qconnect and the awsjson fixture with any parameters; any rule set; any
// partitions document. Resolution gives an endpoint or an error with a message.
//
// Framing (support/framing.hpp), by the first line:
//   connect | connectparticipant | qconnect | awsjson   then parameter lines
//   rules        a rule set's JSON, a line `---`, then parameter lines
//   partitions   a partitions JSON, a line `---`, a service name, then parameter lines
// (any other first line picks a service by its hash). A parameter line is `Name=value`: `true`
// and `false` are booleans, `[a,b]` a string array, `~` leaves it unset, anything else a string.

#include "support/framing.hpp"

#include <hawk/awsjson/service.hpp>
#include <hawk/connect/service.hpp>
#include <hawk/connectparticipant/service.hpp>
#include <hawk/core/endpoints/partitions.hpp>
#include <hawk/core/endpoints/rules.hpp>
#include <hawk/qconnect/service.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::fuzz {

namespace endpoints {

struct service_rules {
    std::string_view name;
    std::string_view json;
};

inline constexpr service_rules services[] = {
    {"connect", connect::endpoint_rules_json},
    {"connectparticipant", connectparticipant::endpoint_rules_json},
    {"qconnect", qconnect::endpoint_rules_json},
    {"awsjson", awsjson::endpoint_rules_json},
};

/// The services' rule sets, parsed once: they must parse.
inline const core::endpoints::rule_set& compiled(std::size_t index) {
    static const std::vector<core::endpoints::rule_set> sets = [] {
        std::vector<core::endpoints::rule_set> out;
        for (const service_rules& s : services) {
            std::string error;
            out.push_back(core::endpoints::rule_set::parse(s.json, error));
            if (!out.back().valid())
                fail("a service's rule set does not parse", error);
        }
        return out;
    }();
    return sets[index];
}

inline std::size_t service_index(std::string_view name) {
    for (std::size_t i = 0; i < std::size(services); ++i)
        if (services[i].name == name)
            return i;
    return hash(name) % std::size(services);
}

inline std::map<std::string, core::endpoints::value> parameters(reader& in) {
    std::map<std::string, core::endpoints::value> params;
    while (!in.empty()) {
        const std::string_view l = in.line();
        const std::size_t eq = l.find('=');
        const std::string name(l.substr(0, eq));
        const std::string_view v = eq == std::string_view::npos ? "" : l.substr(eq + 1);
        if (v == "true" || v == "false") {
            params[name] = v == "true";
        } else if (v == "~") {
            params[name] = std::monostate();
        } else if (!v.empty() && v.front() == '[') {
            std::vector<std::string> list;
            std::string_view items = v.substr(1);
            if (!items.empty() && items.back() == ']')
                items.remove_suffix(1);
            while (!items.empty()) {
                const std::size_t comma = items.find(',');
                list.emplace_back(items.substr(0, comma));
                items =
                    comma == std::string_view::npos ? std::string_view() : items.substr(comma + 1);
            }
            params[name] = std::move(list);
        } else {
            params[name] = std::string(v);
        }
    }
    return params;
}

inline void resolve(const core::endpoints::rule_set& rules,
                    const std::map<std::string, core::endpoints::value>& params,
                    const core::endpoints::partitions* parts) {
    core::endpoints::endpoint ep;
    std::string error;
    const bool ok =
        parts ? rules.resolve(params, *parts, ep, error) : rules.resolve(params, ep, error);
    if (ok) {
        if (!ep.properties.is_object())
            fail("an endpoint whose properties are not an object");
    } else if (error.empty()) {
        fail("resolution failed without a message");
    }
}

} // namespace endpoints

inline void run_fuzz_endpoints(const std::uint8_t* data, std::size_t size) {
    reader in(data, size);
    const std::string_view mode = in.line();
    if (mode == "rules") {
        const std::string_view json = in.until("---");
        std::string error;
        const core::endpoints::rule_set rules = core::endpoints::rule_set::parse(json, error);
        if (!rules.valid()) {
            if (error.empty())
                fail("a rule set failed to parse without a message");
            return;
        }
        (void)rules.parameters();
        endpoints::resolve(rules, endpoints::parameters(in), nullptr);
    } else if (mode == "partitions") {
        const std::string_view json = in.until("---");
        std::string error;
        const core::endpoints::partitions parts = core::endpoints::partitions::parse(json, error);
        if (!parts.valid()) {
            if (error.empty())
                fail("partitions failed to parse without a message");
            return;
        }
        const std::size_t service = endpoints::service_index(in.line());
        endpoints::resolve(endpoints::compiled(service), endpoints::parameters(in), &parts);
    } else {
        endpoints::resolve(endpoints::compiled(endpoints::service_index(mode)),
                           endpoints::parameters(in), nullptr);
    }
}

} // namespace hawk::fuzz
