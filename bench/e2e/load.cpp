// hawk-bench-e2e: sends connectparticipant SendMessage calls through hawk's real client
// (async_send_message with completion handlers) at a fixed concurrency, and prints one JSON line:
// calls, seconds, calls/s, p50/p99 latency, peak RSS, heap allocations per call and errors.
//
//   hawk-bench-e2e --url http://127.0.0.1:8080 [--calls N] [--concurrency C] [--threads T]
//                  [--shared-context] [--ca-file PEM] [--warmup N] [--label TEXT]
//   hawk-bench-e2e --rss-goal --url ...        1,000 calls in flight; read peak_rss_mib
//   hawk-bench-e2e --print-request lua --url ...   the request hawk sends, as wrk Lua
//
// How it measures:
//  - C calls are in flight at all times: each completion starts the next call, until N calls
//    have been started. Latency is per call, from the async_send_message call to its handler,
//    in microseconds, stored in a vector allocated before the measured phase.
//  - Threads: by default each thread runs an io_context of its own with a client of its own
//    (N/T calls at C/T concurrency each). That is what an expert does with Asio to use more
//    cores: nothing is shared, no strand or scheduler lock is contended, and each client keeps
//    its own connection pool. --shared-context runs one io_context and one client on T threads
//    instead (the transport then serializes on its one strand), for comparison.
//  - Allocations: the global operator new/delete (every form) are replaced and count with
//    relaxed atomics (allocs_per_call); so are malloc and its kin (heap_allocs_per_call, which
//    also sees Asio's handler memory and OpenSSL's). Both are counted only around the measured
//    phase, after a warm-up that opens the connections.
//  - The client is set up as a user would: a default client_config with a region, the URL as
//    endpoint_url, and for HTTPS the test CA as transport.ca_file. ClientToken is left unset,
//    so the client generates one per call.

#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/src.hpp>

#include <boost/asio/io_context.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

//---- Allocation counting --------------------------------------------------------------------
//
// Two counts. operator new (every form, replaced below): the C++ allocations. And every heap
// allocation of the process: malloc, calloc, realloc, aligned_alloc, posix_memalign and
// memalign are interposed too (glibc supports replacing them in the executable) and forward to
// glibc's own; that also sees what bypasses operator new: Asio's handler memory
// (std::aligned_alloc, when its recycling cache misses) and OpenSSL's.
// Built with -DHAWK_BENCH_E2E_NO_COUNTING, nothing is replaced (for heaptrack or valgrind, which
// hook the same functions); the counts are then 0.

namespace {
std::atomic<std::uint64_t> g_allocations{0};   // operator new
std::atomic<std::uint64_t> g_deallocations{0}; // operator delete
std::atomic<std::uint64_t> g_mallocs{0};       // every heap allocation, operator new's too
} // namespace

#ifndef HAWK_BENCH_E2E_NO_COUNTING

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

void count_malloc() noexcept {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
}

} // namespace

extern "C" {
void* malloc(std::size_t size) {
    count_malloc();
    return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) {
    count_malloc();
    return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) {
    count_malloc();
    return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t align, std::size_t size) {
    count_malloc();
    return __libc_memalign(align, size);
}
void* memalign(std::size_t align, std::size_t size) {
    count_malloc();
    return __libc_memalign(align, size);
}
int posix_memalign(void** out, std::size_t align, std::size_t size) {
    if (align < sizeof(void*) || (align & (align - 1)) != 0)
        return EINVAL;
    count_malloc();
    void* p = __libc_memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
void free(void* p) {
    __libc_free(p);
}
}

namespace {

void* counted_malloc(std::size_t size) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}

void* counted_aligned(std::size_t size, std::align_val_t align) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    std::size_t a = static_cast<std::size_t>(align);
    if (a < sizeof(void*))
        a = sizeof(void*);
    void* p = nullptr;
    return posix_memalign(&p, a, size == 0 ? a : size) == 0 ? p : nullptr;
}

