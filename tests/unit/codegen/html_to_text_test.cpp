#include "docs/html_to_text.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace hawk::codegen::docs;

namespace {

using Lines = std::vector<std::string>;

std::filesystem::path docs_repo_root() {
    namespace fs = std::filesystem;
    for (fs::path dir = fs::absolute(fs::path(__FILE__)).parent_path();; dir = dir.parent_path()) {
        if (fs::is_directory(dir / "models") && fs::is_directory(dir / "codegen")) {
            return dir;
        }
        if (dir == dir.root_path() || dir.empty()) {
            return {};
        }
    }
}

void collect_documentation(const boost::json::value& v, std::vector<std::string>& out) {
    if (const auto* object = v.if_object()) {
        for (const auto& [key, child] : *object) {
            if (key == "documentation" && child.is_string()) {
                out.emplace_back(child.get_string());
            } else {
                collect_documentation(child, out);
            }
        }
    } else if (const auto* array = v.if_array()) {
        for (const auto& child : *array) {
            collect_documentation(child, out);
        }
    }
}

// Every `documentation` string of every model under models/.
const std::vector<std::string>& model_documentation() {
    static const std::vector<std::string> docs = [] {
        namespace fs = std::filesystem;
        std::vector<std::string> out;
        const fs::path root = docs_repo_root() / "models";
        if (!fs::is_directory(root)) {
            return out;
        }
        std::vector<fs::path> files;
        for (const auto& service : fs::directory_iterator(root)) {
            if (!service.is_directory()) {
                continue;
            }
            for (const auto& version : fs::directory_iterator(service.path())) {
                if (fs::is_regular_file(version.path() / "service-2.json")) {
                    files.push_back(version.path() / "service-2.json");
                }
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::ostringstream buffer;
            buffer << in.rdbuf();
            collect_documentation(boost::json::parse(buffer.str()), out);
        }
        return out;
    }();
    return docs;
}

std::size_t count_tag_like(std::string_view s, std::string_view lt) {
    std::size_t n = 0;
    for (std::size_t at = s.find(lt); at != s.npos; at = s.find(lt, at + 1)) {
        const std::size_t next = at + lt.size();
        if (next < s.size() && (std::isalpha(static_cast<unsigned char>(s[next])) != 0)) {
            ++n;
        }
    }
    return n;
}

// Visible text of well-formed model HTML, whitespace removed: tags dropped, basic entities
// decoded. html_to_text only adds characters (markers, backticks, URLs) to this.
std::string naive_visible_text(std::string_view html) {
    std::string out;
    bool in_tag = false;
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (in_tag) {
            in_tag = c != '>';
            continue;
        }
        if (c == '<') {
            in_tag = true;
            continue;
        }
        if (c == '&') {
            static constexpr std::pair<std::string_view, char> entities[] = {
                {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
            bool decoded = false;
            for (const auto& [name, ch] : entities) {
                if (html.substr(i, name.size()) == name) {
                    out += ch;
                    i += name.size() - 1;
                    decoded = true;
                    break;
                }
            }
            if (decoded) {
                continue;
            }
        }
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            out += c;
        }
    }
    return out;
}

std::string without_space(std::string_view s) {
    std::string out;
    std::copy_if(s.begin(), s.end(), std::back_inserter(out),
                 [](char c) { return std::isspace(static_cast<unsigned char>(c)) == 0; });
    return out;
}

bool is_subsequence(std::string_view needle, std::string_view haystack) {
    std::size_t at = 0;
    for (char c : haystack) {
        if (at < needle.size() && needle[at] == c) {
            ++at;
        }
    }
    return at == needle.size();
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The words of a wrapped line after its indentation and list marker.
std::string_view line_content(std::string_view line) {
    while (!line.empty() && line.front() == ' ') {
        line.remove_prefix(1);
    }
    if (line.size() >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
        line.remove_prefix(2);
    } else {
        std::size_t digits = 0;
        while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) {
            ++digits;
        }
        if (digits > 0 && line.substr(digits, 2) == ". ") {
            line.remove_prefix(digits + 2);
        }
    }
    return line;
}

// One unbreakable unit: no spaces, except the glue after a `\` inside a code span.
bool is_single_word(std::string_view content) {
    for (std::size_t i = 0; i < content.size(); ++i) {
        if (content[i] == ' ' && (i == 0 || content[i - 1] != '\\')) {
            return false;
        }
    }
    return true;
}

// The properties wrap_comment promises for any input.
void check_wrapped(const Lines& lines, std::size_t width) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        CAPTURE(line);
        if (line.empty()) {
            CHECK(i > 0);
            CHECK(i + 1 < lines.size());
            CHECK(!lines[i - 1].empty());
            continue;
        }
        CHECK(line.back() != ' ');
        CHECK(line.back() != '\t');
        CHECK(line.back() != '\\');
        CHECK(line.find('\n') == std::string::npos);
        if (code_points(line) > width) {
            CHECK(is_single_word(line_content(line)));
        }
    }
}

} // namespace

