#pragma once

// Client-side validation of generated shapes against their model constraints.
//
// Generated code provides a validator for every structure and union (see codec.hpp); it
// reports every violation it finds (not just the first), each with the member path and the rule
// broken. Lengths of strings count Unicode code points, as Smithy defines them.

#include <hawk/core/member_path.hpp>
#include <hawk/core/pattern.hpp>
#include <hawk/core/utf8.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace hawk::core {

enum class validation_mode : unsigned char {
    /// Required members, well-formed text (valid UTF-8, header-safe) and the model's maximum
    /// lengths and sizes: what the client checks by default. Minimums, ranges and patterns are
    /// left to the service, the authority (model constraints go stale); a maximum is kept so that
    /// an enormous input is refused here, before it is sent, not after by the service.
    required,
    /// Every constraint in the model: length, range, size, pattern too.
    all,
};

struct violation {
    std::string path;    ///< e.g. `SendMessageRequest.Content`
    std::string rule;    ///< required, length, range, size, pattern, utf8
    std::string message; ///< e.g. `length 0 is below the minimum of 1`

    std::string to_string() const { return path + ": " + message; }
};

class validator {
public:
    explicit validator(std::string_view root, validation_mode mode = validation_mode::all)
        : path_(root), mode_(mode) {}

    bool checks_constraints() const noexcept { return mode_ == validation_mode::all; }
    const std::vector<violation>& violations() const noexcept { return violations_; }
    std::vector<violation> release() noexcept { return std::move(violations_); }

    /// Extends the path for as long as it lives.
    class scope {
    public:
        explicit scope(validator& v) noexcept : v_(v) {}
        ~scope() { v_.path_.pop(); }
        scope(const scope&) = delete;
        scope& operator=(const scope&) = delete;

    private:
        validator& v_;
    };

    [[nodiscard]] scope member(std::string_view name) {
        path_.push_field(name);
        return scope(*this);
    }
    [[nodiscard]] scope index(std::size_t i) {
        path_.push_index(i);
        return scope(*this);
    }
    [[nodiscard]] scope key(std::string_view k) {
        path_.push_key(k);
        return scope(*this);
    }

    /// A required member with no value.
    void missing() { report("required", "is required but missing"); }

    /// A string: always valid UTF-8 and at most `max` code points; in `all` mode also at least
    /// `min`, and its pattern.
    void text(std::string_view value, std::int64_t min = -1, std::int64_t max = -1,
              const pattern* pat = nullptr) {
        const std::optional<std::size_t> length = utf8_length(value);
        if (!length) {
            report("utf8", "is not valid UTF-8");
            return;
        }
        bounds("length", static_cast<std::int64_t>(*length), checks_constraints() ? min : -1, max,
               "character");
        if (!checks_constraints())
            return;
        if (pat && pat->check(value) == pattern_result::mismatch)
            report("pattern", "does not match the pattern " + std::string(pat->source()));
    }

    /// Text that goes into an HTTP header: a CR, LF or NUL would end the header early and let
    /// the rest pass for headers of its own (header injection). Checked in every mode.
    void header_text(std::string_view value) {
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
            report("header",
                   "contains a line break or NUL, which cannot be sent in an HTTP header");
    }

    /// The key of a prefixed-headers map, which becomes a header name: an HTTP token.
    void header_name(std::string_view name) {
        if (!header_token(name))
            report("header", "has a key that is not a valid HTTP header name (letters, digits and "
                             "!#$%&'*+-.^_`|~ only)");
    }

    /// A blob's length in bytes.
    void bytes(std::size_t size, std::int64_t min, std::int64_t max) {
        bounds("length", static_cast<std::int64_t>(size), checks_constraints() ? min : -1, max,
               "byte");
    }

    /// A list's or map's number of entries.
    void count(std::size_t size, std::int64_t min, std::int64_t max) {
        bounds("size", static_cast<std::int64_t>(size), checks_constraints() ? min : -1, max,
               "entry");
    }

    /// A number's range; absent bounds are std::nullopt.
    template <class Number>
    void range(Number value, std::optional<double> min, std::optional<double> max) {
        if (!checks_constraints())
            return;
        const double v = static_cast<double>(value);
        if (min && v < *min)
            report("range",
                   "value " + number_text(value) + " is below the minimum of " + number_text(*min));
        else if (max && v > *max)
            report("range",
                   "value " + number_text(value) + " is above the maximum of " + number_text(*max));
    }

    void report(std::string_view rule, std::string message) {
        violations_.push_back({path(), std::string(rule), std::move(message)});
    }

    std::string path() const { return path_.to_string(); }

private:
    /// Empty is fine: the name is then the prefix alone.
    static bool header_token(std::string_view s) noexcept {
        for (const char c : s) {
            const bool alnum =
                (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos)
                return false;
        }
        return true;
    }

private:
    void bounds(std::string_view rule, std::int64_t n, std::int64_t min, std::int64_t max,
                std::string_view unit) {
        if (min >= 0 && n < min)
            report(rule, std::string(rule) + " " + std::to_string(n) + " is below the minimum of " +
                             std::to_string(min) + " " + plural(unit, min));
        else if (max >= 0 && n > max)
            report(rule, std::string(rule) + " " + std::to_string(n) + " is above the maximum of " +
                             std::to_string(max) + " " + plural(unit, max));
    }

    static std::string plural(std::string_view unit, std::int64_t n) {
        std::string s(unit);
        if (n != 1)
            s = s == "entry" ? "entries" : s + "s";
        return s;
    }

    template <class Number>
    static std::string number_text(Number v) {
        if constexpr (std::is_integral_v<Number>) {
            return std::to_string(v);
        } else {
            std::string s = std::to_string(v);
            // std::to_string(double) always prints six decimals; drop the noise.
            if (s.find('.') != std::string::npos) {
                while (s.back() == '0')
                    s.pop_back();
                if (s.back() == '.')
                    s.pop_back();
            }
            return s;
        }
    }

    member_path path_;
    validation_mode mode_;
    std::vector<violation> violations_;
};

} // namespace hawk::core
