#pragma once

// The driver of one protocol test file: the runner generates each suite's mini-model into
// C++, compiles it with a table of the suites (suites.cpp), and links this harness, which runs
// every case through the generated operation's real serializer and parser.

#include <hawk/core/registry.hpp>

#include <cstddef>

namespace hawk::conformance {

/// One suite of the file, as generated: its operations and its modeled errors.
struct suite_entry {
    std::size_t index; ///< the suite's position in the file
    const core::operation_entry* operations;
    std::size_t operation_count;
    const core::error_entry* errors;
    std::size_t error_count;
};

/// Defined by the generated suites.cpp: the suites that generated and compiled.
extern const suite_entry* const suite_table[];
extern const std::size_t suite_table_size;

} // namespace hawk::conformance
