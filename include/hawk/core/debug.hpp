#pragma once

// Human-readable rendering of generated shapes, for logs and debugging:
// `SendMessageRequest{ContentType: "text/plain", Content: *** Sensitive Data Redacted ***}`.
// Members the model marks sensitive never appear, wherever the shape is printed.

#include <hawk/core/boxed.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/json_writer.hpp>
#include <hawk/core/timestamp.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::core {

inline constexpr std::string_view redacted_text = "*** Sensitive Data Redacted ***";

class debug_out {
public:
    explicit debug_out(std::string& out) noexcept : out_(out) {}

    void begin(std::string_view type_name) {
        out_ += type_name;
        out_ += '{';
        first_ = true;
    }
    void end() {
        out_ += '}';
        first_ = false;
    }
    /// Starts a member; its value follows.
    void field(std::string_view name) {
        if (!first_)
            out_ += ", ";
        first_ = false;
        out_ += name;
        out_ += ": ";
    }
    void redacted() { out_ += redacted_text; }
    void raw(std::string_view text) { out_ += text; }
    void quoted(std::string_view text) { detail::append_json_string(out_, text); }

    /// Lists and maps nest; remember whether a separator is due at the outer level.
    bool enter() noexcept {
        const bool saved = first_;
        first_ = true;
        return saved;
    }
    void leave(bool saved) noexcept { first_ = saved; }
    void separator() {
        if (!first_)
            out_ += ", ";
        first_ = false;
    }

private:
    std::string& out_;
    bool first_ = true;
};

inline void print_debug(debug_out& out, const std::string& v) { out.quoted(v); }
inline void print_debug(debug_out& out, bool v) { out.raw(v ? "true" : "false"); }
inline void print_debug(debug_out& out, std::int8_t v) { out.raw(std::to_string(v)); }
inline void print_debug(debug_out& out, std::int16_t v) { out.raw(std::to_string(v)); }
inline void print_debug(debug_out& out, std::int32_t v) { out.raw(std::to_string(v)); }
inline void print_debug(debug_out& out, std::int64_t v) { out.raw(std::to_string(v)); }
inline void print_debug(debug_out& out, double v) {
    std::string text;
    json_writer(text).number(v);
    out.raw(text);
}
inline void print_debug(debug_out& out, float v) {
    std::string text;
    json_writer(text).number(v);
    out.raw(text);
}
inline void print_debug(debug_out& out, timestamp v) { out.raw(format_iso8601(v)); }
inline void print_debug(debug_out& out, const blob& v) {
    out.raw("<" + std::to_string(v.size()) + " bytes>");
}
inline void print_debug(debug_out& out, const boost::json::value& v) {
    std::string text;
    json_writer(text).value(v);
    out.raw(text);
}

template <class T>
void print_debug(debug_out& out, const boxed<T>& v) {
    print_debug(out, *v);
}

template <class T>
void print_debug(debug_out& out, const std::vector<T>& v) {
    out.raw("[");
    const bool saved = out.enter();
    for (const T& item : v) {
        out.separator();
        print_debug(out, item);
    }
    out.leave(saved);
    out.raw("]");
}

template <class T>
void print_debug(debug_out& out, const std::map<std::string, T>& v) {
    out.raw("{");
    const bool saved = out.enter();
    for (const auto& [key, item] : v) {
        out.separator();
        out.quoted(key);
        out.raw(": ");
        print_debug(out, item);
    }
    out.leave(saved);
    out.raw("}");
}

/// The debug rendering of any generated shape, with sensitive members redacted.
template <class T>
std::string to_debug_string(const T& value) {
    std::string text;
    debug_out out(text);
    print_debug(out, value);
    return text;
}

namespace detail {
/// Defined in impl/debug.ipp so that generated headers need not include <ostream>.
HAWK_DECL std::ostream& write_text(std::ostream& os, std::string_view text);
} // namespace detail

/// What generated `operator<<` overloads call.
template <class T>
std::ostream& print(std::ostream& os, const T& value) {
    return detail::write_text(os, to_debug_string(value));
}

} // namespace hawk::core

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/debug.ipp>
#endif
