#include "docs/html_to_text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace hawk::codegen::docs {
namespace {

// ASCII-only classification: <cctype> depends on the locale and is undefined for negative chars.
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view lower_b) {
    if (a.size() != lower_b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != lower_b[i]) {
            return false;
        }
    }
    return true;
}

bool starts_with_icase(std::string_view s, std::string_view lower_prefix) {
    return s.size() >= lower_prefix.size() &&
           iequals(s.substr(0, lower_prefix.size()), lower_prefix);
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
    }
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

struct NamedEntity {
    std::string_view name;
    std::uint32_t code_point;
};

// The entities documentation writers actually use; anything else stays as written.
constexpr auto named_entities = std::to_array<NamedEntity>({
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"nbsp", ' '},      {"ensp", ' '},      {"emsp", ' '},
    {"thinsp", ' '},    {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"bdquo", 0x201E},  {"hellip", 0x2026}, {"bull", 0x2022},   {"middot", 0x00B7},
    {"copy", 0x00A9},   {"reg", 0x00AE},    {"trade", 0x2122},  {"deg", 0x00B0},
    {"plusmn", 0x00B1}, {"times", 0x00D7},  {"divide", 0x00F7}, {"micro", 0x00B5},
    {"para", 0x00B6},   {"sect", 0x00A7},   {"laquo", 0x00AB},  {"raquo", 0x00BB},
    {"euro", 0x20AC},   {"pound", 0x00A3},  {"yen", 0x00A5},    {"cent", 0x00A2},
    {"larr", 0x2190},   {"rarr", 0x2192},   {"uarr", 0x2191},   {"darr", 0x2193},
    {"harr", 0x2194},   {"le", 0x2264},     {"ge", 0x2265},     {"ne", 0x2260},
    {"asymp", 0x2248},  {"infin", 0x221E},  {"check", 0x2713},  {"ZeroWidthSpace", 0x200B},
});

// Decodes the character reference starting at `s[0] == '&'`. On success appends the decoded
// UTF-8 to `out` and returns the reference's length; returns 0 when `s` is not a complete,
// known reference (the caller then keeps the `&` as text).
std::size_t decode_entity(std::string_view s, std::string& out) {
    constexpr std::size_t max_length = 34;
    const std::size_t semicolon = s.substr(0, max_length).find(';');
    if (semicolon == std::string_view::npos || semicolon < 2) {
        return 0;
    }
    const std::string_view body = s.substr(1, semicolon - 1);
    if (body[0] == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty()) {
            return 0;
        }
        std::uint32_t cp = 0;
        for (char c : digits) {
            std::uint32_t d = 0;
            if (is_digit(c)) {
                d = static_cast<std::uint32_t>(c - '0');
            } else if (hex && to_lower(c) >= 'a' && to_lower(c) <= 'f') {
                d = static_cast<std::uint32_t>(to_lower(c) - 'a' + 10);
            } else {
                return 0;
            }
            cp = cp * (hex ? 16 : 10) + d;
            if (cp > 0x10FFFF) {
                cp = 0x110000; // saturate: invalid, replaced below
            }
        }
        append_utf8(out, cp);
        return semicolon + 1;
    }
    for (const auto& entity : named_entities) {
        if (entity.name == body) {
            append_utf8(out, entity.code_point);
            return semicolon + 1;
        }
    }
    return 0;
}

enum class Break { none, line, paragraph };

struct Block {
    enum class Kind { list, item, definition_list, definition, note };
    Kind kind = Kind::note;
    std::string_view tag;        // closing tag that ends it (always a string literal)
    std::size_t content_col = 0; // where lines inside it start
    std::size_t item_col = 0;    // list: where its markers go; item: where its marker goes
    bool ordered = false;        // list
    int counter = 0;             // list: items so far
    std::string marker;          // item: written on its first line
    bool marker_written = false; // item
};

Block make_block(Block::Kind kind, std::string_view tag) {
    Block block;
    block.kind = kind;
    block.tag = tag;
    return block;
}

constexpr std::size_t npos = std::string_view::npos;

struct Link {
    std::string href;       // absolute http(s) URL, or empty when it is not worth printing
    std::size_t line_id;    // line its text starts on
    std::size_t text_begin; // offset in the output, npos: after the label of line `line_id`
};

struct Tag {
    std::string name; // lowercase
    bool closing = false;
    bool self_closing = false;
    std::string_view attributes;
};