// ---- html_to_text ---------------------------------------------------------------------------

TEST_CASE("html_to_text: paragraphs and line breaks") {
    CHECK(html_to_text("<p>One.</p> <p>Two.</p>") == "One.\n\nTwo.");
    CHECK(html_to_text("<p>One.</p><p></p><p> </p><p>Two.</p>") == "One.\n\nTwo.");
    CHECK(html_to_text("a<br/>b<br>c") == "a\n\nb\n\nc");
    CHECK(html_to_text("<p>  lots   of\n\t space  </p>") == "lots of space");
    CHECK(html_to_text("  plain text  ") == "plain text");
    CHECK(html_to_text("") == "");
    CHECK(html_to_text("<p></p>") == "");
    CHECK(html_to_text("<div>a</div><h2>Title</h2>b") == "a\n\nTitle\n\nb");
}

TEST_CASE("html_to_text: inline markup") {
    CHECK(html_to_text("<p>Use <code>ContactId</code> here.</p>") == "Use `ContactId` here.");
    CHECK(html_to_text("<code> padded </code>") == "`padded`");
    CHECK(html_to_text("a <code></code> b") == "a b");
    CHECK(html_to_text("a<code>x y</code>b") == "a`x y`b");
    CHECK(html_to_text("<b>bold</b>, <i>italic</i>, <em>em</em>, <strong>strong</strong>") ==
          "bold, italic, em, strong");
    CHECK(html_to_text("<fullname>Amazon Connect</fullname> <p>Service.</p>") ==
          "Amazon Connect\n\nService.");
    CHECK(html_to_text("<unknown attr=\"1\">kept</unknown> text") == "kept text");
    CHECK(html_to_text("x<!-- a comment -->y") == "xy");
    CHECK(html_to_text("<![CDATA[a <b> c]]>") == "a <b> c");
}

TEST_CASE("html_to_text: links") {
    CHECK(html_to_text("See <a href=\"https://docs.aws.amazon.com/x.html\">the guide</a>.") ==
          "See the guide (https://docs.aws.amazon.com/x.html).");
    CHECK(html_to_text("<a href=\"https://example.com\">https://example.com</a>") ==
          "https://example.com");
    CHECK(html_to_text("<a href=\"https://example.com\"><code>https://example.com</code></a>") ==
          "`https://example.com`");
    CHECK(html_to_text("<a href=\"https://example.com\"></a>") == "https://example.com");
    CHECK(html_to_text("<a href=\"relative/page.html\">Page</a>") == "Page");
    CHECK(html_to_text("<a href=\"\">Page</a>") == "Page");
    CHECK(html_to_text("<a>Anchor</a>") == "Anchor");
    CHECK(html_to_text("<a href='http://a.b/?x=1&amp;y=2'>q</a>") == "q (http://a.b/?x=1&y=2)");
    CHECK(html_to_text("<a href=\"https://e.com\">text </a>next") == "text (https://e.com) next");
    CHECK(html_to_text("<p><a href=\"https://e.com\">Start</a> of line</p>") ==
          "Start (https://e.com) of line");
}