// The standard's loop: call the new-handler until memory comes or there is no handler.
template <class Alloc>
void* allocate_or_throw(Alloc alloc) {
    for (;;) {
        if (void* p = alloc())
            return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler)
            throw std::bad_alloc();
        handler();
    }
}

void counted_free(void* p) noexcept {
    if (!p)
        return;
    g_deallocations.fetch_add(1, std::memory_order_relaxed);
    std::free(p);
}

} // namespace

void* operator new(std::size_t n) {
    return allocate_or_throw([n] { return counted_malloc(n); });
}
void* operator new[](std::size_t n) {
    return allocate_or_throw([n] { return counted_malloc(n); });
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return operator new(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return operator new[](n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t n, std::align_val_t a) {
    return allocate_or_throw([n, a] { return counted_aligned(n, a); });
}
void* operator new[](std::size_t n, std::align_val_t a) {
    return allocate_or_throw([n, a] { return counted_aligned(n, a); });
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return operator new(n, a);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return operator new[](n, a);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void* p) noexcept {
    counted_free(p);
}
void operator delete[](void* p) noexcept {
    counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    counted_free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    counted_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    counted_free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    counted_free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    counted_free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    counted_free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    counted_free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    counted_free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    counted_free(p);
}

#endif // HAWK_BENCH_E2E_NO_COUNTING

//---- The load ------------------------------------------------------------------------------

namespace {

namespace cp = hawk::connectparticipant;
using steady = std::chrono::steady_clock;

struct options {
    std::string url;
    std::string ca_file;
    std::string label;
    std::string print_request; // "lua"
    std::size_t calls = 100'000;
    std::size_t concurrency = 64;
    std::size_t threads = 1;
    std::size_t warmup = 2'000;
    bool shared_context = false;
    bool rss_goal = false;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "hawk-bench-e2e: %s\n"
                 "usage: hawk-bench-e2e --url URL [--calls N] [--concurrency C] [--threads T]\n"
                 "       [--shared-context] [--ca-file PEM] [--warmup N] [--label TEXT]\n"
                 "       [--rss-goal] [--print-request lua]\n",
                 why);
    std::exit(2);
}

std::size_t to_count(std::string_view text, const char* flag) {
    std::size_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            usage((std::string(flag) + " takes a whole number").c_str());
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    if (text.empty())
        usage((std::string(flag) + " takes a whole number").c_str());
    return value;
}

options parse_options(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::string_view {
            if (i + 1 >= argc)
                usage((std::string(arg) + " needs a value").c_str());
            return argv[++i];
        };
        if (arg == "--url")
            o.url = value();
        else if (arg == "--ca-file")
            o.ca_file = value();
        else if (arg == "--label")
            o.label = value();
        else if (arg == "--print-request")
            o.print_request = value();
        else if (arg == "--calls")
            o.calls = to_count(value(), "--calls");
        else if (arg == "--concurrency")
            o.concurrency = to_count(value(), "--concurrency");
        else if (arg == "--threads")
            o.threads = to_count(value(), "--threads");
        else if (arg == "--warmup")
            o.warmup = to_count(value(), "--warmup");
        else if (arg == "--shared-context")
            o.shared_context = true;
        else if (arg == "--rss-goal")
            o.rss_goal = true;
        else if (arg == "--help" || arg == "-h")
            usage("sends SendMessage calls and prints one JSON line");
        else
            usage(("unknown option " + std::string(arg)).c_str());
    }
    if (o.url.empty())
        usage("--url is required");
    if (o.rss_goal) {
        o.concurrency = 1000;
        if (o.label.empty())
            o.label = "rss-1000-in-flight";
    }
    if (o.threads == 0 || o.concurrency == 0 || o.calls == 0)
        usage("--calls, --concurrency and --threads must be at least 1");
    if (o.concurrency < o.threads)
        o.concurrency = o.threads;
    return o;
}

hawk::core::client_config make_config(const options& o) {
    hawk::core::client_config cfg;
    cfg.region = "us-east-1";
    cfg.endpoint_url = o.url;
    cfg.transport.ca_file = o.ca_file;
    return cfg;
}

cp::SendMessageRequest make_request() {
    cp::SendMessageRequest request;
    request.content_type = "text/plain";
    request.content = "Hello! I have a question about my order.";
    request.connection_token = "bench-connection-token-0123456789abcdef";
    return request;
}

/// One client's share of the calls: `target` calls, `concurrency` of them in flight.
class shard {
public:
    shard(hawk::core::client& client, const cp::SendMessageRequest& request)
        : client_(client), request_(request) {}

    /// Allocates what the phase records, before it is measured.
    void prepare(std::size_t calls, bool record) {
        target_ = calls;
        started_.store(0, std::memory_order_relaxed);
        completed_.store(0, std::memory_order_relaxed);
        samples_.assign(record ? calls : 0, 0);
    }

    /// Starts the first `concurrency` calls; each completion starts the next.
    void launch(std::size_t concurrency) {
        for (std::size_t i = 0; i < std::min(concurrency, target_); ++i)
            start_one();
    }

    const std::vector<std::uint32_t>& samples() const noexcept { return samples_; }
    std::size_t errors() const noexcept { return errors_.load(); }
    /// After a phase: calls that never completed (their handler was never invoked) count as
    /// errors too.
    void end_phase() {
        const std::size_t done = completed_.load();
        if (done < target_) {
            errors_ += target_ - done;
            std::lock_guard<std::mutex> lock(mutex_);
            if (first_error_.empty())
                first_error_ = std::to_string(target_ - done) + " calls never completed";
        }
    }
    std::size_t max_in_flight() const noexcept { return max_in_flight_.load(); }
    std::string first_error() {
        std::lock_guard<std::mutex> lock(mutex_);
        return first_error_;
    }

private:
    void start_one() {
        const std::size_t n = started_.fetch_add(1, std::memory_order_relaxed);
        if (n >= target_)
            return;
        const std::size_t in_flight = n + 1 - completed_.load(std::memory_order_relaxed);
        if (in_flight > max_in_flight_.load(std::memory_order_relaxed))
            max_in_flight_.store(in_flight, std::memory_order_relaxed);
        const steady::time_point start = steady::now();
        cp::async_send_message(
            client_, request_,
            [this, start](boost::system::error_code ec, cp::SendMessageResponse response) {
                done(start, ec, response);
            });
    }

    void done(steady::time_point start, boost::system::error_code ec,
              const cp::SendMessageResponse& response) {
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - start).count();
        const std::size_t i = completed_.fetch_add(1, std::memory_order_relaxed);
        if (i < samples_.size())
            samples_[i] = static_cast<std::uint32_t>(std::min<long long>(micros, UINT32_MAX));
        if (ec || !response.id || response.id->empty()) {
            if (errors_.fetch_add(1) == 0) {
                std::lock_guard<std::mutex> lock(mutex_);
                first_error_ = ec ? ec.message() : std::string("response without Id");
            }
        }
        start_one();
    }

    hawk::core::client& client_;
    const cp::SendMessageRequest& request_;
    std::size_t target_ = 0;
    std::atomic<std::size_t> started_{0}, completed_{0}, errors_{0}, max_in_flight_{0};
    std::vector<std::uint32_t> samples_;
    std::mutex mutex_;
    std::string first_error_;
};

