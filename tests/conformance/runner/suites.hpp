#pragma once

#include "report.hpp"

#include <string>
#include <vector>

namespace hawk::conformance {

/// Every leaf folder of the AWS SigV4 test suite under `dir`.
void run_sigv4(const std::string& dir, report& out);

/// The cases of an endpoint-tests-1.json against `service`'s rules in `models_dir`.
void run_endpoints(const std::string& models_dir, const std::string& service,
                   const std::string& file, report& out);

/// How the runner builds the drivers of protocol test files.
struct protocol_options {
    std::string build_dir;       ///< drivers go to <build_dir>/conformance/protocol/
    std::string source_dir;      ///< the hawk checkout (its include/ and the harness)
    std::string harness_library; ///< the compiled harness (harness.cpp and hawk's bodies)
    std::string compiler;        ///< the C++ compiler hawk was built with
    std::string launcher;        ///< e.g. ccache, or empty
    std::string flags;           ///< compile and link flags hawk was built with (sanitizers)
    int jobs = 2;
};

/// Protocol test files: each suite's mini-model is generated, compiled once, and its cases run.
void run_protocol(const std::vector<std::string>& files, const protocol_options& options,
                  report& out);

} // namespace hawk::conformance
