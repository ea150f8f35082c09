// The stand-in for Secrets Manager: Boost.Beast for HTTP, the generated server bindings for
// everything Secrets Manager. Each binding knows its operation's wire format (awsJson 1.1:
// POST /, X-Amz-Target: secretsmanager.<Operation>, JSON bodies):
//
//   server::GetSecretValue::matches(request)            does the request address it?
//   server::GetSecretValue::parse_request(request, in)  its input, typed
//   server::GetSecretValue::serialize_response(out)     the typed output as the HTTP response
//   server::serialize_error(ResourceNotFoundException)  a modeled error as the service writes it

#include "local_server.hpp"

#include <hawk/core/uuid.hpp>
#include <hawk/secretsmanager/server/create_secret.hpp>
#include <hawk/secretsmanager/server/delete_secret.hpp>
#include <hawk/secretsmanager/server/errors.hpp>
#include <hawk/secretsmanager/server/get_secret_value.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace sm = hawk::secretsmanager;
namespace server = hawk::secretsmanager::server;
using hawk::core::http::request;
using hawk::core::http::response;

namespace {

/// The secrets, by name. Only the server's thread touches them.
class secrets_store {
public:
    response handle(const request& http) {
        // Not a real check of the signature (the client's keys are fake): that the client signed.
        if (!http.find_header("Authorization"))
            return server::error_response(400, "MissingAuthenticationTokenException",
                                          "Request is missing Authentication Token");
        if (server::CreateSecret::matches(http))
            return answer<server::CreateSecret>(http, [this](auto& in) { return create(in); });
        if (server::GetSecretValue::matches(http))
            return answer<server::GetSecretValue>(http, [this](auto& in) { return get(in); });
        if (server::DeleteSecret::matches(http))
            return answer<server::DeleteSecret>(http, [this](auto& in) { return remove(in); });
        return server::error_response(400, "UnknownOperationException",
                                      "The stand-in answers CreateSecret, GetSecretValue and "
                                      "DeleteSecret only");
    }

private:
    struct secret {
        std::string arn;
        std::string version_id;
        std::optional<std::string> text;
        std::optional<hawk::core::blob> binary;
        std::chrono::system_clock::time_point created;
    };
    std::map<std::string, secret> secrets_;

    /// Reads the operation's input, checks it against the model, and hands it to `handler`.
    template <class Op, class Handler>
    static response answer(const request& http, Handler handler) {
        typename Op::request input;
        std::string error;
        if (!Op::parse_request(http, input, error))
            return server::error_response(400, "SerializationException", error);
        if (const auto violations = hawk::core::validate(input); !violations.empty())
            return server::serialize_error(
                sm::InvalidParameterException{violations.front().to_string()});
        return handler(input);
    }

    response create(const sm::CreateSecretRequest& in) {
        if (secrets_.count(in.name))
            return server::serialize_error(sm::ResourceExistsException{
                "The operation failed because the secret " + in.name + " already exists."});
        secret& s = secrets_[in.name];
        s.arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + in.name;
        s.version_id = in.client_request_token.value_or(hawk::core::random_uuid());
        s.text = in.secret_string;
        s.binary = in.secret_binary;
        s.created = std::chrono::system_clock::now();

        sm::CreateSecretResponse out;
        out.arn = s.arn;
        out.name = in.name;
        out.version_id = s.version_id;
        return server::CreateSecret::serialize_response(out);
    }

    /// A secret by name or ARN, as Secrets Manager finds them.
    std::map<std::string, secret>::iterator find(const std::string& id) {
        for (auto it = secrets_.begin(); it != secrets_.end(); ++it)
            if (it->first == id || it->second.arn == id)
                return it;
        return secrets_.end();
    }

    static response not_found() {
        return server::serialize_error(
            sm::ResourceNotFoundException{"Secrets Manager can't find the specified secret."});
    }

    response get(const sm::GetSecretValueRequest& in) {
        const auto it = find(in.secret_id);
        if (it == secrets_.end())
            return not_found();
        sm::GetSecretValueResponse out;
        out.arn = it->second.arn;
        out.name = it->first;
        out.version_id = it->second.version_id;
        out.secret_string = it->second.text;
        out.secret_binary = it->second.binary;
        out.version_stages = std::vector<std::string>{"AWSCURRENT"};
        out.created_date = it->second.created;
        return server::GetSecretValue::serialize_response(out);
    }

    response remove(const sm::DeleteSecretRequest& in) {
        const auto it = find(in.secret_id);
        if (it == secrets_.end())
            return not_found();
        sm::DeleteSecretResponse out;
        out.arn = it->second.arn;
        out.name = it->first;
        out.deletion_date = std::chrono::system_clock::now(); // no recovery window here
        secrets_.erase(it);
        return server::DeleteSecret::serialize_response(out);
    }
};

/// One client connection: read a request, answer it, again while the client keeps it open.
class session : public std::enable_shared_from_this<session> {
public:
    session(net::ip::tcp::socket socket, secrets_store& store)
        : stream_(std::move(socket)), store_(store) {}

    void read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(30));
        beast::http::async_read(stream_, buffer_, request_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    if (!ec)
                                        self->answer();
                                });
    }

private:
    void answer() {
        // Beast's request as hawk's (what the generated bindings read), and hawk's response back.
        request in;
        in.method = std::string(request_.method_string());
        const std::string target(request_.target());
        in.path = target.substr(0, target.find('?'));
        if (target.find('?') != std::string::npos)
            in.query = target.substr(target.find('?') + 1);
        for (const auto& field : request_)
            in.headers.push_back({std::string(field.name_string()), std::string(field.value())});
        in.body = request_.body();

        const response out = store_.handle(in);
        response_ = {};
        response_.version(request_.version());
        response_.result(static_cast<unsigned>(out.status));
        for (const auto& header : out.headers)
            response_.set(header.name, header.value);
        response_.set("x-amzn-RequestId", hawk::core::random_uuid());
        response_.body() = out.body;
        response_.keep_alive(request_.keep_alive());
        response_.prepare_payload();
        beast::http::async_write(stream_, response_,
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (!ec && self->response_.keep_alive())
                                         self->read();
                                 });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    beast::http::request<beast::http::string_body> request_;
    beast::http::response<beast::http::string_body> response_;
    secrets_store& store_;
};

} // namespace

struct local_server::impl {
    secrets_store store; // first: outlives the sessions the io_context still holds
    net::io_context io{1};
    net::ip::tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}}; // any free port
    unsigned short port = acceptor.local_endpoint().port();
    std::thread thread;

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, net::ip::tcp::socket socket) {
            if (ec)
                return; // closed: stopping
            std::make_shared<session>(std::move(socket), store)->read();
            accept();
        });
    }
};

local_server::local_server() : impl_(std::make_unique<impl>()) {
    impl_->accept();
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

local_server::~local_server() {
    impl_->io.stop(); // then the acceptor, open connections and the io_context go with impl_
    impl_->thread.join();
}

std::string local_server::endpoint() const {
    return "http://127.0.0.1:" + std::to_string(impl_->port);
}
