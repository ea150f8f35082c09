#include "naming/naming.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace hawk::codegen::naming {
namespace {

// ASCII-only classification: <cctype> depends on the locale and is undefined for negative chars.
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_upper(c) || is_lower(c) || is_digit(c);
}
char to_lower(char c) {
    return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals_prefix(std::string_view text, std::string_view lower_prefix) {
    if (text.size() < lower_prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        if (to_lower(text[i]) != lower_prefix[i]) {
            return false;
        }
    }
    return true;
}

bool iequals(std::string_view a, std::string_view lower_b) {
    return a.size() == lower_b.size() && iequals_prefix(a, lower_b);
}

// Mixed-case spellings that are one word (smithy-rs's list).
constexpr std::array<std::string_view, 7> complete_words = {"ipv4", "ipv6", "sigv4", "mib",
                                                            "gib",  "kib",  "ttl"};

bool is_complete_word(std::string_view word) {
    return std::any_of(complete_words.begin(), complete_words.end(),
                       [&](std::string_view w) { return iequals(word, w); });
}

// True while `word + rest` spells the start of a complete word that `word` has not finished yet,
// so that e.g. the `v` of `IPv4` does not end the word.
bool complete_word_in_progress(std::string_view word, std::string_view rest) {
    if (is_complete_word(word)) {
        return false;
    }
    return std::any_of(complete_words.begin(), complete_words.end(), [&](std::string_view w) {
        if (word.size() >= w.size()) {
            return false; // `word` already diverged or is longer: cannot be in progress
        }
        return iequals_prefix(word, w.substr(0, word.size())) &&
               iequals_prefix(rest, w.substr(word.size()));
    });
}

// `DB[P]roxy`, `IAM[U]ser` end an acronym; `AR[N]s`, `AC[L]s`, `DynamoD[B]v2` do not.
bool end_of_acronym(std::string_view word, char next, std::string_view after) {
    if (!is_upper(word.back()) || !is_upper(next)) {
        return false;
    }
    const char peek = after.empty() ? '\0' : after[0];
    const char double_peek = after.size() < 2 ? '\0' : after[1];
    if (!is_lower(peek)) {
        return false;
    }
    if (peek == 's' && !is_lower(double_peek)) {
        return false; // plural acronym
    }
    if (peek == 'v' && is_digit(double_peek)) {
        return false; // versioned acronym
    }
    return true;
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), is_digit);
}

void append_word(std::string& out, std::string_view word) {
    if (word.empty()) {
        return;
    }
    if (!out.empty()) {
        out += '_';
    }
    for (char c : word) {
        out += to_lower(c);
    }
}

// Spelled-out punctuation for enum values that have no letters or digits at all.
std::string_view punctuation_name(char c) {
    switch (c) {
    case '*':
        return "star";
    case '+':
        return "plus";
    case '-':
        return "minus";
    case '.':
        return "dot";
    case ',':
        return "comma";
    case ':':
        return "colon";
    case ';':
        return "semicolon";
    case '/':
        return "slash";
    case '\\':
        return "backslash";
    case '_':
        return "underscore";
    case '=':
        return "eq";
    case '<':
        return "lt";
    case '>':
        return "gt";
    case '!':
        return "bang";
    case '?':
        return "question";
    case '%':
        return "percent";
    case '&':
        return "amp";
    case '|':
        return "pipe";
    case '@':
        return "at";
    case '#':
        return "hash";
    case '$':
        return "dollar";
    case '^':
        return "caret";
    case '~':
        return "tilde";
    case '(':
        return "lparen";
    case ')':
        return "rparen";
    case '[':
        return "lbracket";
    case ']':
        return "rbracket";
    case '{':
        return "lbrace";
    case '}':
        return "rbrace";
    case '"':
        return "quote";
    case '\'':
        return "apostrophe";
    case '`':
        return "backtick";
    case ' ':
        return "space";
    default:
        return {};
    }
}

