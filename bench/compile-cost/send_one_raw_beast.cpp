// One connectparticipant SendMessage by hand with Boost.Beast, OpenSSL and Boost.JSON: what a
// minimal client doing only this request costs in binary size, the comparison for
// send_one_hawk.cpp. No retries, no validation, no endpoint rules: the floor, not a client.
//
//   send_one_raw_beast URL CONNECTION_TOKEN [CA_FILE]

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <openssl/rand.h>

#include <cstdio>
#include <iostream>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string random_uuid() {
    unsigned char b[16];
    RAND_bytes(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return text;
}

template <class Stream>
std::string send_and_read(Stream& stream, const http::request<http::string_body>& req) {
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    if (res.result_int() != 200)
        throw std::runtime_error("HTTP " + std::to_string(res.result_int()) + ": " + res.body());
    return std::string(boost::json::parse(res.body()).at("Id").as_string());
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: send_one_raw_beast URL CONNECTION_TOKEN [CA_FILE]\n";
        return 2;
    }
    try {
        // http(s)://host:port only: enough for the comparison.
        const std::string url = argv[1];
        const bool tls = url.rfind("https://", 0) == 0;
        const std::string rest = url.substr(tls ? 8 : 7);
        const std::string host = rest.substr(0, rest.find(':'));
        const std::string port = rest.find(':') == std::string::npos
                                     ? (tls ? "443" : "80")
                                     : rest.substr(rest.find(':') + 1);

        boost::json::object body;
        body["ContentType"] = "text/plain";
        body["Content"] = "Hello from Beast";
        body["ClientToken"] = random_uuid();
        http::request<http::string_body> req{http::verb::post, "/participant/message", 11};
        req.set(http::field::host, host + ":" + port);
        req.set(http::field::content_type, "application/json");
        req.set("X-Amz-Bearer", argv[2]);
        req.body() = boost::json::serialize(body);
        req.prepare_payload();

        asio::io_context io;
        asio::ip::tcp::resolver resolver(io);
        const auto endpoints = resolver.resolve(host, port);
        std::string id;
        if (tls) {
            asio::ssl::context ctx(asio::ssl::context::tls_client);
            if (argc > 3)
                ctx.load_verify_file(argv[3]);
            else
                ctx.set_default_verify_paths();
            beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
            SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
            stream.set_verify_mode(asio::ssl::verify_peer);
            stream.set_verify_callback(asio::ssl::host_name_verification(host));
            beast::get_lowest_layer(stream).connect(endpoints);
            stream.handshake(asio::ssl::stream_base::client);
            id = send_and_read(stream, req);
        } else {
            beast::tcp_stream stream(io);
            stream.connect(endpoints);
            id = send_and_read(stream, req);
        }
        std::cout << id << "\n";
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
