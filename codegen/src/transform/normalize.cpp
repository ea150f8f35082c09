#include "transform/normalize.hpp"

namespace hawk::codegen::transform {

namespace {

const model::shape* add_empty_structure(model::service& svc, const std::string& op,
                                        const std::string& suffix, const std::string& doc) {
    std::string name = op + suffix;
    for (int n = 2; svc.shapes.count(name); ++n)
        name = op + suffix + std::to_string(n);
    model::shape s;
    s.name = name;
    s.kind = model::shape_kind::structure;
    s.documentation = doc;
    return &svc.shapes.emplace(name, std::move(s)).first->second;
}

} // namespace

void normalize_operations(model::service& svc) {
    for (model::operation& op : svc.operations) {
        if (!op.input)
            op.input = add_empty_structure(svc, op.name, "Request",
                                           "<p>The request of " + op.name +
                                               ": it takes no parameters.</p>");
        if (!op.output)
            op.output = add_empty_structure(svc, op.name, "Response",
                                            "<p>The response of " + op.name +
                                                ": the service returns no data.</p>");
    }
}

} // namespace hawk::codegen::transform