// C++20 keywords and alternative tokens ([lex.key], [lex.digraph]); names reserved by the TM and
// reflection TSs or GNU modes (`typeof`); macros of the C/C++ library, POSIX/glibc
// (<sys/sysmacros.h> `major`/`minor`), GCC's predefined `unix`/`linux`/`i386`/`sun`, <windows.h>
// (`min`, `max`, `near`, `far`, `small`, `interface`, `DELETE`, `ERROR`, ...) and builds
// (`DEBUG`); and names that are legal but confusing: `std`, `posix`, and `module`/`import`, which
// begin preprocessor directives at the start of a line in C++20. Function-like macros are listed
// too because generated accessors are called with `(`.
constexpr auto reserved_names = std::to_array<std::string_view>({
    "BUFSIZ",
    "CHAR_BIT",
    "CHAR_MAX",
    "CHAR_MIN",
    "CLOCKS_PER_SEC",
    "CONST",
    "DEBUG",
    "DELETE",
    "DOMAIN",
    "E2BIG",
    "EACCES",
    "EAGAIN",
    "EBUSY",
    "ECHILD",
    "EDOM",
    "EEXIST",
    "EFAULT",
    "EILSEQ",
    "EINTR",
    "EINVAL",
    "EIO",
    "ENOENT",
    "ENOMEM",
    "ENOSPC",
    "EOF",
    "EPERM",
    "ERANGE",
    "ERROR",
    "ETIMEDOUT",
    "EXIT_FAILURE",
    "EXIT_SUCCESS",
    "FALSE",
    "FD_CLR",
    "FD_ISSET",
    "FD_SET",
    "FD_ZERO",
    "FILENAME_MAX",
    "FOPEN_MAX",
    "HUGE_VAL",
    "IN",
    "INFINITY",
    "INT_MAX",
    "INT_MIN",
    "LONG_MAX",
    "LONG_MIN",
    "L_tmpnam",
    "MB_CUR_MAX",
    "NAME_MAX",
    "NAN",
    "NDEBUG",
    "NO_ERROR",
    "NSIG",
    "NULL",
    "OPTIONAL",
    "OUT",
    "OVERFLOW",
    "PATH_MAX",
    "PLOSS",
    "RAND_MAX",
    "SEEK_CUR",
    "SEEK_END",
    "SEEK_SET",
    "SIGABRT",
    "SIGFPE",
    "SIGILL",
    "SIGINT",
    "SIGSEGV",
    "SIGTERM",
    "SIG_DFL",
    "SIG_ERR",
    "SIG_IGN",
    "SING",
    "SIZE_MAX",
    "TLOSS",
    "TMP_MAX",
    "TRUE",
    "UINT_MAX",
    "ULONG_MAX",
    "UNDERFLOW",
    "VOID",
    "WEOF",
    "alignas",
    "alignof",
    "alloca",
    "and",
    "and_eq",
    "asm",
    "assert",
    "assert_perror",
    "atomic_cancel",
    "atomic_commit",
    "atomic_noexcept",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "cdecl",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "errno",
    "explicit",
    "export",
    "extern",
    "false",
    "far",
    "float",
    "for",
    "fpclassify",
    "friend",
    "goto",
    "hyper",
    "i386",
    "if",
    "import",
    "inline",
    "int",
    "interface",
    "isfinite",
    "isgreater",
    "isgreaterequal",
    "isinf",
    "isless",
    "islessequal",
    "islessgreater",
    "isnan",
    "isnormal",
    "isunordered",
    "linux",
    "long",
    "major",
    "makedev",
    "max",
    "min",
    "minor",
    "module",
    "mutable",
    "namespace",
    "near",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "offsetof",
    "operator",
    "or",
    "or_eq",
    "pascal",
    "posix",
    "private",
    "protected",
    "public",
    "reflexpr",
    "register",
    "reinterpret_cast",
    "requires",
    "return",
    "setjmp",
    "short",
    "signbit",
    "signed",
    "sizeof",
    "small",
    "static",
    "static_assert",
    "static_cast",
    "std",
    "stderr",
    "stdin",
    "stdout",
    "struct",
    "sun",
    "switch",
    "synchronized",
    "template",
    "this",
    "thread_local",
    "throw",
    "transaction_safe",
    "transaction_safe_dynamic",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "typeof",
    "union",
    "unix",
    "unsigned",
    "using",
    "va_arg",
    "va_copy",
    "va_end",
    "va_start",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
});
static_assert(std::is_sorted(reserved_names.begin(), reserved_names.end()),
              "reserved_names must stay sorted for binary_search");

bool is_reserved(std::string_view name) {
    return std::binary_search(reserved_names.begin(), reserved_names.end(), name);
}

} // namespace

std::string to_snake_case(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 8);
    std::string word;
    const bool all_lower_case = std::none_of(name.begin(), name.end(), is_upper);

    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const std::string_view after = name.substr(i + 1);
        if (!is_alnum(c)) {
            append_word(out, word);
            word.clear();
            continue;
        }
        if (word.empty()) {
            word += c;
            continue;
        }
        const bool in_complete_word = complete_word_in_progress(word, name.substr(i));
        const char last = word.back();
        bool boundary = false;
        if (!in_complete_word && is_upper(c) && (is_lower(last) || is_digit(last))) {
            boundary = true; // Abc[D]ef, Ab2[D]ef
        } else if (!in_complete_word && all_lower_case && is_digit(last) && is_lower(c) &&
                   !all_digits(word)) {
            boundary = true; // s3[k]ey, but not 1[h]
        } else if (end_of_acronym(word, c, after)) {
            boundary = true; // DB[P]roxy
        }
        if (boundary) {
            append_word(out, word);
            word.clear();
        }
        word += c;
    }
    append_word(out, word);
    return out;
}

