#pragma once

// The runner's output: one line per case, then a count. Other tools read these lines, so the
// format is fixed: `PASS <file>:<case>`, `FAIL <file>:<case>: <why>`, `SKIP <file>:<case>: <why>`.

#include <cstddef>
#include <iostream>
#include <string>
#include <string_view>

namespace hawk::conformance {

class report {
public:
    void pass(std::string_view file, std::string_view name) {
        ++passed_;
        std::cout << "PASS " << file << ':' << name << '\n';
    }
    void fail(std::string_view file, std::string_view name, std::string_view why) {
        ++failed_;
        std::cout << "FAIL " << file << ':' << name << ": " << one_line(why) << '\n';
    }
    void skip(std::string_view file, std::string_view name, std::string_view why) {
        ++skipped_;
        std::cout << "SKIP " << file << ':' << name << ": " << one_line(why) << '\n';
    }
    /// A line the driver of a protocol suite printed: counted by its verdict and passed on.
    void forward(std::string_view line) {
        if (line.rfind("PASS ", 0) == 0)
            ++passed_;
        else if (line.rfind("FAIL ", 0) == 0)
            ++failed_;
        else if (line.rfind("SKIP ", 0) == 0)
            ++skipped_;
        else
            return void(std::cerr << line << '\n');
        std::cout << line << '\n';
    }
    /// The last line; the exit status is non-zero when a case failed.
    int finish() const {
        std::cout << passed_ << " passed, " << failed_ << " failed, " << skipped_ << " skipped"
                  << std::endl;
        return failed_ == 0 ? 0 : 1;
    }

    static std::string one_line(std::string_view text) {
        std::string out;
        for (const char c : text)
            out += c == '\n' ? std::string(" | ") : c == '\r' ? std::string() : std::string(1, c);
        return out;
    }

private:
    std::size_t passed_ = 0, failed_ = 0, skipped_ = 0;
};

} // namespace hawk::conformance
