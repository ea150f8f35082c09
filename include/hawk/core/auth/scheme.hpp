#pragma once

namespace hawk::core {

/// How an operation's requests are authorized (generated into each operation's traits).
enum class auth_scheme {
    sigv4, ///< AWS Signature Version 4 with the client's credentials
    none,  ///< not signed: the request carries its own token (e.g. X-Amz-Bearer); no credentials
           ///< needed
};

} // namespace hawk::core
