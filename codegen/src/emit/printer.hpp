#pragma once

// A small code printer in the style of protobuf's io::Printer.
//
// Templates are raw strings that look like their output:
//
//     p.emit({{"name", type_name}, {"members", [&] { emit_members(p); }}}, R"cc(
//         struct $name$ {
//             $members$
//         };
//     )cc");
//
// The template is dedented (its first line, if empty, and a last whitespace-only line are
// dropped). `$var$` is replaced by a string, or runs a callback; a callback alone on its line is
// indented to that column, and the line disappears when the callback prints nothing (likewise
// for a string variable that is empty). `$$` prints a dollar sign. Variables of enclosing emit()
// calls stay visible inside callbacks. A missing variable throws: it is a generator bug.
// Model text must only ever enter through variables, never as the template itself.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::codegen::emit {

class printer {
public:
    using callback = std::function<void()>;

    struct var {
        var(std::string name, std::string value) : name(std::move(name)), text(std::move(value)) {}
        var(std::string name, const char* value) : name(std::move(name)), text(value) {}
        var(std::string name, std::string_view value) : name(std::move(name)), text(value) {}
        var(std::string name, callback cb) : name(std::move(name)), cb(std::move(cb)) {}
        template <class F, class = decltype(std::declval<F&>()())>
        var(std::string name, F f) : name(std::move(name)), cb(callback(std::move(f))) {}

        std::string name;
        std::string text;
        callback cb;
    };

    void emit(std::initializer_list<var> vars, std::string_view tmpl);
    void emit(std::string_view tmpl) { emit({}, tmpl); }

    /// Adds variables visible to every emit() until the returned frame is destroyed.
    class frame {
    public:
        frame(printer& p, std::initializer_list<var> vars);
        ~frame();
        frame(const frame&) = delete;
        frame& operator=(const frame&) = delete;

    private:
        printer& p_;
    };

    const std::string& output() const { return out_; }
    std::string release() { return std::move(out_); }

private:
    const var& lookup(std::string_view name) const;
    void write(std::string_view text);
    void emit_line(std::string_view line);

    std::string out_;
    std::size_t indent_ = 0;
    bool at_line_start_ = true;
    std::vector<std::vector<var>> frames_;
};

/// `text` as a C++ string literal, quotes included: the one way model text enters code.
std::string cpp_string_literal(std::string_view text);

} // namespace hawk::codegen::emit
