#pragma once

// `pattern` constraints of AWS models: ECMAScript regular expressions, matched with search
// semantics (anchored only where the pattern says ^ or $) against the code points of a UTF-8
// value. This header is light on purpose; the regex engine (Boost.Regex, which backtracks
// without recursion and so survives long values) is only in impl/pattern.ipp.

#include <hawk/core/config.hpp>

#include <atomic>
#include <string_view>

namespace hawk::core {

enum class pattern_result {
    match,
    mismatch,
    invalid_utf8,        // the value is not UTF-8: the caller rejects it
    unsupported_pattern, // the pattern could not be translated or compiled: treat as not checked
    too_complex,         // the engine gave up (backtracking limits): treat as not checked
};

constexpr std::string_view to_string(pattern_result r) noexcept {
    switch (r) {
    case pattern_result::match:
        return "match";
    case pattern_result::mismatch:
        return "mismatch";
    case pattern_result::invalid_utf8:
        return "invalid_utf8";
    case pattern_result::unsupported_pattern:
        return "unsupported_pattern";
    case pattern_result::too_complex:
        return "too_complex";
    }
    return "unknown";
}

namespace detail {
struct compiled_pattern;
} // namespace detail

/// One model pattern, compiled on first use (once, also under concurrent first use) and kept
/// until destruction. Generated code holds them as function-local statics:
///     static const hawk::core::pattern p{"^[a-z]+$"};
///     switch (p.check(value)) { ... }
class pattern {
public:
    /// Stores the view: `ecma_source` must outlive the pattern (a string literal in generated
    /// code). Nothing is parsed until the first check().
    constexpr explicit pattern(std::string_view ecma_source) noexcept : source_(ecma_source) {}
    HAWK_DECL ~pattern();
    pattern(const pattern&) = delete;
    pattern& operator=(const pattern&) = delete;

    std::string_view source() const noexcept { return source_; }

    /// Searches `utf8_value` for a match. Never throws.
    HAWK_DECL pattern_result check(std::string_view utf8_value) const noexcept;

private:
    HAWK_DECL const detail::compiled_pattern* compiled() const noexcept;

    std::string_view source_;
    mutable std::atomic<const detail::compiled_pattern*> compiled_{nullptr};
};

} // namespace hawk::core

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/pattern.ipp>
#endif
