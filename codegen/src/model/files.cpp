// Reading model files (plain or gzipped, as botocore ships them) and naming a service after
// where its model lives.

#include "model/model.hpp"

#include <boost/json/parse.hpp>

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace hawk::codegen::model {

namespace {

/// More than any model (botocore's largest is tens of MB): past this, the file is not one.
constexpr std::size_t max_gunzipped = std::size_t{1} << 30;

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool gzip_magic_at(const std::string& data, std::size_t at) {
    return data.size() >= at + 2 && static_cast<unsigned char>(data[at]) == 0x1f &&
           static_cast<unsigned char>(data[at + 1]) == 0x8b;
}

/// All of `data`'s gzip members, one after another (as `gzip -dc` does), or a model_error.
std::string gunzip(const std::string& path, const std::string& data) {
    if (!gzip_magic_at(data, 0))
        throw model_error(path + ": not gzip data (the name ends in .gz)");
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) // 16: a gzip header and trailer, not zlib's
        throw model_error(path + ": cannot start decompressing (zlib)");
    struct end_stream {
        z_stream& zs;
        ~end_stream() { inflateEnd(&zs); }
    } end{zs};

    std::string out;
    std::size_t fed = 0; // bytes of `data` handed to zlib so far
    char buffer[64 * 1024];
    for (;;) {
        if (zs.avail_in == 0 && fed < data.size()) {
            const std::size_t chunk =
                std::min<std::size_t>(data.size() - fed, std::numeric_limits<uInt>::max());
            zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
            zs.avail_in = static_cast<uInt>(chunk);
            fed += chunk;
        }
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - zs.avail_out);
        if (out.size() > max_gunzipped)
            throw model_error(path + ": decompresses to more than 1 GiB; not a service model");
        if (rc == Z_STREAM_END) {
            const std::size_t consumed = fed - zs.avail_in;
            if (consumed == data.size())
                return out;
            // Another member follows (`cat a.gz b.gz`); anything else is not gzip data.
            if (!gzip_magic_at(data, consumed))
                throw model_error(path + ": corrupt gzip data (" +
                                  std::to_string(data.size() - consumed) +
                                  " bytes after the end of the compressed data)");
            inflateReset(&zs);
            continue;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && fed == data.size())
            throw model_error(path + ": truncated gzip data (it ends before the compressed data "
                                     "does)");
        throw model_error(path + ": corrupt gzip data (" +
                          (zs.msg ? std::string(zs.msg) : std::string(zError(rc))) + ")");
    }
}

bool is_date(const std::string& s) { // 2017-10-17: botocore's <api-version> folders
    if (s.size() != 10)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i == 4 || i == 7 ? s[i] != '-' : !std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return true;
}

} // namespace

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw model_error(path + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw model_error(path + ": read error");
    if (ends_with(path, ".gz"))
        return gunzip(path, text.str());
    return text.str();
}

std::string default_service_name(const std::string& model_file, const std::string& json_text) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::absolute(model_file).lexically_normal().parent_path();
    if (is_date(dir.filename().string()) && !dir.parent_path().filename().empty())
        return dir.parent_path().filename().string();

    std::string name;
    boost::system::error_code ec;
    const boost::json::value model = boost::json::parse(json_text, ec);
    if (ec)
        throw model_error(model_file + ": not valid JSON: " + ec.message());
    if (model.is_object())
        if (const auto* metadata = model.as_object().if_contains("metadata");
            metadata && metadata->is_object())
            if (const auto* id = metadata->as_object().if_contains("serviceId");
                id && id->is_string())
                for (char c : id->as_string())
                    if (std::isalnum(static_cast<unsigned char>(c)))
                        name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.empty())
        throw model_error(model_file +
                          ": no metadata.serviceId to name the service by; pass --name");
    return name;
}

} // namespace hawk::codegen::model
