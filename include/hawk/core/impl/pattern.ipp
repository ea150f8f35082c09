#pragma once

// Body of hawk::core::pattern (see pattern.hpp), compiled once through <hawk/src.hpp>.
//
// How a model pattern is matched:
//  1. The ECMAScript source is translated into Boost.Regex perl syntax over UTF-32. Everything
//     whose meaning differs between the two is rewritten: ^ $ become \A \z, literals are
//     written as \x{..} so that Boost never sees one of its own extensions, and every character
//     class (a bracket expression, \d \w \s, \p{..} \P{..}, and '.') becomes a set of our own,
//     referred to from the Boost pattern by name as [[:h<index>:]].
//  2. Boost.Regex compiles that with a char32_t traits class whose isctype() tests membership in
//     those sets. A set is a sorted range list plus a mask over the general categories of the
//     committed Unicode table (detail/unicode_categories.ipp) and the ECMAScript classes, with a
//     bitmap for ASCII. That keeps ECMAScript semantics exact where Boost differs (its '.' also
//     excludes \f and U+0085, it intersects several negated classes in one bracket, its \d \w \s
//     depend on a locale) and is faster than Boost's own sets over wide characters.
//  3. The value is decoded from UTF-8 into a thread-local UTF-32 buffer and searched, with a
//     budget on the work (see budget_iterator).

#include <hawk/core/detail/unicode_categories.ipp>
#include <hawk/core/pattern.hpp>
#include <hawk/core/utf8.hpp>

#include <boost/regex.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core {
namespace detail {

// ---- Classification ---------------------------------------------------------------------------

// Bits 0..gc::count-1 are the general categories; the bits above are the ECMAScript classes and
// their complements, so that \D, \W and \S are positive masks too and unions stay unions.
using class_mask = std::uint64_t;

constexpr class_mask gc_bit(unsigned category) noexcept {
    return class_mask{1} << category;
}

inline constexpr class_mask all_categories = (class_mask{1} << gc::count) - 1;
inline constexpr class_mask digit_bit = class_mask{1} << 32;
inline constexpr class_mask not_digit_bit = class_mask{1} << 33;
inline constexpr class_mask word_bit = class_mask{1} << 34;
inline constexpr class_mask not_word_bit = class_mask{1} << 35;
inline constexpr class_mask space_bit = class_mask{1} << 36;
inline constexpr class_mask not_space_bit = class_mask{1} << 37;
static_assert(gc::count <= 32, "category bits overlap the class bits");

inline constexpr class_mask letter_mask =
    gc_bit(gc::Lu) | gc_bit(gc::Ll) | gc_bit(gc::Lt) | gc_bit(gc::Lm) | gc_bit(gc::Lo);
inline constexpr class_mask cased_letter_mask = gc_bit(gc::Lu) | gc_bit(gc::Ll) | gc_bit(gc::Lt);
inline constexpr class_mask mark_mask = gc_bit(gc::Mn) | gc_bit(gc::Mc) | gc_bit(gc::Me);
inline constexpr class_mask number_mask = gc_bit(gc::Nd) | gc_bit(gc::Nl) | gc_bit(gc::No);
inline constexpr class_mask punctuation_mask = gc_bit(gc::Pc) | gc_bit(gc::Pd) | gc_bit(gc::Ps) |
                                               gc_bit(gc::Pe) | gc_bit(gc::Pi) | gc_bit(gc::Pf) |
                                               gc_bit(gc::Po);
inline constexpr class_mask symbol_mask =
    gc_bit(gc::Sm) | gc_bit(gc::Sc) | gc_bit(gc::Sk) | gc_bit(gc::So);
inline constexpr class_mask separator_mask = gc_bit(gc::Zs) | gc_bit(gc::Zl) | gc_bit(gc::Zp);
inline constexpr class_mask other_mask =
    gc_bit(gc::Cc) | gc_bit(gc::Cf) | gc_bit(gc::Cs) | gc_bit(gc::Co) | gc_bit(gc::Cn);

// Index of the run that holds c: the last one that starts at or before it (the first starts at
// 0, the last is Cn up to U+10FFFF and beyond). Branch-free halving: the comparison becomes a
// conditional move.
constexpr std::size_t category_run_index(char32_t c) noexcept {
    std::size_t base = 0;
    std::size_t n = std::size(category_runs);
    while (n > 1) {
        const std::size_t half = n / 2;
        base = category_runs[base + half].first <= c ? base + half : base;
        n -= half;
    }
    return base;
}

constexpr class_mask class_bits_of(char32_t c, unsigned category) noexcept {
    const bool digit = c >= '0' && c <= '9';
    const bool word = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    // ECMAScript WhiteSpace and LineTerminator (U+2028 is Zl, U+2029 is Zp).
    const bool space = (c >= 0x09 && c <= 0x0D) || c == 0xFEFF || category == gc::Zs ||
                       category == gc::Zl || category == gc::Zp;
    return gc_bit(category) | (digit ? digit_bit : not_digit_bit) |
           (word ? word_bit : not_word_bit) | (space ? space_bit : not_space_bit);
}

constexpr std::array<class_mask, 128> make_ascii_class_bits() noexcept {
    std::array<class_mask, 128> bits{};
    for (char32_t c = 0; c < 128; ++c) {
        bits[c] = class_bits_of(c, category_runs[category_run_index(c)].category);
    }
    return bits;
}

inline constexpr std::array<class_mask, 128> ascii_class_bits = make_ascii_class_bits();

inline class_mask class_bits(char32_t c) noexcept {
    if (c < 128) {
        return ascii_class_bits[c];
    }
    // Text is mostly in one script, so the run of this thread's previous lookup usually holds c
    // (CJK ideographs, for instance, are one run).
    thread_local std::size_t last = 0;
    std::size_t i = last;
    if (c < category_runs[i].first ||
        (i + 1 < std::size(category_runs) && c >= category_runs[i + 1].first)) {
        i = category_run_index(c);
        last = i;
    }
    return class_bits_of(c, category_runs[i].category);
}

// ---- Character sets ---------------------------------------------------------------------------

// One character class of a pattern: code points in `ranges` or with a bit of `mask`, or the
// complement of that if `negated`.
struct char_set {
    bool negated = false;
    class_mask mask = 0;
    std::vector<std::pair<char32_t, char32_t>> ranges; // sorted and merged by finish()
    std::array<std::uint64_t, 2> ascii{};              // membership of 0..127, negation applied

