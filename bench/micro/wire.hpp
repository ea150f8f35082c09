#pragma once

// What the wire benchmarks share: the generated parse into a fresh output, and the floors:
// Boost.JSON's own parse and serialize of the same bytes, through its plain API (boost::json::parse
// and boost::json::serialize with the default memory resource; hawk's readers parse on a
// monotonic resource of their own, which is part of what they are measured for).

#include "data.hpp"

#include <hawk/core/http/message.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace hawk_bench {

/// The generated operation's parse of `response` into a fresh output, as the client does it.
template <class Op>
void parse_fresh(const hawk::core::http::response& response, std::string& error) {
    typename Op::response out;
    benchmark::DoNotOptimize(Op::parse(response, out, error));
    benchmark::DoNotOptimize(&out);
}

/// parse_fresh alone, an iteration each.
template <class Op>
void parse_only(benchmark::State& state, const hawk::core::http::response& response) {
    std::string error;
    measure(state, response.body.size(), [&] { parse_fresh<Op>(response, error); });
}

inline std::size_t total_size(const std::vector<std::string>& docs) {
    std::size_t n = 0;
    for (const std::string& d : docs)
        n += d.size();
    return n;
}

/// boost::json::parse then boost::json::serialize of each document.
inline void floor_parse_serialize(benchmark::State& state, const std::vector<std::string>& docs) {
    measure(state, total_size(docs), [&] {
        for (const std::string& d : docs) {
            const boost::json::value v = boost::json::parse(d);
            std::string text = boost::json::serialize(v);
            benchmark::DoNotOptimize(text.data());
        }
    });
}

/// boost::json::parse of each document.
inline void floor_parse(benchmark::State& state, const std::vector<std::string>& docs) {
    measure(state, total_size(docs), [&] {
        for (const std::string& d : docs) {
            boost::json::value v = boost::json::parse(d);
            benchmark::DoNotOptimize(&v);
        }
    });
}

/// boost::json::serialize of each document, parsed beforehand.
inline void floor_serialize(benchmark::State& state, const std::vector<std::string>& docs) {
    std::vector<boost::json::value> values;
    for (const std::string& d : docs)
        values.push_back(boost::json::parse(d));
    measure(state, total_size(docs), [&] {
        for (const boost::json::value& v : values) {
            std::string text = boost::json::serialize(v);
            benchmark::DoNotOptimize(text.data());
        }
    });
}

} // namespace hawk_bench
