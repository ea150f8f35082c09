#include "gen/paginator_gen.hpp"

#include "emit/printer.hpp"
#include "gen/type_gen.hpp"

#include <cmath>
#include <filesystem>

namespace hawk::codegen::gen {

using emit::cpp_string_literal;
using emit::printer;

namespace {

const model::member& member_of(const symbols& sym, const model::operation& op,
                               const model::shape& s, const std::string& name) {
    const model::member* m = s.find_member(name);
    if (!m) // load_paginators checked it: only a generator bug gets here
        throw model::model_error(sym.service().source_path + ": paginator of operation \"" +
                                 op.name + "\": " + s.name + " has no member \"" + name + "\"");
    return *m;
}

} // namespace

std::string paginator_header_path(const symbols& sym, const model::operation& op) {
    const std::string stem = std::filesystem::path(sym.operation_header(op)).filename().string();
    return "hawk/" + sym.ns() + "/paginators/" + stem;
}

std::string paginator_header(const symbols& sym, const model::operation& op) {
    const model::pagination& pg = *op.pagination;
    const model::shape& in = *op.input;
    const model::shape& out = *op.output;
    const model::member& input_token = member_of(sym, op, in, pg.input_token);
    const model::member& output_token = member_of(sym, op, out, pg.output_token);
    const model::member& result = member_of(sym, op, out, pg.result_key);
    if (sym.analysis().needs_box(out, result))
        throw model::model_error(sym.service().source_path + ": paginator of operation \"" +
                                 op.name + "\": result_key \"" + pg.result_key +
                                 "\" is recursive; not supported");
    const std::string& fn = sym.call_function(op);
    printer p;
    p.emit({{"banner", banner(sym.service())},
            {"ns", sym.ns()},
            {"includes",
             [&] {
                 emit_includes(p, {sym.call_header(op), "hawk/core/paginator.hpp"});
             }},
            {"op", op.name},
            {"fn", fn},
            {"request", sym.type_name(in)},
            {"response", sym.type_name(out)},
            {"in_name", cpp_string_literal(pg.input_token)},
            {"out_name", cpp_string_literal(pg.output_token)},
            {"in_token", pg.input_token},
            {"out_token", pg.output_token},
            {"result_key", pg.result_key},
            {"items_type", sym.value_type(out, result)},
            {"limit_doc",
             pg.limit_key.empty() ? std::string("no page size") : "page size " + pg.limit_key},
            {"input_token_get",
             [&] {
                 const std::string m = sym.member_name(in, input_token);
                 if (sym.is_optional(in, input_token))
                     p.emit({{"m", m}},
                            "return r.$m$ ? std::string_view(*r.$m$) : std::string_view();\n");
                 else
                     p.emit({{"m", m}}, "return r.$m$;\n");
             }},
            {"input_token_set", sym.member_name(in, input_token)},
            {"output_token_get",
             [&] {
                 const std::string m = sym.member_name(out, output_token);
                 if (sym.is_optional(out, output_token))
                     p.emit({{"m", m}},
                            "return r.$m$ ? std::string_view(*r.$m$) : std::string_view();\n");
                 else
                     p.emit({{"m", m}}, "return r.$m$;\n");
             }},
            {"items_get",
             [&] {
                 const std::string m = sym.member_name(out, result);
                 if (sym.is_optional(out, result))
                     p.emit({{"m", m}}, "return r.$m$ ? &*r.$m$ : nullptr;\n");
                 else
                     p.emit({{"m", m}}, "return &r.$m$;\n");
             }},
            {"limit",
             [&] {
                 if (pg.limit_key.empty()) {
                     p.emit(R"cc(
                      static constexpr bool has_limit = false;
                      static constexpr long long limit_min = 1;
                      static std::optional<long long> limit(const request&) { return std::nullopt; }
                      static void set_limit(request&, long long) {}
                  )cc");
                     return;
                 }
                 const model::member& lk = member_of(sym, op, in, pg.limit_key);
                 const double min = lk.type->min ? std::ceil(*lk.type->min) : 1;
                 const std::string m = sym.member_name(in, lk);
                 p.emit({{"m", m},
                         {"type", sym.value_type(in, lk)},
                         {"min", std::to_string(static_cast<long long>(min < 1 ? 1 : min))},
                         {"get", sym.is_optional(in, lk)
                                     ? "r." + m + " ? std::optional<long long>(*r." + m +
                                           ") : std::nullopt"
                                     : "static_cast<long long>(r." + m + ")"}},
                        R"cc(
                         static constexpr bool has_limit = true;
                         static constexpr long long limit_min = $min$;
                         static std::optional<long long> limit(const request& r) { return $get$; }
                         static void set_limit(request& r, long long n) { r.$m$ = static_cast<$type$>(n); }
                     )cc");
             }}},
           R"cc(
            $banner$
            #pragma once

            $includes$

            #include <cstddef>
            #include <optional>
            #include <string>
            #include <string_view>
            #include <utility>

            namespace hawk::$ns$ {

            namespace paginators {

            /// How $op$ pages: $in_token$ in the request takes $out_token$ of the last response; the
            /// items are $result_key$; $limit_doc$. For core::paginator and core::async_collect.
            struct $op$ {
                using operation = operations::$op$;
                using request = operation::request;
                using response = operation::response;
                using items_type = $items_type$;
                using item = items_type::value_type;
                static constexpr std::string_view input_token_name = $in_name$;
                static constexpr std::string_view output_token_name = $out_name$;

                static std::string_view input_token(const request& r) {
                    $input_token_get$
                }
                static void set_input_token(request& r, std::string token) { r.$input_token_set$ = std::move(token); }
                static std::string_view output_token(const response& r) {
                    $output_token_get$
                }
                static items_type* items(response& r) {
                    $items_get$
                }
                $limit$
            };

            } // namespace paginators

            /// Pages through $op$: `$fn$_paginator pages(client, request);` then
            /// `pages.async_next(token)` until `pages.done()`. Completion signature of async_next:
            /// `void(boost::system::error_code, std::optional<$response$>)`, nullopt once done.
            /// Each request sends the last response's $out_token$ as $in_token$; paging stops when it
            /// is absent or empty, and with core::errc::pagination_token_repeated when the service
            /// returns the token it was sent. See core::paginator.
            using $fn$_paginator = core::paginator<paginators::$op$>;

            /// Collects the $result_key$ of every page from `request` on, at most `max_items` of them
            /// (core::all_items: no cap). Completion signature: `void(boost::system::error_code,
            /// core::collected_items<paginators::$op$::item>)`; `more` says whether the listing goes
            /// on, `next_token` where. See core::async_collect.
            template <class CompletionToken>
            auto async_collect_$fn$(core::client& client, const $request$& request, std::size_t max_items, CompletionToken&& token) {
                return core::async_collect<paginators::$op$>(client, request, max_items, nullptr, std::forward<CompletionToken>(token));
            }

            /// As above; `diag` (which must outlive the call) receives the details of a failed page.
            template <class CompletionToken>
            auto async_collect_$fn$(core::client& client, const $request$& request, std::size_t max_items, core::diagnostics& diag, CompletionToken&& token) {
                return core::async_collect<paginators::$op$>(client, request, max_items, &diag, std::forward<CompletionToken>(token));
            }

            } // namespace hawk::$ns$
        )cc");
    return p.release();
}

} // namespace hawk::codegen::gen
