#pragma once

// Model `documentation` strings are HTML fragments; these turn them into plain text for the `///`
// comments of generated code. Pure and deterministic: the same input always gives the same bytes.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::codegen::docs {

/// HTML fragment -> plain text. Never throws on malformed input and never drops text.
///
/// Output shape: blocks separated by a blank line ("\n\n"); list items, `<dt>`/`<dd>` and the
/// paragraphs inside them separated by a single "\n". No block contains another newline, so
/// wrap_comment can treat every line as one logical paragraph.
/// - `<p>`, `<br>`, `<div>`, `<h1>`..`<h6>`, `<pre>`, `<blockquote>`, `<table>`: blocks.
/// - `<ul>`/`<ol>`: each `<li>` is a line starting `- ` (ordered: `1. `, `2. `, ...); further
///   paragraphs of an item and nested lists are indented to the item's text (two spaces under
///   `- `).
/// - `<dl>`: each `<dt>` starts a block on its own line; `<dd>` content follows on its own lines,
///   indented by two spaces.
/// - `<note>` / `<important>`: a block whose first line starts `Note: ` / `Important: `.
/// - `<code>x</code>` -> `` `x` `` (inner whitespace trimmed; empty code dropped).
/// - `<a href="u">t</a>` -> `t (u)` when `u` is an absolute http(s) URL different from `t`;
///   otherwise `t`; an empty `t` gives `u`.
/// - Other tags (`<b>`, `<i>`, `<fullname>`, unknown ones) are dropped, their text kept; comments
///   (`<!-- -->`) and `<!...>`/`<?...?>` are dropped. `<![CDATA[...]]>` keeps its text.
/// - Entities: `&lt; &gt; &amp; &quot; &apos; &nbsp;`, a few typographic ones (`&mdash;`,
///   `&rsquo;`, ...) and `&#N;`/`&#xH;` decode to UTF-8; invalid code points give U+FFFD.
///   `&nbsp;` becomes a plain space (comments have no use for non-breaking spaces).
///   Unknown or unterminated references stay as written.
/// - Whitespace runs collapse to one space (inside `<pre>` newlines still end lines); lines are
///   trimmed.
/// - Malformed markup: a `<` only starts a tag when followed by a letter, `/`, `!` or `?` and
///   closed by `>` before any other `<`; otherwise it is text. Unclosed elements end with the
///   input and stray closing tags are ignored.
std::string html_to_text(std::string_view html);

/// Wraps html_to_text output into lines of at most `width` code points for `// ` comments (the
/// caller adds the comment marker and indentation).
///
/// - Each input line is a paragraph; blank lines are kept (several collapse to one; none at the
///   start or end). A line's leading spaces and list marker (`- `, `* `, `N. `) form its prefix;
///   continuation lines are indented to the text after the marker.
/// - Words are split at spaces and never broken: a word wider than the room left stays whole on
///   its own (overlong) line. `width` counts UTF-8 code points and includes the prefix.
/// - Doxygen safety, outside backtick code spans (whose content Doxygen prints verbatim): every
///   `\` is doubled (`\\` renders one backslash; a lone `\"` or `\@` would be eaten), and
///   `@`, `%` at the start of a word and `<`, `&` before a letter get a `\` (`\@param`,
///   `\%s`, `\<tag>`, `\&amp;`) so they are not read as commands, HTML or entities.
/// - A line never ends with `\` (it would splice the next source line into the comment): a
///   trailing run of backslashes outside a code span is written as a code span (`` C:`\` ``), and
///   a word ending in `\` inside a code span is kept on one line with the word after it.
/// - No line has trailing whitespace.
std::vector<std::string> wrap_comment(std::string_view text, std::size_t width);

/// The brief description: text up to and including the first ". " (the space excluded) or up to
/// the end of the first line, whichever comes first, trimmed. Periods inside backtick code spans
/// and in `e.g.` / `i.e.` do not end the sentence.
std::string first_sentence(std::string_view text);

} // namespace hawk::codegen::docs
