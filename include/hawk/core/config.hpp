#pragma once

// How hawk's non-template code is compiled.
//
// Light code is `inline` in the headers. Heavy code (regular expressions, TLS, the transport)
// lives in `impl/*.ipp` files so that a translation unit which only fills in a request does not
// pay for it. Those bodies are compiled exactly once: include <hawk/src.hpp> in one .cpp file of
// your program. Define HAWK_HEADER_ONLY to have every header include its bodies instead (simpler
// to set up, slower to compile).

#ifdef HAWK_HEADER_ONLY
#define HAWK_DECL inline
#else
#define HAWK_DECL
#endif

#if defined(__cpp_impl_coroutine) && __cplusplus >= 202002L
#define HAWK_HAS_COROUTINES 1
#else
#define HAWK_HAS_COROUTINES 0
#endif

// hawk's version (CMakeLists.txt reads it from here: one place to bump). docs/versioning.md
// says what a change of each number promises.
#define HAWK_VERSION_MAJOR 0
#define HAWK_VERSION_MINOR 1
#define HAWK_VERSION_PATCH 0
#define HAWK_VERSION_STRING "0.1.0"

namespace hawk {
/// Bumped whenever generated code needs a different runtime; each generated service.hpp checks
/// it (static_assert), so code from another hawk-gen fails to compile instead of misbehaving.
inline constexpr int runtime_abi_version = 1;
} // namespace hawk