// Single pass over the HTML, writing text straight into `out_`. Lines are committed when a break
// is requested, so the output never needs a second pass.
class Converter {
public:
    explicit Converter(std::string_view html) : html_(html) { out_.reserve(html.size()); }

    std::string run() {
        std::size_t text_start = 0;
        std::size_t i = 0;
        while (i < html_.size()) {
            if (html_[i] != '<') {
                ++i;
                continue;
            }
            const std::size_t end = markup_end(i);
            if (end == 0) {
                ++i; // not markup: the `<` is text
                continue;
            }
            text(html_.substr(text_start, i - text_start));
            markup(html_.substr(i, end - i));
            i = end;
            text_start = end;
        }
        text(html_.substr(text_start));
        commit_line();
        return std::move(out_);
    }

private:
    std::string_view html_;
    std::string out_;

    bool line_active_ = false;
    std::size_t text_begin_ = 0; // first byte of the current line's text, after its prefix
    std::size_t label_end_ = 0;  // first byte after the `Note: ` label (or the prefix)
    std::size_t line_id_ = 0;
    Break pending_ = Break::none;
    bool space_ = false;     // whitespace seen since the last word
    std::string_view label_; // "Note: " / "Important: " owed to the next line

    std::vector<Block> blocks_;
    int list_context_ = 0; // items and definitions open: paragraphs inside them are lines

    int code_depth_ = 0;
    bool code_open_ = false; // the opening backtick is written on the current line
    int pre_depth_ = 0;
    std::vector<Link> links_;

    // ---- scanning -------------------------------------------------------------------------

    // End (one past `>`) of the markup starting at `html_[at] == '<'`, or 0 when it is text.
    std::size_t markup_end(std::size_t at) const {
        const std::string_view rest = html_.substr(at);
        if (rest.size() < 2) {
            return 0;
        }
        if (rest.substr(0, 4) == "<!--") {
            const std::size_t close = rest.find("-->", 4);
            return close == std::string_view::npos ? 0 : at + close + 3;
        }
        if (rest.substr(0, 9) == "<![CDATA[") {
            const std::size_t close = rest.find("]]>", 9);
            return close == std::string_view::npos ? 0 : at + close + 3;
        }
        const char first = rest[1];
        std::size_t j = 1;
        if (first == '/') {
            if (rest.size() < 3 || !is_alpha(rest[2])) {
                return 0;
            }
            j = 2;
        } else if (!is_alpha(first) && first != '!' && first != '?') {
            return 0;
        }
        // Attributes: quoted values may hold `>`; any other `<` means this was never a tag.
        bool after_equals = false;
        for (; j < rest.size(); ++j) {
            const char c = rest[j];
            if (c == '>') {
                return at + j + 1;
            }
            if (c == '<') {
                return 0;
            }
            if (after_equals && (c == '"' || c == '\'')) {
                const std::size_t close = rest.find(c, j + 1);
                if (close == std::string_view::npos) {
                    return 0;
                }
                j = close;
                after_equals = false;
                continue;
            }
            if (c == '=') {
                after_equals = true;
            } else if (!is_space(c)) {
                after_equals = false;
            }
        }
        return 0;
    }

    static Tag parse_tag(std::string_view markup) {
        Tag tag;
        std::size_t j = 1;
        if (markup[j] == '/') {
            tag.closing = true;
            ++j;
        }
        while (j < markup.size() &&
               (is_alnum(markup[j]) || markup[j] == '-' || markup[j] == '_' || markup[j] == ':')) {
            tag.name += to_lower(markup[j]);
            ++j;
        }
        std::size_t last = markup.size() - 1; // the `>`
        while (last > j && is_space(markup[last - 1])) {
            --last;
        }
        if (last > j && markup[last - 1] == '/') {
            tag.self_closing = true;
            --last;
        }
        tag.attributes = markup.substr(j, last - j);
        return tag;
    }

