// hawk-gen: AWS service models (botocore JSON) -> header-only C++.
//
//   hawk-gen --out DIR MODEL_DIR...          MODEL_DIR = models/<service>/<api-version>
//   hawk-gen --out DIR --model FILE --name SERVICE
//   --check      write nothing; exit 1 if any file would change (the committed output is stale)
//   --no-server  skip the service side (hawk/<service>/server/), which emulators use

#include "emit/file_set.hpp"
#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

int usage() {
    std::cerr << "usage: hawk-gen --out DIR [--check] [--quiet] [--no-server] MODEL_DIR...\n"
                 "       hawk-gen --out DIR [--check] [--no-server] --model service-2.json "
                 "--name SERVICE [--customizations FILE]\n"
                 "MODEL_DIR is models/<service>/<api-version>; code goes to DIR/hawk/<service>/.\n"
                 "  --check      write nothing; exit 1 if any file would change\n"
                 "  --quiet      no summary line\n"
                 "  --no-server  skip the service side (DIR/hawk/<service>/server/: request\n"
                 "               parsing and response writing for emulators); made by default\n";
    return 2;
}

struct input {
    std::string model_file;
    std::string service;
    std::string customizations; ///< models/customizations.json, when the model lives in models/
};

} // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    using namespace hawk::codegen;

    std::string out_dir;
    bool check = false;
    bool quiet = false;
    gen::generate_options options;
    std::string model_file;
    std::string name;
    std::string customizations_file;
    std::vector<input> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        try {
            if (arg == "--out")
                out_dir = value();
            else if (arg == "--check")
                check = true;
            else if (arg == "--quiet")
                quiet = true;
            else if (arg == "--no-server")
                options.server = false;
            else if (arg == "--model")
                model_file = value();
            else if (arg == "--name")
                name = value();
            else if (arg == "--customizations")
                customizations_file = value();
            else if (arg == "--help" || arg == "-h")
                return usage(), 0;
            else if (!arg.empty() && arg[0] == '-')
                return std::cerr << "hawk-gen: unknown option " << arg << "\n", usage();
            else {
                // models/<service>/<api-version>: the service is the parent folder's name.
                const fs::path dir = fs::path(arg).lexically_normal();
                const fs::path clean = dir.has_filename() ? dir : dir.parent_path();
                // Customizations live beside the service folders: models/customizations.json.
                const fs::path custom = clean.parent_path().parent_path() / "customizations.json";
                inputs.push_back({(clean / "service-2.json").generic_string(),
                                  clean.parent_path().filename().string(),
                                  fs::exists(custom) ? custom.generic_string() : std::string()});
            }
        } catch (const std::invalid_argument& e) {
            std::cerr << "hawk-gen: " << e.what() << "\n";
            return usage();
        }
    }
    if (!model_file.empty()) {
        if (name.empty())
            return std::cerr << "hawk-gen: --model needs --name\n", usage();
        inputs.push_back({model_file, name, customizations_file});
    }
    if (out_dir.empty() || inputs.empty())
        return usage();

    const auto start = std::chrono::steady_clock::now();
    emit::file_set files;
    try {
        for (const input& in : inputs) {
            model::service svc =
                model::load_service(model::read_file(in.model_file), in.model_file, in.service);
            const fs::path rules =
                fs::path(in.model_file).parent_path() / "endpoint-rule-set-1.json";
            if (fs::exists(rules))
                svc.endpoint_rules = model::read_file(rules.generic_string());
            if (!in.customizations.empty())
                model::apply_customizations(svc, model::read_file(in.customizations),
                                            in.customizations);
            gen::generate_service(svc, files, options);
        }
    } catch (const model::model_error& e) {
        std::cerr << "hawk-gen: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "hawk-gen: internal error: " << e.what() << "\n";
        return 3;
    }

    emit::file_set::summary summary;
    try {
        summary = files.write(out_dir, check);
    } catch (const std::exception& e) {
        std::cerr << "hawk-gen: error: " << e.what() << "\n";
        return 1;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    if (check) {
        for (const std::string& f : summary.written)
            std::cerr << "stale: " << f << "\n";
        for (const std::string& f : summary.deleted)
            std::cerr << "not generated any more: " << f << "\n";
        if (!summary.written.empty() || !summary.deleted.empty()) {
            std::cerr << "hawk-gen: the generated code under " << out_dir
                      << " is not what the models and the generator produce; regenerate it\n";
            return 1;
        }
    }
    if (!quiet)
        std::cout << "hawk-gen: " << files.files().size() << " files (" << summary.written.size()
                  << " written, " << summary.deleted.size() << " deleted, " << summary.unchanged
                  << " unchanged) in " << ms << " ms\n";
    return 0;
}
