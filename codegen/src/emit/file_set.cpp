#include "emit/file_set.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace hawk::codegen::emit {

namespace fs = std::filesystem;

void file_set::add(std::string path, std::string content) {
    if (!files_.emplace(path, std::move(content)).second)
        throw std::logic_error("generated twice: " + path);
}

void file_set::own(std::string folder) {
    owned_.push_back(std::move(folder));
}

file_set::summary file_set::write(const std::string& root, bool dry_run) const {
    summary result;
    for (const auto& [path, content] : files_) {
        const fs::path target = fs::path(root) / path;
        {
            std::ifstream in(target, std::ios::binary);
            if (in) {
                const std::string existing((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
                if (existing == content) {
                    ++result.unchanged;
                    continue;
                }
            }
        }
        result.written.push_back(path);
        if (dry_run)
            continue;
        fs::create_directories(target.parent_path());
        // Write then rename, so an interrupted run never leaves a half-written header.
        const fs::path temp = target.string() + ".tmp";
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            out.write(content.data(), static_cast<std::streamsize>(content.size()));
            if (!out)
                throw std::runtime_error("cannot write " + temp.string());
        }
        fs::rename(temp, target);
    }
    for (const std::string& folder : owned_) {
        const fs::path dir = fs::path(root) / folder;
        if (!fs::exists(dir))
            continue;
        std::vector<fs::path> stale;
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
            if (!entry.is_regular_file())
                continue;
            const std::string rel = fs::relative(entry.path(), root).generic_string();
            if (!files_.count(rel))
                stale.push_back(entry.path());
        }
        std::sort(stale.begin(), stale.end());
        for (const fs::path& p : stale) {
            result.deleted.push_back(fs::relative(p, root).generic_string());
            if (!dry_run)
                fs::remove(p);
        }
    }
    return result;
}

} // namespace hawk::codegen::emit