    static std::string attribute(std::string_view attrs, std::string_view wanted) {
        std::size_t j = 0;
        while (j < attrs.size()) {
            while (j < attrs.size() && (is_space(attrs[j]) || attrs[j] == '/')) {
                ++j;
            }
            const std::size_t name_begin = j;
            while (j < attrs.size() && !is_space(attrs[j]) && attrs[j] != '=' && attrs[j] != '/') {
                ++j;
            }
            const std::string_view name = attrs.substr(name_begin, j - name_begin);
            while (j < attrs.size() && is_space(attrs[j])) {
                ++j;
            }
            std::string_view value;
            if (j < attrs.size() && attrs[j] == '=') {
                ++j;
                while (j < attrs.size() && is_space(attrs[j])) {
                    ++j;
                }
                if (j < attrs.size() && (attrs[j] == '"' || attrs[j] == '\'')) {
                    const std::size_t close = attrs.find(attrs[j], j + 1);
                    const std::size_t stop = close == std::string_view::npos ? attrs.size() : close;
                    value = attrs.substr(j + 1, stop - j - 1);
                    j = stop + 1;
                } else {
                    const std::size_t begin = j;
                    while (j < attrs.size() && !is_space(attrs[j])) {
                        ++j;
                    }
                    value = attrs.substr(begin, j - begin);
                }
            }
            if (name.empty()) {
                ++j; // stray `=` or quote: skip it
                continue;
            }
            if (iequals(name, wanted)) {
                std::string decoded;
                for (std::size_t k = 0; k < value.size();) {
                    if (value[k] == '&') {
                        if (const std::size_t n = decode_entity(value.substr(k), decoded)) {
                            k += n;
                            continue;
                        }
                    }
                    decoded += value[k++];
                }
                return decoded;
            }
        }
        return {};
    }

    // ---- text -----------------------------------------------------------------------------

    void text(std::string_view s) {
        std::size_t run_begin = 0;
        std::string decoded;
        for (std::size_t i = 0; i < s.size();) {
            if (s[i] != '&') {
                ++i;
                continue;
            }
            decoded.clear();
            const std::size_t n = decode_entity(s.substr(i), decoded);
            if (n == 0) {
                ++i;
                continue;
            }
            plain(s.substr(run_begin, i - run_begin));
            plain(decoded);
            i += n;
            run_begin = i;
        }
        plain(s.substr(run_begin));
    }

    void plain(std::string_view s) {
        std::size_t i = 0;
        while (i < s.size()) {
            if (is_space(s[i])) {
                if (s[i] == '\n' && pre_depth_ > 0) {
                    request_break(Break::line);
                } else {
                    space_ = true;
                }
                ++i;
                continue;
            }
            std::size_t end = i;
            while (end < s.size() && !is_space(s[end])) {
                ++end;
            }
            word(s.substr(i, end - i));
            i = end;
        }
    }

    void word(std::string_view w) {
        if (!line_active_) {
            start_line();
        } else if (space_ && out_.size() > text_begin_ && out_.back() != ' ') {
            out_ += ' ';
        }
        space_ = false;
        if (code_depth_ > 0 && !code_open_) {
            out_ += '`';
            code_open_ = true;
        }
        out_ += w;
    }

    // ---- lines ----------------------------------------------------------------------------

    std::size_t current_col() const { return blocks_.empty() ? 0 : blocks_.back().content_col; }

    Break block_break() const { return list_context_ > 0 ? Break::line : Break::paragraph; }

    void start_line() {
        if (!out_.empty()) {
            out_ += pending_ == Break::paragraph ? "\n\n" : "\n";
        }
        pending_ = Break::none;
        // The innermost item writes its marker on its first line (notes inside it do not hide
        // it; a nested list or definition does, as that line belongs to them).
        Block* item = nullptr;
        for (auto it = blocks_.rbegin(); it != blocks_.rend(); ++it) {
            if (it->kind == Block::Kind::item) {
                item = &*it;
                break;
            }
            if (it->kind == Block::Kind::list || it->kind == Block::Kind::definition) {
                break;
            }
        }
        if (item != nullptr && !item->marker_written) {
            out_.append(item->item_col, ' ');
            out_ += item->marker;
            item->marker_written = true;
        } else {
            out_.append(current_col(), ' ');
        }
        text_begin_ = out_.size();
        out_ += label_;
        label_end_ = out_.size();
        label_ = {};
        line_active_ = true;
        space_ = false;
        ++line_id_;
    }

    void commit_line() {
        if (!line_active_) {
            return;
        }
        if (code_open_) {
            out_ += '`'; // reopened on the next line if the code element continues
            code_open_ = false;
        }
        while (out_.size() > text_begin_ && out_.back() == ' ') {
            out_.pop_back();
        }
        line_active_ = false;
        space_ = false;
    }

