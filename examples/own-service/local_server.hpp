#pragma once

// A local stand-in for AWS Secrets Manager: CreateSecret, GetSecretValue and DeleteSecret on
// secrets kept in memory, served over plain HTTP on 127.0.0.1 (an ephemeral port) from a thread
// of its own. Requests are recognized, read and answered with the service side that hawk_generate()
// made from the same model as the client (hawk/secretsmanager/server/).

#include <memory>
#include <string>

class local_server {
public:
    local_server();  ///< Listening and serving when this returns.
    ~local_server(); ///< Stops serving and joins its thread.
    local_server(const local_server&) = delete;
    local_server& operator=(const local_server&) = delete;

    /// The URL to give a client as its endpoint: http://127.0.0.1:<port>.
    std::string endpoint() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};
