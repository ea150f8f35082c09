#include "emulator/services/sigv4_verifier.hpp"

#include <hawk/core/auth/sigv4.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <map>

namespace hawk::emulator {

namespace {

api_error incomplete(const std::string& why) {
    return api_error("IncompleteSignatureException", why, 400);
}

api_error invalid(const std::string& why) {
    return api_error("InvalidSignatureException", why, 403);
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b,
/// Signature=hex" as its three named parts.
std::map<std::string, std::string> parse_authorization(std::string_view value) {
    constexpr std::string_view algorithm = "AWS4-HMAC-SHA256 ";
    if (value.substr(0, algorithm.size()) != algorithm)
        throw incomplete("Authorization header must use AWS4-HMAC-SHA256.");
    std::map<std::string, std::string> parts;
    std::string_view rest = value.substr(algorithm.size());
    while (!rest.empty()) {
        const std::size_t comma = std::min(rest.find(','), rest.size());
        std::string_view item = rest.substr(0, comma);
        rest.remove_prefix(std::min(comma + 1, rest.size()));
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos)
            throw incomplete("Authorization header is malformed: '" + std::string(item) + "'.");
        parts[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    }
    for (const char* name : {"Credential", "SignedHeaders", "Signature"})
        if (!parts.count(name))
            throw incomplete(std::string("Authorization header requires '") + name +
                             "' parameter.");
    return parts;
}

/// X-Amz-Date ("20150830T123600Z").
std::optional<timestamp> parse_amz_date(std::string_view text) {
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    const std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                            "-" + std::string(text.substr(6, 2)) + "T" +
                            std::string(text.substr(9, 2)) + ":" + std::string(text.substr(11, 2)) +
                            ":" + std::string(text.substr(13, 2)) + "Z";
    return core::parse_iso8601(iso);
}

} // namespace

void sigv4_verifier::verify(const core::http::request& req, std::string_view signing_name,
                            timestamp now) const {
    const std::string* authorization = req.find_header("Authorization");
    if (!authorization)
        throw api_error("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    const std::map<std::string, std::string> parts = parse_authorization(*authorization);

    // Credential=AKID/DATE/REGION/SERVICE/aws4_request
    std::vector<std::string> scope;
    for (std::size_t pos = 0;;) {
        const std::size_t slash = parts.at("Credential").find('/', pos);
        scope.push_back(parts.at("Credential").substr(pos, slash - pos));
        if (slash == std::string::npos)
            break;
        pos = slash + 1;
    }
    if (scope.size() != 5 || scope[4] != "aws4_request")
        throw incomplete("Credential must be AKID/date/region/service/aws4_request.");
    const auto creds = std::find_if(accepted.begin(), accepted.end(),
                                    [&](const auto& c) { return c.access_key_id == scope[0]; });
    if (creds == accepted.end())
        throw api_error("UnrecognizedClientException",
                        "The security token included in the request is invalid.", 403);
    if (scope[3] != signing_name)
        throw invalid("Credential should be scoped to correct service: '" +
                      std::string(signing_name) + "'.");

    const std::string* amz_date = req.find_header("X-Amz-Date");
    if (!amz_date)
        throw incomplete("Authorization requires an X-Amz-Date header.");
    const std::optional<timestamp> signed_at = parse_amz_date(*amz_date);
    if (!signed_at)
        throw incomplete("X-Amz-Date must be YYYYMMDD'T'HHMMSS'Z'.");
    if (amz_date->substr(0, 8) != scope[1])
        throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                      "date from HTTP: '" +
                      scope[1] + "' != '" + amz_date->substr(0, 8) + "'.");
    if (*signed_at + max_skew < now || *signed_at - max_skew > now)
        throw invalid(
            "Signature expired: " + *amz_date + " is not within " +
            std::to_string(max_skew.count()) + " minutes of the server's time " +
            core::format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(now)) + ".");
    if (!creds->session_token.empty()) {
        const std::string* token = req.find_header("X-Amz-Security-Token");
        if (!token || *token != creds->session_token)
            throw api_error("UnrecognizedClientException",
                            "The security token included in the request is invalid.", 403);
    }

    // The request as the client signed it: only the headers it lists as signed.
    std::vector<std::string> signed_names;
    const std::string& list = parts.at("SignedHeaders");
    for (std::size_t pos = 0; pos <= list.size();) {
        const std::size_t semi = std::min(list.find(';', pos), list.size());
        signed_names.push_back(list.substr(pos, semi - pos));
        pos = semi + 1;
    }
    if (std::find(signed_names.begin(), signed_names.end(), "host") == signed_names.end())
        throw invalid("'Host' must be a signed header.");
    core::http::request canonical;
    canonical.method = req.method;
    canonical.path = req.path;
    canonical.query = req.query;
    canonical.body = req.body;
    for (const core::http::header& h : req.headers) {
        const std::string name = lowercase(h.name);
        if (name != "authorization" && name != "x-amz-date" &&
            std::find(signed_names.begin(), signed_names.end(), name) != signed_names.end())
            canonical.headers.push_back(h);
    }
    core::auth::credentials signer = *creds;
    signer.session_token.clear(); // it is among the headers when it was signed
    core::auth::signing_params params;
    params.region = scope[2];
    params.service = scope[3];
    params.time = *signed_at;
    const core::auth::signature_parts expected =
        core::auth::compute_signature(canonical, signer, params);
    const std::string& given = parts.at("Signature");
    if (given.size() != expected.signature.size() ||
        CRYPTO_memcmp(given.data(), expected.signature.data(), given.size()) != 0 ||
        expected.signed_headers != list)
        throw invalid("The request signature we calculated does not match the signature you "
                      "provided. Check your AWS Secret Access Key and signing method.");
}

} // namespace hawk::emulator