double resident_mib() {
    std::ifstream statm("/proc/self/statm");
    unsigned long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // KiB on Linux
}

enum class quoting { json, lua };

/// `s` as a JSON or Lua string literal: quotes and backslashes escaped; control characters (for
/// Lua also bytes above ASCII, as decimal escapes) too.
std::string quoted(std::string_view s, quoting how) {
    std::string out = "\"";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || (how == quoting::lua && u >= 0x7f)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, how == quoting::json ? "\\u%04x" : "\\%03u",
                          static_cast<unsigned>(u));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string json_string(std::string_view s) {
    return quoted(s, quoting::json);
}

std::string lua_string(std::string_view s) {
    return quoted(s, quoting::lua);
}

/// The first attempt's request exactly as the client prepares it (the transport adds Host and
/// Content-Length, which wrk adds too), as wrk Lua.
int print_request(const options& o) {
    if (o.print_request != "lua")
        usage("--print-request takes: lua");
    boost::asio::io_context io;
    hawk::core::client client(io.get_executor(), make_config(o));
    using op = cp::operations::SendMessage;
    hawk::core::http::request req;
    hawk::core::diagnostics diag;
    boost::system::error_code ec =
        hawk::core::detail::prepare_call<op>(client, make_request(), &diag, req);
    if (!ec)
        ec = client.prepare(op::info, req, diag);
    if (ec) {
        std::fprintf(stderr, "hawk-bench-e2e: %s: %s\n", ec.message().c_str(),
                     diag.client_message.c_str());
        return 1;
    }
    std::string path = req.path;
    if (!req.query.empty())
        path += "?" + req.query;
    std::cout << "-- The request hawk-bench-e2e sends (hawk-bench-e2e --print-request lua).\n"
              << "wrk.method = " << lua_string(req.method) << "\n"
              << "wrk.path = " << lua_string(path) << "\n"
              << "wrk.body = " << lua_string(req.body) << "\n";
    for (const auto& h : req.headers)
        std::cout << "wrk.headers[" << lua_string(h.name) << "] = " << lua_string(h.value) << "\n";
    return 0;
}

