// hawk-bench-micro: hawk's hot paths, each beside its floor, with Google Benchmark.
//
// Pairs (also in pairs.txt, for scripts: `benchmark floor goal_ratio`; the ratio is the
// benchmark's time over its floor's, both from the same run):
//
//   benchmark                          floor                                          goal
//   sigv4/sign_connect                 sigv4/floor_hmac_chain                         2.0
//   sigv4/sign_connect_uncached_key    sigv4/floor_hmac_chain                         -
//   wire/send_message                  wire/send_message_floor_boost_json             1.5
//   wire/send_message_serialize        wire/send_message_serialize_floor_boost_json   1.5
//   wire/send_message_parse            wire/send_message_parse_floor_boost_json       1.5
//   wire/search_contacts               wire/search_contacts_floor_boost_json          1.5
//   wire/search_contacts_parse         wire/search_contacts_parse_floor_boost_json    1.5
//   wire/search_contacts_serialize     wire/search_contacts_serialize_floor_boost_json 1.5
//   error/parse_invalid_parameter      error/floor_boost_json_parse                   -
//   validate/create_user_all           - (items per second)                           -
//   validate/create_user_required      - (items per second)                           -
//   endpoint/resolve_connect           -                                              -
//   endpoint/client_prepare_connect    -                                              -
//   endpoint/parse_rules_connect       - (once per client, for information)           -
//
// sigv4.cpp, wire.cpp (SendMessage), search_contacts.cpp (a 100-contact page), validate.cpp,
// endpoint.cpp and error.cpp have the benchmarks and say what each measures. The data is built
// in code from fixed seeds (data.hpp).
//
// Each benchmark runs for at least 0.2 s unless --benchmark_min_time says otherwise; the whole
// program takes well under a minute. glibc's malloc thresholds are pinned (see main). Other
// Google Benchmark flags work as usual (--benchmark_filter, --benchmark_repetitions,
// --benchmark_format=json).

#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#ifdef __GLIBC__
    // glibc's malloc moves its mmap threshold as a process frees large blocks, so whether a
    // 150 KB buffer costs an mmap and its page faults or comes from the heap would depend on
    // which benchmarks ran before (and on how many times the floor's own serializer doubled its
    // string). Pinned, a benchmark and its floor pay alike whatever the order.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
    std::vector<char*> args(argv, argv + argc);
    bool min_time_given = false;
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0)
            min_time_given = true;
    char default_min_time[] = "--benchmark_min_time=0.2";
    if (!min_time_given)
        args.insert(args.begin() + 1, default_min_time);
    int count = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data()))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