TEST_CASE("html_to_text: lists") {
    CHECK(html_to_text("<p>Intro:</p><ul><li><p>one</p></li><li>two</li></ul><p>After.</p>") ==
          "Intro:\n\n- one\n- two\n\nAfter.");
    CHECK(html_to_text("<ol><li>first</li><li>second</li></ol>") == "1. first\n2. second");
    CHECK(html_to_text("<ul><li><p>a</p><p>b</p></li></ul>") == "- a\n  b");
    CHECK(html_to_text(
              "<ul><li>outer<ul><li>inner</li><li>inner2</li></ul></li><li>next</li></ul>") ==
          "- outer\n  - inner\n  - inner2\n- next");
    CHECK(html_to_text("<ol><li>x<ol><li>y</li></ol></li></ol>") == "1. x\n   1. y");
    // Unclosed items end at the next item; a stray item gets a list.
    CHECK(html_to_text("<ul><li>a<li>b</ul>") == "- a\n- b");
    CHECK(html_to_text("<li>lonely</li>") == "- lonely");
}

TEST_CASE("html_to_text: definition lists, notes, pre") {
    CHECK(html_to_text("<dl><dt>KEY</dt><dd><p>Unit: COUNT</p><p>More.</p></dd>"
                       "<dt>OTHER</dt><dd>Value</dd></dl>") ==
          "KEY\n  Unit: COUNT\n  More.\n\nOTHER\n  Value");
    CHECK(html_to_text("<p>Before.</p><note><p>Be careful.</p></note><p>After.</p>") ==
          "Before.\n\nNote: Be careful.\n\nAfter.");
    CHECK(html_to_text("<important> <p>Read this.</p> <p>Twice.</p> </important>") ==
          "Important: Read this.\n\nTwice.");
    CHECK(html_to_text("<note><ul><li>a</li></ul></note>") == "Note:\n\n- a");
    CHECK(html_to_text("<note></note>x") == "x");
    CHECK(html_to_text("<ul><li><note>inside</note></li></ul>") == "- Note: inside");
    CHECK(html_to_text("<pre>line one\nline   two</pre>") == "line one\nline two");
}

