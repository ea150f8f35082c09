// Endpoint resolution with connect's rule set for us-east-1, as the client uses it:
//
// - endpoint/resolve_connect: the rules evaluated (rule_set::resolve, with the parameters the
//   client builds: Region, UseFIPS, UseDualStack), what a call costs when nothing is kept;
// - endpoint/client_prepare_connect: the client's whole per-call path, client::prepare, with
//   what the client keeps between calls (the parsed rule set, and the resolved endpoint of a
//   service once its first call has resolved it): the endpoint applied, the standard headers;
// - endpoint/parse_rules_connect, for information: the parse each client does once.

#include <hawk/connect/operations/start_contact_streaming.hpp>
#include <hawk/core/client.hpp>
#include <hawk/core/endpoints/rules.hpp>

#include "data.hpp"

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>

#include <map>
#include <stdexcept>
#include <string>

namespace {

using namespace hawk;

const core::endpoints::rule_set& connect_rules() {
    static const core::endpoints::rule_set rules = [] {
        std::string error;
        core::endpoints::rule_set parsed =
            core::endpoints::rule_set::parse(connect::service.endpoint_rules_json, error);
        if (!parsed.valid())
            throw std::runtime_error("connect's endpoint rules do not parse: " + error);
        return parsed;
    }();
    return rules;
}

void resolve_connect(benchmark::State& state) {
    const core::endpoints::rule_set& rules = connect_rules();
    std::string error;
    hawk_bench::measure(state, 0, [&] {
        // The parameters as the client builds them for each call.
        std::map<std::string, core::endpoints::value> params;
        params["Region"] = std::string("us-east-1");
        params["UseFIPS"] = false;
        params["UseDualStack"] = false;
        core::endpoints::endpoint ep;
        benchmark::DoNotOptimize(rules.resolve(params, ep, error));
        benchmark::DoNotOptimize(ep.url.data());
    });
}

/// client::prepare for a connect operation, unsigned (a copy of StartContactStreaming's
/// operation_info without SigV4: the signature has its own benchmark).
void client_prepare_connect(benchmark::State& state) {
    boost::asio::io_context io;
    core::client_config config;
    config.region = "us-east-1";
    config.environment = [](std::string_view) { return std::optional<std::string>(); };
    core::client client(io.get_executor(), config);
    core::operation_info op = connect::operations::StartContactStreaming::info;
    op.auth = core::auth_scheme::none;
    connect::StartContactStreamingRequest input;
    hawk_bench::rng r(0xe4d0'0001);
    input.instance_id = r.uuid();
    input.contact_id = r.uuid();
    input.chat_streaming_configuration.streaming_endpoint_arn =
        "arn:aws:sns:us-east-1:123456789012:connect-chat-stream";
    input.client_token = r.uuid();
    const core::http::request base = connect::operations::StartContactStreaming::serialize(input);
    core::diagnostics diag;
    core::http::request req;
    hawk_bench::measure(state, 0, [&] {
        req = base;
        benchmark::DoNotOptimize(client.prepare(op, req, diag));
        benchmark::DoNotOptimize(req.host.data());
    });
    if (req.host != "connect.us-east-1.amazonaws.com")
        state.SkipWithError(("unexpected endpoint host " + req.host).c_str());
}

void parse_rules_connect(benchmark::State& state) {
    std::string error;
    hawk_bench::measure(state, connect::service.endpoint_rules_json.size(), [&] {
        core::endpoints::rule_set rules =
            core::endpoints::rule_set::parse(connect::service.endpoint_rules_json, error);
        benchmark::DoNotOptimize(&rules);
    });
}

} // namespace

BENCHMARK(resolve_connect)->Name("endpoint/resolve_connect");
BENCHMARK(client_prepare_connect)->Name("endpoint/client_prepare_connect");
BENCHMARK(parse_rules_connect)->Name("endpoint/parse_rules_connect");
