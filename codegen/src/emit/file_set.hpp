#pragma once

#include <map>
#include <string>
#include <vector>

namespace hawk::codegen::emit {

/// The files of one generator run, by path relative to the output root. Written in one go:
/// files whose content is unchanged are not touched (so builds do not redo work), and files in
/// the owned folders that this run did not produce are deleted (so a removed shape leaves no
/// stale header behind).
class file_set {
public:
    void add(std::string path, std::string content);
    /// Marks a folder (relative to the root) as entirely generated.
    void own(std::string folder);

    struct summary {
        std::vector<std::string> written;
        std::vector<std::string> deleted;
        std::size_t unchanged = 0;
    };
    /// Writes under `root`. With `dry_run`, only reports what would change.
    summary write(const std::string& root, bool dry_run) const;

    const std::map<std::string, std::string>& files() const { return files_; }

private:
    std::map<std::string, std::string> files_;
    std::vector<std::string> owned_;
};

} // namespace hawk::codegen::emit
