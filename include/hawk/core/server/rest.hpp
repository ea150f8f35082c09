#pragma once

// The service side of the REST bindings, which generated `<service>::server::<Operation>` code
// calls: whether a received request addresses an operation (method, URI template, literal query
// parts), and its URI labels and query parameters, percent-decoded, into the input's members.
// Headers and bodies are read and written by the same functions the client uses
// (core/protocol/rest.hpp, rest_json.hpp), on a request instead of a response and back.

#include <hawk/core/http/message.hpp>
#include <hawk/core/protocol/rest.hpp>
#include <hawk/core/uri.hpp>
#include <hawk/core/utf8.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace hawk::core::server::rest {

/// A URI label as matched in a received path: its name in the template and its text, still
/// percent-encoded (views into the template and the path).
struct raw_label {
    std::string_view name;
    std::string_view text;
};

namespace detail {

/// Matches `path` against `tmpl` from their starts: literal text byte for byte, `{name}` one or
/// more characters other than '/', `{name+}` one or more characters. A label takes the longest
/// text that lets the rest match.
inline bool match_from(std::string_view tmpl, std::string_view path,
                       std::vector<raw_label>& labels) {
    const std::size_t open = tmpl.find('{');
    const std::string_view literal = tmpl.substr(0, open);
    if (path.substr(0, literal.size()) != literal)
        return false;
    if (open == std::string_view::npos)
        return path.size() == literal.size();
    path.remove_prefix(literal.size());
    const std::size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos)
        return false; // not a template: matches nothing
    std::string_view name = tmpl.substr(open + 1, close - open - 1);
    const bool greedy = !name.empty() && name.back() == '+';
    if (greedy)
        name.remove_suffix(1);
    const std::string_view rest = tmpl.substr(close + 1);
    const std::size_t longest = greedy ? path.size() : std::min(path.find('/'), path.size());
    for (std::size_t n = longest; n > 0; --n) {
        labels.push_back({name, path.substr(0, n)});
        if (match_from(rest, path.substr(n), labels))
            return true;
        labels.pop_back();
    }
    return false;
}

template <class T>
inline constexpr bool is_list = false;
template <class T>
inline constexpr bool is_list<std::vector<T>> = !std::is_same_v<T, std::uint8_t>;

} // namespace detail

/// A literal query part of a requestUri (`?tagging`, `?x-id=GetObject`): a name the query string
/// must have, and the value it must have, if any.
struct literal_query_part {
    std::string_view name;
    std::optional<std::string_view> value;
};

/// The literal query parts of a requestUri, as the model writes them (plain text).
inline std::vector<literal_query_part> literal_query(std::string_view request_uri) {
    std::vector<literal_query_part> parts;
    const std::size_t question = request_uri.find('?');
    if (question == std::string_view::npos)
        return parts;
    const std::string_view query = request_uri.substr(question + 1);
    for (std::size_t pos = 0; pos < query.size();) {
        const std::size_t end = std::min(query.find('&', pos), query.size());
        const std::string_view item = query.substr(pos, end - pos);
        pos = end + 1;
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos)
            parts.push_back({item, std::nullopt});
        else
            parts.push_back({item.substr(0, eq), item.substr(eq + 1)});
    }
    return parts;
}

/// Matches a received path (percent-encoded, as it came) against the path of a requestUri
/// template (without its `?` part). On success `labels` holds each label's raw text, in template
/// order.
inline bool match_path(std::string_view tmpl, std::string_view path,
                       std::vector<raw_label>& labels) {
    labels.clear();
    return detail::match_from(tmpl, path, labels);
}

