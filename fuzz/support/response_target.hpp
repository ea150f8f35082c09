#pragma once

// The response targets' body: a framed response parsed by an operation of a service, and read
// as an error the service's way and as every modeled error of the service.
//
// Framing (support/framing.hpp):
//   service.Operation        the operation (any other text picks one by its hash)
//   200                      the status (not a number: 200)
//   Name: value              headers, up to an empty line
//                            (empty line)
//   body...                  the rest

#include "framing.hpp"
#include "services.hpp"

#include <hawk/core/error.hpp>
#include <hawk/core/registry.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace hawk::fuzz {

inline void run_response(std::initializer_list<service_entry> services, const std::uint8_t* data,
                         std::size_t size) {
    reader in(data, size);
    const std::string_view selector = in.line();

    // The operation: by name, else by hash over every operation of every service.
    const service_entry* service = nullptr;
    const core::operation_entry* op = nullptr;
    const std::size_t dot = selector.find('.');
    if (dot != std::string_view::npos) {
        for (const service_entry& s : services)
            if (s.name == selector.substr(0, dot))
                for (std::size_t i = 0; i < s.operation_count; ++i)
                    if (s.operations[i].name == selector.substr(dot + 1))
                        service = &s, op = &s.operations[i];
    }
    if (!op) {
        std::size_t total = 0;
        for (const service_entry& s : services)
            total += s.operation_count;
        std::size_t index = hash(selector) % total;
        for (const service_entry& s : services) {
            if (index < s.operation_count) {
                service = &s, op = &s.operations[index];
                break;
            }
            index -= s.operation_count;
        }
    }

    core::http::response res;
    res.status = number(in.line(), 200);
    res.headers = in.headers();
    res.body = std::string(in.rest());

    // The operation's parser: an output, or false with a message.
    {
        boost::json::value output;
        std::string error;
        if (op->parse(res, output, error)) {
            if (!output.is_object())
                fail("parse gave a document that is not an object", op->name);
        } else if (error.empty()) {
            fail("parse failed without a message", op->name);
        }
    }

    // The error readers: the generic one, the service's, and every modeled error's members.
    const core::service_error_info generic = core::parse_error(res);
    const core::service_error_info info = core::parse_error(res, *service->info);
    (void)generic;
    (void)service->info->error_from_code(info.code);
    bool throttling = false;
    (void)service->info->modeled_retryable(info.code, throttling);
    (void)core::request_id(res);
    (void)core::service_diagnostics(res);
    for (std::size_t i = 0; i < service->error_count; ++i) {
        boost::json::value members;
        std::string error;
        if (service->errors[i].parse(res, members, error)) {
            if (!members.is_object())
                fail("read_error gave a document that is not an object", service->errors[i].code);
        } else if (error.empty()) {
            fail("read_error failed without a message", service->errors[i].code);
        }
    }
}

} // namespace hawk::fuzz
