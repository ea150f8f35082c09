#pragma once

// fuzz_http_reader: hawk's transport reading a response from a server. A loopback server on
// 127.0.0.1 (in the same io_context) reads the request, writes the input as the response, shuts
// down its sending side and waits for the transport to close the connection. The transport
// must complete, within its attempt timeout, with a response or an error: never crash or hang.
//
// Framing: none; the input is the bytes on the wire.

#include "support/framing.hpp"

#include <hawk/core/http/transport.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace hawk::fuzz {

namespace http_reader {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct loopback {
    net::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(net::ip::address_v4::loopback(), 0)};
    std::uint16_t port = acceptor.local_endpoint().port();
};

inline loopback& server() {
    static loopback instance;
    return instance;
}

struct session : std::enable_shared_from_this<session> {
    explicit session(net::io_context& io, std::string response)
        : socket(io), response(std::move(response)) {}

    tcp::socket socket;
    std::string response;
    std::string request;
    std::array<char, 512> drain{};
    bool done = false;

    void start(tcp::acceptor& acceptor) {
        acceptor.async_accept(socket, [self = shared_from_this()](boost::system::error_code ec) {
            if (ec)
                return self->finish();
            net::async_read_until(self->socket, net::dynamic_buffer(self->request), "\r\n\r\n",
                                  [self](boost::system::error_code ec, std::size_t) {
                                      if (ec)
                                          return self->finish();
                                      self->respond();
                                  });
        });
    }

    void respond() {
        net::async_write(socket, net::buffer(response),
                         [self = shared_from_this()](boost::system::error_code, std::size_t) {
                             boost::system::error_code ignored;
                             self->socket.shutdown(tcp::socket::shutdown_send, ignored);
                             self->read_until_closed();
                         });
    }

    void read_until_closed() {
        socket.async_read_some(net::buffer(drain), [self = shared_from_this()](
                                                       boost::system::error_code ec, std::size_t) {
            if (ec)
                return self->finish();
            self->read_until_closed();
        });
    }

    void finish() {
        boost::system::error_code ignored;
        socket.close(ignored);
        done = true;
    }
};

} // namespace http_reader

inline void run_fuzz_http_reader(const std::uint8_t* data, std::size_t size) {
    using namespace http_reader;
    loopback& lb = server();
    lb.io.restart();

    auto peer =
        std::make_shared<session>(lb.io, std::string(reinterpret_cast<const char*>(data), size));
    peer->start(lb.acceptor);

    core::http::transport_config cfg;
    cfg.connect_timeout = std::chrono::milliseconds(200);
    cfg.attempt_timeout = std::chrono::milliseconds(200);
    cfg.max_response_bytes = 1024 * 1024;
    cfg.verify_peer = false; // plain HTTP; and no trust store loaded for every input
    bool completed = false;
    {
        core::http::transport transport(lb.io.get_executor(), cfg);
        core::http::request req;
        req.method = "GET";
        req.scheme = "http";
        req.host = "127.0.0.1";
        req.port = lb.port;
        req.path = "/fuzz";
        transport.async_send(std::move(req), [&completed, &cfg](boost::system::error_code ec,
                                                                core::http::response res) {
            completed = true;
            if (ec)
                return;
            if (res.status < 100 || res.status > 999)
                fail("a response with a status that is not 3 digits");
            if (res.body.size() > cfg.max_response_bytes)
                fail("a body beyond max_response_bytes");
        });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!completed && std::chrono::steady_clock::now() < deadline)
            lb.io.run_one_for(std::chrono::milliseconds(50));
        if (!completed)
            fail("the transport did not complete within 5 s (attempt timeout: 200 ms)");
        transport.close();
    }
    // The transport closed its connection: the server sees it and finishes; then every handler
    // still queued (cancelled timers and reads) runs, so nothing outlives this input.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!peer->done && std::chrono::steady_clock::now() < deadline)
        lb.io.run_one_for(std::chrono::milliseconds(50));
    if (!peer->done) {
        lb.acceptor.cancel();
        lb.io.run_for(std::chrono::milliseconds(100));
        if (!peer->done)
            fail("the loopback server did not finish");
    }
    lb.io.restart();
    lb.io.poll();
}

} // namespace hawk::fuzz