    void request_break(Break kind) {
        if (line_active_) {
            commit_line();
            pending_ = kind;
        } else if (kind > pending_) {
            pending_ = kind;
        }
    }

    // A pending `Note: ` before a list or definition gets its own line rather than vanishing.
    void flush_label() {
        if (!label_.empty()) {
            start_line();
            commit_line();
        }
    }

    // ---- blocks ---------------------------------------------------------------------------

    void push(Block block) {
        if (block.kind == Block::Kind::item || block.kind == Block::Kind::definition) {
            ++list_context_;
        }
        blocks_.push_back(std::move(block));
    }

    void pop() {
        const Block::Kind kind = blocks_.back().kind;
        if (kind == Block::Kind::item || kind == Block::Kind::definition) {
            --list_context_;
        }
        blocks_.pop_back();
    }

    // Closes the innermost open `tag` and everything inside it; false if none is open.
    bool pop_to(std::string_view tag) {
        const auto it = std::find_if(blocks_.rbegin(), blocks_.rend(),
                                     [&](const Block& b) { return b.tag == tag; });
        if (it == blocks_.rend()) {
            return false;
        }
        const auto keep = static_cast<std::size_t>(blocks_.rend() - it) - 1;
        while (blocks_.size() > keep) {
            pop();
        }
        return true;
    }

    // Closes blocks down to (not including) the innermost one of `kind`; false if none is open.
    bool pop_above(Block::Kind kind) {
        const auto it = std::find_if(blocks_.rbegin(), blocks_.rend(),
                                     [&](const Block& b) { return b.kind == kind; });
        if (it == blocks_.rend()) {
            return false;
        }
        const auto keep = static_cast<std::size_t>(blocks_.rend() - it);
        while (blocks_.size() > keep) {
            pop();
        }
        return true;
    }

    void open_list(std::string_view tag, bool ordered) {
        flush_label();
        request_break(block_break());
        Block list = make_block(Block::Kind::list, tag);
        list.item_col = current_col();
        list.content_col = list.item_col;
        list.ordered = ordered;
        push(std::move(list));
    }

    void open_item() {
        flush_label();
        request_break(Break::line);
        if (!pop_above(Block::Kind::list)) {
            open_list("ul", false); // `<li>` outside a list
        }
        Block& list = blocks_.back();
        ++list.counter;
        Block item = make_block(Block::Kind::item, "li");
        item.item_col = list.item_col;
        item.marker = list.ordered ? std::to_string(list.counter) + ". " : "- ";
        item.content_col = item.item_col + item.marker.size();
        push(std::move(item));
    }

    void open_definition() {
        flush_label();
        request_break(Break::line);
        pop_above(
            Block::Kind::definition_list); // an unclosed `<dd>` ends at the next `<dt>`/`<dd>`
        Block dd = make_block(Block::Kind::definition, "dd");
        dd.content_col = current_col() + 2;
        push(std::move(dd));
    }

    // ---- tags -----------------------------------------------------------------------------

    void markup(std::string_view m) {
        if (m.substr(0, 9) == "<![CDATA[") {
            plain(m.substr(9, m.size() - 12));
            return;
        }
        if (m[1] == '!' || m[1] == '?') {
            return; // comment, doctype, processing instruction
        }
        const Tag tag = parse_tag(m);
        if (tag.closing) {
            close(tag.name);
            return;
        }
        open(tag);
        if (tag.self_closing) {
            close(tag.name);
        }
    }

    static bool is_paragraph_tag(std::string_view name) {
        static constexpr auto tags = std::to_array<std::string_view>(
            {"p", "div", "br", "hr", "blockquote", "section", "article", "header", "footer",
             "table", "title", "h1", "h2", "h3", "h4", "h5", "h6", "center", "address"});
        return std::find(tags.begin(), tags.end(), name) != tags.end();
    }

