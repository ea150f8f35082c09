// Protocol test files: every suite's mini-model goes through the real generator into
// <build>/conformance/protocol/<file>-<hash>/include; one driver program per file is compiled
// from the generated code (a small CMake project, so rebuilds are incremental and parallel) and
// runs the cases (harness/harness.cpp). A suite that does not generate or compile fails all of
// its cases with the reason; the other suites still run.

#include "suites.hpp"

#include "emit/file_set.hpp"
#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace hawk::conformance {

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string str(json::string_view s) {
    return std::string(s.data(), s.size());
}

std::string hex64(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4)
        out[static_cast<std::size_t>(i)] = digits[v & 15];
    return out;
}

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;
    for (const unsigned char c : text)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

/// Runs a shell command; its combined output goes to `log`. Returns the exit status.
int run(const std::string& command, std::string& log) {
    log.clear();
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return -1;
    std::array<char, 4096> buffer;
    while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
        log.append(buffer.data(), n);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// A suite's mini-model as a botocore service model: its metadata, its shapes, and the
/// operations its cases are about (each case gives the whole operation).
json::object service_model(const json::object& suite, std::size_t index) {
    json::object metadata;
    if (const json::value* m = suite.if_contains("metadata"); m && m->is_object())
        metadata = m->get_object();
    const std::string name = "Suite" + std::to_string(index);
    const auto set_default = [&](std::string_view key, std::string value) {
        if (!metadata.contains(key))
            metadata[key] = json::string(value);
    };
    set_default("apiVersion", "2020-01-01");
    set_default("endpointPrefix", "suite" + std::to_string(index));
    set_default("serviceId", name);
    set_default("serviceFullName", name);
    set_default("signatureVersion", "v4");
    set_default("uid", "suite" + std::to_string(index) + "-2020-01-01");

    json::object operations;
    if (const json::value* cases = suite.if_contains("cases"); cases && cases->is_array())
        for (const json::value& c : cases->get_array())
            if (const json::value* given =
                    c.is_object() ? c.get_object().if_contains("given") : nullptr;
                given && given->is_object())
                if (const json::value* n = given->get_object().if_contains("name");
                    n && n->is_string())
                    if (!operations.contains(n->get_string()))
                        operations[n->get_string()] = *given;
    json::object model;
    model["version"] = "2.0";
    model["metadata"] = std::move(metadata);
    model["operations"] = std::move(operations);
    if (const json::value* shapes = suite.if_contains("shapes"))
        model["shapes"] = *shapes;
    else
        model["shapes"] = json::object();
    return model;
}

std::string case_name(const json::object& suite, const json::value& c, std::size_t i) {
    if (c.is_object())
        if (const json::value* id = c.get_object().if_contains("id"); id && id->is_string())
            return str(id->get_string());
    std::string description;
    if (const json::value* d = suite.if_contains("description"); d && d->is_string())
        description = str(d->get_string());
    return description + "#" + std::to_string(i);
}

void fail_suite(const std::string& file, const json::object& suite, const std::string& why,
                report& out) {
    if (const json::value* cases = suite.if_contains("cases"); cases && cases->is_array())
        for (std::size_t i = 0; i < cases->get_array().size(); ++i)
            out.fail(file, case_name(suite, cases->get_array()[i], i), why);
}

using unit = std::vector<std::size_t>; ///< suites compiled in one translation unit

std::string unit_name(const unit& u) {
    std::string name = "suites";
    for (const std::size_t i : u)
        name += "_" + std::to_string(i);
    return name;
}

/// A translation unit defining the suite_entry of each of its suites. Several suites share one
/// unit because most of a unit's compile time is the common headers.
std::string unit_source(const unit& u) {
    std::string includes, entries;
    for (const std::size_t i : u) {
        const std::string ns = "suite_" + std::to_string(i);
        includes += "#include <hawk/" + ns + "/registry.hpp>\n";
        entries += "extern const suite_entry " + ns + " = {" + std::to_string(i) + ", hawk::" + ns +
                   "::operation_registry, std::size(hawk::" + ns +
                   "::operation_registry), hawk::" + ns + "::error_registry.data(), hawk::" + ns +
                   "::error_registry.size()};\n";
    }
    return "// Generated suites for the conformance driver. Written by the runner.\n"
           "#include \"harness.hpp\"\n\n" +
           includes + "\nnamespace hawk::conformance::suites {\n" + entries + "}\n";
}

std::string table_source(const std::set<std::size_t>& suites) {
    std::string decls, entries;
    for (const std::size_t i : suites) {
        decls += "extern const suite_entry suite_" + std::to_string(i) + ";\n";
        entries += "    &suites::suite_" + std::to_string(i) + ",\n";
    }
    return "// The suites of this file that generated and compiled. Written by the runner.\n"
           "#include \"harness.hpp\"\n\nnamespace hawk::conformance {\nnamespace suites {\n" +
           decls + "}\nconst suite_entry* const suite_table[] = {\n" + entries +
           "    nullptr,\n};\nconst std::size_t suite_table_size = " +
           std::to_string(suites.size()) + ";\n}\n";
}

std::string cmake_project(const protocol_options& options, const std::vector<unit>& units) {
    std::string sources = "suites.cpp";
    for (const unit& u : units)
        sources += " " + unit_name(u) + ".cpp";
    return "# The driver of one protocol test file. Written by hawk's conformance runner.\n"
           "cmake_minimum_required(VERSION 3.20)\nproject(hawk_conformance_driver CXX)\n"
           "set(CMAKE_CXX_STANDARD 20)\nset(CMAKE_CXX_STANDARD_REQUIRED ON)\n"
           "find_package(Boost 1.81 CONFIG REQUIRED COMPONENTS json)\n"
           "find_package(OpenSSL 3 REQUIRED)\nfind_package(Threads REQUIRED)\nfind_package(ZLIB "
           "REQUIRED)\n"
           "add_executable(driver " +
           sources +
           ")\n"
           "target_include_directories(driver PRIVATE \"${CMAKE_CURRENT_SOURCE_DIR}/include\" \"" +
           options.source_dir + "/include\" \"" + options.source_dir +
           "/tests/conformance/harness\")\n"
           "target_link_libraries(driver PRIVATE \"" +
           options.harness_library +
           "\" Boost::json Boost::headers OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB "
           "Threads::Threads)\n";
}

/// The units ninja reports FAILED in a build log, each with the compiler's first error.
std::map<std::string, std::string> failed_units(const std::string& log) {
    std::map<std::string, std::string> out;
    std::istringstream in(log);
    std::string line, current;
    while (std::getline(in, line)) {
        if (line.rfind("FAILED: ", 0) == 0) {
            const std::size_t at = line.find("/suites_");
            const std::size_t end = line.find(".cpp.o", at);
            current = at == std::string::npos || end == std::string::npos
                          ? std::string()
                          : line.substr(at + 1, end - at - 1);
            if (!current.empty())
                out[current];
        } else if (!current.empty() && out[current].empty()) {
            if (const std::size_t e = line.find("error: "); e != std::string::npos)
                out[current] = line.substr(e);
        }
    }
    return out;
}

void run_file(const std::string& file, const protocol_options& options, report& out) {
    std::string text;
    try {
        text = codegen::model::read_file(file);
    } catch (const codegen::model::model_error& e) {
        return out.fail(file, "(file)", e.what());
    }
    boost::system::error_code ec;
    const json::value doc = json::parse(text, ec);
    if (ec || !doc.is_array())
        return out.fail(file, "(file)", "not a protocol test file (a JSON array of suites)");
    const json::array& suites = doc.get_array();

    const fs::path work = fs::absolute(fs::path(options.build_dir) / "conformance" / "protocol" /
                                       (fs::path(file).stem().string() + "-" + hex64(fnv1a(text))));
    fs::create_directories(work);

    // Generate every suite; a suite the generator refuses fails with its message.
    codegen::emit::file_set generated;
    std::set<std::size_t> ok;
    for (std::size_t i = 0; i < suites.size(); ++i) {
        if (!suites[i].is_object()) {
            out.fail(file, "suite#" + std::to_string(i), "the suite is not an object");
            continue;
        }
        const json::object& suite = suites[i].get_object();
        const std::string folder = "suite_" + std::to_string(i);
        try {
            codegen::model::service svc =
                codegen::model::load_service(json::serialize(service_model(suite, i)),
                                             file + " suite " + std::to_string(i), folder);
            codegen::emit::file_set one;
            codegen::gen::generate_service(svc, one);
            for (const auto& [path, content] : one.files())
                generated.add(path, content);
            ok.insert(i);
        } catch (const std::exception& e) {
            fail_suite(file, suite,
                       std::string("the generator refused the suite's model: ") + e.what(), out);
        }
    }
    generated.write((work / "include").string(), false);

    // Compile, several suites per unit. A unit that fails is split into one unit per suite; a
    // suite that fails on its own fails its cases with the compiler's message, the rest runs.
    std::vector<unit> units;
    const std::size_t per_unit = std::max<std::size_t>(1, (ok.size() + 7) / 8);
    for (const std::size_t i : ok) {
        if (units.empty() || units.back().size() == per_unit)
            units.emplace_back();
        units.back().push_back(i);
    }
    std::map<std::size_t, std::string> broken;
    for (int round = 0; !units.empty(); ++round) {
        // Written only where changed, so the driver's build stays incremental.
        std::set<std::size_t> compiled;
        codegen::emit::file_set sources;
        for (const unit& u : units) {
            sources.add(unit_name(u) + ".cpp", unit_source(u));
            compiled.insert(u.begin(), u.end());
        }
        sources.add("suites.cpp", table_source(compiled));
        sources.add("CMakeLists.txt", cmake_project(options, units));
        sources.write(work.string(), false);
        std::string log;
        if (!fs::exists(work / "build" / "CMakeCache.txt")) {
            std::string configure =
                "cmake -S " + quote(work.string()) + " -B " + quote((work / "build").string()) +
                " -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0";
            if (!options.compiler.empty())
                configure += " -DCMAKE_CXX_COMPILER=" + quote(options.compiler);
            if (!options.launcher.empty())
                configure += " -DCMAKE_CXX_COMPILER_LAUNCHER=" + quote(options.launcher);
            // The harness library was built with them: the drivers must be too, to link.
            if (!options.flags.empty())
                configure += " -DCMAKE_CXX_FLAGS=" + quote(options.flags) +
                             " -DCMAKE_EXE_LINKER_FLAGS=" + quote(options.flags);
            if (run(configure, log) != 0) {
                for (const std::size_t i : compiled)
                    fail_suite(file, suites[i].get_object(), "cannot configure the driver: " + log,
                               out);
                return;
            }
        }
        const int status = run("cmake --build " + quote((work / "build").string()) + " -j" +
                                   std::to_string(options.jobs) + " -- -k 0",
                               log);
        if (status == 0)
            break;
        const std::map<std::string, std::string> failed = failed_units(log);
        if (failed.empty() || round == 2) {
            std::cerr << log;
            for (const std::size_t i : compiled)
                fail_suite(file, suites[i].get_object(), "the driver does not build (log above)",
                           out);
            return;
        }
        std::vector<unit> next;
        for (const unit& u : units) {
            const auto f = failed.find(unit_name(u));
            if (f == failed.end())
                next.push_back(u);
            else if (u.size() > 1)
                for (const std::size_t i : u)
                    next.push_back({i});
            else
                broken.emplace(u.front(), f->second);
        }
        units = std::move(next);
    }
    for (const auto& [i, why] : broken) {
        ok.erase(i);
        fail_suite(file, suites[i].get_object(), "the generated code does not compile: " + why,
                   out);
    }
    if (ok.empty())
        return;

    // The driver prints one line per case of the suites it holds.
    FILE* pipe =
        popen((quote((work / "build" / "driver").string()) + " " + quote(file)).c_str(), "r");
    if (!pipe)
        return out.fail(file, "(file)", "cannot run the driver");
    std::string line;
    std::array<char, 4096> buffer;
    while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) {
        line += buffer.data();
        if (line.empty() || line.back() != '\n')
            continue;
        line.pop_back();
        out.forward(line);
        line.clear();
    }
    const int status = pclose(pipe);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        out.fail(file, "(file)",
                 "the driver ended abnormally (status " + std::to_string(status) + ")");
}

} // namespace

void run_protocol(const std::vector<std::string>& files, const protocol_options& options,
                  report& out) {
    for (const std::string& file : files)
        run_file(file, options, out);
}

} // namespace hawk::conformance