/// The parameters of a query string, percent-decoded, in their order; `a` without `=` has an
/// empty value. False with `error` set when an escape is malformed or a name or value is not
/// UTF-8 once decoded.
inline bool parse_query(std::string_view query,
                        std::vector<std::pair<std::string, std::string>>& out, std::string& error) {
    out.clear();
    for (std::size_t pos = 0; pos < query.size();) {
        const std::size_t end = std::min(query.find('&', pos), query.size());
        const std::string_view item = query.substr(pos, end - pos);
        pos = end + 1;
        if (item.empty())
            continue;
        const std::size_t eq = std::min(item.find('='), item.size());
        std::pair<std::string, std::string> parameter;
        std::string why;
        if (!uri::decode(item.substr(0, eq), parameter.first, why) ||
            !uri::decode(item.substr(std::min(eq + 1, item.size())), parameter.second, why)) {
            error = "query parameter \"" + std::string(item) + "\": " + why;
            return false;
        }
        if (!is_valid_utf8(parameter.first) || !is_valid_utf8(parameter.second)) {
            error = "query parameter \"" + std::string(item) + "\" is not UTF-8 once decoded";
            return false;
        }
        out.push_back(std::move(parameter));
    }
    return true;
}

/// The parts of a received request's URI that bind to members: the labels of the operation's
/// URI template and the query parameters. Generated `parse_request` functions read them:
///
///     core::server::rest::request_uri uri;
///     if (!uri.parse(http, operation::request_uri, error)) return false;
///     if (!uri.read_label("sessionId", input.session_id, error)) return false;
///     if (!uri.read_query("maxResults", input.max_results, error)) return false;
class request_uri {
public:
    /// Matches the request's path against `request_uri`, the model's requestUri (its `?` part
    /// holds literal query parameters), and parses the query string. False with `error` set when
    /// the path does not match or the query string is malformed.
    bool parse(const http::request& http, std::string_view request_uri, std::string& error) {
        const std::size_t question = std::min(request_uri.find('?'), request_uri.size());
        if (!match_path(request_uri.substr(0, question), http.path, labels_)) {
            error = "path " + http.path + " does not match the URI template " +
                    std::string(request_uri);
            return false;
        }
        literal_query_ = literal_query(request_uri);
        return parse_query(http.query, query_, error);
    }

    /// Reads a label into a member: percent-decoded ('/', spaces and any UTF-8 allowed), then
    /// converted (numbers, booleans, timestamps, enums). False with `error` naming the label
    /// when it does not decode or convert.
    template <class T>
    bool read_label(std::string_view name, T& member, std::string& error,
                    timestamp_format format = timestamp_format::iso8601) const {
        for (const raw_label& label : labels_) {
            if (label.name != name)
                continue;
            std::string text, why;
            if (!uri::decode(label.text, text, why))
                return fail(error, "URI label " + std::string(name) + ": " + why);
            if (!is_valid_utf8(text))
                return fail(error, "URI label " + std::string(name) + " is not UTF-8 once decoded");
            if (!core::rest::from_text(text, member, format))
                return fail(error, "URI label " + std::string(name) + " has an invalid value");
            return true;
        }
        return true;
    }

    /// Reads a query parameter into a member (its first value when repeated); an absent one
    /// leaves the member as it is.
    template <class T>
    bool read_query(std::string_view name, T& member, std::string& error,
                    timestamp_format format = timestamp_format::iso8601) const {
        for (const auto& [key, value] : query_)
            if (key == name)
                return convert(value, member, error, name, format);
        return true;
    }
    /// A list: every value of the parameter, in order.
    template <class T, core::rest::not_blob<T> = 0>
    bool read_query(std::string_view name, std::vector<T>& member, std::string& error,
                    timestamp_format format = timestamp_format::iso8601) const {
        member.clear();
        for (const auto& [key, value] : query_) {
            if (key != name)
                continue;
            T item{}; // std::vector<bool> has no bool& to read into
            if (!convert(value, item, error, name, format))
                return false;
            member.push_back(std::move(item));
        }
        return true;
    }
    /// An optional list: set when the parameter appears at least once.
    template <class T, core::rest::not_blob<T> = 0>
    bool read_query(std::string_view name, std::optional<std::vector<T>>& member,
                    std::string& error, timestamp_format format = timestamp_format::iso8601) const {
        if (!has_query(name))
            return true;
        return read_query(name, member.emplace(), error, format);
    }

