#include "emulator/server/tls.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/system/system_error.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace hawk::emulator {

namespace {

struct openssl_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    void operator()(X509* p) const noexcept { X509_free(p); }
    void operator()(BIO* p) const noexcept { BIO_free(p); }
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};
template <class T>
using owned = std::unique_ptr<T, openssl_free>;

void check(bool ok, const char* what) {
    if (ok)
        return;
    char text[256] = "";
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    ERR_clear_error();
    throw std::runtime_error(std::string("hawk-emulator: OpenSSL ") + what + " failed: " + text);
}

owned<EVP_PKEY> make_key() {
    owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    check(key != nullptr, "EVP_PKEY_Q_keygen");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    check(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

/// A certificate for `key` named `common_name`, signed by issuer/issuer_key (itself when
/// issuer is null): a CA when `alt_names` is null, else a server certificate for them.
owned<X509> make_certificate(EVP_PKEY* key, const char* common_name, X509* issuer,
                             EVP_PKEY* issuer_key, const char* alt_names) {
    owned<X509> cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509* c = cert.get();
    check(X509_set_version(c, X509_VERSION_3) == 1, "X509_set_version");

    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
    serial[0] &= 0x7f; // positive
    owned<BIGNUM> bn(BN_bin2bn(serial, sizeof serial, nullptr));
    check(bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(c)), "serial number");

    check(X509_gmtime_adj(X509_getm_notBefore(c), -3600) != nullptr, "notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(c), 825L * 24 * 3600) != nullptr, "notAfter");
    check(X509_set_pubkey(c, key) == 1, "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(c);
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                                     0) == 1,
          "subject name");
    X509* signer = issuer ? issuer : c;
    check(X509_set_issuer_name(c, X509_get_subject_name(signer)) == 1, "issuer name");

    add_extension(c, signer, NID_subject_key_identifier, "hash");
    add_extension(c, signer, NID_authority_key_identifier, "keyid:always");
    if (!alt_names) {
        add_extension(c, signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        add_extension(c, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(c, signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(c, signer, NID_key_usage, "critical,digitalSignature");
        add_extension(c, signer, NID_ext_key_usage, "serverAuth");
        add_extension(c, signer, NID_subject_alt_name, alt_names);
    }
    check(X509_sign(c, issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

std::string pem_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string to_pem(X509* cert) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    check(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    return pem_text(bio.get());
}

std::string to_pem(EVP_PKEY* key) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    check(bio &&
              PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
    return pem_text(bio.get());
}

} // namespace

tls_identity make_localhost_identity() {
    const owned<EVP_PKEY> ca_key = make_key();
    const owned<X509> ca =
        make_certificate(ca_key.get(), "hawk-emulator local CA", nullptr, nullptr, nullptr);
    const owned<EVP_PKEY> key = make_key();
    // The names are in the subjectAltName only (clients ignore the common name when it has one).
    const owned<X509> cert = make_certificate(key.get(), "hawk-emulator", ca.get(), ca_key.get(),
                                              "DNS:localhost,IP:127.0.0.1,IP:::1");
    return {to_pem(ca.get()), to_pem(cert.get()), to_pem(key.get())};
}

boost::asio::ssl::context make_server_context(const std::string& cert_pem,
                                              const std::string& key_pem) {
    namespace ssl = boost::asio::ssl;
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    try {
        ctx.use_certificate_chain(boost::asio::buffer(cert_pem));
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("hawk-emulator: the TLS certificate is not usable PEM: " +
                                 e.code().message());
    }
    try {
        ctx.use_private_key(boost::asio::buffer(key_pem), ssl::context::pem);
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error(
            "hawk-emulator: the TLS private key is not usable PEM or does not match the "
            "certificate: " +
            e.code().message());
    }
    return ctx;
}

} // namespace hawk::emulator
