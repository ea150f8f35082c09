// The wire form of connectparticipant SendMessage: the generated operation's serialize (the
// HTTP request: path, headers, JSON body) and parse (a typical response body into the typed
// output), beside Boost.JSON's parse and serialize of the same bodies.

#include "wire.hpp"

#include <hawk/connectparticipant/operations/send_message.hpp>

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace hawk;
using Op = connectparticipant::operations::SendMessage;

struct send_message_case {
    Op::request request;
    core::http::response response;
    std::vector<std::string> request_bodies;  // {the request's body}
    std::vector<std::string> response_bodies; // {the response's body}
    std::vector<std::string> both;            // {request body, response body}
};

const send_message_case& the_case() {
    static const send_message_case c = [] {
        hawk_bench::rng r(0x5e4d'0001);
        send_message_case s;
        s.request.content_type = "text/plain";
        s.request.content = "Hi! I ordered the blue kettle on 12 January (order #A-48213) and it "
                            "arrived cracked \xe2\x80\x94 could you send a replacement? Thanks, "
                            "Ren\xc3\xa9"
                            "e";
        s.request.client_token = r.uuid(); // as the client fills it
        // A participant connection token: a few hundred characters of base64-like text.
        std::string token = "QVFJREFIa";
        for (int i = 0; i < 300; ++i)
            token +=
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[r.below(64)];
        s.request.connection_token = token;
        s.response.status = 200;
        s.response.headers = {{"Content-Type", "application/json"},
                              {"x-amzn-RequestId", r.uuid()},
                              {"Date", "Wed, 15 Jan 2025 10:30:00 GMT"}};
        s.response.body = "{\"AbsoluteTime\":\"2025-01-15T10:30:00.123Z\",\"Id\":\"" + r.uuid() +
                          "\",\"MessageMetadata\":{\"MessageProcessingStatus\":\"PROCESSING\"}}";
        s.request_bodies = {Op::serialize(s.request).body};
        s.response_bodies = {s.response.body};
        s.both = {s.request_bodies[0], s.response.body};
        Op::response out;
        std::string error;
        if (!Op::parse(s.response, out, error) || !out.message_metadata)
            throw std::runtime_error("the SendMessage response does not parse: " + error);
        return s;
    }();
    return c;
}

void send_message(benchmark::State& state) {
    const send_message_case& c = the_case();
    std::string error;
    hawk_bench::measure(state, hawk_bench::total_size(c.both), [&] {
        core::http::request http = Op::serialize(c.request);
        benchmark::DoNotOptimize(http.body.data());
        hawk_bench::parse_fresh<Op>(c.response, error);
    });
}

void send_message_floor(benchmark::State& state) {
    hawk_bench::floor_parse_serialize(state, the_case().both);
}

void send_message_serialize(benchmark::State& state) {
    const send_message_case& c = the_case();
    hawk_bench::measure(state, hawk_bench::total_size(c.request_bodies), [&] {
        core::http::request http = Op::serialize(c.request);
        benchmark::DoNotOptimize(http.body.data());
    });
}

void send_message_serialize_floor(benchmark::State& state) {
    hawk_bench::floor_serialize(state, the_case().request_bodies);
}

void send_message_parse(benchmark::State& state) {
    hawk_bench::parse_only<Op>(state, the_case().response);
}

void send_message_parse_floor(benchmark::State& state) {
    hawk_bench::floor_parse(state, the_case().response_bodies);
}

} // namespace

BENCHMARK(send_message)->Name("wire/send_message");
BENCHMARK(send_message_floor)->Name("wire/send_message_floor_boost_json");
BENCHMARK(send_message_serialize)->Name("wire/send_message_serialize");
BENCHMARK(send_message_serialize_floor)->Name("wire/send_message_serialize_floor_boost_json");
BENCHMARK(send_message_parse)->Name("wire/send_message_parse");
BENCHMARK(send_message_parse_floor)->Name("wire/send_message_parse_floor_boost_json");
