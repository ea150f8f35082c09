#pragma once

// AWS credentials, as a signer uses them. Where they come from is in credentials_provider.hpp;
// this header stays light so that the signer can include it.

#include <hawk/core/config.hpp>

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>

namespace hawk::core::auth {

struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; ///< empty when none
    std::optional<std::chrono::system_clock::time_point> expiration;
};

/// For logs: `credentials{access_key_id: "AKID", secret_access_key: *** Sensitive Data Redacted
/// ***, session_token: *** Sensitive Data Redacted ***, expiration: "2030-01-01T00:00:00Z"}`.
/// The secret and the token never appear (an empty one shows as "", which reveals nothing).
HAWK_DECL std::string redacted(const credentials& creds);

/// Writes redacted(creds), so that streaming credentials (or a test framework printing them)
/// cannot leak the secret.
HAWK_DECL std::ostream& operator<<(std::ostream& os, const credentials& creds);

} // namespace hawk::core::auth

#define HAWK_CORE_AUTH_CREDENTIALS_DECLARED

#ifdef HAWK_HEADER_ONLY
#include <hawk/core/impl/credentials.ipp>
#endif
