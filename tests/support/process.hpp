#pragma once

// Running a program from a test: its standard output (and whatever the command line redirects
// into it) and its exit status.

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace hawk::test {

struct command_result {
    std::string output;
    int status = -1; ///< the exit status; -1 when the program did not exit (killed by a signal)
};

/// `NAME=value` words for `env -i` that keep the sanitizers' settings (suppressions,
/// halt_on_error) for instrumented child programs; empty in normal builds.
inline std::string sanitizer_environment() {
    std::string words;
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"})
        if (const char* value = std::getenv(name))
            words += std::string(" '") + name + "=" + value + "'";
    return words;
}

/// Runs `command` with /bin/sh and reads all it writes to standard output.
inline command_result run_command(const std::string& command) {
    command_result r;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        r.output.append(buffer, n);
    const int status = ::pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace hawk::test
