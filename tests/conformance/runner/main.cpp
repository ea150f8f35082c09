// hawk-conformance: runs AWS conformance data against hawk (scripts/conformance wraps it).
//
//   hawk-conformance protocol FILE.json...
//   hawk-conformance endpoints SERVICE FILE.json
//   hawk-conformance sigv4 DIR
//
// One line per case (PASS/FAIL/SKIP <file>:<case>[: why]), then `N passed, N failed, N skipped`;
// the exit status is 1 when a case failed, 2 for a usage error.

#include "suites.hpp"

#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

int usage() {
    std::cerr << "usage: hawk-conformance protocol FILE.json...\n"
                 "       hawk-conformance endpoints SERVICE FILE.json\n"
                 "       hawk-conformance sigv4 DIR\n";
    return 2;
}

std::string setting(const char* variable, const char* built_in) {
    const char* v = std::getenv(variable);
    return v && *v ? v : built_in;
}

} // namespace

int main(int argc, char** argv) {
    using namespace hawk::conformance;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return usage();
    report out;
    const std::string& mode = args[0];
    if (mode == "sigv4" && args.size() == 2) {
        run_sigv4(args[1], out);
    } else if (mode == "endpoints" && args.size() == 3) {
        run_endpoints(setting("HAWK_MODELS_DIR", HAWK_SOURCE_DIR "/models"), args[1], args[2], out);
    } else if (mode == "protocol" && args.size() >= 2) {
        protocol_options options;
        options.build_dir = setting("HAWK_BUILD_DIR", HAWK_BINARY_DIR);
        options.source_dir = HAWK_SOURCE_DIR;
        options.harness_library = HAWK_HARNESS_LIBRARY;
        options.compiler = HAWK_CXX_COMPILER;
        options.launcher = HAWK_CXX_LAUNCHER;
        options.flags = HAWK_CXX_FLAGS;
        options.jobs = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
        run_protocol({args.begin() + 1, args.end()}, options, out);
    } else {
        return usage();
    }
    return out.finish();
}
