#include "emit/printer.hpp"

#include <algorithm>
#include <stdexcept>

namespace hawk::codegen::emit {

namespace {

std::vector<std::string_view> dedent(std::string_view tmpl) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= tmpl.size()) {
        std::size_t nl = tmpl.find('\n', start);
        if (nl == std::string_view::npos) {
            lines.push_back(tmpl.substr(start));
            break;
        }
        lines.push_back(tmpl.substr(start, nl - start));
        start = nl + 1;
    }
    auto blank = [](std::string_view l) {
        return l.find_first_not_of(" \t") == std::string_view::npos;
    };
    if (lines.size() > 1 && lines.front().empty())
        lines.erase(lines.begin());
    if (lines.size() > 1 && blank(lines.back()))
        lines.pop_back();
    std::size_t common = std::string_view::npos;
    for (std::string_view l : lines)
        if (!blank(l))
            common = std::min(common, l.find_first_not_of(' '));
    if (common == std::string_view::npos)
        common = 0;
    for (std::string_view& l : lines)
        l = blank(l) ? std::string_view{} : l.substr(common);
    return lines;
}

} // namespace

printer::frame::frame(printer& p, std::initializer_list<var> vars) : p_(p) {
    p_.frames_.emplace_back(vars);
}

printer::frame::~frame() {
    p_.frames_.pop_back();
}

const printer::var& printer::lookup(std::string_view name) const {
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f)
        for (const var& v : *f)
            if (v.name == name)
                return v;
    throw std::logic_error("printer: no variable $" + std::string(name) + "$");
}

void printer::write(std::string_view text) {
    for (char c : text) {
        if (c == '\n') {
            // No trailing whitespace: drop indentation written on a line that stayed empty.
            while (!out_.empty() && out_.back() == ' ')
                out_.pop_back();
            out_ += '\n';
            at_line_start_ = true;
            continue;
        }
        if (at_line_start_) {
            out_.append(indent_, ' ');
            at_line_start_ = false;
        }
        out_ += c;
    }
}

void printer::emit_line(std::string_view line) {
    // A variable alone on its line: indent a callback to its column; drop the line if empty.
    std::size_t lead = line.find_first_not_of(' ');
    if (lead != std::string_view::npos && line[lead] == '$' && line.back() == '$' &&
        line.size() - lead > 2 && line.find('$', lead + 1) == line.size() - 1) {
        const var& v = lookup(line.substr(lead + 1, line.size() - lead - 2));
        if (v.cb) {
            indent_ += lead;
            v.cb();
            indent_ -= lead;
            if (!at_line_start_)
                write("\n");
        } else if (!v.text.empty()) {
            indent_ += lead;
            write(v.text);
            write("\n");
            indent_ -= lead;
        }
        return;
    }
    std::size_t pos = 0;
    while (pos < line.size()) {
        std::size_t open = line.find('$', pos);
        if (open == std::string_view::npos) {
            write(line.substr(pos));
            break;
        }
        write(line.substr(pos, open - pos));
        std::size_t close = line.find('$', open + 1);
        if (close == std::string_view::npos)
            throw std::logic_error("printer: unterminated $ in template line: " +
                                   std::string(line));
        if (close == open + 1) {
            write("$");
        } else {
            const var& v = lookup(line.substr(open + 1, close - open - 1));
            if (v.cb)
                v.cb();
            else
                write(v.text);
        }
        pos = close + 1;
    }
    write("\n");
}

void printer::emit(std::initializer_list<var> vars, std::string_view tmpl) {
    frames_.emplace_back(vars);
    try {
        for (std::string_view line : dedent(tmpl))
            emit_line(line);
    } catch (...) {
        frames_.pop_back();
        throw;
    }
    frames_.pop_back();
}

std::string cpp_string_literal(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '?':
            // Keep "??x" from ever reading as a trigraph in older dialects.
            out += (i + 1 < text.size() && text[i + 1] == '?') ? "?\\" : "?";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                // An octal escape cannot swallow a following hex digit, unlike \x.
                out += '\\';
                out += static_cast<char>('0' + ((c >> 6) & 7));
                out += static_cast<char>('0' + ((c >> 3) & 7));
                out += static_cast<char>('0' + (c & 7));
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

} // namespace hawk::codegen::emit