struct counters {
    std::uint64_t allocations = 0, deallocations = 0, mallocs = 0;
    steady::time_point time;
    double cpu_seconds = 0; // user + system, every thread of the process

    static counters now() {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const auto seconds = [](const timeval& tv) {
            return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
        };
        return {g_allocations.load(std::memory_order_relaxed),
                g_deallocations.load(std::memory_order_relaxed),
                g_mallocs.load(std::memory_order_relaxed), steady::now(),
                seconds(usage.ru_utime) + seconds(usage.ru_stime)};
    }
};

/// Calls N/T (the remainder to the first) at C/T concurrency on shard i.
std::size_t share(std::size_t total, std::size_t parts, std::size_t i) {
    return total / parts + (i < total % parts ? 1 : 0);
}

int run(const options& o) {
    const cp::SendMessageRequest request = make_request();
    const std::size_t t = o.threads;
    counters begin, end;
    double rss_before = 0;

    // Context-per-thread: T io_contexts, T clients, T shards. Shared: one of each, T threads.
    const std::size_t contexts = o.shared_context ? 1 : t;
    std::vector<std::unique_ptr<boost::asio::io_context>> ios;
    std::vector<std::unique_ptr<hawk::core::client>> clients;
    std::vector<std::unique_ptr<shard>> shards;
    for (std::size_t i = 0; i < contexts; ++i) {
        ios.push_back(std::make_unique<boost::asio::io_context>(o.shared_context ? int(t) : 1));
        clients.push_back(
            std::make_unique<hawk::core::client>(ios.back()->get_executor(), make_config(o)));
        shards.push_back(std::make_unique<shard>(*clients.back(), request));
    }

    if (o.shared_context) {
        // One context run by T threads; the phases are separated by the context running dry.
        auto phase = [&](std::size_t calls, bool record) {
            shards[0]->prepare(calls, record);
            ios[0]->restart();
            if (record) {
                rss_before = resident_mib();
                begin = counters::now();
            }
            shards[0]->launch(o.concurrency);
            std::vector<std::thread> threads;
            for (std::size_t i = 1; i < t; ++i)
                threads.emplace_back([&] { ios[0]->run(); });
            ios[0]->run();
            for (std::thread& th : threads)
                th.join();
            shards[0]->end_phase();
            if (record)
                end = counters::now();
        };
        if (o.warmup > 0)
            phase(o.warmup, false);
        phase(o.calls, true);
    } else {
        // Each thread warms up, then all start the measured phase together; the barrier's
        // completion (run once, before any thread goes on) takes the counters.
        bool started = false;
        std::barrier sync(static_cast<std::ptrdiff_t>(t), [&]() noexcept {
            if (!started) {
                rss_before = resident_mib();
                begin = counters::now();
                started = true;
            } else {
                end = counters::now();
            }
        });
        auto worker = [&](std::size_t i) {
            const std::size_t concurrency = share(o.concurrency, t, i);
            if (o.warmup > 0) {
                shards[i]->prepare(share(o.warmup, t, i), false);
                shards[i]->launch(concurrency);
                ios[i]->run();
                shards[i]->end_phase();
                ios[i]->restart();
            }
            shards[i]->prepare(share(o.calls, t, i), true);
            sync.arrive_and_wait();
            shards[i]->launch(concurrency);
            ios[i]->run();
            sync.arrive_and_wait();
            shards[i]->end_phase();
        };
        std::vector<std::thread> threads;
        for (std::size_t i = 1; i < t; ++i)
            threads.emplace_back(worker, i);
        worker(0);
        for (std::thread& th : threads)
            th.join();
    }

    std::vector<std::uint32_t> all;
    std::size_t errors = 0, in_flight = 0;
    std::string first_error;
    for (auto& s : shards) {
        all.insert(all.end(), s->samples().begin(), s->samples().end());
        errors += s->errors();
        in_flight += s->max_in_flight();
        if (first_error.empty())
            first_error = s->first_error();
    }
    const auto percentile = [&](double p) -> std::uint32_t {
        if (all.empty())
            return 0;
        const std::size_t k = std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()));
        std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end());
        return all[k];
    };
    const double seconds = std::chrono::duration<double>(end.time - begin.time).count();
    const double n = static_cast<double>(o.calls);
    const std::string scheme = o.url.substr(0, o.url.find(':'));

    char numbers[512];
    std::snprintf(numbers, sizeof numbers,
                  "\"calls\":%zu,\"concurrency\":%zu,\"threads\":%zu,\"seconds\":%.3f,"
                  "\"calls_per_s\":%.0f,\"cpu_us_per_call\":%.2f,\"p50_us\":%u,\"p99_us\":%u,"
                  "\"peak_rss_mib\":%.1f,"
                  "\"rss_before_mib\":%.1f,\"allocs_per_call\":%.2f,\"frees_per_call\":%.2f,\"heap_"
                  "allocs_per_call\":%.2f,\"max_in_"
                  "flight\":%zu,"
                  "\"errors\":%zu",
                  o.calls, o.concurrency, t, seconds, n / seconds,
                  (end.cpu_seconds - begin.cpu_seconds) * 1e6 / n, percentile(0.50),
                  percentile(0.99), peak_rss_mib(), rss_before,
                  static_cast<double>(end.allocations - begin.allocations) / n,
                  static_cast<double>(end.deallocations - begin.deallocations) / n,
                  static_cast<double>(end.mallocs - begin.mallocs) / n, in_flight, errors);
    std::cout << "{\"tool\":\"hawk\",\"label\":" << json_string(o.label)
              << ",\"scheme\":" << json_string(scheme) << ",\"threading\":"
              << json_string(t == 1             ? "one-thread"
                             : o.shared_context ? "one-context-shared"
                                                : "context-per-thread")
              << "," << numbers;
    if (errors)
        std::cout << ",\"first_error\":" << json_string(first_error);
    std::cout << "}" << std::endl;
    if (errors) {
        std::fprintf(stderr, "hawk-bench-e2e: %zu of %zu calls failed; first: %s\n", errors,
                     o.calls, first_error.c_str());
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const options o = parse_options(argc, argv);
        if (!o.print_request.empty())
            return print_request(o);
        return run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hawk-bench-e2e: %s\n", e.what());
        return 1;
    }
}
