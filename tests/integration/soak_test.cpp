// Load and soak: 100,000 SendMessage calls, 256 at a time, through hawk's real client against a
// fast in-process keep-alive server on 127.0.0.1. Every call must complete exactly once and
// succeed, and the process's memory (RSS) and open file descriptors must stay flat between the
// first and the last 10,000 calls.

#include <hawk/connectparticipant/send_message.hpp>

#include <support/client_support.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <doctest/doctest.h>

#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

// Sanitizers keep freed memory in quarantine and map shadow memory: RSS says nothing of leaks
// there, the allocator's own count does.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HAWK_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HAWK_TEST_SANITIZED 1
#endif
#endif
#ifdef HAWK_TEST_SANITIZED
// From the sanitizer runtime (<sanitizer/allocator_interface.h>, which not every compiler
// installs).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace {

namespace net = boost::asio;
using boost::system::error_code;
using net::ip::tcp;
using namespace std::chrono_literals;

/// Answers every request with the same bytes over keep-alive HTTP/1.1, on its own thread,
/// recording nothing but a count (so that the server's own memory stays flat too).
class fixed_response_server {
public:
    explicit fixed_response_server(std::string response) : response_(std::move(response)) {
        const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(tcp::acceptor::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        net::co_spawn(ioc_, accept_loop(), net::detached);
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~fixed_response_server() {
        net::post(ioc_, [this] {
            error_code ignored; // closing a closed socket is fine
            acceptor_.close(ignored);
            for (tcp::socket* s : sockets_)
                s->close(ignored);
            ioc_.stop();
        });
        thread_.join();
    }

    fixed_response_server(const fixed_response_server&) = delete;
    fixed_response_server& operator=(const fixed_response_server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    std::size_t requests() const noexcept { return requests_.load(); }
    std::size_t accepts() const noexcept { return accepts_.load(); }

private:
    net::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(net::as_tuple(net::use_awaitable));
            if (ec == net::error::operation_aborted || !acceptor_.is_open())
                co_return;
            if (ec)
                continue;
            ++accepts_;
            net::co_spawn(ioc_, session(std::move(socket)), net::detached);
        }
    }

    net::awaitable<void> session(tcp::socket socket) {
        namespace http = boost::beast::http;
        sockets_.insert(&socket);
        struct leave {
            std::set<tcp::socket*>& sockets;
            tcp::socket* socket;
            ~leave() { sockets.erase(socket); }
        } guard{sockets_, &socket};
        error_code ignored; // only latency depends on it
        socket.set_option(tcp::no_delay(true), ignored);
        boost::beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            auto [ec, n] = co_await http::async_read(socket, buffer, parser,
                                                     net::as_tuple(net::use_awaitable));
            if (ec)
                co_return;
            ++requests_;
            auto [wec, written] = co_await net::async_write(socket, net::buffer(response_),
                                                            net::as_tuple(net::use_awaitable));
            if (wec)
                co_return;
        }
    }

    const std::string response_;
    // Before the io_context: the sessions it destroys at the end (suspended, never resumed)
    // still leave sockets_.
    std::set<tcp::socket*> sockets_; // the server's thread only
    std::atomic<std::size_t> requests_{0}, accepts_{0};
    net::io_context ioc_;
    tcp::acceptor acceptor_{ioc_};
    std::uint16_t port_ = 0;
    std::thread thread_;
};

/// Resident set size in bytes (/proc/self/statm: pages).
std::size_t rss_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

/// Open file descriptors (entries of /proc/self/fd, the one listing it included).
std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        ++n;
    return n;
}

/// Bytes the program has allocated and not freed: the sanitizer's allocator (it keeps freed
/// blocks in quarantine, outside this count) or glibc's (all arenas, and mmap'd blocks).
std::size_t heap_bytes() {
#ifdef HAWK_TEST_SANITIZED
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 info = ::mallinfo2();
    return info.uordblks + info.hblkhd;
#endif
}

struct sample {
    std::size_t rss = 0;
    std::size_t heap = 0;
    std::size_t fds = 0;
};

sample take_sample() {
    return {rss_bytes(), heap_bytes(), open_fds()};
}

long long growth(std::size_t before, std::size_t after) {
    return static_cast<long long>(after) - static_cast<long long>(before);
}

} // namespace

