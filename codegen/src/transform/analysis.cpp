#include "transform/analysis.hpp"

#include <algorithm>

namespace hawk::codegen::transform {

using model::shape;
using model::shape_kind;

bool is_named_type(const shape& s) {
    return s.is_aggregate() || s.kind == shape_kind::enumeration;
}

namespace {

/// The shapes `s` refers to (members, list element, map key and value).
std::vector<const shape*> edges(const shape& s) {
    std::vector<const shape*> out;
    for (const model::member& m : s.members)
        out.push_back(m.type);
    if (s.list_member)
        out.push_back(s.list_member->type);
    if (s.map_key) {
        out.push_back(s.map_key->type);
        out.push_back(s.map_value->type);
    }
    return out;
}

/// Tarjan's algorithm, iterative so that deep models cannot overflow the stack. Visits shapes
/// in name order, so the result is deterministic.
std::vector<std::vector<const shape*>> strongly_connected(const model::service& svc) {
    struct state {
        int index = -1;
        int low = 0;
        bool on_stack = false;
    };
    std::map<const shape*, state> st;
    std::vector<const shape*> stack;
    std::vector<std::vector<const shape*>> result;
    int counter = 0;

    for (const auto& [name, root] : svc.shapes) {
        if (st[&root].index >= 0)
            continue;
        struct frame {
            const shape* s;
            std::vector<const shape*> next;
            std::size_t i = 0;
        };
        std::vector<frame> work;
        auto enter = [&](const shape* s) {
            state& x = st[s];
            x.index = x.low = counter++;
            x.on_stack = true;
            stack.push_back(s);
            work.push_back({s, edges(*s)});
        };
        enter(&root);
        while (!work.empty()) {
            frame& f = work.back();
            if (f.i < f.next.size()) {
                const shape* w = f.next[f.i++];
                state& ws = st[w];
                if (ws.index < 0)
                    enter(w);
                else if (ws.on_stack)
                    st[f.s].low = std::min(st[f.s].low, ws.index);
                continue;
            }
            const shape* v = f.s;
            work.pop_back();
            if (!work.empty())
                st[work.back().s].low = std::min(st[work.back().s].low, st[v].low);
            if (st[v].low == st[v].index) {
                std::vector<const shape*> comp;
                const shape* w = nullptr;
                do {
                    w = stack.back();
                    stack.pop_back();
                    st[w].on_stack = false;
                    comp.push_back(w);
                } while (w != v);
                result.push_back(std::move(comp));
            }
        }
    }
    return result;
}

} // namespace

bool analysis::in_same_group(const shape& a, const shape& b) const {
    auto ia = group_of.find(a.name);
    auto ib = group_of.find(b.name);
    return ia != group_of.end() && ib != group_of.end() && ia->second == ib->second;
}

bool has_empty_state(const shape& s) {
    return s.kind == shape_kind::string || s.kind == shape_kind::blob ||
           s.kind == shape_kind::enumeration || s.kind == shape_kind::union_;
}

bool analysis::value_checks(const shape& t) const {
    switch (t.kind) {
    case shape_kind::string:
        return true;
    case shape_kind::structure:
    case shape_kind::union_:
        return validates(t);
    case shape_kind::list:
        return t.min || t.max || value_checks(*t.list_member->type);
    case shape_kind::map:
        return t.min || t.max || value_checks(*t.map_key->type) || value_checks(*t.map_value->type);
    case shape_kind::blob:
    case shape_kind::byte:
    case shape_kind::short_:
    case shape_kind::integer:
    case shape_kind::long_:
    case shape_kind::float_:
    case shape_kind::double_:
        return t.min || t.max;
    default:
        return false;
    }
}

bool analysis::needs_box(const shape& owner, const model::member& m) const {
    return m.type->is_aggregate() && in_same_group(owner, *m.type);
}

analysis analyze(const model::service& svc) {
    analysis a;
    for (const model::operation& op : svc.operations) {
        if (op.input)
            a.inputs.insert(op.input->name);
        if (op.output)
            a.outputs.insert(op.output->name);
    }

    // Groups: each cycle's named types together; lists and maps inside a cycle belong to no
    // group (they are spelled inline as std::vector / std::map).
    std::vector<std::vector<const shape*>> groups;
    for (auto& comp : strongly_connected(svc)) {
        std::vector<const shape*> named;
        for (const shape* s : comp)
            if (is_named_type(*s))
                named.push_back(s);
        if (named.empty())
            continue;
        std::sort(named.begin(), named.end(),
                  [](const shape* x, const shape* y) { return x->name < y->name; });
        groups.push_back(std::move(named));
    }
    std::sort(groups.begin(), groups.end(),
              [](const auto& x, const auto& y) { return x.front()->name < y.front()->name; });
    for (std::size_t i = 0; i < groups.size(); ++i)
        for (const shape* s : groups[i])
            a.group_of[s->name] = i;
    a.groups = std::move(groups);

    // Validation: a structure or union needs a validator when some member has something to
    // check: a string (UTF-8, length, pattern), a constraint, a required member whose absence
    // can be seen, or a nested shape that needs one. Fixed point, for recursive shapes.
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& entry : svc.shapes) {
            // Not a structured binding: clang before 16 cannot capture one in a lambda.
            const std::string& name = entry.first;
            const model::shape& s = entry.second;
            if (!s.is_aggregate() || a.needs_validation.count(name))
                continue;
            const bool checks =
                std::any_of(s.members.begin(), s.members.end(), [&](const model::member& m) {
                    return a.value_checks(*m.type) ||
                           (s.kind == shape_kind::structure && m.required && !m.idempotency_token &&
                            has_empty_state(*m.type));
                });
            if (checks) {
                a.needs_validation.insert(name);
                changed = true;
            }
        }
    }
    return a;
}

} // namespace hawk::codegen::transform
