// model::read_file reads botocore's gzipped models (service-2.json.gz) as they are, whole or not
// at all; model::default_service_name names a service after where its model lives.

#include "model/model.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using hawk::codegen::model::default_service_name;
using hawk::codegen::model::model_error;
using hawk::codegen::model::read_file;

namespace {

/// `text` as one gzip member, made with zlib as gzip(1) would.
std::string gzip(const std::string& text) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(text.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    REQUIRE(rc == Z_STREAM_END);
    return out;
}

/// A scratch folder, removed with everything in it.
struct scratch {
    fs::path dir =
        fs::temp_directory_path() / ("hawk-read-file-test-" + std::to_string(::getpid()));
    scratch() { fs::create_directories(dir); }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string write(const std::string& name, const std::string& bytes) const {
        const fs::path path = dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path.string();
    }
};

std::string error_of(const std::string& path) {
    try {
        read_file(path);
    } catch (const model_error& e) {
        return e.what();
    }
    return "no error";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("read_file: a gzipped model reads back byte-identical") {
    const scratch s;
    // A real model (far bigger than one inflate buffer), and every byte value.
    const std::string model =
        read_file(std::string(HAWK_SOURCE_DIR) + "/models/qconnect/2020-10-19/service-2.json");
    REQUIRE(model.size() > 64 * 1024);
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);

    for (const std::string& text : {model, bytes, std::string()}) {
        CAPTURE(text.size());
        CHECK(read_file(s.write("plain.json", text)) == text);
        CHECK(read_file(s.write("service-2.json.gz", gzip(text))) == text);
    }
    // Several members one after another (cat a.gz b.gz) read as gzip -dc reads them: all.
    CHECK(read_file(s.write("two.json.gz", gzip("{\"a\":") + gzip("1}"))) == "{\"a\":1}");
    // Only the name decides: a gzip file not named .gz is read as it is.
    const std::string compressed = gzip(model);
    CHECK(read_file(s.write("service-2.json", compressed)) == compressed);
}

TEST_CASE("read_file: a corrupt .gz is a clear error, never a partial text") {
    const scratch s;
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += "{\"shape\":" + std::to_string(i) + "},";
    const std::string good = gzip(text);
    REQUIRE(good.size() > 100);

    const std::string plain = s.write("plain.json.gz", text);
    CHECK(error_of(plain) == plain + ": not gzip data (the name ends in .gz)");
    const std::string empty = s.write("empty.json.gz", "");
    CHECK(error_of(empty) == empty + ": not gzip data (the name ends in .gz)");

    const std::string truncated = s.write("truncated.json.gz", good.substr(0, good.size() / 2));
    CHECK(error_of(truncated) ==
          truncated + ": truncated gzip data (it ends before the compressed data does)");
    // Only the trailer (CRC-32 and length) missing: every byte of text is there, still an error.
    const std::string no_trailer = s.write("no-trailer.json.gz", good.substr(0, good.size() - 8));
    CHECK(contains(error_of(no_trailer), "truncated gzip data"));

    std::string bad_crc = good;
    bad_crc[bad_crc.size() - 8] ^= 0x55; // the CRC-32 of the text
    const std::string crc = s.write("crc.json.gz", bad_crc);
    CHECK(error_of(crc) == crc + ": corrupt gzip data (incorrect data check)");

    std::string bad_block = good;
    bad_block[10] = '\xff'; // the first deflate block's header: an invalid block type
    const std::string block = s.write("block.json.gz", bad_block);
    CHECK(contains(error_of(block), block + ": corrupt gzip data ("));

    // Damage anywhere: an error naming the file (corrupt or truncated), never a text.
    for (std::size_t at = 10; at < good.size(); at += 7) {
        std::string damaged = good;
        damaged[at] = static_cast<char>(damaged[at] ^ 0xa5);
        CAPTURE(at);
        CHECK_THROWS_AS(read_file(s.write("damaged.json.gz", damaged)), model_error);
    }

    const std::string trailing = s.write("trailing.json.gz", good + "garbage");
    CHECK(error_of(trailing) ==
          trailing + ": corrupt gzip data (7 bytes after the end of the compressed data)");

    const std::string missing = (s.dir / "missing.json.gz").string();
    CHECK(error_of(missing) == missing + ": cannot open");
}

TEST_CASE("default_service_name: botocore's folder, else the serviceId") {
    const std::string secrets =
        R"({"metadata":{"serviceId":"Secrets Manager","protocol":"json"},"shapes":{}})";
    // botocore's layout, gzipped (1.43) or not, anywhere, relative or absolute.
    CHECK(default_service_name("/usr/lib/python3/dist-packages/botocore/data/secretsmanager/"
                               "2017-10-17/service-2.json.gz",
                               secrets) == "secretsmanager");
    CHECK(default_service_name("models/connect/2017-08-08/service-2.json", "{}") == "connect");
    CHECK(default_service_name("data/sso-oidc/2019-06-10/service-2.json", "{}") == "sso-oidc");
    CHECK(default_service_name("x/./secretsmanager/2017-10-17/../2017-10-17/service-2.json",
                               "{}") == "secretsmanager");

    // Not in <service>/<api-version>/: the serviceId without spaces or dashes, in lower case.
    CHECK(default_service_name("/tmp/service-2.json", secrets) == "secretsmanager");
    CHECK(default_service_name("my-models/secrets/service-2.json.gz", secrets) == "secretsmanager");
    CHECK(default_service_name("service-2.json", R"({"metadata":{"serviceId":"EKS Auth"}})") ==
          "eksauth");
    CHECK(default_service_name("latest/service-2.json",
                               R"({"metadata":{"serviceId":"ConnectParticipant"}})") ==
          "connectparticipant");
    CHECK(default_service_name("2017-1-17/service-2.json", secrets) == "secretsmanager");

    auto error = [](const std::string& path, const std::string& text) -> std::string {
        try {
            default_service_name(path, text);
        } catch (const model_error& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error("m/service-2.json", R"({"metadata":{}})") ==
          "m/service-2.json: no metadata.serviceId to name the service by; pass --name");
    CHECK(error("m/service-2.json", R"({"metadata":{"serviceId":" - "}})") ==
          "m/service-2.json: no metadata.serviceId to name the service by; pass --name");
    CHECK(contains(error("m/service-2.json", "{not json"), "m/service-2.json: not valid JSON"));
}
