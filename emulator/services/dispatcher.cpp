#include "emulator/services/dispatcher.hpp"

namespace hawk::emulator {

core::http::response dispatcher::handle(const core::http::request& http) const {
    for (const route& r : routes_)
        if (r.matches(http))
            return r.run(http);
    return core::server::error_response(404, "UnknownOperationException",
                                        "hawk-emulator does not implement " + http.method + " " +
                                            http.path);
}

std::string dispatcher::caller(const core::http::request& http) {
    // SigV4 callers by access key; Participant Service callers by their bearer token.
    if (const std::string* bearer = http.find_header("X-Amz-Bearer"))
        return "bearer " + *bearer;
    if (const std::string* authorization = http.find_header("Authorization")) {
        const std::size_t at = authorization->find("Credential=");
        if (at != std::string::npos)
            return "key " + authorization->substr(at + 11, authorization->find('/', at) - at - 11);
    }
    return "anonymous";
}

} // namespace hawk::emulator
