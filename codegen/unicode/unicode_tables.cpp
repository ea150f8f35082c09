// unicode_tables: UnicodeData.txt -> include/hawk/core/detail/unicode_categories.ipp
//
// Usage: unicode_tables <UnicodeData.txt> <output.ipp> [unicode-version]
//
// Writes the general category of every code point as runs of equal category, which is what
// the pattern matcher needs for \p{..} classes. Run by scripts/update-unicode-tables; the output
// is committed, so this tool is not part of the build. The output is deterministic: it depends
// only on the input file and the version string.

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Order matters: the generated enum uses it, and the matcher uses the values as mask bits.
// Cn first so that a zero-initialised table means "unassigned".
constexpr std::array<std::string_view, 30> category_names = {
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
    "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"};

constexpr std::uint32_t code_space = 0x110000;

int category_index(std::string_view name) {
    for (std::size_t i = 0; i < category_names.size(); ++i) {
        if (category_names[i] == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "unicode_tables: " << message << '\n';
    std::exit(1);
}

bool parse_hex(std::string_view s, std::uint32_t& out) {
    if (s.empty() || s.size() > 6) {
        return false;
    }
    std::uint32_t v = 0;
    for (char c : s) {
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'A' && c <= 'F') {
            v |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return false;
        }
    }
    out = v;
    return v < code_space;
}

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%06X", static_cast<unsigned>(v));
    return buf;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::cerr << "usage: unicode_tables <UnicodeData.txt> <output.ipp> [unicode-version]\n";
        return 2;
    }
    const std::string version = argc == 4 ? argv[3] : "unknown";

    std::ifstream in(argv[1]);
    if (!in) {
        fail(std::string("cannot read ") + argv[1]);
    }
    // Unlisted code points are unassigned (Cn, index 0).
    std::vector<std::uint8_t> category(code_space, 0);
    std::vector<bool> seen(code_space, false);

    std::string line;
    std::size_t line_no = 0;
    bool in_range = false;
    std::uint32_t range_first = 0;
    int range_category = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty()) {
            continue;
        }
        std::array<std::string_view, 3> fields;
        std::string_view rest = line;
        for (auto& field : fields) {
            const auto semi = rest.find(';');
            if (semi == std::string_view::npos) {
                fail("line " + std::to_string(line_no) + ": too few fields");
            }
            field = rest.substr(0, semi);
            rest.remove_prefix(semi + 1);
        }
        std::uint32_t cp = 0;
        if (!parse_hex(fields[0], cp)) {
            fail("line " + std::to_string(line_no) + ": bad code point");
        }
        const int cat = category_index(fields[2]);
        if (cat < 0) {
            fail("line " + std::to_string(line_no) + ": unknown category " +
                 std::string(fields[2]));
        }
        // Large blocks (CJK, Hangul, private use, surrogates) are listed as First/Last pairs.
        const std::string_view name = fields[1];
        std::uint32_t first = cp;
        if (ends_with(name, ", First>")) {
            if (in_range) {
                fail("line " + std::to_string(line_no) + ": nested range");
            }
            in_range = true;
            range_first = cp;
            range_category = cat;
            continue;
        }
        if (ends_with(name, ", Last>")) {
            if (!in_range || cat != range_category || cp < range_first) {
                fail("line " + std::to_string(line_no) + ": unmatched range end");
            }
            in_range = false;
            first = range_first;
        } else if (in_range) {
            fail("line " + std::to_string(line_no) + ": range start without end");
        }
        for (std::uint32_t c = first; c <= cp; ++c) {
            if (seen[c]) {
                fail("line " + std::to_string(line_no) + ": code point listed twice");
            }
            seen[c] = true;
            category[c] = static_cast<std::uint8_t>(cat);
        }
    }
    if (in_range) {
        fail("unterminated range at end of file");
    }
    if (line_no == 0) {
        fail("empty input");
    }

    std::ostringstream out;
    out << "// Generated by scripts/update-unicode-tables (codegen/unicode/unicode_tables.cpp) "
           "from\n"
           "// UnicodeData.txt, Unicode "
        << version
        << ". Do not edit.\n"
           "//\n"
           "// The general category of every code point as runs: a row gives the first code point "
           "of a run,\n"
           "// which lasts until the next row. Unassigned code points are Cn. Used by "
           "impl/pattern.ipp.\n"
           "\n"
           "#pragma once\n"
           "\n"
           "#include <cstdint>\n"
           "\n"
           "namespace hawk::core::detail {\n"
           "\n"
           "inline constexpr char unicode_version[] = \""
        << version
        << "\";\n"
           "\n"
           "// General categories. The values are bit positions in the matcher's class masks.\n"
           "namespace gc {\n"
           "enum : std::uint8_t {\n";
    for (const auto name : category_names) {
        out << "    " << name << ",\n";
    }
    out << "    count\n"
           "};\n"
           "} // namespace gc\n"
           "\n"
           "struct category_run {\n"
           "    std::uint32_t first;\n"
           "    std::uint8_t category;\n"
           "};\n"
           "\n"
           "// clang-format off\n"
           "inline constexpr category_run category_runs[] = {\n";
    std::size_t runs = 0;
    for (std::uint32_t c = 0; c < code_space; ++c) {
        if (c == 0 || category[c] != category[c - 1]) {
            out << "    {" << hex(c) << ", gc::" << category_names[category[c]] << "},\n";
            ++runs;
        }
    }
    out << "};\n"
           "// clang-format on\n"
           "\n"
           "} // namespace hawk::core::detail\n";

    std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
    file << out.str();
    if (!file.flush()) {
        fail(std::string("cannot write ") + argv[2]);
    }
    std::cerr << "unicode_tables: " << runs << " runs, Unicode " << version << '\n';
    return 0;
}
