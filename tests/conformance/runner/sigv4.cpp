// The AWS SigV4 test suite: each leaf folder NAME holds NAME.req (the request), NAME.creq,
// NAME.sts and NAME.authz (the expected canonical request, string to sign and Authorization)
// and NAME.sreq (the signed request).

#include "suites.hpp"

#include <hawk/core/auth/sigv4.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::conformance {

namespace {

namespace auth = core::auth;
namespace http = core::http;
namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    return text;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// A raw HTTP/1.1 request as the suite writes it: the request target may hold spaces (get-space),
// header lines may be folded (obs-fold, joined with one space) or repeated, the body follows
// the first empty line.
bool parse_raw_request(const std::string& text, http::request& req, std::string& error) {
    const std::size_t head_end = text.find("\n\n");
    const std::string_view head =
        std::string_view(text).substr(0, head_end == std::string::npos ? text.size() : head_end);
    req.body = head_end == std::string::npos ? std::string() : text.substr(head_end + 2);

    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos <= head.size();) {
        std::size_t end = head.find('\n', pos);
        if (end == std::string_view::npos)
            end = head.size();
        lines.push_back(head.substr(pos, end - pos));
        pos = end + 1;
    }
    const std::string_view request_line = lines.at(0);
    const std::size_t first_space = request_line.find(' ');
    const std::size_t last_space = request_line.rfind(' ');
    if (first_space == std::string_view::npos || last_space <= first_space) {
        error = "malformed request line: " + std::string(request_line);
        return false;
    }
    req.method = std::string(request_line.substr(0, first_space));
    const std::string_view target =
        request_line.substr(first_space + 1, last_space - first_space - 1);
    const std::size_t question = target.find('?');
    req.path = std::string(target.substr(0, question));
    req.query = question == std::string_view::npos ? std::string()
                                                   : std::string(target.substr(question + 1));

    req.headers.clear();
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty())
            continue;
        if ((line.front() == ' ' || line.front() == '\t') && !req.headers.empty()) {
            req.headers.back().value += ' ';
            req.headers.back().value += trim(line);
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            error = "malformed header line: " + std::string(line);
            return false;
        }
        req.headers.push_back(
            {std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
    }
    if (const std::string* host = req.find_header("Host"))
        req.host = *host;
    return true;
}

std::vector<std::pair<std::string, std::string>> header_set(const http::request& req,
                                                            std::string_view except) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const http::header& h : req.headers) {
        if (http::detail::iequals(h.name, except))
            continue;
        std::string name = h.name;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out.emplace_back(std::move(name), h.value);
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Why `actual` differs from `expected`, naming the first differing line.
std::string difference(std::string_view what, const std::string& expected,
                       const std::string& actual) {
    std::size_t line = 1, i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i])
        line += expected[i++] == '\n' ? 1 : 0;
    return std::string(what) + " differs at line " + std::to_string(line) + ": expected \"" +
           expected + "\", got \"" + actual + "\"";
}

std::string check_case(const fs::path& dir) {
    const fs::path base = dir / dir.filename();
    for (const char* ext : {".req", ".creq", ".sts", ".authz", ".sreq"})
        if (!fs::exists(fs::path(base).concat(ext)))
            return std::string("missing ") + dir.filename().string() + ext;
    std::string error;
    http::request req, sreq;
    if (!parse_raw_request(read_text(fs::path(base).concat(".req")), req, error))
        return ".req: " + error;
    if (!parse_raw_request(read_text(fs::path(base).concat(".sreq")), sreq, error))
        return ".sreq: " + error;
    const std::string creq = read_text(fs::path(base).concat(".creq"));
    const std::string sts = read_text(fs::path(base).concat(".sts"));
    const std::string authz = read_text(fs::path(base).concat(".authz"));

    // The suite's parameters (its README): fixed keys, us-east-1, service "service", and
    // 2015-08-30T12:36:00Z. The session token is the one the signed request carries; the
    // expected canonical request says whether it was signed (post-sts-header-after adds it after
    // signing).
    const std::string* token = sreq.find_header("X-Amz-Security-Token");
    const auth::credentials creds{"AKIDEXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                  token ? *token : std::string(),
                                  {}};
    auth::signing_params params{
        "us-east-1", "service",
        std::chrono::system_clock::time_point(std::chrono::seconds(1440938160))};
    params.sign_session_token = creq.find("\nx-amz-security-token:") != std::string::npos;

    auth::signing_key_cache cache;
    const auth::signature_parts parts = auth::compute_signature(req, creds, params, &cache);
    if (parts.canonical_request != creq)
        return difference("canonical request", creq, parts.canonical_request);
    if (parts.string_to_sign != sts)
        return difference("string to sign", sts, parts.string_to_sign);
    if (parts.authorization != authz)
        return difference("Authorization", authz, parts.authorization);

    // sign() makes the .sreq: the same request with the .authz's Authorization. (Some .sreq
    // files of the suite carry a stale Authorization; the .authz is the reference.)
    http::request signed_req = req;
    auth::sign(signed_req, creds, params, &cache);
    const std::string* authorization = signed_req.find_header("Authorization");
    if (!authorization || *authorization != authz)
        return "sign() set Authorization \"" + (authorization ? *authorization : "") + "\"";
    if (header_set(signed_req, "Authorization") != header_set(sreq, "Authorization"))
        return "the signed request's headers differ from the .sreq's";
    if (signed_req.method != sreq.method || signed_req.path != sreq.path ||
        signed_req.query != sreq.query || signed_req.body != sreq.body)
        return "the signed request's method, path, query or body differ from the .sreq's";
    return {};
}

} // namespace

void run_sigv4(const std::string& dir, report& out) {
    const fs::path root(dir);
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        out.fail(dir, "(file)", "not a folder");
        return;
    }
    // Leaf folders (no subfolder) are the cases; each holds NAME.req etc. named after it.
    std::vector<fs::path> cases;
    const auto is_leaf = [](const fs::path& p) {
        for (const auto& child : fs::directory_iterator(p))
            if (child.is_directory())
                return false;
        return true;
    };
    if (is_leaf(root))
        cases.push_back(root); // DIR is one case
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_directory() && is_leaf(entry.path()))
            cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    if (cases.empty())
        return out.fail(dir, "(file)", "no test cases (folders with NAME.req) under it");
    for (const fs::path& c : cases) {
        const std::string name = c == root ? fs::weakly_canonical(root).filename().string()
                                           : fs::relative(c, root).generic_string();
        std::string why;
        try {
            why = check_case(c);
        } catch (const std::exception& e) {
            why = std::string("exception: ") + e.what();
        }
        if (why.empty())
            out.pass(dir, name);
        else
            out.fail(dir, name, why);
    }
}

} // namespace hawk::conformance