std::string cpp_identifier(std::string name) {
    for (char& c : name) {
        if (!is_alnum(c) && c != '_') {
            c = '_';
        }
    }
    if (name.empty()) {
        return "v";
    }
    if (is_digit(name.front())) {
        return "v" + name;
    }
    if (name.find("__") != std::string::npos ||
        (name.size() > 1 && name[0] == '_' && is_upper(name[1]))) {
        std::string collapsed;
        for (char c : name) {
            if (!(c == '_' && !collapsed.empty() && collapsed.back() == '_')) {
                collapsed += c;
            }
        }
        if (collapsed.size() > 1 && collapsed[0] == '_' && is_upper(collapsed[1])) {
            collapsed.insert(0, "v");
        }
        return collapsed;
    }
    if (is_reserved(name)) {
        name += '_';
    }
    return name;
}

std::string enum_constant_name(std::string_view wire_value) {
    std::string out;
    bool has_alnum = false;
    std::size_t i = 0;
    while (i < wire_value.size()) {
        if (!is_alnum(wire_value[i])) {
            ++i;
            continue;
        }
        has_alnum = true;
        std::size_t end = i;
        while (end < wire_value.size() && is_alnum(wire_value[end])) {
            ++end;
        }
        const std::string_view run = wire_value.substr(i, end - i);
        if (std::any_of(run.begin(), run.end(), is_lower)) {
            append_word(out, to_snake_case(run));
        } else {
            append_word(out, run); // SCREAMING run: lowercase only
        }
        i = end;
    }
    if (!has_alnum) {
        for (char c : wire_value) {
            const auto c_byte = static_cast<unsigned char>(c);
            if (c_byte >= 0x80) {
                continue; // non-ASCII dropped
            }
            std::string_view spelled = punctuation_name(c);
            std::string hex;
            if (spelled.empty()) {
                // Control characters: spell the code so distinct values stay distinct.
                constexpr std::string_view digits = "0123456789abcdef";
                hex = {'x', digits[c_byte >> 4], digits[c_byte & 0xF]};
                spelled = hex;
            }
            append_word(out, spelled);
        }
        if (out.empty()) {
            out = "empty";
        }
    }
    return cpp_identifier(std::move(out));
}

std::string pascal_to_kebab(std::string_view name) {
    // botocore's xform_name(name, '-'), step by step; its regexes are simple enough to scan by
    // hand, which keeps the semantics exact (leftmost, non-overlapping substitutions).
    constexpr char sep = '-';
    if (name.find(sep) != std::string_view::npos) {
        return std::string(name);
    }
    struct Irregular {
        std::string_view name;
        std::string_view cli;
    };
    static constexpr std::array<Irregular, 8> irregular = {{
        {"CreateCachediSCSIVolume", "create-cached-iscsi-volume"},
        {"DescribeCachediSCSIVolumes", "describe-cached-iscsi-volumes"},
        {"DescribeStorediSCSIVolumes", "describe-stored-iscsi-volumes"},
        {"CreateStorediSCSIVolume", "create-stored-iscsi-volume"},
        {"ListHITsForQualificationType", "list-hits-for-qualification-type"},
        {"ExecutePartiQLStatement", "execute-partiql-statement"},
        {"ExecutePartiQLTransaction", "execute-partiql-transaction"},
        {"ExecutePartiQLBatch", "execute-partiql-batch"},
    }};
    for (const auto& entry : irregular) {
        if (entry.name == name) {
            return std::string(entry.cli);
        }
    }

    // `[A-Z]{2,}s$`: GatewayARNs -> Gateway-arns. (botocore turns a bare `ARNs` into `-arns`;
    // no separator is added when nothing precedes it.)
    std::string s0(name);
    if (s0.size() >= 3 && s0.back() == 's') {
        std::size_t start = s0.size() - 1;
        while (start > 0 && is_upper(s0[start - 1])) {
            --start;
        }
        if (s0.size() - 1 - start >= 2) {
            std::string tail = s0.substr(start);
            std::transform(tail.begin(), tail.end(), tail.begin(), to_lower);
            s0 = start == 0 ? tail : s0.substr(0, start) + sep + tail;
        }
    }

    // `(.)([A-Z][a-z]+)` -> `\1-\2`.
    std::string s1;
    s1.reserve(s0.size() + 8);
    for (std::size_t i = 0; i < s0.size();) {
        if (i + 2 < s0.size() && s0[i] != '\n' && is_upper(s0[i + 1]) && is_lower(s0[i + 2])) {
            s1 += s0[i];
            s1 += sep;
            std::size_t j = i + 1;
            s1 += s0[j++];
            while (j < s0.size() && is_lower(s0[j])) {
                s1 += s0[j++];
            }
            i = j;
        } else {
            s1 += s0[i++];
        }
    }

    // `([a-z0-9])([A-Z])` -> `\1-\2`, then lowercase.
    std::string out;
    out.reserve(s1.size() + 8);
    for (std::size_t i = 0; i < s1.size();) {
        if (i + 1 < s1.size() && (is_lower(s1[i]) || is_digit(s1[i])) && is_upper(s1[i + 1])) {
            out += s1[i];
            out += sep;
            out += to_lower(s1[i + 1]);
            i += 2;
        } else {
            out += to_lower(s1[i++]);
        }
    }
    return out;
}

} // namespace hawk::codegen::naming
