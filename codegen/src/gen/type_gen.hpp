#pragma once

#include "emit/printer.hpp"
#include "gen/symbols.hpp"

#include <set>
#include <string>

namespace hawk::codegen::gen {

/// The header of one group of shapes (one shape, or the shapes of one recursive cycle): the C++
/// types, and for each its JSON codecs (document and wire form), validator, debug printer,
/// equality and Boost.JSON conversions.
std::string generate_type_header(const symbols& sym, std::size_t group);

/// `#include <...>` lines, one per header, in the set's (sorted) order.
void emit_includes(emit::printer& p, const std::set<std::string>& headers);

/// A header that includes `headers` (a service's all.hpp), with `comment` (wrapped `//` lines)
/// saying what they are.
std::string include_all_header(const symbols& sym, const std::set<std::string>& headers,
                               const std::string& comment);

/// The banner every generated file opens with.
std::string banner(const model::service& svc);

/// `///` comment lines for model documentation (HTML), wrapped; empty when there is none.
std::string doc_comment(const std::string& html, const std::string& extra = {});

} // namespace hawk::codegen::gen
