// Errors and retries: a modeled service error told apart by its error code and read from the
// call's diagnostics, and throttling (429 ThrottlingException) retried by the client.
//
//   errors_and_retries ENDPOINT_URL ASSISTANT_ID
//
// qconnect CreateSession calls, signed with the default credentials (AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, or the profile). To see throttling offline, run the emulator with
// `hawk-emulator --throttle-every 2`: it answers every second request with a ThrottlingException.

#include <hawk/core/uuid.hpp>
#include <hawk/qconnect/create_session.hpp>
#include <hawk/qconnect/types/throttling_exception.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <boost/asio/use_future.hpp>
#include <iostream>

namespace asio = boost::asio;
namespace qconnect = hawk::qconnect;

// One CreateSession; `diag` is filled whether it succeeds or not (attempts, status, request id).
boost::system::error_code create_session(hawk::core::client& client, const std::string& assistant,
                                         hawk::core::diagnostics& diag) {
    qconnect::CreateSessionRequest request;
    request.assistant_id = assistant;
    request.name = "retries-" + hawk::core::random_uuid();
    // use_future: a std::future whose get() throws the call's error as a system_error.
    auto session = qconnect::async_create_session(client, request, diag, asio::use_future);
    try {
        session.get();
        return {};
    } catch (const boost::system::system_error& e) {
        return e.code();
    }
}

hawk::core::client_config config_with(const char* endpoint, int max_attempts) {
    hawk::core::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = endpoint;
    // Set in code, this replaces AWS_MAX_ATTEMPTS / AWS_RETRY_MODE and the profile's settings.
    // The mode is AWS's "standard": exponential backoff with full jitter, a retry quota.
    hawk::core::retry_config retry;
    retry.max_attempts = max_attempts; // the first attempt included: 1 means no retries
    retry.throttling_base_delay = std::chrono::milliseconds(100); // 1 s by default
    config.retry = retry;
    return config;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: errors_and_retries ENDPOINT_URL ASSISTANT_ID\n";
        return 2;
    }
    hawk::core::client patient(config_with(argv[1], 5));
    hawk::core::client impatient(config_with(argv[1], 1));

    // 1. A modeled error: an assistant that does not exist. Compare with the service's errc.
    {
        hawk::core::diagnostics diag;
        const auto ec = create_session(patient, "00000000-0000-4000-8000-000000000000", diag);
        if (ec != qconnect::errc::resource_not_found_exception) {
            std::cerr << "expected ResourceNotFoundException, got " << ec.message() << "\n";
            return 1;
        }
        // The modeled members, read from the error's body. Like diag.message, they are the server's
        // text: fine to log, not to trust.
        const auto missing = hawk::core::error_as<qconnect::ResourceNotFoundException>(diag);
        std::cout << "typed error: " << diag.error_code << " (HTTP " << diag.http_status
                  << ", request " << diag.request_id
                  << "): " << (missing ? missing->message.value_or("") : "") << "\n";
    }

    // 2. Throttling is retried (after a jittered delay): the call succeeds, diag.attempts says
    // how many tries it took. An error that is not retryable (as above) is never retried.
    for (int i = 0; i < 2; ++i) {
        hawk::core::diagnostics diag;
        if (const auto ec = create_session(patient, argv[2], diag)) {
            std::cerr << "CreateSession failed: " << ec.message() << "\n";
            return 1;
        }
        std::cout << "session created after " << diag.attempts << " attempt(s)\n";
    }

    // 3. Without retries the throttling error reaches the caller, as errc::throttling_exception.
    // (With --throttle-every 2, one of two calls in a row is throttled.)
    for (int i = 0; i < 2; ++i) {
        hawk::core::diagnostics diag;
        const auto ec = create_session(impatient, argv[2], diag);
        if (ec == qconnect::errc::throttling_exception) {
            const auto throttled = hawk::core::error_as<qconnect::ThrottlingException>(diag);
            std::cout << "without retries: " << diag.error_code << " after " << diag.attempts
                      << " attempt: " << (throttled ? throttled->message.value_or("") : "") << "\n";
            return 0;
        }
        if (ec) {
            std::cerr << "CreateSession failed: " << ec.message() << "\n";
            return 1;
        }
    }
    std::cout << "without retries: never throttled\n";
    return 0;
}