TEST_CASE("html_to_text: entities") {
    CHECK(html_to_text("&lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos; &#39;b&#39;") ==
          "<tag> & \"q\" 'a' 'b'");
    CHECK(html_to_text("&#65;&#x42;&#X43;") == "ABC");
    CHECK(html_to_text("caf&#233;") == "caf\xC3\xA9");
    CHECK(html_to_text("&#x1F600;") == "\xF0\x9F\x98\x80");
    CHECK(html_to_text("&mdash;&rsquo;") == "\xE2\x80\x94\xE2\x80\x99");
    CHECK(html_to_text("a&nbsp;b &nbsp; c") == "a b c");
    CHECK(html_to_text("&#0;&#xD800;&#99999999;") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(html_to_text("&amp;lt;") == "&lt;"); // decoded once only
    CHECK(html_to_text("<code>&lt;view-id&gt;:$SAVED</code>") == "`<view-id>:$SAVED`");
}

TEST_CASE("html_to_text: malformed input keeps its text") {
    CHECK(html_to_text("<p>unclosed paragraph") == "unclosed paragraph");
    CHECK(html_to_text("</p>stray close</ul></li></code></a>") == "stray close");
    CHECK(html_to_text("a < b and c > d") == "a < b and c > d");
    CHECK(html_to_text("x<y") == "x<y");
    CHECK(html_to_text("1 <2 <b>bold</b>") == "1 <2 bold");
    CHECK(html_to_text("<p>a <b unclosed tag") == "a <b unclosed tag");
    CHECK(html_to_text("<a href=\"never closed>text") == "<a href=\"never closed>text");
    CHECK(html_to_text("AT&T & co &foo; &amp &#; &#x; &#12a;") ==
          "AT&T & co &foo; &amp &#; &#x; &#12a;");
    CHECK(html_to_text("<code>never closed") == "`never closed`");
    CHECK(html_to_text("<p class=\"x\" data-y='a>b'>attr</p>") == "attr");
    CHECK(html_to_text("<") == "<");
    CHECK(html_to_text("&") == "&");
    CHECK(html_to_text("<>") == "<>");
    CHECK(html_to_text("</ p>") == "</ p>");
    CHECK(html_to_text("<!-- unterminated") == "<!-- unterminated");
}

TEST_CASE("html_to_text is deterministic") {
    const std::string html =
        "<p>A <code>b</code> <a href=\"https://c\">d</a></p><ul><li>e</li></ul>";
    CHECK(html_to_text(html) == html_to_text(html));
}

// ---- wrap_comment ---------------------------------------------------------------------------

TEST_CASE("wrap_comment: words, widths, paragraphs") {
    CHECK(wrap_comment("one two three four", 9) == Lines{"one two", "three", "four"});
    CHECK(wrap_comment("one two three four", 100) == Lines{"one two three four"});
    CHECK(wrap_comment("tiny averyveryverylongword end", 8) ==
          Lines{"tiny", "averyveryverylongword", "end"});
    CHECK(wrap_comment("para one\n\npara two", 80) == Lines{"para one", "", "para two"});
    CHECK(wrap_comment("\n\na\n\n\n\nb\n\n", 80) == Lines{"a", "", "b"});
    CHECK(wrap_comment("", 80).empty());
    CHECK(wrap_comment("a   b  ", 80) == Lines{"a b"});
    CHECK(wrap_comment("word", 0) == Lines{"word"});
    // UTF-8: code points, not bytes.
    CHECK(wrap_comment("\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9", 6) ==
          Lines{"\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9"});
    CHECK(wrap_comment("\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9", 5) ==
          Lines{"\xC3\xA9\xC3\xA9\xC3\xA9", "\xC3\xA9\xC3\xA9"});
}

TEST_CASE("wrap_comment: list items keep continuation lines under their text") {
    CHECK(wrap_comment("- alpha beta gamma", 12) == Lines{"- alpha beta", "  gamma"});
    CHECK(wrap_comment("12. alpha beta gamma", 14) == Lines{"12. alpha beta", "    gamma"});
    CHECK(wrap_comment("  - nested item text", 12) == Lines{"  - nested", "    item", "    text"});
    CHECK(wrap_comment("  indented paragraph text", 14) ==
          Lines{"  indented", "  paragraph", "  text"});
    CHECK(wrap_comment("- a\n- b\n\nafter", 80) == Lines{"- a", "- b", "", "after"});
}

TEST_CASE("wrap_comment: Doxygen and comment safety") {
    // Commands at word start are escaped; mail addresses are not commands.
    CHECK(wrap_comment("@param x and mail@example.com", 80) ==
          Lines{"\\@param x and mail@example.com"});
    CHECK(wrap_comment("(@see) %s 100%", 80) == Lines{"(\\@see) \\%s 100%"});
    // Every backslash is doubled so Doxygen prints it.
    CHECK(wrap_comment("\\brief a\\nb [.\\@]", 80) == Lines{"\\\\brief a\\\\nb [.\\\\@]"});
    // HTML-looking text and entities stay literal.
    CHECK(wrap_comment("<view-id> a & b &amp;", 80) == Lines{"\\<view-id> a & b \\&amp;"});
    // Code spans are verbatim in Doxygen: nothing inside them is escaped.
    CHECK(wrap_comment("`@x \\n <a>` @y", 80) == Lines{"`@x \\n <a>` \\@y"});
    // A word ending in backslashes shows them in a code span, so no line ends with `\`.
    CHECK(wrap_comment("path C:\\ and D:\\\\", 80) == Lines{"path C:`\\` and D:`\\\\`"});
    CHECK(wrap_comment("C:\\ x", 3) == Lines{"C:`\\`", "x"});
    // Inside a code span a trailing backslash glues the next word to it.
    CHECK(wrap_comment("`a\\ b` c", 3) == Lines{"`a\\ b`", "c"});
    // An unpaired backtick is literal, so escaping continues after it.
    CHECK(wrap_comment("it`s @a", 80) == Lines{"it`s \\@a"});
}

TEST_CASE("wrap_comment: arbitrary input keeps the line guarantees") {
    // Deterministic fuzzing over the characters that matter.
    static constexpr std::string_view pieces[] = {"word",
                                                  "a",
                                                  " ",
                                                  " ",
                                                  "  ",
                                                  "\n",
                                                  "\n\n",
                                                  "\\",
                                                  "\\\\",
                                                  "`",
                                                  "@",
                                                  "%",
                                                  "<",
                                                  "&",
                                                  "-",
                                                  "- ",
                                                  "1. ",
                                                  "\xC3\xA9",
                                                  "\xE2\x80\x94",
                                                  "longerwordthanwidth",
                                                  "\t",
                                                  "x\\",
                                                  "`y\\"};
    std::mt19937 rng(12345);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const auto length = rng() % 40;
        for (std::uint32_t i = 0; i < length; ++i) {
            text += pieces[rng() % std::size(pieces)];
        }
        const std::size_t width = 1 + rng() % 30;
        CAPTURE(text);
        CAPTURE(width);
        check_wrapped(wrap_comment(text, width), width);
    }
}