    void add(char32_t first, char32_t last) { ranges.emplace_back(first, last); }

    void finish() {
        std::sort(ranges.begin(), ranges.end());
        std::vector<std::pair<char32_t, char32_t>> merged;
        for (const auto& r : ranges) {
            if (!merged.empty() && r.first <= merged.back().second + 1) {
                merged.back().second = std::max(merged.back().second, r.second);
            } else {
                merged.push_back(r);
            }
        }
        ranges = std::move(merged);
        ascii = {};
        for (char32_t c = 0; c < 128; ++c) {
            if (slow_contains(c)) {
                ascii[c / 64] |= std::uint64_t{1} << (c % 64);
            }
        }
    }

    bool contains(char32_t c) const noexcept {
        if (c < 128) {
            return ((ascii[c / 64] >> (c % 64)) & 1) != 0;
        }
        return slow_contains(c);
    }

private:
    bool slow_contains(char32_t c) const noexcept {
        // Sets have few ranges; the category lookup is the expensive part, so it comes last.
        const auto after = std::upper_bound(
            ranges.begin(), ranges.end(), c,
            [](char32_t v, const std::pair<char32_t, char32_t>& r) { return v < r.first; });
        const bool in_range = after != ranges.begin() && c <= std::prev(after)->second;
        const bool in = in_range || (mask != 0 && (class_bits(c) & mask) != 0);
        return in != negated;
    }
};

// ---- Boost.Regex traits over UTF-32 -------------------------------------------------------------

// Class values: with set_flag, the index of one of the pattern's sets; without, a class_mask
// (only for the classes Boost looks up itself: "w" drives \b).
inline constexpr class_mask set_flag = class_mask{1} << 63;

// The minimal traits interface; Boost supplies the rest (syntax of ASCII characters, toi, ...).
// Case folding is not needed: the patterns of models carry no flags. The "locale" is how the
// pattern's sets reach the traits object that Boost creates: basic_regex::imbue() before
// assign().
struct utf32_regex_traits {
    using char_type = char32_t;
    using size_type = std::size_t;
    using string_type = std::u32string;
    using locale_type = const std::vector<char_set>*;
    using char_class_type = class_mask;

    static size_type length(const char_type* p) { return std::char_traits<char32_t>::length(p); }
    char_type translate(char_type c) const { return c; }
    char_type translate_nocase(char_type c) const { return c; }
    template <class It>
    string_type transform(It first, It last) const {
        return string_type(first, last);
    }
    template <class It>
    string_type transform_primary(It first, It last) const {
        return string_type(first, last);
    }
    template <class It>
    string_type lookup_collatename(It first, It last) const {
        return last - first == 1 ? string_type(first, last) : string_type();
    }