    void open(const Tag& tag) {
        const std::string_view name = tag.name;
        if (is_paragraph_tag(name)) {
            request_break(block_break());
        } else if (name == "code" || name == "tt") {
            if (code_depth_++ == 0) {
                code_open_ = false;
            }
        } else if (name == "a") {
            std::string href = attribute(tag.attributes, "href");
            if (!starts_with_icase(href, "http://") && !starts_with_icase(href, "https://")) {
                href.clear();
            }
            if (line_active_) {
                links_.push_back({std::move(href), line_id_, out_.size()});
            } else {
                links_.push_back({std::move(href), line_id_ + 1, npos});
            }
        } else if (name == "ul" || name == "ol") {
            open_list(name == "ol" ? "ol" : "ul", name == "ol");
        } else if (name == "li") {
            open_item();
        } else if (name == "dl") {
            flush_label();
            request_break(block_break());
            Block dl = make_block(Block::Kind::definition_list, "dl");
            dl.content_col = current_col();
            push(std::move(dl));
        } else if (name == "dt") {
            flush_label();
            pop_above(Block::Kind::definition_list);
            request_break(block_break());
        } else if (name == "dd") {
            open_definition();
        } else if (name == "note" || name == "important") {
            flush_label();
            request_break(block_break());
            Block note = make_block(Block::Kind::note, name == "note" ? "note" : "important");
            note.content_col = current_col();
            push(std::move(note));
            label_ = name == "note" ? "Note: " : "Important: ";
        } else if (name == "pre") {
            request_break(block_break());
            ++pre_depth_;
        } else if (name == "tr") {
            request_break(Break::line);
        } else if (name == "td" || name == "th") {
            space_ = true;
        }
    }

    void close(std::string_view name) {
        if (is_paragraph_tag(name)) {
            if (name != "br" && name != "hr") {
                request_break(block_break());
            }
        } else if (name == "code" || name == "tt") {
            if (code_depth_ > 0 && --code_depth_ == 0 && code_open_) {
                out_ += '`';
                code_open_ = false;
            }
        } else if (name == "a") {
            close_link();
        } else if (name == "ul" || name == "ol") {
            if (pop_to(name)) {
                request_break(block_break());
            }
        } else if (name == "li" || name == "dd") {
            pop_to(name);
            request_break(Break::line);
        } else if (name == "dt") {
            request_break(Break::line);
        } else if (name == "dl" || name == "note" || name == "important") {
            if (pop_to(name)) {
                label_ = {};
                request_break(block_break());
            }
        } else if (name == "pre") {
            if (pre_depth_ > 0) {
                --pre_depth_;
                request_break(block_break());
            }
        } else if (name == "td" || name == "th") {
            space_ = true;
        } else if (name == "tr") {
            request_break(Break::line);
        }
    }

    void close_link() {
        if (links_.empty()) {
            return;
        }
        const Link link = std::move(links_.back());
        links_.pop_back();
        if (link.href.empty()) {
            return;
        }
        if (line_active_ && link.line_id == line_id_) {
            std::string_view shown = out_;
            shown.remove_prefix(link.text_begin == npos ? label_end_ : link.text_begin);
            while (!shown.empty() && (shown.front() == ' ' || shown.front() == '`')) {
                shown.remove_prefix(1);
            }
            while (!shown.empty() && shown.back() == '`') {
                shown.remove_suffix(1);
            }
            if (shown.empty()) {
                word(link.href); // nothing else would show where the link goes
                return;
            }
            if (shown == link.href) {
                return;
            }
        } else if (!line_active_ && link.line_id == line_id_ + 1) {
            word(link.href); // no text at all since the link opened
            return;
        }
        // Otherwise the text differs from the URL, or a block inside the link moved it to an
        // earlier line: the URL follows wherever writing is now.
        const bool space_after = space_;
        space_ = true;
        word("(" + link.href + ")");
        space_ = space_after;
    }
};

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Leading spaces plus a list marker (`- `, `* `, `12. `), as a length into `line`.
std::size_t marker_length(std::string_view line, std::size_t indent) {
    const std::string_view rest = line.substr(indent);
    if (rest.size() >= 2 && (rest[0] == '-' || rest[0] == '*') && rest[1] == ' ') {
        return 2;
    }
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 9 && is_digit(rest[digits])) {
        ++digits;
    }
    if (digits > 0 && digits + 1 < rest.size() && rest[digits] == '.' && rest[digits + 1] == ' ') {
        return digits + 2;
    }
    return 0;
}

struct Word {
    std::string text;
    std::size_t width;
};

