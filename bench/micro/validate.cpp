// Validation of a large connect request: CreateUser with every list at or near its maximum,
// fifty tags (each key checked against a Unicode-aware pattern), phone numbers checked against
// theirs, lengths everywhere. No external floor: reported as items (scalar values of the request)
// validated per second.

#include "data.hpp"

#include <hawk/connect/operations/create_user.hpp>

#include <benchmark/benchmark.h>
#include <boost/json/value.hpp>

#include <stdexcept>
#include <string>

namespace {

using namespace hawk;

struct validate_case {
    connect::CreateUserRequest request;
    std::size_t items = 0;
};

std::size_t count_scalars(const boost::json::value& v) {
    if (const boost::json::object* o = v.if_object()) {
        std::size_t n = 0;
        for (const auto& entry : *o)
            n += count_scalars(entry.value());
        return n;
    }
    if (const boost::json::array* a = v.if_array()) {
        std::size_t n = 0;
        for (const boost::json::value& item : *a)
            n += count_scalars(item);
        return n;
    }
    return 1;
}

const validate_case& the_case() {
    static const validate_case c = [] {
        hawk_bench::rng r(0x7a11'0050);
        static constexpr connect::Channel::value_type channels[] = {
            connect::Channel::voice, connect::Channel::chat, connect::Channel::task,
            connect::Channel::email};
        validate_case s;
        connect::CreateUserRequest& u = s.request;
        u.instance_id = r.uuid();
        u.username = "renee.dupont@example.com";
        auto& identity = u.identity_info.emplace();
        identity.first_name = "Ren\xc3\xa9"
                              "e";
        identity.last_name = "Dupont-Lef\xc3\xa8vre";
        identity.email = "renee.dupont@example.com";
        identity.secondary_email = "r.dupont@example.org";
        auto& phone = u.phone_config.emplace();
        phone.phone_type = connect::PhoneType::desk_phone;
        phone.auto_accept = false;
        phone.after_contact_work_time_limit = 120;
        phone.desk_phone_number = r.phone();
        phone.persistent_connection = true;
        u.directory_user_id = r.uuid();
        for (int i = 0; i < 10; ++i)
            u.security_profile_ids.push_back(r.uuid());
        u.routing_profile_id = r.uuid();
        u.hierarchy_group_id = r.uuid();
        auto& auto_accept = u.auto_accept_configs.emplace();
        auto& after_work = u.after_contact_work_configs.emplace();
        auto& numbers = u.phone_number_configs.emplace();
        auto& persistent = u.persistent_connection_configs.emplace();
        for (const auto channel : channels) {
            auto_accept.push_back({channel, channel != connect::Channel::voice, false});
            connect::AfterContactWorkConfigPerChannel work;
            work.channel = channel;
            work.after_contact_work_config.after_contact_work_time_limit =
                static_cast<std::int32_t>(30 + r.below(300));
            work.agent_first_callback_after_contact_work_config.emplace()
                .after_contact_work_time_limit = 60;
            after_work.push_back(std::move(work));
            numbers.push_back({channel, connect::PhoneType::soft_phone, r.phone()});
            persistent.push_back({channel, channel == connect::Channel::voice});
        }
        u.voice_enhancement_configs.emplace().push_back(
            {connect::Channel::voice, connect::VoiceEnhancementMode::noise_suppression});
        auto& tags = u.tags.emplace();
        for (int i = 0; i < 48; ++i)
            tags["team:" + r.words(1) + "-" + std::to_string(i)] = r.words(3);
        tags["\xc3\xa9quipe"] = "support \xc3\xa9tendu";
        tags["cost-center"] = "CC-" + std::to_string(1000 + r.below(9000));
        s.items = count_scalars(core::to_document(u));
        if (!core::validate(u).empty())
            throw std::runtime_error("the CreateUser request is not valid: " +
                                     core::validate(u).front().to_string());
        return s;
    }();
    return c;
}

void validate_loop(benchmark::State& state, core::validation_mode mode) {
    const validate_case& c = the_case();
    hawk_bench::measure(state, 0, [&] {
        std::vector<core::violation> violations = core::validate(c.request, mode);
        benchmark::DoNotOptimize(violations.data());
    });
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(c.items));
}

void create_user_all(benchmark::State& state) {
    validate_loop(state, core::validation_mode::all);
}

void create_user_required(benchmark::State& state) {
    validate_loop(state, core::validation_mode::required);
}

} // namespace

BENCHMARK(create_user_all)->Name("validate/create_user_all");
BENCHMARK(create_user_required)->Name("validate/create_user_required");
