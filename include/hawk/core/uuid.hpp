#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace hawk::core {

/// A random (version 4) UUID, e.g. for idempotency tokens and amz-sdk-invocation-id.
/// Uniqueness, not secrecy, is what matters here; each thread seeds its own engine once.
inline std::string random_uuid() {
    thread_local std::mt19937_64 engine{[] {
        std::random_device device;
        return (static_cast<std::uint64_t>(device()) << 32) ^ device();
    }()};
    std::uint64_t hi = engine();
    std::uint64_t lo = engine();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL; // version 4
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; // variant 10
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(36, '-');
    int pos = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            ++pos;
        const std::uint64_t word = i < 16 ? hi : lo;
        const int shift = 60 - 4 * (i % 16);
        out[static_cast<std::size_t>(pos++)] = hex[(word >> shift) & 15];
    }
    return out;
}

} // namespace hawk::core
