#pragma once

// Include this file in exactly one translation unit of a program that uses hawk (unless the
// program defines HAWK_HEADER_ONLY everywhere). It compiles hawk's non-template bodies once.

#ifdef HAWK_HEADER_ONLY
#error "hawk/src.hpp must not be included when HAWK_HEADER_ONLY is defined"
#endif

#include <hawk/core/impl/client.ipp>
#include <hawk/core/impl/credentials.ipp>
#include <hawk/core/impl/debug.ipp>
#include <hawk/core/impl/endpoints.ipp>
#include <hawk/core/impl/pattern.ipp>
#include <hawk/core/impl/retry.ipp>
#include <hawk/core/impl/sigv4.ipp>
#include <hawk/core/impl/transport.ipp>
