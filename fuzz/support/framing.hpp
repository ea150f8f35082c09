#pragma once

// The text framing the fuzz targets share: an input is read line by line ('\n', a trailing '\r'
// dropped), the rest of it taken as a body. Readable seeds, and mutations that stay meaningful.

#include <hawk/core/http/message.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::fuzz {

class reader {
public:
    reader(const std::uint8_t* data, std::size_t size)
        : rest_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const noexcept { return rest_.empty(); }

    /// The next line, without its terminator; the rest of the input when there is no '\n'.
    std::string_view line() noexcept {
        const std::size_t nl = rest_.find('\n');
        std::string_view l = rest_.substr(0, nl);
        rest_ = nl == std::string_view::npos ? std::string_view() : rest_.substr(nl + 1);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        return l;
    }

    /// Everything up to a line that is exactly `separator` (consumed), or to the end.
    std::string_view until(std::string_view separator) noexcept {
        std::size_t from = 0;
        while (from <= rest_.size()) {
            std::size_t nl = rest_.find('\n', from);
            const std::size_t end = nl == std::string_view::npos ? rest_.size() : nl;
            std::string_view l = rest_.substr(from, end - from);
            if (!l.empty() && l.back() == '\r')
                l.remove_suffix(1);
            if (l == separator) {
                const std::string_view before = rest_.substr(0, from);
                rest_ = nl == std::string_view::npos ? std::string_view() : rest_.substr(nl + 1);
                return before;
            }
            if (nl == std::string_view::npos)
                break;
            from = nl + 1;
        }
        return std::exchange(rest_, std::string_view());
    }

    /// Header lines (`Name: value`, one optional space after the colon) up to an empty line.
    std::vector<core::http::header> headers() {
        std::vector<core::http::header> out;
        while (!rest_.empty()) {
            const std::string_view l = line();
            if (l.empty())
                break;
            const std::size_t colon = l.find(':');
            std::string_view name = l.substr(0, colon);
            std::string_view value =
                colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
            if (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            out.push_back({std::string(name), std::string(value)});
        }
        return out;
    }

    /// What is left.
    std::string_view rest() noexcept { return std::exchange(rest_, std::string_view()); }

private:
    std::string_view rest_;
};

/// FNV-1a: maps any selector the mutator makes to an index, so every input picks something.
inline std::uint64_t hash(std::string_view s) noexcept {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

/// A decimal number of at most `digits` digits, or `fallback`.
inline int number(std::string_view s, int fallback, std::size_t digits = 4) noexcept {
    if (s.empty() || s.size() > digits)
        return fallback;
    int n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return fallback;
        n = n * 10 + (c - '0');
    }
    return n;
}

/// A finding: stops the process, the way libFuzzer reports a crash. The regression test defines
/// HAWK_FUZZ_THROW_ON_FAILURE, to have an exception it reports instead.
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
#ifdef HAWK_FUZZ_THROW_ON_FAILURE
    throw std::logic_error(std::string(what) + " " + std::string(detail));
#else
    std::fprintf(stderr, "hawk fuzz check failed: %s %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
#endif
}

} // namespace hawk::fuzz
