#pragma once

// Checks the SigV4 signature of a request the emulator received, the way AWS does: the
// credential scope, the time, and the signature recomputed with hawk's own signer from the
// headers the request says it signed. Failures are the errors AWS answers with
// (MissingAuthenticationTokenException, IncompleteSignatureException,
// UnrecognizedClientException, InvalidSignatureException).

#include "emulator/chat/world.hpp"

#include <hawk/core/auth/credentials.hpp>
#include <hawk/core/http/message.hpp>

#include <chrono>
#include <string_view>
#include <vector>

namespace hawk::emulator {

struct sigv4_verifier {
    /// The credentials the emulator accepts (its "IAM users").
    std::vector<core::auth::credentials> accepted;
    /// How far X-Amz-Date may be from the emulator's clock (AWS allows 15 minutes).
    std::chrono::minutes max_skew{15};

    /// Throws api_error unless `req` is signed for `signing_name` by one of `accepted`.
    void verify(const core::http::request& req, std::string_view signing_name, timestamp now) const;
};

} // namespace hawk::emulator