// Splits one paragraph's text into Doxygen-safe words (see wrap_comment's contract).
std::vector<Word> escaped_words(std::string_view content) {
    // Backticks pair up in order; an unpaired last one is a literal character.
    std::vector<bool> in_span(content.size(), false);
    {
        std::size_t open = std::string_view::npos;
        for (std::size_t i = 0; i < content.size(); ++i) {
            if (content[i] != '`') {
                continue;
            }
            if (open == std::string_view::npos) {
                open = i;
            } else {
                std::fill(in_span.begin() + static_cast<std::ptrdiff_t>(open) + 1,
                          in_span.begin() + static_cast<std::ptrdiff_t>(i), true);
                open = std::string_view::npos;
            }
        }
    }

    std::vector<Word> words;
    bool glue = false; // the previous word ended with `\` inside a code span
    std::size_t i = 0;
    while (i < content.size()) {
        if (is_space(content[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < content.size() && !is_space(content[end])) {
            ++end;
        }
        std::string text;
        for (std::size_t k = i; k < end; ++k) {
            const char c = content[k];
            if (in_span[k] || c == '`') {
                text += c;
                continue;
            }
            const char prev = k > i ? content[k - 1] : ' ';
            const char next = k + 1 < end ? content[k + 1] : ' ';
            switch (c) {
            case '\\': {
                std::size_t run_end = k;
                while (run_end < end && content[run_end] == '\\' && !in_span[run_end]) {
                    ++run_end;
                }
                if (run_end == end) {
                    // Word ends in backslashes: a code span shows them and ends the line safely.
                    text += '`';
                    text.append(run_end - k, '\\');
                    text += '`';
                    k = run_end - 1;
                } else {
                    text += "\\\\";
                }
                break;
            }
            case '@':
            case '%':
                if (!is_alnum(prev) && is_alpha(next)) {
                    text += '\\';
                }
                text += c;
                break;
            case '<':
                if (is_alpha(next) || next == '/' || next == '!' || next == '?') {
                    text += '\\';
                }
                text += c;
                break;
            case '&':
                if (is_alpha(next) || next == '#') {
                    text += '\\';
                }
                text += c;
                break;
            default:
                text += c;
            }
        }
        const std::size_t width = code_points(text);
        if (glue && !words.empty()) {
            words.back().text += ' ';
            words.back().text += text;
            words.back().width += 1 + width;
        } else {
            words.push_back({std::move(text), width});
        }
        glue = content[end - 1] == '\\' && in_span[end - 1];
        i = end;
    }
    return words;
}

bool is_abbreviation(std::string_view before_period) {
    const std::size_t start = before_period.find_last_of(" (\"'");
    const std::string_view word =
        start == std::string_view::npos ? before_period : before_period.substr(start + 1);
    return iequals(word, "e.g") || iequals(word, "i.e");
}

} // namespace

std::string html_to_text(std::string_view html) {
    return Converter(html).run();
}

std::vector<std::string> wrap_comment(std::string_view text, std::size_t width) {
    std::vector<std::string> lines;
    bool blank_pending = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;

        while (!line.empty() && is_space(line.back())) {
            line.remove_suffix(1);
        }
        std::size_t indent = 0;
        while (indent < line.size() && line[indent] == ' ') {
            ++indent;
        }
        if (indent == line.size()) {
            blank_pending = !lines.empty();
            continue;
        }
        if (blank_pending) {
            lines.emplace_back();
            blank_pending = false;
        }
        const std::size_t prefix_length = indent + marker_length(line, indent);
        const std::vector<Word> words = escaped_words(line.substr(prefix_length));
        const std::string continuation(prefix_length, ' ');

        std::string current(line.substr(0, prefix_length));
        std::size_t current_width = code_points(current);
        bool has_word = false;
        for (const Word& w : words) {
            if (!has_word) {
                current += w.text;
                current_width += w.width;
                has_word = true;
            } else if (current_width + 1 + w.width <= width) {
                current += ' ';
                current += w.text;
                current_width += 1 + w.width;
            } else {
                lines.push_back(std::move(current));
                current = continuation + w.text;
                current_width = prefix_length + w.width;
            }
        }
        if (has_word) {
            lines.push_back(std::move(current));
        }
    }
    return lines;
}

std::string first_sentence(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    text = text.substr(0, text.find('\n'));
    bool in_span = false;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '`') {
            // Only a backtick with a partner later on the line opens a span.
            in_span = in_span ? false : text.find('`', i + 1) != std::string_view::npos;
            continue;
        }
        if (!in_span && text[i] == '.' && text[i + 1] == ' ' &&
            !is_abbreviation(text.substr(0, i))) {
            return std::string(text.substr(0, i + 1));
        }
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

} // namespace hawk::codegen::docs
