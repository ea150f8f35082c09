#pragma once

// TLS for hawk-emulator: a throw-away certificate authority and a certificate it signs for this
// machine (made in memory with OpenSSL 3), and the server's TLS context.

#include <boost/asio/ssl/context.hpp>

#include <string>

namespace hawk::emulator {

/// A certificate authority and a server certificate it signed, all PEM.
struct tls_identity {
    std::string ca_pem;   ///< the CA's certificate: what clients trust (their CA-file setting)
    std::string cert_pem; ///< the server's certificate
    std::string key_pem;  ///< the server's private key (unencrypted PKCS#8)
};

/// A fresh CA and a server certificate signed by it for DNS:localhost, IP:127.0.0.1 and IP:::1:
/// EC P-256 keys, SHA-256 signatures, random serial numbers, valid from an hour ago (a skewed
/// clock must not matter) for 825 days.
/// @throws std::runtime_error naming the OpenSSL call that failed.
tls_identity make_localhost_identity();

/// A TLS server context (TLS 1.2 and later) serving `cert_pem` (the certificate, optionally
/// followed by its chain) with `key_pem`.
/// @throws std::runtime_error when either does not parse or the key does not match.
boost::asio::ssl::context make_server_context(const std::string& cert_pem,
                                              const std::string& key_pem);

} // namespace hawk::emulator
