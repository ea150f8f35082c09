#pragma once

// What the tests of hawk's real client share: a client configuration pointed at a test server
// with an environment of its own, and canned JSON replies.

#include <support/test_server.hpp>

#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/core/client.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::test {

/// A client of `endpoint_url` with an environment of its own (no real credentials, files or
/// settings leak in: `env` is all it sees) and no backoff delays.
inline core::client_config isolated_config(std::string endpoint_url,
                                           std::map<std::string, std::string> env = {}) {
    core::client_config cfg;
    cfg.endpoint_url = std::move(endpoint_url);
    env.emplace("HOME", "/nonexistent");
    env.emplace("AWS_CONFIG_FILE", "/nonexistent/config");
    env.emplace("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
    cfg.environment = [env](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(std::string(name));
        if (it == env.end())
            return std::nullopt;
        return it->second;
    };
    cfg.random = [] { return 0.0; };
    return cfg;
}

/// A client pointed at `server` (isolated_config).
inline core::client_config config_for(const test_server& server,
                                      std::map<std::string, std::string> env = {}) {
    return isolated_config(std::string(server.is_tls() ? "https" : "http") +
                               "://127.0.0.1:" + std::to_string(server.port()),
                           std::move(env));
}

/// A header of a recorded request, or "<absent>".
inline std::string header(const recorded_request& r, std::string_view name) {
    const std::string* v = r.find_header(name);
    return v ? *v : "<absent>";
}

/// A valid connectparticipant SendMessage request.
inline connectparticipant::SendMessageRequest participant_message() {
    connectparticipant::SendMessageRequest req;
    req.content_type = "text/plain";
    req.content = "Hello";
    req.connection_token = "connection-token-1";
    return req;
}

/// A JSON reply with a request id.
inline reply json(int status, std::string body, std::vector<core::http::header> headers = {}) {
    reply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.headers.push_back({"Content-Type", "application/json"});
    r.headers.push_back({"x-amzn-RequestId", "req-" + std::to_string(status)});
    return r;
}

} // namespace hawk::test