TEST_CASE("soak: 100,000 SendMessage calls at concurrency 256: each answered once, flat memory") {
    constexpr std::size_t total = 100'000;
    constexpr std::size_t concurrency = 256;
    constexpr std::size_t window = 10'000; // sampled after the first and after the last window

    const std::string body = R"({"Id":"m-soak","AbsoluteTime":"2026-11-23T10:00:00.000Z"})";
    fixed_response_server server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: soak\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);

    hawk::core::client_config cfg =
        hawk::test::isolated_config("http://127.0.0.1:" + std::to_string(server.port()));
    // One connection per call in flight: 256 sockets on each side, reused for the whole run.
    cfg.transport.max_connections_per_host = concurrency;
    cfg.transport.attempt_timeout = 30s;
    // Everything the calls use is allocated before the first sample, and outlives the client.
    std::vector<std::atomic<unsigned>> answered(total); // completions per call id
    std::atomic<std::size_t> next{0}, completed{0}, succeeded{0};
    std::mutex mutex;
    std::string first_error;
    sample after_first, after_last;
    std::promise<void> all_done;
    std::future<void> done = all_done.get_future();
    std::chrono::steady_clock::time_point first_window_end;
    std::atomic<bool> halted{false};
    std::function<void()> launch; // starts the next call

    hawk::core::client client(cfg); // its own I/O thread: every completion runs there
    // If the test fails early, no completion may start a call while the client goes away:
    // completions run one at a time on the client's thread, so once this has run there, none will.
    struct halt {
        hawk::core::client& client;
        std::atomic<bool>& halted;
        ~halt() {
            auto stopped = std::make_shared<std::promise<void>>();
            net::post(client.get_executor(), [stopped, &flag = halted] {
                flag = true;
                stopped->set_value();
            });
            stopped->get_future().wait_for(10s);
        }
    } halt_guard{client, halted};

    launch = [&] {
        const std::size_t id = next.fetch_add(1);
        if (id >= total || halted)
            return;
        hawk::connectparticipant::SendMessageRequest req;
        req.content_type = "text/plain";
        req.content = "message " + std::to_string(id);
        req.connection_token = "connection-token-soak";
        hawk::connectparticipant::async_send_message(
            client, req, [&, id](error_code ec, hawk::connectparticipant::SendMessageResponse r) {
                answered[id].fetch_add(1);
                if (!ec && r.id == "m-soak") {
                    ++succeeded;
                } else {
                    std::lock_guard<std::mutex> lock(mutex);
                    if (first_error.empty())
                        first_error = "call " + std::to_string(id) + ": " +
                                      (ec ? ec.message() : "unexpected Id");
                }
                const std::size_t n = ++completed;
                if (n == window) {
                    after_first = take_sample();
                    first_window_end = std::chrono::steady_clock::now();
                }
                if (n == total) {
                    after_last = take_sample();
                    all_done.set_value();
                    return;
                }
                launch();
            });
    };

    const auto start = std::chrono::steady_clock::now();
    // The first wave starts on the client's thread, like every later call.
    net::post(client.get_executor(), [&] {
        for (std::size_t i = 0; i < concurrency; ++i)
            launch();
    });
    // Bounded: far above the measured time even for a sanitizer build.
    const bool finished = done.wait_for(600s) == std::future_status::ready;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    REQUIRE_MESSAGE(finished,
                    "only " << completed.load() << " of " << total << " calls completed in time");

    std::size_t missing = 0, duplicated = 0;
    for (const std::atomic<unsigned>& n : answered) {
        missing += n.load() == 0;
        duplicated += n.load() > 1;
    }
    CHECK(missing == 0);
    CHECK(duplicated == 0);
    CHECK_MESSAGE(succeeded.load() == total, first_error);
    CHECK(server.requests() == total); // no call was sent twice
    CHECK(server.accepts() <= concurrency);

    const double seconds = static_cast<double>(elapsed.count()) / 1000.0;
    const auto last_windows = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - first_window_end);
    const long long rss_growth = growth(after_first.rss, after_last.rss);
    const long long heap_growth = growth(after_first.heap, after_last.heap);
    const long long fd_change = growth(after_first.fds, after_last.fds);
    MESSAGE("soak: " << total << " calls in " << elapsed.count() << " ms ("
                     << static_cast<long long>(static_cast<double>(total) / seconds)
                     << " calls/s; the last 90,000 in " << last_windows.count() << " ms), "
                     << server.accepts() << " connections; after the first " << window
                     << " calls -> after the last: RSS " << after_first.rss / 1024 << " -> "
                     << after_last.rss / 1024 << " KiB (" << rss_growth / 1024 << " KiB), heap "
                     << after_first.heap / 1024 << " -> " << after_last.heap / 1024 << " KiB ("
                     << heap_growth / 1024 << " KiB), open fds " << after_first.fds << " -> "
                     << after_last.fds);
    // Flat: a leak of even 100 bytes per call would add ~9 MiB over the last 90,000 calls, so
    // 8 MiB of slack only absorbs allocator noise (heap fragmentation, per-thread caches). The
    // first sample is taken with 256 calls in flight, the last with none: a steady state can
    // only shrink. The connections are all open by the first sample (the first wave opens them)
    // and reused to the end, so the descriptor count moves only if one is replaced: a handful at
    // most, where a descriptor leak per call would show tens of thousands.
    CHECK(heap_growth < 8LL * 1024 * 1024);
#ifndef HAWK_TEST_SANITIZED
    CHECK(rss_growth < 8LL * 1024 * 1024);
#endif
    CHECK(fd_change <= 4);
    CHECK(fd_change >= -4);
}
