#pragma once

// Deterministic test data for the micro-benchmarks: every run, on every machine, measures the
// same bytes.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace hawk_bench {

/// splitmix64 with a fixed seed per data set.
class rng {
public:
    explicit rng(std::uint64_t seed) noexcept : state_(seed) {}

    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// In [0, n).
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }

    /// A lowercase UUID, as Amazon Connect's ids are.
    std::string uuid() {
        static constexpr char digits[] = "0123456789abcdef";
        std::string s(36, '-');
        for (std::size_t i = 0; i < s.size(); ++i)
            if (i != 8 && i != 13 && i != 18 && i != 23)
                s[i] = digits[below(16)];
        return s;
    }

    /// Words of lowercase letters, `n` of them, separated by spaces.
    std::string words(std::size_t n) {
        std::string s;
        for (std::size_t w = 0; w < n; ++w) {
            if (w != 0)
                s += ' ';
            const std::size_t len = 2 + below(8);
            for (std::size_t i = 0; i < len; ++i)
                s += static_cast<char>('a' + below(26));
        }
        return s;
    }

    /// A North American phone number in E.164.
    std::string phone() {
        std::string s = "+1";
        s += static_cast<char>('2' + below(8));
        for (int i = 0; i < 9; ++i)
            s += static_cast<char>('0' + below(10));
        return s;
    }

private:
    std::uint64_t state_;
};

inline constexpr std::string_view instance_arn_prefix =
    "arn:aws:connect:us-east-1:123456789012:instance/";

/// Runs `body` once an iteration, then clobbers memory; `bytes` an iteration, when not zero, is
/// reported as bytes processed. The body hands its results to benchmark::DoNotOptimize.
template <class Body>
void measure(benchmark::State& state, std::size_t bytes, Body&& body) {
    for (auto _ : state) {
        body();
        benchmark::ClobberMemory();
    }
    if (bytes != 0)
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                                static_cast<std::int64_t>(bytes));
}

} // namespace hawk_bench
