// Error parsing: a 400 rest-json error response of connect, read as the client reads it
// (core::parse_error: the code and message) and then as the caller reads the modeled error's
// members (the generated read_error). Beside Boost.JSON's parse of the body.

#include "wire.hpp"

#include <hawk/connect/error_parsers.hpp>
#include <hawk/connect/service.hpp>
#include <hawk/core/error.hpp>

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace hawk;

const core::http::response& error_response() {
    static const core::http::response r = [] {
        hawk_bench::rng rng(0xe440'0400);
        core::http::response res;
        res.status = 400;
        res.headers = {{"Date", "Wed, 15 Jan 2025 10:30:00 GMT"},
                       {"Content-Type", "application/json"},
                       {"x-amzn-RequestId", rng.uuid()},
                       {"x-amzn-ErrorType", "InvalidParameterException:http://internal.amazon."
                                            "com/coral/com.amazonaws.connect/"}};
        res.body = "{\"Message\":\"1 validation error detected: Value '" + rng.uuid() +
                   "-x' at 'contactId' failed to satisfy constraint: Member must have length "
                   "less than or equal to 256\"}";
        core::service_error_info info = core::parse_error(res, connect::service);
        connect::InvalidParameterException e;
        std::string error;
        if (info.code != "InvalidParameterException" || !connect::read_error(res, e, error) ||
            !e.message)
            throw std::runtime_error("the error response does not read: " + error);
        return res;
    }();
    return r;
}

void parse_invalid_parameter(benchmark::State& state) {
    const core::http::response& res = error_response();
    std::string error;
    hawk_bench::measure(state, res.body.size(), [&] {
        core::service_error_info info = core::parse_error(res, connect::service);
        benchmark::DoNotOptimize(info.code.data());
        connect::InvalidParameterException e;
        benchmark::DoNotOptimize(connect::read_error(res, e, error));
        benchmark::DoNotOptimize(&e);
    });
}

void floor_boost_json_parse(benchmark::State& state) {
    hawk_bench::floor_parse(state, {error_response().body});
}

} // namespace

BENCHMARK(parse_invalid_parameter)->Name("error/parse_invalid_parameter");
BENCHMARK(floor_boost_json_parse)->Name("error/floor_boost_json_parse");
