#pragma once

// Request checksums the models require (httpChecksumRequired): Content-MD5 of the body.

#include <hawk/core/base64.hpp>
#include <hawk/core/http/message.hpp>

#include <openssl/evp.h>

#include <string>

namespace hawk::core {

/// Sets `Content-MD5` to the base64 MD5 digest of the body (RFC 1864).
inline void add_content_md5(http::request& req) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(req.body.data(), req.body.size(), digest, &size, EVP_md5(), nullptr);
    req.set_header("Content-MD5",
                   base64_encode(std::string_view(reinterpret_cast<const char*>(digest), size)));
}

} // namespace hawk::core