    /// A map bound to the query string as a whole: every parameter that neither `named` (the
    /// names of the members bound to single parameters) nor the template's literal query parts
    /// take. A map of lists collects every value of a name; a map of values keeps the first.
    template <class T>
    bool read_query_map(std::initializer_list<std::string_view> named,
                        std::map<std::string, T>& member, std::string& error,
                        timestamp_format format = timestamp_format::iso8601) const {
        member.clear();
        for (const auto& [key, value] : query_) {
            if (!is_free(named, key))
                continue;
            if constexpr (detail::is_list<T>) {
                typename T::value_type item{};
                if (!convert(value, item, error, key, format))
                    return false;
                member[key].push_back(std::move(item));
            } else if (!member.count(key)) {
                if (!convert(value, member[key], error, key, format))
                    return false;
            }
        }
        return true;
    }
    /// An optional map: set when some parameter goes into it.
    template <class T>
    bool read_query_map(std::initializer_list<std::string_view> named,
                        std::optional<std::map<std::string, T>>& member, std::string& error,
                        timestamp_format format = timestamp_format::iso8601) const {
        for (const auto& parameter : query_)
            if (is_free(named, parameter.first))
                return read_query_map(named, member.emplace(), error, format);
        return true;
    }

    const std::vector<raw_label>& labels() const noexcept { return labels_; }
    const std::vector<std::pair<std::string, std::string>>& query() const noexcept {
        return query_;
    }

private:
    static bool fail(std::string& error, std::string what) {
        error = std::move(what);
        return false;
    }

    template <class T>
    static bool convert(const std::string& text, T& member, std::string& error,
                        std::string_view name, timestamp_format format) {
        if (core::rest::from_text(text, member, format))
            return true;
        return fail(error, "query parameter " + std::string(name) + " has an invalid value");
    }

    bool has_query(std::string_view name) const {
        for (const auto& parameter : query_)
            if (parameter.first == name)
                return true;
        return false;
    }

    /// Whether a parameter is left for a query map: not named, not a literal query part.
    bool is_free(std::initializer_list<std::string_view> named, std::string_view key) const {
        if (std::find(named.begin(), named.end(), key) != named.end())
            return false;
        return std::none_of(literal_query_.begin(), literal_query_.end(),
                            [&](const literal_query_part& part) { return part.name == key; });
    }

    std::vector<raw_label> labels_;
    std::vector<std::pair<std::string, std::string>> query_;
    std::vector<literal_query_part> literal_query_;
};

/// Whether a received request addresses an operation: its method, its path matching the path
/// of `request_uri` (the model's requestUri, e.g. `/things/{thingId}/parts/{Key+}?tagging`),
/// and every literal query part of it present in the query string (`tagging` as a name,
/// `x-id=GetObject` as a name with that value).
inline bool matches(const http::request& http, std::string_view method,
                    std::string_view request_uri) {
    if (http.method != method)
        return false;
    const std::size_t question = std::min(request_uri.find('?'), request_uri.size());
    std::vector<raw_label> labels;
    if (!match_path(request_uri.substr(0, question), http.path, labels))
        return false;
    const std::vector<literal_query_part> required = literal_query(request_uri);
    if (required.empty())
        return true;
    std::vector<std::pair<std::string, std::string>> present;
    std::string error;
    if (!parse_query(http.query, present, error))
        return false;
    return std::all_of(required.begin(), required.end(), [&](const literal_query_part& part) {
        return std::any_of(present.begin(), present.end(), [&](const auto& parameter) {
            return parameter.first == part.name && (!part.value || parameter.second == *part.value);
        });
    });
}

} // namespace hawk::core::server::rest