    template <class It>
    char_class_type lookup_classname(It first, It last) const {
        const std::u32string_view name(&*first, static_cast<std::size_t>(last - first));
        if (name.size() > 1 && name.size() <= 10 && name[0] == U'h' && sets_ != nullptr) {
            std::size_t index = 0;
            for (const char32_t c : name.substr(1)) {
                if (c < U'0' || c > U'9') {
                    return 0;
                }
                index = index * 10 + (c - U'0');
            }
            return index < sets_->size() ? (set_flag | index) : 0;
        }
        // Boost asks for these when it compiles any pattern; only "w" is used (by \b).
        if (name == U"w") {
            return word_bit;
        }
        if (name == U"s") {
            return space_bit;
        }
        if (name == U"lower") {
            return gc_bit(gc::Ll);
        }
        if (name == U"upper") {
            return gc_bit(gc::Lu);
        }
        if (name == U"alpha") {
            return letter_mask;
        }
        return 0;
    }

    bool isctype(char_type c, char_class_type m) const {
        if ((m & set_flag) != 0) {
            return (*sets_)[static_cast<std::size_t>(m & ~set_flag)].contains(c);
        }
        return m != 0 && (class_bits(c) & m) != 0;
    }

    int value(char_type c, int radix) const {
        int v = -1;
        if (c >= U'0' && c <= U'9') {
            v = static_cast<int>(c - U'0');
        } else if (c >= U'a' && c <= U'f') {
            v = static_cast<int>(c - U'a') + 10;
        } else if (c >= U'A' && c <= U'F') {
            v = static_cast<int>(c - U'A') + 10;
        }
        return v < radix ? v : -1;
    }

    locale_type imbue(locale_type sets) { return std::exchange(sets_, sets); }
    locale_type getloc() const { return sets_; }

private:
    locale_type sets_ = nullptr;
};

using utf32_regex = boost::basic_regex<char32_t, utf32_regex_traits>;

// ---- ECMAScript -> Boost translation ------------------------------------------------------------

struct property_name {
    std::u32string_view name;
    class_mask mask;
};

// General category values, short and long names (UAX #44 PropertyValueAliases), plus the
// binary properties Any and Assigned. ASCII is handled as a range.
inline constexpr property_name property_names[] = {
    {U"L", letter_mask},
    {U"Letter", letter_mask},
    {U"LC", cased_letter_mask},
    {U"Cased_Letter", cased_letter_mask},
    {U"Lu", gc_bit(gc::Lu)},
    {U"Uppercase_Letter", gc_bit(gc::Lu)},
    {U"Ll", gc_bit(gc::Ll)},
    {U"Lowercase_Letter", gc_bit(gc::Ll)},
    {U"Lt", gc_bit(gc::Lt)},
    {U"Titlecase_Letter", gc_bit(gc::Lt)},
    {U"Lm", gc_bit(gc::Lm)},
    {U"Modifier_Letter", gc_bit(gc::Lm)},
    {U"Lo", gc_bit(gc::Lo)},
    {U"Other_Letter", gc_bit(gc::Lo)},
    {U"M", mark_mask},
    {U"Mark", mark_mask},
    {U"Combining_Mark", mark_mask},
    {U"Mn", gc_bit(gc::Mn)},
    {U"Nonspacing_Mark", gc_bit(gc::Mn)},
    {U"Mc", gc_bit(gc::Mc)},
    {U"Spacing_Mark", gc_bit(gc::Mc)},
    {U"Me", gc_bit(gc::Me)},
    {U"Enclosing_Mark", gc_bit(gc::Me)},
    {U"N", number_mask},
    {U"Number", number_mask},
    {U"Nd", gc_bit(gc::Nd)},
    {U"Decimal_Number", gc_bit(gc::Nd)},
    {U"digit", gc_bit(gc::Nd)},
    {U"Nl", gc_bit(gc::Nl)},
    {U"Letter_Number", gc_bit(gc::Nl)},
    {U"No", gc_bit(gc::No)},
    {U"Other_Number", gc_bit(gc::No)},
    {U"P", punctuation_mask},
    {U"Punctuation", punctuation_mask},
    {U"punct", punctuation_mask},
    {U"Pc", gc_bit(gc::Pc)},
    {U"Connector_Punctuation", gc_bit(gc::Pc)},
    {U"Pd", gc_bit(gc::Pd)},
    {U"Dash_Punctuation", gc_bit(gc::Pd)},
    {U"Ps", gc_bit(gc::Ps)},
    {U"Open_Punctuation", gc_bit(gc::Ps)},
    {U"Pe", gc_bit(gc::Pe)},
    {U"Close_Punctuation", gc_bit(gc::Pe)},
    {U"Pi", gc_bit(gc::Pi)},
    {U"Initial_Punctuation", gc_bit(gc::Pi)},
    {U"Pf", gc_bit(gc::Pf)},
    {U"Final_Punctuation", gc_bit(gc::Pf)},
    {U"Po", gc_bit(gc::Po)},
    {U"Other_Punctuation", gc_bit(gc::Po)},
    {U"S", symbol_mask},
    {U"Symbol", symbol_mask},
    {U"Sm", gc_bit(gc::Sm)},
    {U"Math_Symbol", gc_bit(gc::Sm)},
    {U"Sc", gc_bit(gc::Sc)},
    {U"Currency_Symbol", gc_bit(gc::Sc)},
    {U"Sk", gc_bit(gc::Sk)},
    {U"Modifier_Symbol", gc_bit(gc::Sk)},
    {U"So", gc_bit(gc::So)},
    {U"Other_Symbol", gc_bit(gc::So)},
    {U"Z", separator_mask},
    {U"Separator", separator_mask},
    {U"Zs", gc_bit(gc::Zs)},
    {U"Space_Separator", gc_bit(gc::Zs)},
    {U"Zl", gc_bit(gc::Zl)},
    {U"Line_Separator", gc_bit(gc::Zl)},
    {U"Zp", gc_bit(gc::Zp)},
    {U"Paragraph_Separator", gc_bit(gc::Zp)},
    {U"C", other_mask},
    {U"Other", other_mask},
    {U"Cc", gc_bit(gc::Cc)},
    {U"Control", gc_bit(gc::Cc)},
    {U"cntrl", gc_bit(gc::Cc)},
    {U"Cf", gc_bit(gc::Cf)},
    {U"Format", gc_bit(gc::Cf)},
    {U"Cs", gc_bit(gc::Cs)},
    {U"Surrogate", gc_bit(gc::Cs)},
    {U"Co", gc_bit(gc::Co)},
    {U"Private_Use", gc_bit(gc::Co)},
    {U"Cn", gc_bit(gc::Cn)},
    {U"Unassigned", gc_bit(gc::Cn)},
    {U"Any", all_categories},
    {U"Assigned", all_categories & ~gc_bit(gc::Cn)},
};

class pattern_translator {
public:
    explicit pattern_translator(std::u32string_view source) : s_(source) {}

