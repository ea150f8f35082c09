#pragma once

// The subset of JMESPath that waiters use (waiter.hpp), parsed here once for both sides: hawk-gen
// parses every waiter's path at generation time and checks it against the operation's output
// shape (refusing what is outside the subset with a model error naming the waiter), and the
// runtime parses the same text and evaluates it on the response in its document form (model
// member names, as botocore's parsed responses and Smithy's JMESPath data model have them).
//
// The subset, which covers AWS's waiters but for filters:
//
//     a                 a member (identifier, or "quoted identifier")
//     a.b.c             subexpressions
//     a[] / a[*]        flatten / list projection: what follows applies to each element, and
//                       elements that give null are dropped (`a[].b[].c`: flat list of every c)
//     a[0] / a[-1]      index
//     length(x)         code points of a string, items of an array, members of an object
//     `json` / 'raw'    literals
//     x == y, !=, <, <=, >, >=    comparisons (orderings of numbers only; anything else: null)
//     x && y, x || y, !x, (x)     JMESPath truthiness: false, null, "", [] and {} are false
//
// Anything else (filters `[?...]`, slices, pipes, multi-selects, `*` on objects, `@`, functions
// other than length) is refused by parse() with a parse_error saying what and where.

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core::detail::jmespath {

/// An expression outside the subset, or malformed. what() says what and at which offset.
class parse_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class kind : unsigned char {
    current, ///< the value at hand (what a projection applies to each element)
    field,   ///< children[0].name
    index,   ///< children[0][index]
    flatten, ///< children[0] flattened one level, children[1] applied to each element
    project, ///< children[0] (an array), children[1] applied to each element
    literal, ///< literal
    length,  ///< length(children[0])
    compare, ///< children[0] op children[1]
    and_,    ///< children[0] && children[1]
    or_,     ///< children[0] || children[1]
    not_,    ///< !children[0]
};

enum class comparator : unsigned char { eq, ne, lt, le, gt, ge };

struct node {
    enum kind kind = kind::current;
    std::string name;    ///< field
    long long index = 0; ///< index
    comparator op = comparator::eq;
    boost::json::value literal; ///< literal
    std::vector<node> children;
};

namespace parse_detail {

inline node make(kind k, std::vector<node> children = {}) {
    node n;
    n.kind = k;
    n.children = std::move(children);
    return n;
}

class parser {
public:
    explicit parser(std::string_view text) : text_(text) {}

    node parse() {
        node n = or_expr();
        skip_blanks();
        if (pos_ != text_.size())
            fail(unsupported_here());
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw parse_error(what + " at offset " + std::to_string(pos_) + " of \"" +
                          std::string(text_) + "\"");
    }

    void skip_blanks() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    bool at(std::string_view s) {
        skip_blanks();
        return text_.substr(pos_, s.size()) == s;
    }
    bool eat(std::string_view s) {
        if (!at(s))
            return false;
        pos_ += s.size();
        return true;
    }
    static bool ident_start(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
    static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

    /// Why what is at pos_ cannot be read: the JMESPath feature it starts, if known.
    std::string unsupported_here() {
        skip_blanks();
        if (pos_ >= text_.size())
            return "unexpected end of expression";
        const std::string_view rest = text_.substr(pos_);
        if (rest.substr(0, 2) == "[?")
            return "filter expressions ([?...]) are not supported";
        if (rest[0] == '|')
            return "pipes (|) are not supported";
        if (rest[0] == '*')
            return "object wildcards (*) are not supported";
        if (rest[0] == '@')
            return "the current node (@) is not supported";
        if (rest[0] == '{')
            return "multi-select hashes ({...}) are not supported";
        if (rest[0] == '&')
            return "expression references (&) are not supported";
        if (rest[0] == '[')
            return "slices and multi-select lists are not supported";
        return "unexpected '" + std::string(1, rest[0]) + "'";
    }

    node or_expr() {
        node n = and_expr();
        while (eat("||"))
            n = make(kind::or_, {std::move(n), and_expr()});
        return n;
    }
    node and_expr() {
        node n = not_expr();
        while (eat("&&"))
            n = make(kind::and_, {std::move(n), not_expr()});
        return n;
    }
    node not_expr() {
        if (at("!=")) // not a negation: let the caller report it
            fail(unsupported_here());
        if (eat("!"))
            return make(kind::not_, {not_expr()});
        return comparison();
    }
    node comparison() {
        node n = chain();
        static constexpr std::pair<std::string_view, comparator> ops[] = {
            {"==", comparator::eq}, {"!=", comparator::ne}, {"<=", comparator::le},
            {">=", comparator::ge}, {"<", comparator::lt},  {">", comparator::gt}};
        for (const auto& [text, op] : ops) {
            if (eat(text)) {
                node c = make(kind::compare, {std::move(n), chain()});
                c.op = op;
                return c;
            }
        }
        return n;
    }

    /// A primary expression followed by `.name`, `[]`, `[*]` and `[n]`.
    node chain() {
        node n = primary();
        for (;;) {
            if (eat(".")) {
                skip_blanks();
                node f = make(kind::field, {make(kind::current)});
                f.name = identifier();
                apply(n, std::move(f));
            } else if (eat("[]")) {
                n = make(kind::flatten, {std::move(n), make(kind::current)});
            } else if (at("[")) {
                const std::size_t start = pos_;
                ++pos_;
                skip_blanks();
                if (eat("*")) {
                    if (!eat("]"))
                        fail(unsupported_here());
                    apply(n, make(kind::project, {make(kind::current), make(kind::current)}));
                    continue;
                }
                std::size_t end = pos_;
                if (end < text_.size() && text_[end] == '-')
                    ++end;
                const std::size_t digits = end;
                while (end < text_.size() && text_[end] >= '0' && text_[end] <= '9')
                    ++end;
                if (end == digits || end - digits > 9) {
                    pos_ = start;
                    fail(unsupported_here());
                }
                node i = make(kind::index, {make(kind::current)});
                i.index = std::stoll(std::string(text_.substr(pos_, end - pos_)));
                pos_ = end;
                if (!eat("]")) {
                    pos_ = start;
                    fail(unsupported_here());
                }
                apply(n, std::move(i));
            } else {
                return n;
            }
        }
    }

    /// Appends a step (whose children[0] is `current`) to `n`: inside the innermost projection
    /// when there is one (`a[*].b` applies `.b` to each element), else to `n` itself.
    static void apply(node& n, node step) {
        if (n.kind == kind::flatten || n.kind == kind::project) {
            apply(n.children[1], std::move(step));
            return;
        }
        if (n.kind == kind::current) {
            n = std::move(step);
            return;
        }
        // Rebase the step's innermost `current` onto `n`.
        node* base = &step;
        while (base->kind != kind::current)
            base = &base->children[0];
        *base = std::move(n);
        n = std::move(step);
    }

    node primary() {
        skip_blanks();
        if (pos_ >= text_.size())
            fail("unexpected end of expression");
        const char c = text_[pos_];
        if (c == '(') {
            ++pos_;
            node n = or_expr();
            if (!eat(")"))
                fail("expected ')'");
            return n;
        }
        if (c == '`')
            return json_literal();
        if (c == '\'')
            return raw_string();
        if (c == '"' || ident_start(c)) {
            const std::size_t start = pos_;
            std::string name = identifier();
            if (at("(")) {
                if (name != "length") {
                    pos_ = start;
                    fail("the function " + name + "() is not supported (only length())");
                }
                eat("(");
                node n = make(kind::length, {or_expr()});
                if (!eat(")"))
                    fail("length() takes one argument");
                return n;
            }
            node f = make(kind::field, {make(kind::current)});
            f.name = std::move(name);
            return f;
        }
        fail(unsupported_here());
    }

    std::string identifier() {
        if (pos_ < text_.size() && text_[pos_] == '"') {
            // A quoted identifier is a JSON string.
            std::size_t end = pos_ + 1;
            while (end < text_.size() && text_[end] != '"')
                end += text_[end] == '\\' ? 2 : 1;
            if (end >= text_.size())
                fail("unterminated quoted identifier");
            boost::system::error_code ec;
            const boost::json::value v = boost::json::parse(text_.substr(pos_, end + 1 - pos_), ec);
            if (ec || !v.is_string())
                fail("malformed quoted identifier");
            pos_ = end + 1;
            return std::string(v.get_string());
        }
        if (pos_ >= text_.size() || !ident_start(text_[pos_]))
            fail(pos_ < text_.size() && text_[pos_] == '*'
                     ? "object wildcards (*) are not supported"
                     : "expected a member name");
        const std::size_t start = pos_;
        while (pos_ < text_.size() && ident_char(text_[pos_]))
            ++pos_;
        return std::string(text_.substr(start, pos_ - start));
    }

    node json_literal() {
        std::string json;
        std::size_t i = pos_ + 1;
        for (; i < text_.size() && text_[i] != '`'; ++i) {
            if (text_[i] == '\\' && i + 1 < text_.size() && text_[i + 1] == '`')
                ++i;
            json += text_[i];
        }
        if (i >= text_.size())
            fail("unterminated `literal`");
        boost::system::error_code ec;
        node n = make(kind::literal);
        n.literal = boost::json::parse(json, ec);
        if (ec)
            fail("`" + json + "` is not JSON");
        pos_ = i + 1;
        return n;
    }

    node raw_string() {
        std::string s;
        std::size_t i = pos_ + 1;
        for (; i < text_.size() && text_[i] != '\''; ++i) {
            if (text_[i] == '\\' && i + 1 < text_.size() &&
                (text_[i + 1] == '\'' || text_[i + 1] == '\\'))
                ++i;
            s += text_[i];
        }
        if (i >= text_.size())
            fail("unterminated 'raw string'");
        pos_ = i + 1;
        node n = make(kind::literal);
        n.literal = boost::json::string(s);
        return n;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

} // namespace parse_detail

/// Parses `text`; throws parse_error for anything outside the subset.
inline node parse(std::string_view text) {
    return parse_detail::parser(text).parse();
}

/// JMESPath truthiness: false, null, "", [] and {} are false; everything else is true.
inline bool truthy(const boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::null:
        return false;
    case boost::json::kind::bool_:
        return v.get_bool();
    case boost::json::kind::string:
        return !v.get_string().empty();
    case boost::json::kind::array:
        return !v.get_array().empty();
    case boost::json::kind::object:
        return !v.get_object().empty();
    default:
        return true;
    }
}

/// JMESPath equality: deep, numbers by value (1 == 1.0).
inline bool equal(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_double() || b.is_double())
            return a.to_number<double>() == b.to_number<double>();
        if (a.is_int64() && b.is_int64())
            return a.get_int64() == b.get_int64();
        if (a.is_uint64() && b.is_uint64())
            return a.get_uint64() == b.get_uint64();
        const boost::json::value& s = a.is_int64() ? a : b; // one int64, one uint64
        const boost::json::value& u = a.is_int64() ? b : a;
        return s.get_int64() >= 0 &&
               static_cast<unsigned long long>(s.get_int64()) == u.get_uint64();
    }
    if (a.kind() != b.kind())
        return false;
    if (a.is_array()) {
        const boost::json::array& x = a.get_array();
        const boost::json::array& y = b.get_array();
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!equal(x[i], y[i]))
                return false;
        return true;
    }
    if (a.is_object()) {
        const boost::json::object& x = a.get_object();
        const boost::json::object& y = b.get_object();
        if (x.size() != y.size())
            return false;
        for (const auto& entry : x) {
            const boost::json::value* other = y.if_contains(entry.key());
            if (!other || !equal(entry.value(), *other))
                return false;
        }
        return true;
    }
    return a == b;
}

