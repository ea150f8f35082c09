#pragma once

// The state of human-readable rendering of generated shapes (codec.hpp renders each type), for logs
// and debugging: `SendMessageRequest{ContentType: "text/plain", Content: *** Sensitive Data
// Redacted ***}`. Members the model marks sensitive never appear, wherever the shape is printed.

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

namespace detail {
/// Defined in impl/debug.ipp so that generated headers need not include <ostream>.
HAWK_DECL std::ostream& write_text(std::ostream& os, std::string_view text);
} // namespace detail

} // namespace hawk::core

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/debug.ipp>
#endif