    // Translates the pattern into `out` and its sets into `sets`. False if it is not valid
    // ECMAScript, uses something not supported (scripts in \p, legacy octal escapes, inline
    // flags) or is one of the model's known kinds of breakage (see looks_broken).
    bool translate(std::u32string& out, std::vector<char_set>& sets) {
        if (looks_broken()) {
            return false;
        }
        out_.reserve(s_.size() * 2);
        while (ok_ && i_ < s_.size()) {
            term();
        }
        if (!ok_) {
            return false;
        }
        for (auto& set : sets_) {
            set.finish();
        }
        out = std::move(out_);
        sets = std::move(sets_);
        return true;
    }

    bool has_backrefs() const noexcept { return has_backrefs_; }

private:
    // Two mistakes recur in models, and taken literally they reject every real value:
    //  - double escaping, `[\\P{C}]` or `\\d` for `[\P{C}]`, `\d`: an escaped backslash followed
    //    by something that only makes sense escaped;
    //  - a JavaScript literal, `/^...$/`, where the ^ after a / can never match.
    // Such patterns are reported unsupported, so that callers skip them instead.
    bool looks_broken() const {
        for (std::size_t k = 0; k + 2 < s_.size(); ++k) {
            if (s_[k] != U'\\') {
                continue;
            }
            if (s_[k + 1] == U'\\') {
                const char32_t c = s_[k + 2];
                const bool alnum = (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') ||
                                   (c >= U'A' && c <= U'Z');
                if (alnum ||
                    std::u32string_view(U".+*?(){}-/$^|").find(c) != std::u32string_view::npos) {
                    return true;
                }
            }
            ++k; // skip the escaped character
        }
        if (s_.size() >= 2 && s_.front() == U'/') {
            std::size_t end = s_.size();
            while (end > 1 && s_[end - 1] >= U'a' && s_[end - 1] <= U'z') {
                --end; // flags
            }
            if (end > 1 && s_[end - 1] == U'/' &&
                (s_[1] == U'^' || (end >= 3 && s_[end - 2] == U'$'))) {
                return true;
            }
        }
        return false;
    }

    bool at_end() const { return i_ >= s_.size(); }
    char32_t peek(std::size_t ahead = 0) const {
        return i_ + ahead < s_.size() ? s_[i_ + ahead] : char32_t(0xFFFFFFFF);
    }
    void fail() { ok_ = false; }

    void put(const char* ascii) {
        while (*ascii != '\0') {
            out_.push_back(static_cast<unsigned char>(*ascii++));
        }
    }
    void put_number(std::uint64_t v, unsigned base) {
        char buf[24];
        int n = 0;
        do {
            buf[n++] = "0123456789abcdef"[v % base];
            v /= base;
        } while (v != 0);
        while (n > 0) {
            out_.push_back(static_cast<unsigned char>(buf[--n]));
        }
    }
    // Literals other than ASCII letters and digits are written as \x{..}: then no character
    // can be mistaken for Boost syntax.
    void put_literal(char32_t c) {
        if ((c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) {
            out_.push_back(c);
            return;
        }
        put("\\x{");
        put_number(c, 16);
        put("}");
    }
    void put_set(char_set set) {
        put("[[:h");
        put_number(sets_.size(), 10);
        put(":]]");
        sets_.push_back(std::move(set));
    }

    static bool is_hex(char32_t c) {
        return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
    }
    static char32_t hex_value(char32_t c) { return c <= U'9' ? c - U'0' : (c | 0x20) - U'a' + 10; }
    // Reads `count` hex digits at i_ (count 0: up to a '}'), nullopt if there are not.
    std::optional<char32_t> read_hex(std::size_t count) {
        char32_t v = 0;
        std::size_t k = 0;
        for (; count == 0 ? peek(k) != U'}' : k < count; ++k) {
            if (!is_hex(peek(k)) || v > 0x10FFFF) {
                return std::nullopt;
            }
            v = (v << 4) | hex_value(peek(k));
        }
        if (k == 0 || v > 0x10FFFF) {
            return std::nullopt;
        }
        i_ += k;
        return v;
    }

    // i_ is just past "\u": \uHHHH (a surrogate pair combines), \u{H..}, else a literal u.
    char32_t unicode_escape() {
        if (peek() == U'{') {
            const std::size_t start = i_;
            ++i_;
            if (const auto v = read_hex(0)) {
                ++i_; // '}'
                return *v;
            }
            i_ = start;
            return U'u';
        }
        const auto v = read_hex(4);
        if (!v) {
            return U'u';
        }
        if (*v >= 0xD800 && *v <= 0xDBFF && peek() == U'\\' && peek(1) == U'u') {
            const std::size_t start = i_;
            i_ += 2;
            const auto low = read_hex(4);
            if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                return 0x10000 + ((*v - 0xD800) << 10) + (*low - 0xDC00);
            }
            i_ = start;
        }
        return *v;
    }

    // i_ is at the character after a backslash, which is not a class escape or backreference.
    // Consumes the escape and returns its code point; nullopt for what is not supported.
    std::optional<char32_t> character_escape() {
        const char32_t e = s_[i_++];
        switch (e) {
        case U't':
            return 0x09;
        case U'n':
            return 0x0A;
        case U'v':
            return 0x0B;
        case U'f':
            return 0x0C;
        case U'r':
            return 0x0D;
        case U'0':
            if (peek() >= U'0' && peek() <= U'9') {
                return std::nullopt; // legacy octal
            }
            return 0;
        case U'c': {
            const char32_t l = peek();
            if ((l >= U'a' && l <= U'z') || (l >= U'A' && l <= U'Z')) {
                ++i_;
                return l % 32;
            }
            return std::nullopt;
        }
        case U'x':
            if (const auto v = read_hex(2)) {
                return *v;
            }
            return U'x';
        case U'u':
            return unicode_escape();
        default:
            if (e >= U'1' && e <= U'9') {
                return std::nullopt;
            }
            return e; // identity escape
        }
    }

    // i_ is at the character after a backslash. Consumes \d \D \w \W \s \S \p{..} \P{..} and
    // adds them to `set`; returns false (consuming nothing) for other escapes.
    bool class_escape(char_set& set) {
        switch (peek()) {
        case U'd':
            set.mask |= digit_bit;
            break;
        case U'D':
            set.mask |= not_digit_bit;
            break;
        case U'w':
            set.mask |= word_bit;
            break;
        case U'W':
            set.mask |= not_word_bit;
            break;
        case U's':
            set.mask |= space_bit;
            break;
        case U'S':
            set.mask |= not_space_bit;
            break;
        case U'p':
        case U'P':
            if (peek(1) != U'{') {
                return false; // ECMAScript without the u flag: a literal p
            }
            property(set);
            return true;
        default:
            return false;
        }
        ++i_;
        return true;
    }

    // i_ is at the p of \p{..} or \P{..}.
    void property(char_set& set) {
        const bool negated = s_[i_] == U'P';
        const std::size_t close = s_.find(U'}', i_);
        if (close == std::u32string_view::npos) {
            fail();
            return;
        }
        std::u32string_view name = s_.substr(i_ + 2, close - i_ - 2);
        i_ = close + 1;
        for (const std::u32string_view prefix : {U"gc=", U"General_Category="}) {
            if (name.substr(0, prefix.size()) == prefix) {
                name.remove_prefix(prefix.size());
            }
        }
        if (name == U"ASCII") {
            if (negated) {
                set.add(0x80, 0x10FFFF);
            } else {
                set.add(0, 0x7F);
            }
            return;
        }
        for (const auto& p : property_names) {
            if (p.name == name) {
                // Categories partition the code points: the complement is the other categories.
                set.mask |= negated ? (all_categories & ~p.mask) : p.mask;
                return;
            }
        }
        fail(); // scripts and other properties
    }

    // One element of the pattern outside brackets.
    void term() {
        const char32_t c = s_[i_++];
        switch (c) {
        case U'\\':
            escape();
            return;
        case U'[':
            bracket();
            return;
        case U'(':
            group_open();
            return;
        case U')':
        case U'|':
            out_.push_back(c);
            return;
        case U'^':
            put("\\A");
            return;
        case U'$':
            put("\\z");
            return;
        case U'.': {
            char_set set; // anything but a line terminator
            set.negated = true;
            set.add(0x0A, 0x0A);
            set.add(0x0D, 0x0D);
            set.add(0x2028, 0x2029);
            put_set(std::move(set));
            return;
        }
        case U'*':
        case U'+':
        case U'?':
            out_.push_back(c);
            quantifier_suffix();
            return;
        case U'{':
            if (braced_quantifier()) {
                quantifier_suffix();
            } else {
                put_literal(c); // Annex B: a brace that is not a quantifier is literal
            }
            return;
        default:
            put_literal(c);
            return;
        }
    }

    // After a quantifier: an optional lazy '?'. Another quantifier would be an ECMAScript
    // syntax error, and Boost would read `*+` as possessive.
    void quantifier_suffix() {
        if (peek() == U'?') {
            out_.push_back(s_[i_++]);
        }
        const char32_t n = peek();
        if (n == U'*' || n == U'+' || n == U'?') {
            fail();
        } else if (n == U'{') {
            const std::size_t start = i_;
            const std::size_t size = out_.size();
            ++i_;
            if (braced_quantifier()) {
                fail();
            }
            i_ = start;
            out_.resize(size);
        }
    }

    // i_ is just past '{'. Copies {n}, {n,} or {n,m} and returns true; else consumes nothing.
    bool braced_quantifier() {
        std::size_t k = 0;
        auto digits = [&](std::uint64_t& value) {
            const std::size_t start = k;
            value = 0;
            while (peek(k) >= U'0' && peek(k) <= U'9') {
                value = std::min<std::uint64_t>(value * 10 + (peek(k) - U'0'), 1u << 31);
                ++k;
            }
            return k > start;
        };
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        if (!digits(low)) {
            return false;
        }
        bool has_high = false;
        if (peek(k) == U',') {
            ++k;
            has_high = digits(high);
        }
        if (peek(k) != U'}') {
            return false;
        }
        if (has_high && high < low) {
            fail(); // numbers out of order
        }
        out_.push_back(U'{');
        out_.append(s_.substr(i_, k + 1));
        i_ += k + 1;
        return true;
    }

    // i_ is just past '('.
    void group_open() {
        if (peek() != U'?') {
            out_.push_back(U'(');
            return;
        }
        const char32_t k = peek(1);
        if (k == U':' || k == U'=' || k == U'!') {
            put("(?");
            out_.push_back(k);
            i_ += 2;
            return;
        }
        if (k == U'<' && (peek(2) == U'=' || peek(2) == U'!')) {
            put("(?<");
            out_.push_back(peek(2));
            i_ += 3;
            return;
        }
        if (k == U'<') {
            i_ += 2;
            put("(?<");
            group_name();
            return;
        }
        fail(); // inline flags and Perl extensions
    }

    // i_ is at a group name; copies it and the closing '>'.
    void group_name() {
        const std::size_t start = i_;
        while (!at_end() && peek() != U'>') {
            const char32_t c = peek();
            const bool ok = (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_' ||
                            (i_ > start && c >= U'0' && c <= U'9');
            if (!ok) {
                fail();
                return;
            }
            out_.push_back(s_[i_++]);
        }
        if (at_end() || i_ == start) {
            fail();
            return;
        }
        out_.push_back(s_[i_++]);
    }

    // i_ is just past a backslash outside brackets.
    void escape() {
        if (at_end()) {
            fail();
            return;
        }
        char_set set;
        if (class_escape(set)) {
            put_set(std::move(set));
            return;
        }
        const char32_t e = peek();
        if (e == U'b' || e == U'B') {
            put(e == U'b' ? "\\b" : "\\B");
            ++i_;
            return;
        }
        if (e >= U'1' && e <= U'9') {
            put("\\g{");
            while (peek() >= U'0' && peek() <= U'9') {
                out_.push_back(s_[i_++]);
            }
            put("}");
            has_backrefs_ = true;
            return;
        }
        if (e == U'k' && peek(1) == U'<') {
            i_ += 2;
            put("\\k<");
            group_name();
            has_backrefs_ = true;
            return;
        }
        if (const auto c = character_escape()) {
            put_literal(*c);
        } else {
            fail();
        }
    }

    // One atom inside brackets: a code point, or a class escape already added to `set`.
    std::optional<char32_t> bracket_atom(char_set& set) {
        const char32_t c = s_[i_++];
        if (c != U'\\') {
            return c;
        }
        if (at_end()) {
            fail();
            return std::nullopt;
        }
        if (class_escape(set)) {
            return std::nullopt;
        }
        if (peek() == U'b') {
            ++i_;
            return 0x08; // backspace inside brackets
        }
        if (peek() == U'-') {
            ++i_;
            return U'-';
        }
        if (peek() >= U'1' && peek() <= U'9') {
            fail(); // legacy octal
            return std::nullopt;
        }
        const auto v = character_escape();
        if (!v) {
            fail();
        }
        return v;
    }

    // i_ is just past '['.
    void bracket() {
        char_set set;
        if (peek() == U'^') {
            set.negated = true;
            ++i_;
        }
        if (peek() == U']' && !set.negated) {
            ++i_;
            put("(?!)"); // [] matches nothing
            return;
        }
        while (ok_) {
            if (at_end()) {
                fail(); // unterminated
                return;
            }
            if (peek() == U']') {
                ++i_;
                break;
            }
            const auto a = bracket_atom(set);
            if (!ok_) {
                return;
            }
            if (peek() == U'-' && peek(1) != U']' && i_ + 1 < s_.size()) {
                ++i_;
                const auto b = bracket_atom(set);
                if (!ok_) {
                    return;
                }
                if (a && b) {
                    if (*a > *b) {
                        fail(); // range out of order
                        return;
                    }
                    set.add(*a, *b);
                    continue;
                }
                // Annex B: with a class at either end, the '-' is literal.
                set.add(U'-', U'-');
                if (b) {
                    set.add(*b, *b);
                }
            }
            if (a) {
                set.add(*a, *a);
            }
        }
        put_set(std::move(set)); // [^] is a negated empty set: anything
    }

    std::u32string_view s_;
    std::size_t i_ = 0;
    std::u32string out_;
    std::vector<char_set> sets_;
    bool ok_ = true;
    bool has_backrefs_ = false;
};

// ---- Matching -----------------------------------------------------------------------------------

struct work_exhausted {};

// A pointer into the UTF-32 value that charges every character read to a budget and throws
// work_exhausted when it runs out. Boost's own limit counts states, but a repeat of a single
// set backtracks through the whole value within one state, so ^([a-z]+[a-z ]*)$ against a long
// value ending in '!' takes quadratic time (hours for 1 MiB) without ever reaching it.
class budget_iterator {
public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = char32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const char32_t*;
    using reference = const char32_t&;

    budget_iterator() = default;
    budget_iterator(const char32_t* p, std::ptrdiff_t* budget) noexcept : p_(p), budget_(budget) {}

    reference operator*() const {
        spend();
        return *p_;
    }
    reference operator[](difference_type n) const {
        spend();
        return p_[n];
    }
    budget_iterator& operator++() noexcept {
        ++p_;
        return *this;
    }
    budget_iterator operator++(int) noexcept { return {p_++, budget_}; }
    budget_iterator& operator--() noexcept {
        --p_;
        return *this;
    }
    budget_iterator operator--(int) noexcept { return {p_--, budget_}; }
    budget_iterator& operator+=(difference_type n) noexcept {
        p_ += n;
        return *this;
    }
    budget_iterator& operator-=(difference_type n) noexcept {
        p_ -= n;
        return *this;
    }
    friend budget_iterator operator+(budget_iterator i, difference_type n) noexcept {
        return i += n;
    }
    friend budget_iterator operator+(difference_type n, budget_iterator i) noexcept {
        return i += n;
    }
    friend budget_iterator operator-(budget_iterator i, difference_type n) noexcept {
        return i -= n;
    }
    friend difference_type operator-(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ - b.p_;
    }
    friend bool operator==(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ == b.p_;
    }
    friend bool operator!=(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ != b.p_;
    }
    friend bool operator<(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ < b.p_;
    }
    friend bool operator>(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ > b.p_;
    }
    friend bool operator<=(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ <= b.p_;
    }
    friend bool operator>=(const budget_iterator& a, const budget_iterator& b) noexcept {
        return a.p_ >= b.p_;
    }

private:
    void spend() const {
        if (--*budget_ < 0) {
            throw work_exhausted{};
        }
    }

    const char32_t* p_ = nullptr;
    std::ptrdiff_t* budget_ = nullptr;
};

// Character reads allowed for one search. Linear searches of the model patterns read a
// character up to about 10 times (an unanchored UUID pattern over hex digits); a quadratic one
// on a megabyte gives up within tens of milliseconds (optimised) instead of running for hours.
inline std::ptrdiff_t work_budget(std::size_t length) noexcept {
    return 1'000'000 + 16 * static_cast<std::ptrdiff_t>(length);
}

struct compiled_pattern {
    bool supported = false;
    std::vector<char_set> sets; // declared before `re`, whose traits point at it
    utf32_regex re;
};

// nullptr only when memory ran out, so that a later check() tries again.
inline compiled_pattern* compile_pattern(std::string_view source) noexcept {
    try {
        auto result = std::make_unique<compiled_pattern>();
        std::u32string source32;
        std::u32string translated;
        if (decode_utf8(source, source32)) {
            pattern_translator translator(source32);
            if (translator.translate(translated, result->sets)) {
                namespace rc = boost::regex_constants;
                rc::syntax_option_type flags = rc::perl | rc::no_mod_m | rc::no_mod_s;
                if (!translator.has_backrefs()) {
                    flags |= rc::nosubs; // we only ask whether there is a match
                }
                try {
                    result->re.imbue(&result->sets);
                    result->re.assign(translated.data(), translated.data() + translated.size(),
                                      flags);
                    result->supported = true;
                } catch (const std::bad_alloc&) {
                    throw;
                } catch (...) {
                    // boost::regex_error: not valid ECMAScript, or beyond what Boost supports
                    // (for example a lookbehind of variable length).
                }
            }
        }
        return result.release();
    } catch (...) {
        return nullptr;
    }
}

} // namespace detail

HAWK_DECL pattern::~pattern() {
    delete compiled_.load(std::memory_order_acquire);
}

HAWK_DECL const detail::compiled_pattern* pattern::compiled() const noexcept {
    if (const auto* c = compiled_.load(std::memory_order_acquire)) {
        return c;
    }
    // One lock for all patterns: taken once per pattern, and it makes compilation happen once.
    static std::mutex compile_mutex;
    const std::lock_guard<std::mutex> lock(compile_mutex);
    if (const auto* c = compiled_.load(std::memory_order_acquire)) {
        return c;
    }
    const detail::compiled_pattern* c = detail::compile_pattern(source_);
    compiled_.store(c, std::memory_order_release);
    return c;
}

HAWK_DECL pattern_result pattern::check(std::string_view utf8_value) const noexcept {
    // Reused per thread: most values are short, and decoding then allocates nothing.
    thread_local std::u32string text;
    struct release_large {
        std::u32string& s;
        ~release_large() {
            if (s.capacity() > 16384) {
                std::u32string().swap(s);
            }
        }
    } guard{text};
    try {
        if (!decode_utf8(utf8_value, text)) {
            return pattern_result::invalid_utf8;
        }
        const detail::compiled_pattern* c = compiled();
        if (c == nullptr || !c->supported) {
            return pattern_result::unsupported_pattern;
        }
        std::ptrdiff_t budget = detail::work_budget(text.size());
        const detail::budget_iterator first(text.data(), &budget);
        const detail::budget_iterator last(text.data() + text.size(), &budget);
        return boost::regex_search(first, last, c->re, boost::regex_constants::match_default)
                   ? pattern_result::match
                   : pattern_result::mismatch;
    } catch (...) {
        // detail::work_exhausted, std::runtime_error from Boost when backtracking exceeds its
        // own limits, or std::bad_alloc.
        return pattern_result::too_complex;
    }
}

} // namespace hawk::core