/// For a chain of members and indexes from the current value (`a.b[0].c`): a pointer to what it
/// selects in `v` (null when absent), without copying.
inline const boost::json::value* locate(const node& n, const boost::json::value& v) {
    if (n.kind == kind::current)
        return &v;
    const boost::json::value* base = locate(n.children[0], v);
    if (!base)
        return nullptr;
    if (n.kind == kind::field) {
        const boost::json::object* o = base->if_object();
        return o ? o->if_contains(n.name) : nullptr;
    }
    const boost::json::array* a = base->if_array();
    if (!a)
        return nullptr;
    const long long size = static_cast<long long>(a->size());
    const long long i = n.index < 0 ? size + n.index : n.index;
    return i < 0 || i >= size ? nullptr : &(*a)[static_cast<std::size_t>(i)];
}

/// Whether `n` is such a chain.
inline bool is_chain(const node& n) {
    if (n.kind == kind::current)
        return true;
    return (n.kind == kind::field || n.kind == kind::index) && is_chain(n.children[0]);
}

/// Evaluates `n` on `v`. Never throws (but bad_alloc): what JMESPath calls an invalid-type
/// error (length(null), an ordering of strings) is null here, which matches no expected value.
inline boost::json::value evaluate(const node& n, const boost::json::value& v) {
    if (is_chain(n)) {
        const boost::json::value* p = locate(n, v);
        return p ? *p : boost::json::value();
    }
    switch (n.kind) {
    case kind::current: // a chain: done above
        return v;
    case kind::field:
    case kind::index: {
        // A member or index of something computed (`length(a).b`: null, but valid).
        const boost::json::value base = evaluate(n.children[0], v);
        node step = n;
        step.children[0] = node();
        const boost::json::value* p = locate(step, base);
        return p ? *p : boost::json::value();
    }
    case kind::flatten:
    case kind::project: {
        const boost::json::value base = evaluate(n.children[0], v);
        const boost::json::array* a = base.if_array();
        if (!a)
            return nullptr;
        boost::json::array elements;
        if (n.kind == kind::flatten) {
            for (const boost::json::value& e : *a) {
                if (const boost::json::array* inner = e.if_array())
                    elements.insert(elements.end(), inner->begin(), inner->end());
                else
                    elements.push_back(e);
            }
        } else {
            elements = *a;
        }
        boost::json::array out;
        for (const boost::json::value& e : elements) {
            boost::json::value r = evaluate(n.children[1], e);
            if (!r.is_null())
                out.push_back(std::move(r));
        }
        return out;
    }
    case kind::literal:
        return n.literal;
    case kind::length: {
        const boost::json::value x = evaluate(n.children[0], v);
        if (const boost::json::string* s = x.if_string()) {
            long long points = 0;
            for (const char c : *s)
                points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            return points;
        }
        if (const boost::json::array* a = x.if_array())
            return static_cast<long long>(a->size());
        if (const boost::json::object* o = x.if_object())
            return static_cast<long long>(o->size());
        return nullptr;
    }
    case kind::compare: {
        const boost::json::value a = evaluate(n.children[0], v);
        const boost::json::value b = evaluate(n.children[1], v);
        if (n.op == comparator::eq)
            return equal(a, b);
        if (n.op == comparator::ne)
            return !equal(a, b);
        if (!a.is_number() || !b.is_number())
            return nullptr;
        const double x = a.to_number<double>();
        const double y = b.to_number<double>();
        switch (n.op) {
        case comparator::lt:
            return x < y;
        case comparator::le:
            return x <= y;
        case comparator::gt:
            return x > y;
        default:
            return x >= y;
        }
    }
    case kind::and_: {
        boost::json::value a = evaluate(n.children[0], v);
        return truthy(a) ? evaluate(n.children[1], v) : a;
    }
    case kind::or_: {
        boost::json::value a = evaluate(n.children[0], v);
        return truthy(a) ? a : evaluate(n.children[1], v);
    }
    case kind::not_:
        return !truthy(evaluate(n.children[0], v));
    }
    return nullptr;
}

} // namespace hawk::core::detail::jmespath
