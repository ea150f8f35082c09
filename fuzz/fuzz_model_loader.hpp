#pragma once

// fuzz_model_loader: hawk-gen's model loader (codegen/src/model) on any service-2.json text, with
// customizations, and the generator on every model the loader accepts. A malformed model must
// be a model_error (what hawk-gen reports as `error:`), never a crash or another exception
// (hawk-gen's `internal error:`).
//
// Framing: the model's text, optionally followed by a NUL byte and a customizations document
// (models/customizations.json's form; the service's folder is `fuzz`).

#include "support/framing.hpp"

#include <emit/file_set.hpp>
#include <gen/service_gen.hpp>
#include <model/model.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace hawk::fuzz {

inline void run_fuzz_model_loader(const std::uint8_t* data, std::size_t size) {
    namespace cg = hawk::codegen;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    const std::string model_text(input.substr(0, nul));
    try {
        cg::model::service svc = cg::model::load_service(model_text, "fuzz/service-2.json", "fuzz");
        if (nul != std::string_view::npos)
            cg::model::apply_customizations(svc, std::string(input.substr(nul + 1)),
                                            "customizations.json");
        cg::emit::file_set files;
        cg::gen::generate_service(svc, files);
    } catch (const cg::model::model_error& e) {
        if (std::string_view(e.what()).empty())
            fail("a model_error without a message");
    } catch (const std::exception& e) {
        fail("the loader or generator threw something other than model_error:", e.what());
    }
}

} // namespace hawk::fuzz
