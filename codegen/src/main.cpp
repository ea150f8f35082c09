// hawk-gen: AWS service models (botocore JSON) -> header-only C++.
//
//   hawk-gen --out DIR MODEL_DIR...          MODEL_DIR = models/<service>/<api-version>
//   hawk-gen --out DIR --model FILE [--rules FILE] [--name SERVICE] [--customizations FILE]
//            [--paginators FILE] [--waiters FILE]
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
    std::cerr
        << "usage: hawk-gen --out DIR [--check] [--quiet] [--no-server] MODEL_DIR...\n"
           "       hawk-gen --out DIR [--check] [--quiet] [--no-server] --model service-2.json\n"
           "                [--rules endpoint-rule-set-1.json] [--name SERVICE]\n"
           "                [--customizations FILE] [--paginators FILE] [--waiters FILE]\n"
           "MODEL_DIR is models/<service>/<api-version>; code goes to DIR/hawk/<service>/.\n"
           "Files ending in .gz (as botocore ships them) are read gunzipped.\n"
           "  --model      one service-2.json[.gz] from anywhere (botocore's data, your own)\n"
           "  --rules      its endpoint rules (default: endpoint-rule-set-1.json[.gz] beside it)\n"
           "  --name       the C++ namespace and folder (default: the model's folder name\n"
           "               when it sits in <service>/<api-version>/, else its serviceId\n"
           "               in lower case without spaces or dashes)\n"
           "  --customizations  facts the model misses (models/customizations.json format)\n"
           "  --paginators its paginators-1.json[.gz] (MODEL_DIR: the one in it, if any)\n"
           "  --waiters    its waiters-2.json[.gz] (MODEL_DIR: the one in it, if any)\n"
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
    std::string rules;          ///< endpoint-rule-set-1.json; empty: the one beside the model
    std::string paginators;     ///< paginators-1.json; empty: none
    std::string waiters;        ///< waiters-2.json; empty: none
};

/// `dir/name` as botocore ships it, plain or gzipped (`name.gz`); empty if neither exists.
std::string botocore_file(const std::filesystem::path& dir, const std::string& name) {
    for (const std::string& candidate : {name, name + ".gz"})
        if (std::filesystem::exists(dir / candidate))
            return (dir / candidate).generic_string();
    return {};
}

} // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    using namespace hawk::codegen;

    std::string out_dir;
    bool check = false;
    bool quiet = false;
    gen::generate_options options;
    std::string model_file;
    std::string rules_file;
    std::string name;
    std::string customizations_file;
    std::string paginators_file;
    std::string waiters_file;
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
            else if (arg == "--rules")
                rules_file = value();
            else if (arg == "--name")
                name = value();
            else if (arg == "--customizations")
                customizations_file = value();
            else if (arg == "--paginators")
                paginators_file = value();
            else if (arg == "--waiters")
                waiters_file = value();
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
                std::string model = botocore_file(clean, "service-2.json");
                if (model.empty()) // read_file says it is missing
                    model = (clean / "service-2.json").generic_string();
                inputs.push_back({model, clean.parent_path().filename().string(),
                                  fs::exists(custom) ? custom.generic_string() : std::string(),
                                  std::string(), botocore_file(clean, "paginators-1.json"),
                                  botocore_file(clean, "waiters-2.json")});
            }
        } catch (const std::invalid_argument& e) {
            std::cerr << "hawk-gen: " << e.what() << "\n";
            return usage();
        }
    }
    if (!model_file.empty())
        inputs.push_back(
            {model_file, name, customizations_file, rules_file, paginators_file, waiters_file});
    else if (!rules_file.empty() || !name.empty() || !customizations_file.empty() ||
             !paginators_file.empty() || !waiters_file.empty())
        return std::cerr << "hawk-gen: --rules, --name, --customizations, --paginators and "
                            "--waiters go with --model\n",
               usage();
    if (out_dir.empty() || inputs.empty())
        return usage();

    const auto start = std::chrono::steady_clock::now();
    emit::file_set files;
    try {
        for (const input& in : inputs) {
            const std::string text = model::read_file(in.model_file);
            const std::string service =
                in.service.empty() ? model::default_service_name(in.model_file, text) : in.service;
            model::service svc = model::load_service(text, in.model_file, service);
            // --rules, else the rules beside the model; without either, callers set an endpoint.
            const std::string rules = in.rules.empty()
                                          ? botocore_file(fs::path(in.model_file).parent_path(),
                                                          "endpoint-rule-set-1.json")
                                          : in.rules;
            if (!rules.empty())
                svc.endpoint_rules = model::read_file(rules);
            // Before the customizations, whose paginators and waiters replace the files'.
            if (!in.paginators.empty())
                model::load_paginators(svc, model::read_file(in.paginators), in.paginators);
            if (!in.waiters.empty())
                model::load_waiters(svc, model::read_file(in.waiters), in.waiters);
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