// ---- first_sentence -------------------------------------------------------------------------

TEST_CASE("first_sentence") {
    CHECK(first_sentence("Creates a queue. Then more.") == "Creates a queue.");
    CHECK(first_sentence("No period at all") == "No period at all");
    CHECK(first_sentence("Ends with a period.") == "Ends with a period.");
    CHECK(first_sentence("First paragraph\n\nSecond. Paragraph.") == "First paragraph");
    CHECK(first_sentence("Version 1.5 is here. Yes.") == "Version 1.5 is here.");
    CHECK(first_sentence("Use a tag, e.g. foo, here. Then.") == "Use a tag, e.g. foo, here.");
    CHECK(first_sentence("A value (i.e. bar) matters. More.") == "A value (i.e. bar) matters.");
    CHECK(first_sentence("Call `a. b` first. Then.") == "Call `a. b` first.");
    CHECK(first_sentence("  \n padded.  ") == "padded.");
    CHECK(first_sentence("") == "");
}

// ---- every documentation string of the real models -------------------------------------------

TEST_CASE("html_to_text over every model documentation string") {
    const auto& docs = model_documentation();
    REQUIRE(docs.size() > 3000);

    std::vector<std::string> texts;
    texts.reserve(docs.size());
    const auto start = std::chrono::steady_clock::now();
    for (const auto& html : docs) {
        texts.push_back(html_to_text(html));
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    MESSAGE("html_to_text: " << docs.size() << " strings in " << ms << " ms");
    CHECK(ms < 1000);

    for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string& html = docs[i];
        const std::string& text = texts[i];
        CAPTURE(html);
        // No tags left: a `<` before a letter only where the source escaped one as `&lt;`.
        CHECK(count_tag_like(text, "<") == count_tag_like(html, "&lt;"));
        if (html.find("&amp;") == std::string::npos) {
            CHECK(text.find("&lt;") == std::string::npos);
            CHECK(text.find("&amp;") == std::string::npos);
        }
        // Nothing visible is lost; only markers, backticks and URLs are added.
        CHECK(is_subsequence(naive_visible_text(html), without_space(text)));
        CHECK(text == html_to_text(html));
        // Text is trimmed; lines are trimmed; blocks are separated by one blank line at most.
        if (!text.empty()) {
            CHECK(std::isspace(static_cast<unsigned char>(text.front())) == 0);
            CHECK(std::isspace(static_cast<unsigned char>(text.back())) == 0);
        }
        CHECK(text.find(" \n") == std::string::npos);
        CHECK(text.find("\n\n\n") == std::string::npos);

        for (const std::size_t width : {40U, 76U, 96U}) {
            CAPTURE(width);
            check_wrapped(wrap_comment(text, width), width);
        }
        const std::string brief = first_sentence(text);
        CHECK(brief.find('\n') == std::string::npos);
        CHECK(text.rfind(brief, 0) == 0);
    }
}

TEST_CASE("wrap_comment keeps every word of model documentation") {
    for (const auto& html : model_documentation()) {
        const std::string text = html_to_text(html);
        // Escaping only adds characters; without special characters the words are unchanged.
        std::string joined;
        for (const auto& line : wrap_comment(text, 60)) {
            joined += line;
        }
        const std::string plain = without_space(text);
        const std::string wrapped = without_space(joined);
        CAPTURE(text);
        if (text.find_first_of("\\@%<&") == std::string::npos) {
            CHECK(wrapped == plain);
        } else {
            CHECK(is_subsequence(plain, wrapped));
        }
    }
}
