// A large connect response: a SearchContacts page of 100 contacts, each with nested queue and
// agent info, segment attributes, routing criteria steps and tags. Built in code and written
// once by hawk to get the bytes; then parsed by the generated operation into the typed output,
// and written back (core::to_json, wire form). Beside Boost.JSON's parse and serialize of the
// same bytes; parse-only and serialize-only pairs too, to tell which half moved.

#include "wire.hpp"

#include <hawk/connect/operations/search_contacts.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace hawk;
using Op = connect::operations::SearchContacts;

core::timestamp at_ms(std::int64_t ms) {
    return core::timestamp(std::chrono::milliseconds(ms));
}

connect::ContactSearchSummary make_contact(hawk_bench::rng& r, const std::string& instance_arn) {
    static constexpr connect::ContactInitiationMethod::value_type methods[] = {
        connect::ContactInitiationMethod::inbound, connect::ContactInitiationMethod::outbound,
        connect::ContactInitiationMethod::transfer, connect::ContactInitiationMethod::api};
    static constexpr connect::Channel::value_type channels[] = {
        connect::Channel::voice, connect::Channel::chat, connect::Channel::task};
    const std::int64_t start = 1736900000000 + static_cast<std::int64_t>(r.below(36000000));

    connect::ContactSearchSummary c;
    c.id = r.uuid();
    c.arn = instance_arn + "/contact/" + *c.id;
    c.initial_contact_id = r.uuid();
    if (r.below(3) == 0)
        c.previous_contact_id = r.uuid();
    c.initiation_method = methods[r.below(4)];
    c.channel = channels[r.below(3)];
    c.queue_info.emplace();
    c.queue_info->id = r.uuid();
    c.queue_info->enqueue_timestamp = at_ms(start + 1500);
    c.agent_info.emplace();
    c.agent_info->id = r.uuid();
    c.agent_info->connected_to_agent_timestamp = at_ms(start + 42123);
    c.initiation_timestamp = at_ms(start);
    c.disconnect_timestamp = at_ms(start + 600000 + static_cast<std::int64_t>(r.below(900000)));
    if (r.below(4) == 0)
        c.scheduled_timestamp = at_ms(start - 3600000);
    auto& segments = c.segment_attributes.emplace();
    segments["connect:Subtype"].value_string =
        *c.channel == connect::Channel::voice ? "connect:Telephony" : "connect:Chat";
    segments["connect:Direction"].value_string = "INBOUND";
    auto& customer = segments["connect:CustomerAuthentication"].value_map.emplace();
    customer["Status"].value_string = "AUTHENTICATED";
    customer["CustomerId"].value_string = r.uuid();
    if (r.below(2) == 0)
        c.name = "Order " + std::to_string(10000 + r.below(90000)) + ": " + r.words(4);
    auto& routing = c.routing_criteria.emplace();
    routing.activation_timestamp = at_ms(start + 1000);
    routing.index = 0;
    auto& steps = routing.steps.emplace();
    for (int i = 0; i < 2; ++i) {
        connect::Step step;
        step.expiry.emplace();
        step.expiry->duration_in_seconds = 30 * (i + 1);
        step.expiry->expiry_timestamp = at_ms(start + 1000 + 30000 * (i + 1));
        auto& condition = step.expression.emplace().attribute_condition.emplace();
        condition.name = i == 0 ? "Language" : "Technology";
        condition.value = i == 0 ? "English" : "Kettles";
        condition.proficiency_level = static_cast<float>(1 + r.below(5));
        condition.comparison_operator = "NumberGreaterOrEqualTo";
        step.status = i == 0 ? connect::RoutingCriteriaStepStatus::expired
                             : connect::RoutingCriteriaStepStatus::joined;
        steps.push_back(std::move(step));
    }
    auto& tags = c.tags.emplace();
    tags["team"] = "support-emea";
    tags["priority"] = std::to_string(1 + r.below(5));
    c.global_resiliency_metadata.emplace();
    c.global_resiliency_metadata->active_region = "us-east-1";
    c.global_resiliency_metadata->origin_region = "us-east-1";
    c.global_resiliency_metadata->traffic_distribution_group_id = r.uuid();
    return c;
}

struct search_case {
    core::http::response response;
    Op::response parsed;             // for the serialize-only benchmark
    std::vector<std::string> bodies; // {the response's body}
};

const search_case& the_case() {
    static const search_case c = [] {
        hawk_bench::rng r(0x5ea1'0100);
        const std::string instance_arn =
            std::string(hawk_bench::instance_arn_prefix) + "4b2c1a7e-0f6d-4c3b-9a8e-2d5f6e7a8b9c";
        Op::response page;
        for (int i = 0; i < 100; ++i)
            page.contacts.push_back(make_contact(r, instance_arn));
        page.next_token = std::string(160, 'n');
        page.total_count = 2417;
        search_case s;
        s.response.status = 200;
        s.response.headers = {{"Content-Type", "application/json"}};
        s.response.body = core::to_json(page, core::json_form::wire);
        s.bodies = {s.response.body};
        std::string error;
        if (!Op::parse(s.response, s.parsed, error) || s.parsed.contacts.size() != 100)
            throw std::runtime_error("the SearchContacts page does not parse: " + error);
        return s;
    }();
    return c;
}

void search_contacts(benchmark::State& state) {
    const search_case& c = the_case();
    std::string error;
    hawk_bench::measure(state, hawk_bench::total_size(c.bodies), [&] {
        Op::response out;
        benchmark::DoNotOptimize(Op::parse(c.response, out, error));
        std::string text = core::to_json(out, core::json_form::wire);
        benchmark::DoNotOptimize(text.data());
    });
}

void search_contacts_floor(benchmark::State& state) {
    hawk_bench::floor_parse_serialize(state, the_case().bodies);
}

void search_contacts_parse(benchmark::State& state) {
    hawk_bench::parse_only<Op>(state, the_case().response);
}

void search_contacts_parse_floor(benchmark::State& state) {
    hawk_bench::floor_parse(state, the_case().bodies);
}

void search_contacts_serialize(benchmark::State& state) {
    const search_case& c = the_case();
    hawk_bench::measure(state, hawk_bench::total_size(c.bodies), [&] {
        std::string text = core::to_json(c.parsed, core::json_form::wire);
        benchmark::DoNotOptimize(text.data());
    });
}

void search_contacts_serialize_floor(benchmark::State& state) {
    hawk_bench::floor_serialize(state, the_case().bodies);
}

} // namespace

BENCHMARK(search_contacts)->Name("wire/search_contacts");
BENCHMARK(search_contacts_floor)->Name("wire/search_contacts_floor_boost_json");
BENCHMARK(search_contacts_parse)->Name("wire/search_contacts_parse");
BENCHMARK(search_contacts_parse_floor)->Name("wire/search_contacts_parse_floor_boost_json");
BENCHMARK(search_contacts_serialize)->Name("wire/search_contacts_serialize");
BENCHMARK(search_contacts_serialize_floor)->Name("wire/search_contacts_serialize_floor_boost_json");
